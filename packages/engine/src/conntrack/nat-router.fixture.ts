/** A router for the NAT tests: the hook order of nf_nat_ipv4_fn, reduced to one rule per manip. */
import { expect } from 'vitest';
import { isIcmpError, type Packet } from '../net/packet.js';
import type { NatRange } from '../netfilter/types.js';
import { seededRandom, type Random } from '../random.js';
import { isNatDone, natIcmpRelated, natPacket, nullBinding, setupNat, type FieldChange, type Manip, type RewriteResult } from './nat.js';
import { ip } from './packets.fixture.js';
import type { ConntrackTable } from './table.js';
import { confirm, conntrackIn, type TrackResult } from './track.js';
import type { Tuple } from './types.js';
import { tupleToView } from './view.js';

export function range(text: string, extra: Partial<NatRange> = {}): NatRange {
  // `A[-B][:P[-Q]]` as SNAT --to-source / DNAT --to-destination write it.
  const [addresses, ports] = text.split(':');
  const [low, high] = addresses!.split('-');
  const [minPort, maxPort] = ports ? ports.split('-').map(Number) : [];
  return {
    minAddress: ip(low!),
    maxAddress: ip(high ?? low!),
    ...(minPort === undefined ? {} : { minPort, maxPort: maxPort ?? minPort }),
    random: false,
    randomFully: false,
    persistent: false,
    ...extra,
  };
}

export interface Rules {
  readonly dnat?: NatRange;
  readonly snat?: NatRange;
}

export interface Passage {
  readonly packet: Packet;
  readonly track: TrackResult;
  readonly changes: FieldChange[];
  readonly clashes: string[];
}

/**
 * A router: conntrack and DNAT at PREROUTING, SNAT and confirmation at
 * POSTROUTING. The nat "table" is consulted for NEW packets only; the rule
 * applies to every packet it sees.
 */
/** PREROUTING rewrites the destination, POSTROUTING the source. */
const MANIPS: readonly Manip[] = ['dst', 'src'];

export function route(table: ConntrackTable, packet: Packet, rules: Rules, random: Random = seededRandom(1), nowMs = 0): Passage {
  const track = conntrackIn(table, packet, { nowMs });
  const { entry, direction = 'original', state } = track.info;
  let current = packet;
  const changes: FieldChange[] = [];
  const clashes: string[] = [];
  const apply = (rewrite: RewriteResult): void => {
    current = rewrite.packet;
    changes.push(...rewrite.changes);
  };
  for (const manip of MANIPS) {
    if (!entry) break;
    if (state === 'RELATED' && isIcmpError(current)) {
      apply(natIcmpRelated(entry, direction, manip, current));
      continue;
    }
    if (state === 'NEW' && !isNatDone(entry, manip)) {
      const wanted = manip === 'dst' ? rules.dnat : rules.snat;
      const setup = wanted ? setupNat(table, entry, manip, wanted, random) : nullBinding(table, entry, manip, random);
      if (setup.clash) clashes.push(setup.clash);
    }
    apply(natPacket(entry, direction, manip, current));
  }
  if (track.created) expect(confirm(table, track.created, nowMs).confirmed).toBe(true);
  return { packet: current, track, changes, clashes };
}

export function ends(tuple: Tuple): string {
  const view = tupleToView(tuple);
  return tuple.proto === 'icmp' ? `${view.src} > ${view.dst} id ${view.id}` : `${view.src}:${view.sport} > ${view.dst}:${view.dport}`;
}

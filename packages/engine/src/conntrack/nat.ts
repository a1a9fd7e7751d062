/**
 * NAT bindings and packet rewriting: nf_nat_setup_info and
 * nf_nat_alloc_null_binding (net/netfilter/nf_nat_core.c), nf_nat_packet,
 * nf_nat_manip_pkt and nf_nat_icmp_reply_translation
 * (net/netfilter/nf_nat_proto.c).
 *
 * Hooks and manips: PREROUTING and OUTPUT rewrite the destination ('dst'),
 * POSTROUTING and INPUT the source ('src').
 */
import { formatIpv4 } from '../net/ipv4.js';
import { ICMP_TYPE, type Packet } from '../net/packet.js';
import type { NatRange } from '../netfilter/types.js';
import type { Random } from '../random.js';
import type { RewriteField } from '../trace/types.js';
import type { ConntrackTable } from './table.js';
import { mustInvert, uniqueTuple, type Manip } from './nat-tuple.js';
import { tuplesEqual } from './tuple.js';
import type { ConntrackEntry, Direction, Tuple } from './types.js';

export type { Manip } from './nat-tuple.js';

/** One header field a rewrite changed, formatted for the trace. */
export interface FieldChange {
  readonly field: RewriteField;
  readonly before: string;
  readonly after: string;
}

export interface NatSetupResult {
  /** The binding changed the tuple (the SNAT/DNAT status bit is now set). */
  readonly changed: boolean;
  /** When the wanted tuple was in use and another port (or ICMP id) was chosen: what happened, in words. */
  readonly clash?: string;
}

export interface RewriteResult {
  readonly packet: Packet;
  readonly changes: readonly FieldChange[];
  /** The packet must be dropped (an ICMP redirect about a NATed connection). */
  readonly drop?: string;
}

/** Whether the binding of this manip has been chosen (IPS_SRC_NAT_DONE / IPS_DST_NAT_DONE). */
export function isNatDone(entry: ConntrackEntry, manip: Manip): boolean {
  return manip === 'src' ? entry.status.srcNatDone : entry.status.dstNatDone;
}

function describeEnd(tuple: Tuple, manip: Manip): string {
  const address = formatIpv4(manip === 'src' ? tuple.src : tuple.dst);
  if (tuple.proto === 'icmp') return `${address} id ${tuple.id}`;
  return `${address}:${manip === 'src' ? tuple.sport : tuple.dport}`;
}

/**
 * nf_nat_setup_info: chooses the binding for `manip` within `range` and
 * rewrites the entry's reply tuple so replies are recognised. Only for an
 * unconfirmed entry, once per manip.
 */
export function setupNat(table: ConntrackTable, entry: ConntrackEntry, manip: Manip, range: NatRange, random: Random): NatSetupResult {
  if (entry.status.confirmed || isNatDone(entry, manip)) return { changed: false };
  // What the connection looks like now: the inverse of the reply, so earlier manips are included.
  const current = mustInvert(entry.reply);
  const chosen = uniqueTuple(table, current, range, entry, manip, random);
  const changed = !tuplesEqual(chosen.tuple, current);
  if (changed) {
    entry.reply = mustInvert(chosen.tuple);
    if (manip === 'src') entry.status.srcNat = true;
    else entry.status.dstNat = true;
  }
  if (manip === 'src') entry.status.srcNatDone = true;
  else entry.status.dstNatDone = true;
  if (!chosen.inUse) return { changed };
  // What the range asked for: the chosen address with the connection's own port (or id).
  const wanted = manip === 'src' ? { ...current, src: chosen.tuple.src } : { ...current, dst: chosen.tuple.dst };
  const side = manip === 'src' ? 'source' : 'destination';
  return { changed, clash: `${side} ${describeEnd(wanted, manip)} is in use by another connection, ${describeEnd(chosen.tuple, manip)} chosen` };
}

/**
 * nf_nat_alloc_null_binding: no nat rule chose a binding, so the connection
 * keeps its address; the port still changes if the tuple clashes with an
 * existing connection's (a locally started connection using the port a
 * masqueraded one already holds).
 */
export function nullBinding(table: ConntrackTable, entry: ConntrackEntry, manip: Manip, random: Random): NatSetupResult {
  const address = manip === 'src' ? entry.reply.dst : entry.reply.src;
  return setupNat(table, entry, manip, { minAddress: address, maxAddress: address, random: false, randomFully: false, persistent: false }, random);
}

/** nf_nat_packet's test: does this direction need this manip? For replies the bits swap meaning. */
function needsManip(entry: ConntrackEntry, direction: Direction, manip: Manip): boolean {
  const undo = direction === 'reply';
  return (manip === 'src') !== undo ? entry.status.srcNat : entry.status.dstNat;
}

/** ICMP types whose header carries an id NAT rewrites (icmp_manip_pkt). */
const ICMP_QUERY_TYPES: ReadonlySet<number> = new Set([ICMP_TYPE.ECHO_REPLY, ICMP_TYPE.ECHO_REQUEST, 13, 14, 15, 16, 17, 18]);

/** nf_nat_ipv4_manip_pkt: makes one end of `packet` look like that end of `target`. */
function manipulate(packet: Packet, target: Tuple, manip: Manip, prefix: '' | 'inner.'): { packet: Packet; changes: FieldChange[] } {
  const changes: FieldChange[] = [];
  const field = (name: 'src' | 'dst' | 'sport' | 'dport' | 'id'): RewriteField => `${prefix}${name}` as RewriteField;
  let next: Packet = packet;
  const address = manip === 'src' ? target.src : target.dst;
  const old = manip === 'src' ? packet.src : packet.dst;
  if (address !== old) {
    changes.push({ field: field(manip), before: formatIpv4(old), after: formatIpv4(address) });
    next = manip === 'src' ? { ...next, src: address } : { ...next, dst: address };
  }
  if (packet.proto === 'icmp') {
    const icmp = packet.icmp;
    if (icmp && target.proto === 'icmp' && ICMP_QUERY_TYPES.has(icmp.type) && icmp.id !== target.id) {
      changes.push({ field: field('id'), before: String(icmp.id ?? 0), after: String(target.id) });
      next = { ...next, icmp: { ...icmp, id: target.id } };
    }
  } else if (target.proto !== 'icmp') {
    const port = manip === 'src' ? target.sport : target.dport;
    const oldPort = manip === 'src' ? packet.sport : packet.dport;
    if (port !== oldPort) {
      changes.push({ field: field(manip === 'src' ? 'sport' : 'dport'), before: String(oldPort), after: String(port) });
      next = manip === 'src' ? { ...next, sport: port } : { ...next, dport: port };
    }
  }
  return { packet: next, changes };
}

/** The other direction's tuple (`ct->tuplehash[!dir]`). */
function otherDirection(entry: ConntrackEntry, direction: Direction): Tuple {
  return direction === 'original' ? entry.reply : entry.original;
}

/**
 * nf_nat_packet: rewrites the packet's source or destination (address and
 * port or ICMP id) from the entry, when this direction needs it: original
 * packets get the binding, replies get it undone.
 */
export function natPacket(entry: ConntrackEntry, direction: Direction, manip: Manip, packet: Packet): RewriteResult {
  if (!needsManip(entry, direction, manip)) return { packet, changes: [] };
  // Aim to look like the inverse of the other direction.
  return manipulate(packet, mustInvert(otherDirection(entry, direction)), manip, '');
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error RELATED to a NATed
 * connection. The quoted packet travelled the other way, so it gets the
 * opposite manip towards the other direction's tuple; then the outer header
 * gets this hook's manip, addressed as a reply to the quoted packet would be.
 */
export function natIcmpRelated(entry: ConntrackEntry, direction: Direction, manip: Manip, packet: Packet): RewriteResult {
  const icmp = packet.icmp;
  if (icmp?.type === ICMP_TYPE.REDIRECT) {
    const status = entry.status;
    if (!(status.srcNatDone && status.dstNatDone) || status.srcNat || status.dstNat) {
      return { packet, changes: [], drop: 'ICMP redirect about a NATed connection' };
    }
  }
  if (!icmp?.inner || !needsManip(entry, direction, manip)) return { packet, changes: [] };
  const other = otherDirection(entry, direction);
  const inner = manipulate(icmp.inner, other, manip === 'src' ? 'dst' : 'src', 'inner.');
  const outerTarget = mustInvert(other);
  const address = manip === 'src' ? outerTarget.src : outerTarget.dst;
  const old = manip === 'src' ? packet.src : packet.dst;
  const rewritten: Packet = { ...packet, icmp: { ...icmp, inner: inner.packet }, ...(manip === 'src' ? { src: address } : { dst: address }) };
  const outer: FieldChange[] = address === old ? [] : [{ field: manip, before: formatIpv4(old), after: formatIpv4(address) }];
  return { packet: rewritten, changes: [...outer, ...inner.changes] };
}

/**
 * Conntrack's three places in the hook order: the lookup at PREROUTING and
 * OUTPUT (nf_conntrack_in), NAT at the nat hooks (nf_nat_ipv4_fn and
 * nf_nat_inet_fn), and the confirmation at the end of INPUT and POSTROUTING
 * (__nf_conntrack_confirm). The decisions live in conntrack/; this file turns
 * them into trace steps.
 */
import { confirm, conntrackIn } from '../conntrack/track.js';
import { isNatDone, natIcmpRelated, natPacket, nullBinding, setupNat, type FieldChange } from '../conntrack/nat.js';
import type { ConntrackEntry, Direction } from '../conntrack/types.js';
import { LOOPBACK_ADDRESS } from '../net/ipv4.js';
import { isIcmpError } from '../net/packet.js';
import type { Hook, NatRange, TargetVerdict } from '../netfilter/types.js';
import { selectAddressOnDevice } from '../topology/source-address.js';
import type { ConntrackStep } from '../trace/types.js';
import type { HostRuntime, SimContext } from './context.js';
import { tupleView } from './tuple-view.js';
import type { Skb } from './skb.js';
import { UNTRACKED } from './skb.js';
import { dropReason, evaluateTable } from './table-stage.js';
import { ACCEPT, drop, type HookVerdict } from './verdict.js';

type Manip = 'src' | 'dst';

function manipOf(hook: Hook): Manip {
  return hook === 'PREROUTING' || hook === 'OUTPUT' ? 'dst' : 'src';
}

function step(hook: Hook, event: ConntrackStep['event'], entry: ConntrackEntry | undefined, extra: Partial<ConntrackStep> = {}): ConntrackStep {
  return {
    kind: 'conntrack',
    hook,
    event,
    ...(entry ? { original: tupleView(entry.original), reply: tupleView(entry.reply) } : {}),
    ...(entry?.tcpState ? { tcpState: entry.tcpState } : {}),
    ...extra,
  };
}

export function trackStage(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  const table = rt.conntrack;
  if (!table) return ACCEPT;
  if (skb.untracked) {
    skb.ct = UNTRACKED;
    skb.hop.steps.push(step(hook, 'untracked', undefined, { ctstate: 'UNTRACKED' }));
    return ACCEPT;
  }
  // Already attached: looped back from this host's own OUTPUT, or REJECT's reset.
  if (skb.ct.entry) return ACCEPT;
  const result = conntrackIn(table, skb.packet, { nowMs: ctx.now(), sysctl: rt.host.spec.sysctl });
  skb.ct = result.info;
  const entry = result.info.entry;
  const direction = result.info.direction;
  const base = { ctstate: result.info.state, ...(direction ? { direction } : {}) };
  if (result.created) {
    skb.unconfirmed = result.created;
    skb.hop.steps.push(step(hook, 'new', entry, base));
  } else if (result.info.state === 'INVALID') {
    skb.hop.steps.push(step(hook, 'invalid', entry, { ...base, ...(result.reason ? { detail: result.reason } : {}) }));
  } else {
    skb.hop.steps.push(step(hook, result.info.state === 'RELATED' ? 'related' : 'established', entry, base));
  }
  if (result.drop) return drop(result.reason ?? 'dropped by conntrack');
  return ACCEPT;
}

/** Completes a NAT target's range with what only the hook knows: MASQUERADE's and REDIRECT's address. */
function resolveRange(rt: HostRuntime, skb: Skb, hook: Hook, verdict: Extract<TargetVerdict, { kind: 'nat' }>): NatRange | undefined {
  const { range } = verdict;
  if (verdict.target === 'MASQUERADE') {
    const address = selectAddressOnDevice(rt.host, skb.outIface!, skb.nexthop ?? skb.packet.dst);
    return address === undefined ? undefined : { ...range, minAddress: address, maxAddress: address };
  }
  if (verdict.target === 'REDIRECT') {
    const address = hook === 'OUTPUT' ? LOOPBACK_ADDRESS : rt.host.interfaces.get(skb.inIface!)?.addresses[0]?.address;
    return address === undefined ? undefined : { ...range, minAddress: address, maxAddress: address };
  }
  return range;
}

function natLabel(entry: ConntrackEntry, direction: Direction, manip: Manip): string {
  const by = entry.natBy ?? {};
  if (direction === 'original') return by[manip] ?? (manip === 'dst' ? 'DNAT' : 'SNAT');
  const undone = manip === 'dst' ? 'src' : 'dst';
  return `de-${by[undone] ?? (undone === 'dst' ? 'DNAT' : 'SNAT')}`;
}

function applyChanges(skb: Skb, hook: Hook, changes: readonly FieldChange[], by: string): void {
  for (const change of changes) skb.hop.steps.push({ kind: 'rewrite', hook, field: change.field, before: change.before, after: change.after, by });
}

export function natStage(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  const table = rt.conntrack;
  const entry = skb.ct.entry;
  // Without a nat table the kernel registers no NAT hooks: no bindings, not even null ones.
  if (!table || !entry || !rt.host.spec.ruleset.tables.has('nat')) return ACCEPT;
  const manip = manipOf(hook);
  const direction = skb.ct.direction ?? 'original';
  if (skb.ct.state === 'RELATED' && isIcmpError(skb.packet)) {
    const result = natIcmpRelated(entry, direction, manip, skb.packet);
    if (result.drop) return drop(result.drop);
    skb.packet = result.packet;
    applyChanges(skb, hook, result.changes, natLabel(entry, direction, manip));
    return ACCEPT;
  }
  if ((skb.ct.state === 'NEW' || skb.ct.state === 'RELATED') && !isNatDone(entry, manip)) {
    const run = evaluateTable(ctx, rt, skb, hook, 'nat');
    if (run.final.kind === 'drop') return drop(dropReason(run, 'nat', hook));
    if (run.final.kind === 'nat') {
      const range = resolveRange(rt, skb, hook, run.final);
      if (!range) return drop(`${run.final.target}: no address to use on ${hook === 'POSTROUTING' ? skb.outIface : skb.inIface}`);
      const result = setupNat(table, entry, manip, range, ctx.random);
      entry.natBy = { ...entry.natBy, [manip]: run.final.target };
      if (result.clash) skb.hop.steps.push(step(hook, 'clash', entry, { detail: result.clash }));
    }
    if (!isNatDone(entry, manip)) {
      const result = nullBinding(table, entry, manip, ctx.random);
      if (result.clash) {
        entry.natBy = { ...entry.natBy, [manip]: 'port clash' };
        skb.hop.steps.push(step(hook, 'clash', entry, { detail: result.clash }));
      }
    }
  }
  const result = natPacket(entry, direction, manip, skb.packet);
  skb.packet = result.packet;
  applyChanges(skb, hook, result.changes, natLabel(entry, direction, manip));
  return ACCEPT;
}

export function confirmStage(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  const table = rt.conntrack;
  const entry = skb.unconfirmed;
  if (!table || !entry) return ACCEPT;
  skb.unconfirmed = undefined;
  const result = confirm(table, entry, ctx.now());
  if (!result.confirmed) {
    skb.hop.steps.push(step(hook, 'dropped', entry, { detail: result.reason }));
    return drop(result.reason ?? 'conntrack could not confirm the entry');
  }
  if (result.clash === 'merged') skb.ct = { ...skb.ct, entry: result.entry };
  skb.hop.steps.push(step(hook, 'confirmed', result.entry, result.clash ? { detail: `UDP clash resolved: ${result.clash}` } : {}));
  return ACCEPT;
}

/** Small builders for the hand-written traces the renderers' tests use (`src/testing` is left out of the build). */
import type { Hook, TableName } from '../../netfilter/types.js';
import type {
  ConntrackStep,
  ConntrackTupleView,
  DropStep,
  InnerView,
  LogStep,
  RewriteStep,
  RouteStep,
  RuleStep,
  SocketStep,
  WireCrossing,
} from '../../trace/types.js';

export type Ports = { sport: number; dport: number };

/** Crossings are numbered in the order the traces build them, which is the order they happen. */
let crossings = 0;

export function tcp(link: string, from: string, to: string, src: string, dst: string, ports: Ports, flags: string, ttl: number): WireCrossing {
  return { order: crossings++, link, from, to, proto: 'tcp', src, dst, ...ports, flags, ttl };
}

export function udp(link: string, from: string, to: string, src: string, dst: string, ports: Ports, ttl: number): WireCrossing {
  return { order: crossings++, link, from, to, proto: 'udp', src, dst, ...ports, ttl };
}

export function echo(link: string, from: string, to: string, src: string, dst: string, type: 0 | 8, id: number, ttl: number): WireCrossing {
  return { order: crossings++, link, from, to, proto: 'icmp', src, dst, id, type, code: 0, ttl };
}

export function icmpError(link: string, from: string, to: string, src: string, dst: string, code: number, inner: InnerView, ttl: number): WireCrossing {
  return { order: crossings++, link, from, to, proto: 'icmp', src, dst, type: 3, code, inner, ttl };
}

export function route(stage: RouteStep['stage'], decision: RouteStep['decision'], fields: Omit<RouteStep, 'kind' | 'stage' | 'decision'> = {}): RouteStep {
  return { kind: 'route', stage, decision, ...fields };
}

export function ct(hook: Hook, event: ConntrackStep['event'], fields: Omit<ConntrackStep, 'kind' | 'hook' | 'event'>): ConntrackStep {
  return { kind: 'conntrack', hook, event, ...fields };
}

export function rule(hook: Hook, table: TableName, chain: string, index: number | undefined, text: string, verdict: string, line?: number): RuleStep {
  return { kind: 'rule', hook, table, chain, ...(index === undefined ? {} : { index }), rule: text, verdict, ...(line === undefined ? {} : { line }) };
}

export function rewrite(hook: Hook | undefined, field: RewriteStep['field'], before: string | number, after: string | number, by: string): RewriteStep {
  return { kind: 'rewrite', ...(hook === undefined ? {} : { hook }), field, before: String(before), after: String(after), by };
}

/** ip_forward() decrements the TTL before the FORWARD hook. */
export const forwardTtl = (ttl: number): RewriteStep => rewrite(undefined, 'ttl', ttl, ttl - 1, 'forward');

export const socket = (detail: string): SocketStep => ({ kind: 'socket', detail });

export function tuple(src: string, dst: string, sport: number, dport: number): ConntrackTupleView {
  return { src, dst, sport, dport };
}

/** The reply tuple conntrack expects for `original`, answered to `replyDst` (the NAT address, or the sender). */
export function replyTuple(original: ConntrackTupleView, replyDst: string): ConntrackTupleView {
  if (original.id !== undefined) return { src: original.dst, dst: replyDst, type: 0, code: 0, id: original.id };
  return { src: original.dst, dst: replyDst, sport: original.dport, dport: original.sport };
}

export function drop(reason: string): DropStep {
  return { kind: 'drop', reason };
}

export function log(hook: Hook, table: TableName, chain: string, prefix: string): LogStep {
  return { kind: 'log', hook, table, chain, prefix };
}

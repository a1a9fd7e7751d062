/**
 * What must hold of every trace, whatever the scenario, each stated from
 * what the kernel guarantees rather than from how the engine works:
 *
 * - replies: a packet a host builds in answer (SYN-ACK, the handshake's ACK,
 *   the UDP echo, the echo reply) and that gets delivered leaves that host,
 *   on its first crossing, with exactly the swapped tuple of the request as
 *   the request's last crossing brought it there: whatever NAT the replier
 *   applied to the request on arrival, conntrack undoes on the reply's way
 *   out (the replier's own stateless nat1to1 aside, which by design nothing
 *   undoes). A host talking to itself over loopback NATs both packets before
 *   and after their crossings, so there the reply as its socket built it is
 *   the swap of the request as its socket got it;
 * - conntrack: for each entry a host lists at the end, its reply tuple
 *   inverted equals its original tuple once the NAT rewrites that host
 *   recorded for the connection's first packet are applied to it;
 * - TTL: a packet leaves its sender with TTL 64 and every forwarding takes
 *   one, so it crosses at most 64 links, never one with TTL 0, and visits
 *   one host more than it has crossings (its sender, then each arrival).
 *
 * Each check returns the violations it found, in words, so a failing
 * property prints what went wrong and where.
 */
import type { ConntrackStep, ConntrackTupleView, PacketTrace, RewriteStep, Step, Trace, WireCrossing } from '../../src/trace/types.js';

/** The NAT targets' own names in rewrite steps (the reply direction's are `de-…`). */
const NAT_BY = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'port clash']);

const DEFAULT_TTL = 64;
const LOOPBACK_LINK = 'lo';

interface Ports {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly id?: number;
}

function key(t: Ports): string {
  return `${t.src}:${t.sport ?? ''} > ${t.dst}:${t.dport ?? ''}${t.id === undefined ? '' : ` id ${t.id}`}`;
}

function swapped(t: Ports): Ports {
  return {
    src: t.dst,
    dst: t.src,
    ...(t.dport === undefined ? {} : { sport: t.dport }),
    ...(t.sport === undefined ? {} : { dport: t.sport }),
    ...(t.id === undefined ? {} : { id: t.id }),
  };
}

function tupleOf(w: WireCrossing): Ports {
  return {
    src: w.src,
    dst: w.dst,
    ...(w.sport === undefined ? {} : { sport: w.sport }),
    ...(w.dport === undefined ? {} : { dport: w.dport }),
    ...(w.id === undefined ? {} : { id: w.id }),
  };
}

function packetsOf(trace: Trace): PacketTrace[] {
  return trace.flows.flatMap((f) => f.packets);
}

/** `host:iface` → host. */
function hostOf(end: string): string {
  return end.slice(0, end.lastIndexOf(':'));
}

type TupleField = 'src' | 'dst' | 'sport' | 'dport' | 'id';

function tupleField(step: RewriteStep): TupleField | undefined {
  const f = step.field;
  return f === 'src' || f === 'dst' || f === 'sport' || f === 'dport' || f === 'id' ? f : undefined;
}

function setField(t: Ports, field: TupleField, value: string): Ports {
  return { ...t, [field]: field === 'src' || field === 'dst' ? value : Number(value) };
}

/** Stateless one-to-one NAT: by design nothing undoes it for the other direction. */
const STATELESS = 'nat1to1';

function rewritesOf(steps: readonly Step[], only?: string): RewriteStep[] {
  return steps.filter((s): s is RewriteStep => s.kind === 'rewrite' && tupleField(s) !== undefined && (only === undefined || s.by === only));
}

/** The request as the replier's socket got it (or only after `only`'s rewrites): its last crossing, then what the replier rewrote on arrival. */
function asDelivered(request: PacketTrace, arrived: WireCrossing, only?: string): Ports {
  return rewritesOf(request.hops.at(-1)?.steps ?? [], only).reduce((t, step) => setField(t, tupleField(step)!, step.after), tupleOf(arrived));
}

/** The reply as the replier's socket built it (or only before `only`'s rewrites): its first crossing, less what its own host rewrote before it left. */
function asBuilt(reply: PacketTrace, left: WireCrossing, only?: string): Ports {
  return rewritesOf(reply.hops[0]?.steps ?? [], only).reduceRight((t, step) => setField(t, tupleField(step)!, step.before), tupleOf(left));
}

export function replyViolations(trace: Trace): string[] {
  const byId = new Map(packetsOf(trace).map((p) => [p.id, p]));
  const problems: string[] = [];
  for (const reply of byId.values()) {
    if (reply.origin.cause !== 'reply' || reply.fate.result !== 'delivered' || reply.inReplyTo === undefined) continue;
    const request = byId.get(reply.inReplyTo);
    const arrived = request?.wire.at(-1);
    const left = reply.wire[0];
    if (!request || !arrived || !left) {
      problems.push(`packet ${reply.id} (${reply.label}) was delivered without a request that arrived and a crossing of its own`);
      continue;
    }
    if (hostOf(arrived.to) !== reply.origin.host || hostOf(left.from) !== reply.origin.host) {
      problems.push(`packet ${reply.id} (${reply.label}) is built by ${reply.origin.host}, but its request arrived at ${arrived.to} and it left from ${left.from}`);
      continue;
    }
    // Over loopback the replier NATs both packets on both sides of their crossings; compare what its sockets saw.
    const loopback = arrived.link === LOOPBACK_LINK;
    const only = loopback ? undefined : STATELESS;
    const expected = key(swapped(asDelivered(request, arrived, only)));
    const actual = key(asBuilt(reply, left, only));
    if (expected !== actual) {
      problems.push(`packet ${reply.id} (${reply.label}) left ${reply.origin.host} as ${key(tupleOf(left))}; the request ${request.id} arrived as ${key(tupleOf(arrived))}, so the reply should ${loopback ? 'be built as' : 'leave as'} ${expected}, not ${actual}`);
    }
  }
  return problems;
}

function invert(t: ConntrackTupleView): Ports {
  return swapped({ src: t.src, dst: t.dst, ...(t.sport === undefined ? {} : { sport: t.sport }), ...(t.dport === undefined ? {} : { dport: t.dport }), ...(t.id === undefined ? {} : { id: t.id }) });
}

function plain(t: ConntrackTupleView): Ports {
  return { src: t.src, dst: t.dst, ...(t.sport === undefined ? {} : { sport: t.sport }), ...(t.dport === undefined ? {} : { dport: t.dport }), ...(t.id === undefined ? {} : { id: t.id }) };
}

function applyRewrite(t: Ports, step: RewriteStep): Ports | string {
  const field = step.field;
  if (field !== 'src' && field !== 'dst' && field !== 'sport' && field !== 'dport' && field !== 'id') return t;
  const current = t[field];
  if (String(current) !== step.before) return `the ${step.by} rewrite of ${field} starts from ${step.before}, but the tuple had ${String(current)}`;
  const after = field === 'src' || field === 'dst' ? step.after : Number(step.after);
  return { ...t, [field]: after };
}

/** The conntrack steps and NAT rewrites of one packet at one host, in the order they happened there. */
function stepsAt(packet: PacketTrace, host: string): (ConntrackStep | RewriteStep)[] {
  return packet.hops
    .filter((h) => h.host === host)
    .flatMap((h) => h.steps.filter((s): s is ConntrackStep | RewriteStep => s.kind === 'conntrack' || s.kind === 'rewrite'));
}

export function conntrackViolations(trace: Trace): string[] {
  const problems: string[] = [];
  const packets = packetsOf(trace);
  for (const [host, entries] of Object.entries(trace.conntrack)) {
    for (const entry of entries) {
      const original = key(plain(entry.original));
      // The packet that confirmed this very entry: the last one at this host whose confirmation shows both tuples.
      const creator = packets.findLast((p) =>
        stepsAt(p, host).some((s) => s.kind === 'conntrack' && s.event === 'confirmed' && s.original && s.reply && key(plain(s.original)) === original && key(plain(s.reply)) === key(plain(entry.reply))),
      );
      if (!creator) {
        problems.push(`${host}: no packet confirmed the entry ${original}`);
        continue;
      }
      let tuple: Ports | string = plain(entry.original);
      // The packet may pass this host more than once (a loop, a hairpin): only the pass that made the entry counts.
      const steps = stepsAt(creator, host);
      const confirmedAt = steps.findIndex(
        (s) => s.kind === 'conntrack' && s.event === 'confirmed' && s.original && key(plain(s.original)) === original,
      );
      const newAt = steps.findLastIndex((s, i) => i < confirmedAt && s.kind === 'conntrack' && s.event === 'new' && s.original && key(plain(s.original)) === original);
      for (const step of steps.slice(newAt + 1, confirmedAt)) {
        if (step.kind === 'rewrite' && NAT_BY.has(step.by) && typeof tuple !== 'string') tuple = applyRewrite(tuple, step);
      }
      if (typeof tuple === 'string') {
        problems.push(`${host}: entry ${original}: ${tuple}`);
        continue;
      }
      // ICMP: the reply tuple carries the reply's type (0 for an echo request's 8); id, addresses must agree.
      const expected = key(invert(entry.reply));
      if (key(tuple) !== expected) {
        problems.push(`${host}: entry ${original} with reply ${key(plain(entry.reply))}: NAT recorded in packet ${creator.id} turns the original into ${key(tuple)}, not the inverted reply ${expected}`);
      }
    }
  }
  return problems;
}

export function ttlViolations(trace: Trace): string[] {
  const problems: string[] = [];
  for (const packet of packetsOf(trace)) {
    const links = packet.wire.filter((w) => w.link !== LOOPBACK_LINK);
    // The sender's hop, then one per arrival.
    if (packet.hops.length > packet.wire.length + 1) problems.push(`packet ${packet.id} has ${packet.hops.length} hops for ${packet.wire.length} crossings`);
    if (links.length > DEFAULT_TTL) problems.push(`packet ${packet.id} (${packet.label}) crossed ${links.length} links; TTL ${DEFAULT_TTL} allows ${DEFAULT_TTL}`);
    let last = DEFAULT_TTL + 1;
    for (const w of packet.wire) {
      if (w.ttl < 1) problems.push(`packet ${packet.id} crossed ${w.link} with TTL ${w.ttl}`);
      if (w.ttl > DEFAULT_TTL) problems.push(`packet ${packet.id} crossed ${w.link} with TTL ${w.ttl}, above the ${DEFAULT_TTL} it starts with`);
      // Forwarding takes one per hop; loopback and local delivery take none.
      if (w.link !== LOOPBACK_LINK && w.ttl >= last) problems.push(`packet ${packet.id}'s TTL went from ${last} to ${w.ttl} on ${w.link}`);
      if (w.link !== LOOPBACK_LINK) last = w.ttl;
    }
  }
  return problems;
}

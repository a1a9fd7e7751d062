/**
 * A packet's trace re-read in walking order: the link crossings that lead to
 * each host hop, and the packet's headers as they stand before every step
 * (rewrites change them as the walk goes). Views use this to say where a
 * route lookup was aimed or what a LOG rule saw, without engine code.
 */
import type { FlowTrace, HostHop, PacketTrace, RewriteStep, WireCrossing } from '../trace/types.js';
import type { HeaderView } from './packet-text.js';

export interface HopWalk {
  readonly hop: HostHop;
  /** Crossings between the previous hop and this one (usually exactly one; none for the first). */
  readonly arrivals: WireCrossing[];
  /** Per step: the headers just before it, when known. */
  readonly before: (HeaderView | undefined)[];
  /** Per step: the device the hop's latest route decision chose, when any. */
  readonly routedDev: (string | undefined)[];
}

export interface PacketWalk {
  readonly hops: HopWalk[];
  /** Crossings after the last hop (a packet lost on a link with nobody to take it). */
  readonly trailing: WireCrossing[];
}

function apply(h: HeaderView, field: RewriteStep['field'], value: string): HeaderView {
  const port = (text: string): number => Number(text);
  switch (field) {
    case 'src':
    case 'dst':
      return { ...h, [field]: value };
    case 'sport':
    case 'dport':
    case 'id':
      return { ...h, [field]: port(value) };
    case 'inner.src':
    case 'inner.dst':
      return h.inner ? { ...h, inner: { ...h.inner, [field.slice(6)]: value } } : h;
    case 'inner.sport':
    case 'inner.dport':
    case 'inner.id':
      return h.inner ? { ...h, inner: { ...h.inner, [field.slice(6)]: port(value) } } : h;
    default:
      return h;
  }
}

/** Where the first packet of a flow was going, from the flow's `to` (`198.51.100.20:80`, or an address for ICMP). */
function flowDestination(flow: FlowTrace): HeaderView {
  const match = /^(.*):(\d+)$/.exec(flow.to);
  const dst = match ? match[1]! : flow.to;
  if (flow.proto === 'icmp') return { proto: 'icmp', src: '', dst, type: 8, code: 0, id: flow.sport };
  return { proto: flow.proto, src: '', dst, sport: flow.sport, ...(match ? { dport: Number(match[2]) } : {}) };
}

/** The headers at the start of the sender's hop: what left it, with the hop's own rewrites undone. */
function sentHeaders(hop: HostHop, departure: WireCrossing | undefined, packet: PacketTrace, flow: FlowTrace): HeaderView | undefined {
  let h: HeaderView | undefined = departure;
  if (h === undefined) return packet.origin.cause === 'flow' && packet === flow.packets[0] ? flowDestination(flow) : undefined;
  const rewrites = hop.steps.filter((s): s is RewriteStep => s.kind === 'rewrite');
  for (const r of [...rewrites].reverse()) h = apply(h, r.field, r.before);
  return h;
}

export function walkPacket(packet: PacketTrace, flow: FlowTrace): PacketWalk {
  const wire = packet.wire;
  let next = 0;
  const hops = packet.hops.map((hop, index): HopWalk => {
    const arrivals: WireCrossing[] = [];
    if (index > 0) {
      const target = `${hop.host}:${hop.in ?? ''}`;
      const at = wire.findIndex((w, i) => i >= next && w.to === target);
      const end = at < 0 ? next : at + 1;
      arrivals.push(...wire.slice(next, end));
      next = end;
    }
    let h: HeaderView | undefined = index === 0 ? sentHeaders(hop, wire[0], packet, flow) : arrivals[arrivals.length - 1];
    let dev: string | undefined;
    const before: (HeaderView | undefined)[] = [];
    const routedDev: (string | undefined)[] = [];
    for (const step of hop.steps) {
      before.push(h);
      routedDev.push(dev);
      if (step.kind === 'rewrite' && h) h = apply(h, step.field, step.after);
      if (step.kind === 'route' && step.dev !== undefined) dev = step.dev;
    }
    return { hop, arrivals, before, routedDev };
  });
  return { hops, trailing: wire.slice(next) };
}

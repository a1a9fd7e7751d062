/**
 * The walk of one packet through one host: received from a link (or from
 * loopback), or sent by the host itself. It ends when the packet leaves on a
 * link (the next host's arrival is queued), reaches a socket, or is dropped.
 */
import { formatIpv4, isLoopback, type Ipv4 } from '../net/ipv4.js';
import { ICMP_TYPE } from '../net/packet.js';
import { LOOPBACK } from '../topology/network.js';
import { lookupRoute, type Route } from '../topology/routes.js';
import type { HostHop, RouteStep } from '../trace/types.js';
import type { HostRuntime, SimContext } from './context.js';
import { deliverLocally, failLocalSend, routeErrno } from './deliver.js';
import { runHook } from './hooks.js';
import { icmpSend } from './icmp.js';
import { transmit } from './link.js';
import { shouldSendRedirect } from './redirects.js';
import { routeInput } from './route-input.js';
import type { Skb } from './skb.js';

export function routeStep(stage: RouteStep['stage'], decision: RouteStep['decision'], dst: Ipv4, route: Route | undefined, src?: Ipv4): RouteStep {
  return {
    kind: 'route',
    stage,
    decision,
    dst: formatIpv4(dst),
    ...(route ? { route: route.text } : {}),
    ...(route?.dev === undefined ? {} : { dev: route.dev }),
    ...(route?.via === undefined ? {} : { via: formatIpv4(route.via) }),
    ...(src === undefined ? {} : { src: formatIpv4(src) }),
  };
}

export function dropHere(rt: HostRuntime, skb: Skb, reason: string): void {
  skb.hop.steps.push({ kind: 'drop', reason });
  skb.trace.fate = { result: 'dropped', host: rt.host.name, reason };
}

/** Opens a new hop record for `host` in the packet's trace. */
export function openHop(skb: Pick<Skb, 'trace'>, host: string, inIface?: string): HostHop {
  const hop: HostHop = { host, ...(inIface === undefined ? {} : { in: inIface }), steps: [] };
  skb.trace.hops.push(hop);
  return hop;
}

export function setOut(skb: Skb, iface: string): void {
  skb.outIface = iface;
  (skb.hop as { out?: string }).out = iface;
}

/** After PREROUTING: where does a received packet go? `decision`: the input route, when already looked up. */
export function afterPrerouting(ctx: SimContext, rt: HostRuntime, skb: Skb, decision = routeInput(rt.host, skb.inIface!, skb.packet.src, skb.packet.dst)): void {
  switch (decision.kind) {
    case 'local':
      skb.hop.steps.push(routeStep('input', 'local', skb.packet.dst, decision.route));
      localIn(ctx, rt, skb);
      return;
    case 'drop':
      if (decision.route) skb.hop.steps.push(routeStep('input', 'forward', skb.packet.dst, decision.route));
      dropHere(rt, skb, decision.reason);
      return;
    case 'unreachable': {
      skb.hop.steps.push(routeStep('input', decision.route ? (decision.route.kind as RouteStep['decision']) : 'unreachable', skb.packet.dst, decision.route));
      if (decision.code !== undefined) icmpSend(ctx, rt, skb, ICMP_TYPE.DEST_UNREACH, decision.code);
      dropHere(rt, skb, decision.reason);
      return;
    }
    case 'forward':
      skb.hop.steps.push(routeStep('input', 'forward', skb.packet.dst, decision.route));
      forward(ctx, rt, skb, decision.route, decision.redirect);
  }
}

/** ip_forward(): TTL, redirect, FORWARD, then out through POSTROUTING. */
function forward(ctx: SimContext, rt: HostRuntime, skb: Skb, route: Route, redirect: boolean): void {
  if (skb.packet.ttl <= 1) {
    icmpSend(ctx, rt, skb, ICMP_TYPE.TIME_EXCEEDED, 0);
    dropHere(rt, skb, `TTL ${skb.packet.ttl} would reach 0 on forwarding`);
    return;
  }
  const ttl = skb.packet.ttl - 1;
  skb.hop.steps.push({ kind: 'rewrite', field: 'ttl', before: String(skb.packet.ttl), after: String(ttl), by: 'forward' });
  skb.packet = { ...skb.packet, ttl };
  setOut(skb, route.dev!);
  skb.nexthop = route.via ?? skb.packet.dst;
  if (redirect && shouldSendRedirect(ctx, rt, skb.packet.src)) {
    icmpSend(ctx, rt, skb, ICMP_TYPE.REDIRECT, 1, { gateway: skb.nexthop });
  }
  const verdict = runHook(ctx, rt, skb, 'FORWARD');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    return;
  }
  postrouting(ctx, rt, skb);
}

function localIn(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const verdict = runHook(ctx, rt, skb, 'INPUT');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    return;
  }
  deliverLocally(ctx, rt, skb);
}

function postrouting(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const verdict = runHook(ctx, rt, skb, 'POSTROUTING');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    if (skb.local) failLocalSend(ctx, rt, skb, 'EPERM');
    return;
  }
  transmit(ctx, rt, skb);
}

/** A packet arrives on `iface` of `rt`'s host. */
export function receive(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const verdict = runHook(ctx, rt, skb, 'PREROUTING');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    return;
  }
  afterPrerouting(ctx, rt, skb);
}

function outputRoute(rt: HostRuntime, dst: Ipv4): Route | undefined {
  return lookupRoute(rt.host.routes, dst);
}

/**
 * A packet the host sends itself: route, OUTPUT, reroute when OUTPUT moved the
 * destination (ip_route_me_harder), POSTROUTING, out. Local destinations go
 * out by loopback.
 */
export function localOut(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const route = outputRoute(rt, skb.packet.dst);
  if (!route || (route.kind !== 'unicast' && route.kind !== 'local')) {
    skb.hop.steps.push(routeStep('output', route ? (route.kind as RouteStep['decision']) : 'unreachable', skb.packet.dst, route));
    dropHere(rt, skb, route ? `${route.kind} route to ${formatIpv4(skb.packet.dst)}` : `no route to ${formatIpv4(skb.packet.dst)}`);
    failLocalSend(ctx, rt, skb, routeErrno(route));
    return;
  }
  skb.hop.steps.push(routeStep('output', route.kind === 'local' ? 'local' : 'output', skb.packet.dst, route, skb.packet.src));
  aimAt(skb, route);
  const dstBefore = skb.packet.dst;
  const verdict = runHook(ctx, rt, skb, 'OUTPUT');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    failLocalSend(ctx, rt, skb, 'EPERM');
    return;
  }
  if (skb.packet.dst !== dstBefore) {
    const again = outputRoute(rt, skb.packet.dst);
    if (!again || (again.kind !== 'unicast' && again.kind !== 'local')) {
      skb.hop.steps.push(routeStep('reroute', 'unreachable', skb.packet.dst, again));
      dropHere(rt, skb, `no route to ${formatIpv4(skb.packet.dst)} after OUTPUT changed the destination`);
      return;
    }
    skb.hop.steps.push(routeStep('reroute', again.kind === 'local' ? 'local' : 'output', skb.packet.dst, again));
    aimAt(skb, again);
  }
  postrouting(ctx, rt, skb);
}

function aimAt(skb: Skb, route: Route): void {
  if (route.kind === 'local' || isLoopback(skb.packet.dst)) {
    setOut(skb, LOOPBACK);
    skb.nexthop = skb.packet.dst;
    return;
  }
  setOut(skb, route.dev!);
  skb.nexthop = route.via ?? skb.packet.dst;
}

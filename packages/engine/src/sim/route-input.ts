/**
 * The routing decision for a received packet (ip_route_input_slow in
 * net/ipv4/route.c): martian checks, local delivery or forwarding, and the
 * source validation (fib_validate_source in net/ipv4/fib_frontend.c) that
 * rp_filter and accept_local govern. It also decides whether forwarding
 * should send an ICMP redirect (in and out by the same interface, sender
 * on-link).
 */
import {
  formatIpv4,
  isLoopback,
  isMulticast,
  isZeronet,
  LIMITED_BROADCAST,
  prefixContains,
  prefixOfInterfaceAddress,
  type Ipv4,
} from '../net/ipv4.js';
import { hostOwnsAddress, isSecondary, LOOPBACK, type Host } from '../topology/network.js';
import { lookupRoute, type Route } from '../topology/routes.js';

export type InputDecision =
  | { readonly kind: 'local'; readonly route: Route }
  | { readonly kind: 'forward'; readonly route: Route; readonly redirect: boolean }
  /** No usable route: a forwarding host answers with ICMP unreachable `code` (none for blackhole). */
  | { readonly kind: 'unreachable'; readonly route?: Route; readonly code?: number; readonly reason: string }
  | { readonly kind: 'drop'; readonly route?: Route; readonly reason: string };

function rpFilter(host: Host, iface: string): number {
  const values = host.spec.sysctl.rpFilter;
  return Math.max(values['all'] ?? 0, values[iface] ?? 0);
}

/** Is `address` inside the subnet of a primary address of `iface` (inet_addr_onlink)? */
function onLink(host: Host, iface: string, address: Ipv4): boolean {
  const dev = host.interfaces.get(iface);
  if (!dev) return false;
  return dev.addresses.some((a, i) => !isSecondary(dev, i) && prefixContains(prefixOfInterfaceAddress(a), address));
}

type SourceCheck = { readonly ok: false; readonly reason: string } | { readonly ok: true; readonly onLinkSame: boolean };

/**
 * fib_validate_source(): a local source is martian unless accept_local; with
 * rp_filter 1 the route back must leave by the incoming interface, with 2 a
 * route back must exist. `onLinkSame` is true when the sender is directly
 * connected on the incoming interface (what makes a redirect possible).
 */
function validateSource(host: Host, inIface: string, src: Ipv4): SourceCheck {
  const rpf = rpFilter(host, inIface);
  const back = lookupRoute(host.routes, src);
  if (back?.kind === 'local' || hostOwnsAddress(host, src)) {
    if (!host.spec.sysctl.acceptLocal) return { ok: false, reason: `martian source ${formatIpv4(src)}: a local address arriving on ${inIface} (accept_local=0)` };
    return { ok: true, onLinkSame: false };
  }
  const usable = back !== undefined && back.kind === 'unicast';
  if (rpf === 1 && (!usable || back.dev !== inIface)) {
    return { ok: false, reason: `rp_filter=1: the route back to ${formatIpv4(src)} does not leave by ${inIface}` };
  }
  if (rpf === 2 && !usable) {
    return { ok: false, reason: `rp_filter=2: no route back to ${formatIpv4(src)}` };
  }
  return { ok: true, onLinkSame: usable && back.dev === inIface && back.via === undefined };
}

const UNREACHABLE_CODE = { unreachable: 1, prohibit: 13 } as const;

export function routeInput(host: Host, inIface: string, src: Ipv4, dst: Ipv4): InputDecision {
  if (isMulticast(src) || src === LIMITED_BROADCAST || isZeronet(src)) {
    return { kind: 'drop', reason: `martian source ${formatIpv4(src)}` };
  }
  if (dst === LIMITED_BROADCAST || isMulticast(dst)) {
    return { kind: 'drop', reason: `${formatIpv4(dst)} is a broadcast or multicast address: packetwalk follows unicast only` };
  }
  if (isZeronet(dst)) return { kind: 'drop', reason: `martian destination ${formatIpv4(dst)}` };
  if (inIface !== LOOPBACK && (isLoopback(src) || isLoopback(dst))) {
    return { kind: 'drop', reason: `martian ${isLoopback(src) ? 'source' : 'destination'}: 127.0.0.0/8 arriving on ${inIface} (route_localnet=0)` };
  }
  const route = lookupRoute(host.routes, dst);
  const forwarding = host.spec.forwarding;
  if (route?.kind === 'local') {
    const check = inIface === LOOPBACK ? ({ ok: true, onLinkSame: false } as const) : validateSource(host, inIface, src);
    return check.ok ? { kind: 'local', route } : { kind: 'drop', route, reason: check.reason };
  }
  if (route?.kind === 'broadcast') {
    return { kind: 'drop', route, reason: `${formatIpv4(dst)} is a subnet broadcast address: packetwalk follows unicast only` };
  }
  if (!route || route.kind !== 'unicast') {
    if (!forwarding) return { kind: 'drop', ...(route ? { route } : {}), reason: `not addressed to ${host.name} and forwarding is off` };
    if (!route) return { kind: 'unreachable', code: 0, reason: `no route to ${formatIpv4(dst)}` };
    if (route.kind === 'unreachable' || route.kind === 'prohibit') {
      return { kind: 'unreachable', route, code: UNREACHABLE_CODE[route.kind], reason: `${route.kind} route to ${formatIpv4(dst)}` };
    }
    return { kind: 'unreachable', route, reason: `${route.kind} route to ${formatIpv4(dst)}` };
  }
  if (!forwarding) {
    return { kind: 'drop', route, reason: `not addressed to ${host.name} and forwarding is off (net.ipv4.ip_forward=0)` };
  }
  const check = validateSource(host, inIface, src);
  if (!check.ok) return { kind: 'drop', route, reason: check.reason };
  const sameInterface = route.dev === inIface;
  const redirect =
    sameInterface &&
    check.onLinkSame &&
    onLink(host, inIface, src) &&
    (route.via === undefined || onLink(host, inIface, route.via));
  return { kind: 'forward', route, redirect };
}

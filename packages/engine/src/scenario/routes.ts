/**
 * A host's routes checked the way `ip route add` would check them, one after
 * the other, on a host that already has its interface addresses (and with
 * them the kernel's connected, local and broadcast routes). Observed on Linux
 * 6.18 in network namespaces; the kernel's wording is quoted in each message:
 *
 * - host bits set: "Invalid prefix for given prefix length" (route-syntax.ts)
 * - same destination and metric as a route already in `main`, whatever its
 *   gateway or type, the connected routes included: "File exists"
 * - a gateway that no connected or `dev` route covers (a route through
 *   another gateway does not count), or that is a broadcast or multicast
 *   address: "Nexthop has invalid gateway" (fib_check_nh_v4_gw() looks the
 *   gateway up with scope link, in the local table first, restricted to `dev`
 *   when one is given)
 * - `onlink`: no lookup, but the gateway must not be local, broadcast or
 *   multicast ("Nexthop has invalid gateway"); without `dev`: "Nexthop device
 *   required for onlink"; without a gateway: "Invalid flags for nexthop -
 *   PERVASIVE and ONLINK can not be set"
 * - `src` that is not a local address of the host (any interface, or
 *   127.0.0.0/8): "Invalid prefsrc address"; not checked for blackhole,
 *   unreachable and prohibit routes
 * - neither gateway nor device: "No such device"; an unknown device: `ip`
 *   itself says `Cannot find device "eth9"`
 * - blackhole, unreachable, prohibit with `via` or `dev`: "Gateway, device and
 *   multipath can not be specified for this route type" (`onlink` is ignored)
 *
 * A refused route is left out, as the kernel leaves it out, so later routes
 * are checked against the routes that really exist.
 */
import {
  broadcastOf,
  formatInterfaceAddress,
  formatIpv4,
  formatPrefix,
  isLoopback,
  isMulticast,
  isZeronet,
  LIMITED_BROADCAST,
  networkOf,
  prefixContains,
  prefixOfInterfaceAddress,
  type InterfaceAddress,
  type Ipv4,
  type Prefix,
} from '../net/ipv4.js';
import { parseRoute, type ParsedRoute, type RouteProblem, type RouteWord } from './route-syntax.js';
import type { RouteSpec } from './types.js';

export { parseRoute, ROUTE_FORM } from './route-syntax.js';
export type { ParsedRoute, RouteProblem, RouteWord } from './route-syntax.js';

export interface RouteHost {
  readonly name: string;
  readonly interfaces: readonly { readonly name: string; readonly addresses: readonly InterfaceAddress[] }[];
}

export interface IndexedRouteProblem extends RouteProblem {
  /** Which of the host's routes the problem is in. */
  readonly index: number;
}

export type CheckedRoute = Omit<RouteSpec, 'at'>;

/** A route in the host's `main` table, as far as the checks need to know it. */
interface MainRoute {
  readonly prefix: Prefix;
  readonly metric: number;
  readonly dev?: string;
  /** Connected and `dev` routes: the only ones a gateway may be resolved through. */
  readonly linkScope: boolean;
  readonly description: string;
}

const LOOPBACK_BROADCAST: Ipv4 = 0x7fffffff;

/** The routes and addresses the kernel has made for the host's interfaces before any route is added. */
class HostTables {
  readonly main: MainRoute[] = [];
  /** Address → the interfaces that carry it. */
  private readonly locals = new Map<Ipv4, string[]>();
  private readonly broadcasts = new Set<Ipv4>([LIMITED_BROADCAST, LOOPBACK_BROADCAST]);
  readonly interfaceNames: ReadonlySet<string>;

  constructor(readonly host: RouteHost) {
    this.interfaceNames = new Set(host.interfaces.map((i) => i.name));
    for (const iface of host.interfaces) {
      iface.addresses.forEach((a, index) => {
        this.locals.set(a.address, [...(this.locals.get(a.address) ?? []), iface.name]);
        // fib_add_ifaddr(): secondaries, /32s and 0.0.0.0/8 networks get no prefix or broadcast route.
        const prefix = prefixOfInterfaceAddress(a);
        const secondary = iface.addresses
          .slice(0, index)
          .some((e) => e.prefixLength === a.prefixLength && networkOf(e.address, e.prefixLength) === prefix.address);
        if (secondary || a.prefixLength === 32 || isZeronet(prefix.address)) return;
        const broadcast = broadcastOf(a);
        if (broadcast !== undefined) this.broadcasts.add(broadcast);
        this.main.push({
          prefix,
          metric: 0,
          dev: iface.name,
          linkScope: true,
          description: `the connected route ${formatPrefix(prefix)} dev ${iface.name} the kernel adds for ${formatInterfaceAddress(a)}`,
        });
      });
    }
  }

  /** What inet_addr_type() calls RTN_LOCAL: an address of an interface, or anything in 127.0.0.0/8. */
  isLocal(address: Ipv4): boolean {
    return this.locals.has(address) || (isLoopback(address) && address !== LOOPBACK_BROADCAST);
  }

  isBroadcast(address: Ipv4): boolean {
    return this.broadcasts.has(address);
  }

  /** The device a gateway resolves to, as fib_check_nh_v4_gw() finds it; a reason when it does not. */
  resolveGateway(gateway: Ipv4, dev: string | undefined): { dev: string } | { reason: string } {
    const where = dev === undefined ? `host '${this.host.name}'` : dev;
    if (isMulticast(gateway)) return { reason: `gateway ${formatIpv4(gateway)} is a multicast address` };
    const owners = this.locals.get(gateway);
    const owner = owners?.find((name) => dev === undefined || name === dev);
    if (owner !== undefined) return { dev: owner };
    if (isLoopback(gateway) && gateway !== LOOPBACK_BROADCAST && dev === undefined) return { dev: 'lo' };
    if (this.isBroadcast(gateway)) return { reason: `gateway ${formatIpv4(gateway)} is a broadcast address` };
    let best: MainRoute | undefined;
    for (const r of this.main) {
      if (!r.linkScope || !prefixContains(r.prefix, gateway) || (dev !== undefined && r.dev !== dev)) continue;
      if (!best || r.prefix.length > best.prefix.length || (r.prefix.length === best.prefix.length && r.metric < best.metric)) best = r;
    }
    if (best?.dev !== undefined) return { dev: best.dev };
    const throughGateway = this.main.some((r) => !r.linkScope && prefixContains(r.prefix, gateway));
    const hint = throughGateway
      ? '; a route through another gateway does not count, the kernel resolves a gateway only through connected and dev routes'
      : '';
    return { reason: `gateway ${formatIpv4(gateway)} is not in a subnet connected to ${where}${hint}` };
  }
}

const INVALID_GATEWAY = '(ip route add: "Nexthop has invalid gateway")';

function checkOne(tables: HostTables, route: ParsedRoute, report: (word: RouteWord | undefined, message: string) => void): CheckedRoute {
  const hostName = tables.host.name;
  let dev = route.dev?.name;
  if (route.dev) {
    if (route.dev.name === 'lo') {
      report(route.dev.word, `routes through the loopback interface lo are not modelled; use one of ${hostName}'s interfaces`);
    } else if (!tables.interfaceNames.has(route.dev.name)) {
      report(route.dev.word, `host '${hostName}' has no interface '${route.dev.name}' (ip route add: Cannot find device "${route.dev.name}")`);
    }
  }
  const via = route.via && route.via.address !== 0 ? route.via : undefined;
  if (route.type !== 'unicast') {
    const extra = route.via?.keyword ?? route.dev?.keyword;
    if (extra) {
      report(extra, `a ${route.type} route takes no gateway and no device (ip route add: "Gateway, device and multipath can not be specified for this route type")`);
    }
  } else if (route.onlink) {
    if (!via) {
      report(route.onlink, `onlink needs a gateway (via GATEWAY) (ip route add: "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set")`);
    } else if (!route.dev) {
      report(route.onlink, `onlink needs dev INTERFACE (ip route add: "Nexthop device required for onlink")`);
    } else {
      const g = via.address;
      const kind = tables.isLocal(g)
        ? 'an address of this host'
        : tables.isBroadcast(g)
          ? 'a broadcast address'
          : isMulticast(g)
            ? 'a multicast address'
            : undefined;
      if (kind) report(via.word, `gateway ${formatIpv4(g)} is ${kind} ${INVALID_GATEWAY}`);
    }
  } else if (via) {
    const resolved = tables.resolveGateway(via.address, route.dev && tables.interfaceNames.has(route.dev.name) ? route.dev.name : undefined);
    if ('reason' in resolved) {
      if (!route.dev || tables.interfaceNames.has(route.dev.name)) report(via.word, `${resolved.reason} ${INVALID_GATEWAY}`);
    } else if (resolved.dev === 'lo') {
      report(via.word, `gateway ${formatIpv4(via.address)} is on the loopback interface lo; routes through lo are not modelled`);
    } else {
      dev = resolved.dev;
    }
  } else if (!route.dev) {
    report(undefined, `a route needs via GATEWAY or dev INTERFACE (ip route add: "No such device")`);
  }
  if (route.type === 'unicast' && route.src && route.src.address !== 0 && !tables.isLocal(route.src.address)) {
    report(route.src.word, `${formatIpv4(route.src.address)} is not an address of host '${hostName}' (ip route add: "Invalid prefsrc address")`);
  }
  const same = tables.main.find(
    (r) => r.prefix.address === route.prefix.address && r.prefix.length === route.prefix.length && r.metric === route.metric,
  );
  if (same) {
    report(route.destination, `a route to ${formatPrefix(route.prefix)} with metric ${route.metric} already exists: ${same.description} (ip route add: "File exists")`);
  }
  return {
    text: route.text,
    type: route.type,
    prefix: route.prefix,
    ...(via ? { via: via.address } : {}),
    ...(route.type === 'unicast' && dev !== undefined ? { dev } : {}),
    ...(route.src && route.src.address !== 0 ? { src: route.src.address } : {}),
    metric: route.metric,
  };
}

/**
 * Checks a host's routes in order. A route that `ip route add` would take
 * comes back typed, with `dev` filled in where the kernel resolves it from
 * the gateway (as `ip route show` then prints it); a refused one comes back
 * undefined with its problems.
 */
export function checkRoutes(host: RouteHost, texts: readonly string[]): { routes: (CheckedRoute | undefined)[]; problems: IndexedRouteProblem[] } {
  const tables = new HostTables(host);
  const problems: IndexedRouteProblem[] = [];
  const routes = texts.map((text, index) => {
    const parsed = parseRoute(text);
    for (const p of parsed.problems) problems.push({ ...p, index });
    if (!parsed.route) return undefined;
    const route = parsed.route;
    const before = problems.length;
    const checked = checkOne(tables, route, (word, message) => {
      problems.push({ index, start: word?.start ?? 0, end: word?.end ?? text.length, message });
    });
    if (problems.length > before) return undefined;
    tables.main.push({
      prefix: route.prefix,
      metric: route.metric,
      ...(checked.dev === undefined ? {} : { dev: checked.dev }),
      linkScope: route.type === 'unicast' && checked.via === undefined,
      description: `route ${index + 1} '${text.trim()}'`,
    });
    return checked;
  });
  return { routes, problems };
}

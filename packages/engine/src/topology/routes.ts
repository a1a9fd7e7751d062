/**
 * A host's routing tables as the kernel keeps them: the `local` table (every
 * address of the host, 127.0.0.0/8, subnet broadcasts) consulted first, then
 * `main` (connected routes the kernel adds for each primary address, and the
 * scenario's routes) by longest prefix, then lowest metric.
 */
import {
  broadcastOf,
  formatIpv4,
  formatPrefix,
  LOOPBACK_PREFIX,
  prefixContains,
  prefixOfInterfaceAddress,
  type Ipv4,
  type Prefix,
} from '../net/ipv4.js';
import type { HostSpec, RouteType } from '../scenario/types.js';
import { isSecondary, LOOPBACK, type Interface } from './network.js';

export type RouteKind = RouteType | 'local' | 'broadcast';

export interface Route {
  readonly kind: RouteKind;
  readonly prefix: Prefix;
  readonly dev?: string;
  readonly via?: Ipv4;
  /** The preferred source (`src`), as `ip route` shows it. */
  readonly src?: Ipv4;
  readonly metric: number;
  /** As `ip route show` would print it. */
  readonly text: string;
}

export interface RouteTable {
  readonly local: readonly Route[];
  readonly main: readonly Route[];
}

function describe(route: Omit<Route, 'text'>, extra: string): string {
  const head = route.kind === 'unicast' ? '' : `${route.kind} `;
  const dst = route.prefix.length === 0 ? 'default' : route.prefix.length === 32 ? formatIpv4(route.prefix.address) : formatPrefix(route.prefix);
  const parts = [`${head}${dst}`];
  if (route.via !== undefined) parts.push(`via ${formatIpv4(route.via)}`);
  if (route.dev !== undefined) parts.push(`dev ${route.dev}`);
  if (extra) parts.push(extra);
  if (route.src !== undefined) parts.push(`src ${formatIpv4(route.src)}`);
  if (route.metric !== 0) parts.push(`metric ${route.metric}`);
  return parts.join(' ');
}

function route(fields: Omit<Route, 'text'>, extra = ''): Route {
  return { ...fields, text: describe(fields, extra) };
}

/** The connected route whose subnet holds `address`, longest prefix first (how `via GW` finds its device). */
function connectedDeviceFor(connected: readonly Route[], address: Ipv4): string | undefined {
  let best: Route | undefined;
  for (const r of connected) {
    if (prefixContains(r.prefix, address) && (!best || r.prefix.length > best.prefix.length)) best = r;
  }
  return best?.dev;
}

export function buildRouteTable(spec: HostSpec, interfaces: ReadonlyMap<string, Interface>): RouteTable {
  const local: Route[] = [];
  const connected: Route[] = [];
  for (const iface of interfaces.values()) {
    iface.addresses.forEach((a, index) => {
      const host = { address: a.address, length: 32 };
      local.push(route({ kind: 'local', prefix: host, dev: iface.name, src: a.address, metric: 0 }, 'table local proto kernel scope host'));
      if (iface.name === LOOPBACK) return;
      const broadcast = broadcastOf(a);
      if (broadcast !== undefined) {
        local.push(route({ kind: 'broadcast', prefix: { address: broadcast, length: 32 }, dev: iface.name, src: a.address, metric: 0 }, 'table local proto kernel scope link'));
      }
      // fib_add_ifaddr(): secondaries and /32 addresses add no prefix route.
      if (isSecondary(iface, index) || a.prefixLength === 32) return;
      connected.push(route({ kind: 'unicast', prefix: prefixOfInterfaceAddress(a), dev: iface.name, src: a.address, metric: 0 }, 'proto kernel scope link'));
    });
  }
  local.push(route({ kind: 'local', prefix: LOOPBACK_PREFIX, dev: LOOPBACK, src: 0x7f000001, metric: 0 }, 'table local proto kernel scope host'));

  const configured = spec.routes.map((r) => {
    const dev = r.dev ?? (r.via !== undefined ? connectedDeviceFor(connected, r.via) : undefined);
    return route({
      kind: r.type,
      prefix: r.prefix,
      ...(r.via === undefined ? {} : { via: r.via }),
      ...(dev === undefined ? {} : { dev }),
      ...(r.src === undefined ? {} : { src: r.src }),
      metric: r.metric,
    });
  });
  return { local, main: [...connected, ...configured] };
}

/** Longest prefix, then lowest metric, then the first added (fib_table_lookup). */
export function lookupRoute(table: RouteTable, dst: Ipv4): Route | undefined {
  for (const r of table.local) {
    if (prefixContains(r.prefix, dst)) return r;
  }
  let best: Route | undefined;
  for (const r of table.main) {
    if (!prefixContains(r.prefix, dst)) continue;
    if (!best || r.prefix.length > best.prefix.length || (r.prefix.length === best.prefix.length && r.metric < best.metric)) best = r;
  }
  return best;
}

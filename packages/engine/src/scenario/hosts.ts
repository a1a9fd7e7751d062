/**
 * One host: its name, interfaces, routes, sockets, kernel settings, NAT
 * mappings and iptables rules, each part checked on its own so that one bad
 * part does not hide the problems of another.
 */
import { EMPTY_RULESET } from '../netfilter/types.js';
import { BRIDGE_NF_CALL_IPTABLES, bridgeNfValue, checkBridgeDevices } from './bridges.js';
import type { HostInfo } from './host-info.js';
import { checkInterfaces } from './interfaces.js';
import { checkIptables } from './iptables.js';
import { checkListen } from './listen.js';
import { hostNameProblem } from './names.js';
import { checkNat1to1 } from './nat1to1.js';
import { checkRoutes, parseRoute } from './routes.js';
import {
  conforming,
  conformingEntries,
  conformingItems,
  bridgesSchema,
  hostSchema,
  isMapping,
  listenSchema,
  nat1to1Schema,
  routesSchema,
  sysctlSchema,
} from './schema.js';
import type { Path, Reporter } from './source.js';
import { checkSysctl } from './sysctl.js';
import type { HostSpec, RouteSpec } from './types.js';

export interface CheckedHost {
  readonly info: HostInfo;
  readonly spec: HostSpec;
}

const fields = hostSchema.shape;

function hostRoutes(reporter: Reporter, path: Path, items: readonly { index: number; item: string }[], info: HostInfo): RouteSpec[] {
  const at = (k: number): Path => [...path, items[k]!.index];
  if (!info.complete) {
    // Without every address the kernel's checks would guess; the words can still be checked.
    items.forEach(({ item }, k) => {
      for (const p of parseRoute(item).problems) reporter.in(at(k), p.start, p.end, p.message);
    });
    return [];
  }
  const { routes, problems } = checkRoutes(
    info,
    items.map(({ item }) => item),
  );
  for (const p of problems) reporter.in(at(p.index), p.start, p.end, p.message);
  return routes.flatMap((route, k) => (route ? [{ ...route, at: reporter.spanAt(at(k)) }] : []));
}

export function checkHost(reporter: Reporter, name: string, raw: unknown): CheckedHost {
  const path: Path = ['hosts', name];
  const nameProblem = hostNameProblem(name);
  if (nameProblem) reporter.at(path, nameProblem, 'key');
  const host = isMapping(raw) ? raw : {};
  const checked = checkInterfaces(reporter, path, host.interfaces);
  const info: HostInfo = {
    name,
    path,
    interfaceNames: checked.names,
    interfaces: checked.interfaces,
    complete: checked.complete && isMapping(raw),
  };

  // Item by item, so that one bad item does not hide the problems of the others.
  const routes = conformingItems(routesSchema, host.routes);
  const listen = conformingItems(listenSchema, host.listen);
  const allSysctl = conformingEntries(sysctlSchema, host.sysctl);
  const sysctl = allSysctl.filter(([key]) => key !== BRIDGE_NF_CALL_IPTABLES);
  const bridgeNf = allSysctl.find(([key]) => key === BRIDGE_NF_CALL_IPTABLES);
  const callIptables = bridgeNf === undefined ? true : bridgeNfValue(reporter, [...path, 'sysctl', BRIDGE_NF_CALL_IPTABLES], bridgeNf[1]);
  const bridgeDevices = checkBridgeDevices(reporter, [...path, 'bridges'], conformingEntries(bridgesSchema, host.bridges), info);
  const nat1to1 = conformingItems(nat1to1Schema, host.nat1to1);
  const iptables = conforming(fields.iptables, host.iptables);
  const spec: HostSpec = {
    name,
    forwarding: conforming(fields.forwarding, host.forwarding) ?? false,
    interfaces: checked.interfaces,
    routes: hostRoutes(reporter, [...path, 'routes'], routes, info),
    ruleset: iptables === undefined ? EMPTY_RULESET : checkIptables(reporter, [...path, 'iptables'], iptables),
    listen: checkListen(reporter, [...path, 'listen'], listen, info),
    sysctl: checkSysctl(reporter, [...path, 'sysctl'], sysctl, info),
    nat1to1: checkNat1to1(reporter, [...path, 'nat1to1'], nat1to1),
    at: reporter.spanAt(path, 'key'),
    ...(bridgeDevices.length > 0 ? { bridges: { devices: bridgeDevices, callIptables: callIptables ?? true } } : {}),
  };
  return { info, spec };
}

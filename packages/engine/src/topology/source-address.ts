/**
 * The source address Linux gives a packet a local socket sends without
 * binding one: the route's `src`, else inet_select_addr() on the outgoing
 * device — its first primary address whose subnet holds the next hop, else
 * its first primary address, else (an interface with no address) the first
 * global address of any other interface (net/ipv4/devinet.c).
 */
import { isLoopback, prefixContains, prefixOfInterfaceAddress, type Ipv4 } from '../net/ipv4.js';
import { isSecondary, type Host, type Interface } from './network.js';
import type { Route } from './routes.js';

function primaryAddresses(iface: Interface): Ipv4[] {
  return iface.addresses.filter((_, i) => !isSecondary(iface, i)).map((a) => a.address);
}

/** inet_select_addr(dev, dst, scope universe). */
export function selectAddressOnDevice(host: Host, dev: string, towards: Ipv4): Ipv4 | undefined {
  const iface = host.interfaces.get(dev);
  if (iface) {
    const inSubnet = iface.addresses.find(
      (a, i) => !isSecondary(iface, i) && prefixContains(prefixOfInterfaceAddress(a), towards),
    );
    if (inSubnet && !isLoopback(inSubnet.address)) return inSubnet.address;
    const first = primaryAddresses(iface).find((a) => !isLoopback(a));
    if (first !== undefined) return first;
  }
  for (const other of host.interfaces.values()) {
    const global = primaryAddresses(other).find((a) => !isLoopback(a));
    if (global !== undefined) return global;
  }
  return undefined;
}

/** The source of a locally generated packet following `route` to `dst`. */
export function selectSourceAddress(host: Host, route: Route, dst: Ipv4): Ipv4 | undefined {
  if (route.src !== undefined) return route.src;
  if (route.dev === undefined) return undefined;
  return selectAddressOnDevice(host, route.dev, route.via ?? dst);
}

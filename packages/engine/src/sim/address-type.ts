/**
 * `-m addrtype` asks the host's `local` routing table only
 * (__inet_dev_addr_type in net/ipv4/fib_frontend.c): 0.0.0.0 and
 * 255.255.255.255 are BROADCAST, 224.0.0.0/4 MULTICAST, then the local
 * table's answer (LOCAL, BROADCAST), and UNICAST for everything else.
 */
import { isMulticast, LIMITED_BROADCAST, prefixContains, type Ipv4 } from '../net/ipv4.js';
import type { AddressType } from '../netfilter/types.js';
import type { Host } from '../topology/network.js';

export function addressType(host: Host, address: Ipv4): AddressType {
  if (address === 0 || address === LIMITED_BROADCAST) return 'BROADCAST';
  if (isMulticast(address)) return 'MULTICAST';
  for (const route of host.routes.local) {
    if (prefixContains(route.prefix, address)) return route.kind === 'broadcast' ? 'BROADCAST' : 'LOCAL';
  }
  return 'UNICAST';
}

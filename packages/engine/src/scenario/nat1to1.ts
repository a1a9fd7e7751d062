/**
 * Stateless one-to-one NAT entries. Each external and each internal address
 * may appear once: a second mapping for the same address could never be
 * reached in one direction, which is a mistake rather than a configuration.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../net/ipv4.js';
import type { Path, Reporter } from './source.js';
import type { Nat1to1Spec } from './types.js';

export function checkNat1to1(
  reporter: Reporter,
  path: Path,
  items: readonly { index: number; item: { external: string; internal: string } }[],
): Nat1to1Spec[] {
  const mappings: Nat1to1Spec[] = [];
  const seen = { external: new Map<Ipv4, number>(), internal: new Map<Ipv4, number>() };
  items.forEach(({ index, item }) => {
    const itemPath = [...path, index];
    const read = (side: 'external' | 'internal'): Ipv4 | undefined => {
      const address = parseIpv4(item[side]);
      if (address === undefined) {
        reporter.at([...itemPath, side], `${side}: '${item[side]}' is not an IPv4 address`);
        return undefined;
      }
      const earlier = seen[side].get(address);
      if (earlier !== undefined) {
        reporter.at([...itemPath, side], `${side} address ${formatIpv4(address)} is already mapped by entry ${earlier + 1}`);
        return undefined;
      }
      seen[side].set(address, index);
      return address;
    };
    const external = read('external');
    const internal = read('internal');
    if (external !== undefined && internal !== undefined) {
      mappings.push({ external, internal, at: reporter.spanAt(itemPath) });
    }
  });
  return mappings;
}

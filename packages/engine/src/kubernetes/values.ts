/**
 * The address notations of the section, read with located messages: a
 * bare address (a pod's IP, a cluster IP), an `ip addr` address (a node's),
 * a network prefix (podCIDR, clusterCIDR, loadBalancerSourceRanges).
 */
import {
  formatPrefix,
  isExactPrefix,
  isLoopback,
  isMulticast,
  LIMITED_BROADCAST,
  parseInterfaceAddress,
  parseIpv4,
  parsePrefix,
  type InterfaceAddress,
  type Ipv4,
  type Prefix,
} from '../net/ipv4.js';
import type { Path, Reporter } from '../scenario/source.js';

function unicastProblem(address: Ipv4, text: string): string | undefined {
  if (address === 0) return `${text} is 0.0.0.0, not an address a host can have`;
  if (isLoopback(address)) return `${text} is a loopback address`;
  if (isMulticast(address) || address === LIMITED_BROADCAST) return `${text} is not a unicast address`;
  return undefined;
}

/** A unicast IPv4 address such as 10.244.1.5. */
export function readAddress(reporter: Reporter, path: Path, text: string, what: string): Ipv4 | undefined {
  const address = parseIpv4(text.trim());
  if (address === undefined) {
    reporter.at(path, `${what}: '${text}' is not an IPv4 address`);
    return undefined;
  }
  const problem = unicastProblem(address, text.trim());
  if (problem) {
    reporter.at(path, `${what}: ${problem}`);
    return undefined;
  }
  return address;
}

/** An address in `ip addr` notation, ADDRESS/PREFIXLEN. */
export function readInterfaceAddress(reporter: Reporter, path: Path, text: string, what: string): InterfaceAddress | undefined {
  const parsed = parseInterfaceAddress(text.trim());
  if (!parsed || !text.includes('/')) {
    reporter.at(path, `${what}: '${text}' is not an address in ip addr notation: write ADDRESS/PREFIXLEN, e.g. 10.128.0.2/20`);
    return undefined;
  }
  const problem = unicastProblem(parsed.address, text.trim());
  if (problem) {
    reporter.at(path, `${what}: ${problem}`);
    return undefined;
  }
  return parsed;
}

/**
 * A network such as 10.244.0.0/16. With `exact`, host bits are refused (as
 * the API server refuses them in podCIDR); otherwise they are cleared, as
 * kube-proxy's net.ParseCIDR clears them in loadBalancerSourceRanges.
 */
export function readPrefix(reporter: Reporter, path: Path, text: string, what: string, exact = true): Prefix | undefined {
  const trimmed = text.trim();
  const prefix = trimmed.includes('/') ? parsePrefix(trimmed) : undefined;
  if (!prefix) {
    reporter.at(path, `${what}: '${text}' is not a network prefix such as 10.244.0.0/16`);
    return undefined;
  }
  if (exact && !isExactPrefix(trimmed)) {
    reporter.at(path, `${what}: '${text}' has host bits set; the network is ${formatPrefix(prefix)}`);
    return undefined;
  }
  return prefix;
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  const length = Math.min(a.length, b.length);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return ((a.address & mask) >>> 0) === ((b.address & mask) >>> 0);
}

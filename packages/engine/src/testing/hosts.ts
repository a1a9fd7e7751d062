/**
 * Test helpers: hosts and scenarios written tersely, in the same notation as
 * scenario files, for unit tests that do not want to go through YAML.
 */
import { parseInterfaceAddress, parseIpv4, parsePrefix } from '../net/ipv4.js';
import { EMPTY_RULESET } from '../netfilter/types.js';
import { DEFAULT_SYSCTL, type HostSpec, type RouteSpec, type Sysctl } from '../scenario/types.js';
import { buildNetwork, type Host } from '../topology/network.js';

const AT = { line: 1, column: 1 };

export function ip(text: string): number {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad address in test: ${text}`);
  return value;
}

/** `default via 10.0.0.1`, `10.1.0.0/16 via 10.0.0.2 dev eth1 src 10.0.0.5 metric 10`, `unreachable 10.9.0.0/16`. */
export function route(text: string): RouteSpec {
  const words = text.split(/\s+/);
  let type: RouteSpec['type'] = 'unicast';
  if (['blackhole', 'unreachable', 'prohibit'].includes(words[0]!)) type = words.shift() as RouteSpec['type'];
  const dst = words.shift()!;
  const prefix = dst === 'default' ? { address: 0, length: 0 } : parsePrefix(dst)!;
  const fields: { via?: number; dev?: string; src?: number; metric: number } = { metric: 0 };
  for (let i = 0; i < words.length; i += 2) {
    const value = words[i + 1]!;
    if (words[i] === 'via') fields.via = ip(value);
    if (words[i] === 'dev') fields.dev = value;
    if (words[i] === 'src') fields.src = ip(value);
    if (words[i] === 'metric') fields.metric = Number(value);
  }
  return { text, type, prefix, ...fields, at: AT };
}

export interface HostSketch {
  name?: string;
  forwarding?: boolean;
  interfaces: Record<string, string | string[]>;
  routes?: string[];
  sysctl?: Partial<Sysctl>;
}

export function hostSpec(sketch: HostSketch): HostSpec {
  return {
    name: sketch.name ?? 'h',
    forwarding: sketch.forwarding ?? false,
    interfaces: Object.entries(sketch.interfaces).map(([name, addresses]) => ({
      name,
      addresses: (Array.isArray(addresses) ? addresses : [addresses]).map((a) => parseInterfaceAddress(a)!),
      at: AT,
    })),
    routes: (sketch.routes ?? []).map(route),
    ruleset: EMPTY_RULESET,
    listen: [],
    sysctl: { ...DEFAULT_SYSCTL, ...sketch.sysctl },
    nat1to1: [],
    at: AT,
  };
}

/** A built host, alone in its network. */
export function host(sketch: HostSketch): Host {
  const spec = hostSpec(sketch);
  return buildNetwork({ file: 'test.yaml', hosts: [spec], links: [], flows: [] }).hosts.get(spec.name)!;
}

/**
 * The kernel side's own reading of a scenario (spec §1). It keeps every
 * string the kernel understands verbatim — routes go to `ip route add`,
 * iptables text to `iptables-restore` — and parses only what the harness must
 * act on itself: names, addresses, listeners and flows. It does not share code
 * with the engine, so a misreading on one side shows up as a difference.
 */
import { parse } from 'yaml';

export interface KernelInterface {
  readonly name: string;
  /** `ip addr` notation, in order (the first is the primary). */
  readonly addresses: readonly string[];
}

export interface KernelListen {
  readonly proto: 'tcp' | 'udp';
  readonly address?: string;
  readonly port: number;
}

export interface KernelHost {
  readonly name: string;
  readonly forwarding: boolean;
  readonly interfaces: readonly KernelInterface[];
  readonly routes: readonly string[];
  readonly iptables?: string;
  readonly listen: readonly KernelListen[];
  /** Linux sysctl names to values, as written. */
  readonly sysctl: Readonly<Record<string, string>>;
  readonly nat1to1: readonly { readonly external: string; readonly internal: string }[];
  /** Interfaces that are Linux bridges (packetwalk's `bridges:` extension); the other members of their links are ports. */
  readonly bridges: readonly KernelBridge[];
}

export interface KernelBridge {
  readonly name: string;
  readonly hairpin: boolean;
}

export interface KernelLink {
  readonly name: string;
  readonly members: readonly { readonly host: string; readonly iface: string }[];
}

export interface KernelFlow {
  readonly index: number;
  readonly from: string;
  /** As written, for display. */
  readonly to: string;
  readonly dst: string;
  readonly dport?: number;
  readonly proto: 'tcp' | 'udp' | 'icmp';
  /** Source port, or the echo identifier for ICMP. */
  readonly sport: number;
}

export interface KernelScenario {
  readonly file: string;
  readonly title?: string;
  readonly hosts: readonly KernelHost[];
  readonly links: readonly KernelLink[];
  readonly flows: readonly KernelFlow[];
}

/** A scenario the kernel side cannot build by itself (not an error in the scenario). */
export class UnsupportedScenario extends Error {}

const DEFAULT_SPORT_BASE = 40000;

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a mapping`);
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  throw new Error(`${what} must be a string`);
}

function parseListen(entry: unknown, host: string): KernelListen {
  const spec = text(entry, `hosts.${host}.listen`);
  const match = /^(tcp|udp)\/(?:(\d+\.\d+\.\d+\.\d+):)?(\d+)$/.exec(spec);
  if (!match) throw new Error(`hosts.${host}.listen: cannot read ${JSON.stringify(spec)}`);
  const [, proto, address, port] = match;
  return { proto: proto as 'tcp' | 'udp', ...(address ? { address } : {}), port: Number(port) };
}

function parseHost(name: string, raw: unknown): KernelHost {
  const spec = record(raw, `hosts.${name}`);
  const interfaces = Object.entries(record(spec.interfaces, `hosts.${name}.interfaces`)).map(([ifname, value]) => ({
    name: ifname,
    addresses: (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]).map((a) =>
      text(a, `hosts.${name}.interfaces.${ifname}`),
    ),
  }));
  const sysctl: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(spec.sysctl, `hosts.${name}.sysctl`))) {
    sysctl[key] = text(value, `hosts.${name}.sysctl.${key}`);
  }
  const iptables = spec.iptables === undefined ? undefined : text(spec.iptables, `hosts.${name}.iptables`);
  const bridges = Object.entries(record(spec.bridges, `hosts.${name}.bridges`)).map(([bridge, options]) => ({
    name: bridge,
    hairpin: record(options, `hosts.${name}.bridges.${bridge}`).hairpin === true,
  }));
  return {
    name,
    forwarding: spec.forwarding === true,
    interfaces,
    routes: list(spec.routes, `hosts.${name}.routes`).map((r) => text(r, `hosts.${name}.routes`)),
    ...(iptables ? { iptables } : {}),
    listen: list(spec.listen, `hosts.${name}.listen`).map((l) => parseListen(l, name)),
    sysctl,
    nat1to1: list(spec.nat1to1, `hosts.${name}.nat1to1`).map((m) => {
      const mapping = record(m, `hosts.${name}.nat1to1`);
      return {
        external: text(mapping.external, `hosts.${name}.nat1to1.external`),
        internal: text(mapping.internal, `hosts.${name}.nat1to1.internal`),
      };
    }),
    bridges,
  };
}

function parseFlow(raw: unknown, index: number): KernelFlow {
  const spec = record(raw, `flows[${index}]`);
  const proto = spec.proto === undefined ? 'tcp' : text(spec.proto, `flows[${index}].proto`);
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp') throw new Error(`flows[${index}].proto: ${proto}`);
  const to = text(spec.to, `flows[${index}].to`);
  const [dst, port] = to.split(':');
  if (!dst) throw new Error(`flows[${index}].to: ${to}`);
  if (proto !== 'icmp' && port === undefined) throw new Error(`flows[${index}].to needs a port for ${proto}`);
  return {
    index,
    from: text(spec.from, `flows[${index}].from`),
    to,
    dst,
    ...(proto !== 'icmp' && port !== undefined ? { dport: Number(port) } : {}),
    proto,
    sport: spec.sport === undefined ? DEFAULT_SPORT_BASE + index : Number(spec.sport),
  };
}

export function readScenario(source: string, file: string): KernelScenario {
  const doc = record(parse(source), 'scenario');
  if (doc.kubernetes !== undefined) {
    throw new UnsupportedScenario('the kubernetes: section is compiled by the engine (packetwalk compile); the kernel side builds plain hosts only');
  }
  const hosts = Object.entries(record(doc.hosts, 'hosts')).map(([name, raw]) => parseHost(name, raw));
  const links = Object.entries(record(doc.links, 'links')).map(([name, raw]) => ({
    name,
    members: list(raw, `links.${name}`).map((m) => {
      const [host, iface] = text(m, `links.${name}`).split(':');
      if (!host || !iface) throw new Error(`links.${name}: member ${JSON.stringify(m)} is not host:interface`);
      return { host, iface };
    }),
  }));
  return {
    file,
    ...(typeof doc.title === 'string' ? { title: doc.title } : {}),
    hosts,
    links,
    flows: list(doc.flows, 'flows').map(parseFlow),
  };
}

/** Whether the scenario has a kubernetes section, which the engine must compile first. */
export function hasKubernetesSection(source: string): boolean {
  const doc: unknown = parse(source);
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && (doc as Record<string, unknown>).kubernetes !== undefined;
}

/**
 * The shape of a scenario (spec §1) as a zod schema: the single description
 * of which keys exist, what type each value has, and what it means. It is
 * checked first; the notations inside strings (addresses, routes, `host:if`)
 * and everything that relates one part to another are checked afterwards in
 * TypeScript, with messages that say what the kernel would say.
 *
 * Name patterns are given to the JSON Schema as metadata only (`.meta`), not
 * as zod checks: zod skips a record's value when its key fails, and a badly
 * named host should still have its contents checked. names.ts enforces them.
 */
import * as z from 'zod';
import { kubernetesSchema } from '../kubernetes/schema.js';

export const HOST_NAME_PATTERN = /^[a-z0-9-]+$/;
export const INTERFACE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,15}$/;

/** The sysctl keys of spec §1, as patterns (`IFACE` is any interface name of the host). */
export const SYSCTL_KEY_PATTERNS: readonly string[] = [
  '^net\\.ipv4\\.conf\\.all\\.rp_filter$',
  '^net\\.ipv4\\.conf\\.[A-Za-z0-9_./-]{1,15}\\.rp_filter$',
  '^net\\.netfilter\\.nf_conntrack_max$',
  '^net\\.netfilter\\.nf_conntrack_tcp_loose$',
  '^net\\.netfilter\\.nf_conntrack_tcp_be_liberal$',
  '^net\\.ipv4\\.ip_local_port_range$',
  '^net\\.ipv4\\.conf\\.all\\.accept_local$',
  '^net\\.bridge\\.bridge-nf-call-iptables$',
];

const ipAddrNotation = z
  .string()
  .describe('An interface address in `ip addr` notation: ADDRESS/PREFIXLEN, e.g. 192.168.1.10/24 (a bare address is a /32).');

export const interfaceAddressesSchema = z
  .union([ipAddrNotation, z.array(ipAddrNotation)], { error: 'expected an address such as 192.168.1.10/24, or a list of them' })
  .nullable()
  .describe('The interface\'s IPv4 addresses in `ip addr` notation: one, or a list [a/24, b/32]. The first is the primary address; empty: none.');

export const interfacesSchema = z
  .record(
    z.string().meta({
      pattern: INTERFACE_NAME_PATTERN.source,
      description: 'Interface name: 1–15 letters, digits, -, _ or . (not lo, all, default).',
    }),
    interfaceAddressesSchema,
  )
  .describe('The host\'s network interfaces by name (the loopback interface lo is always there).');

export const routesSchema = z
  .array(
    z
      .string()
      .describe(
        'A route in `ip route` notation: `default via GW`, `PREFIX via GW`, `PREFIX dev IF`, `PREFIX via GW dev IF`, with optional `src ADDR`, `metric N`, `onlink`; or `blackhole|unreachable|prohibit PREFIX`.',
      ),
  )
  .describe('Routes added after the interfaces are up, in order, as `ip route add` would add them. Connected routes are implicit.');

export const listenSchema = z
  .array(
    z.string().meta({
      pattern: '^(tcp|udp)/([0-9.]+:)?[0-9]+$',
      description: 'A listening socket: tcp/PORT, udp/PORT, or tcp/ADDR:PORT to bind one local address.',
    }),
  )
  .describe('Sockets a process answers on. A TCP SYN to another port gets a RST, a UDP datagram an ICMP port unreachable.');

export const sysctlSchema = z
  .record(
    z.string().meta({ pattern: SYSCTL_KEY_PATTERNS.map((p) => `(${p})`).join('|'), description: 'A sysctl name, as `sysctl -w` takes it.' }),
    z.union([z.int(), z.string()], { error: 'expected a number, or for ip_local_port_range a string "LOW HIGH"' }),
  )
  .describe(
    'Kernel settings that change what a trace shows (defaults as on Linux): net.ipv4.conf.{all,IFACE}.rp_filter, net.netfilter.nf_conntrack_max, net.netfilter.nf_conntrack_tcp_loose, net.netfilter.nf_conntrack_tcp_be_liberal, net.ipv4.ip_local_port_range, net.ipv4.conf.all.accept_local, net.bridge.bridge-nf-call-iptables (hosts with bridges).',
  );

export const nat1to1Schema = z
  .array(
    z
      .strictObject({
        external: z.string().describe('The public address: inbound packets to it get the internal address as destination before routing.'),
        internal: z.string().describe('The private address: outbound packets from it get the external address as source after routing.'),
      })
      .describe('One stateless one-to-one NAT mapping.'),
  )
  .describe('Stateless one-to-one NAT, like a cloud VPC\'s external IPs. No conntrack state is kept for it.');

export const bridgesSchema = z
  .record(
    z.string().meta({ pattern: INTERFACE_NAME_PATTERN.source, description: 'An interface of this host that is a Linux bridge device.' }),
    z
      .strictObject({
        hairpin: z
          .boolean()
          .default(false)
          .describe('Every port in hairpin mode (`bridge link set dev PORT hairpin on`): a frame may leave by the port it came in by. Default false, as on Linux.'),
      })
      .nullable(),
  )
  .describe(
    'packetwalk extension: interfaces of this host that are Linux bridges (like a Kubernetes node\'s cni0). The other members of the bridge\'s link are its ports; with net.bridge.bridge-nf-call-iptables=1 (the default) frames bridged between ports pass this host\'s iptables hooks and conntrack.',
  );

export const hostSchema = z
  .strictObject({
    forwarding: z.boolean().default(false).describe('net.ipv4.ip_forward: forward packets not addressed to this host. Default false: they are dropped.'),
    interfaces: interfacesSchema.optional(),
    routes: routesSchema.optional(),
    iptables: z.string().describe('Rules exactly as `iptables-save` prints them (or a subset): tables raw, mangle, nat, filter.').optional(),
    listen: listenSchema.optional(),
    sysctl: sysctlSchema.optional(),
    nat1to1: nat1to1Schema.optional(),
    bridges: bridgesSchema.optional(),
  })
  .describe('A Linux host: its interfaces, routes, netfilter rules and listening sockets.');

export const linkMembersSchema = z
  .array(
    z.string().meta({
      pattern: '^[a-z0-9-]+:[A-Za-z0-9_.-]{1,15}$',
      description: 'A member interface as host:interface.',
    }),
  )
  .describe('The interfaces on this broadcast segment, as host:interface; two or more.');

export const flowSchema = z
  .strictObject({
    from: z.string().meta({ pattern: HOST_NAME_PATTERN.source, description: 'The host whose socket starts the exchange.' }),
    to: z.string().describe('The destination: ADDR:PORT for tcp and udp, ADDR for icmp.'),
    proto: z.enum(['tcp', 'udp', 'icmp']).default('tcp').describe('tcp (handshake), udp (one datagram and its echo) or icmp (echo request and reply). Default tcp.'),
    sport: z.int().min(0).max(65535).optional().describe('The source port (the echo identifier for icmp). Default: 40000 + the index of the flow.'),
  })
  .describe('One exchange started by a socket on `from`.');

export const scenarioSchema = z
  .strictObject({
    title: z.string().optional().describe('A short title for the scenario.'),
    description: z.string().optional().describe('What the scenario shows.'),
    hosts: z
      .record(z.string().meta({ pattern: HOST_NAME_PATTERN.source, description: 'Host name: lower-case letters, digits and -.' }), hostSchema)
      .optional()
      .describe('The hosts by name. Optional only so that a scenario may consist of a kubernetes section.'),
    links: z.record(z.string(), linkMembersSchema).optional().describe('L2 segments by name: who can reach whom without a router.'),
    flows: z.array(flowSchema).optional().describe('What happens, in order; conntrack state carries over from one flow to the next.'),
    kubernetes: kubernetesSchema.optional().describe('A Kubernetes cluster compiled into hosts, links and kube-proxy rules (spec §4).'),
  })
  .describe('A packetwalk scenario: hosts, the links between them, and the flows to trace.');

/** The value, typed by `schema`, when it conforms; undefined otherwise (its problems were reported by the full parse). */
export function conforming<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** The items of a list that conform to the list's item schema, with their positions in the list. */
export function conformingItems<T>(schema: z.ZodArray<z.ZodType<T>>, value: unknown): { index: number; item: T }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown, index) => {
    const item = conforming(schema.element, raw);
    return item === undefined ? [] : [{ index, item }];
  });
}

/** The entries of a mapping whose values conform to the record's value schema. */
export function conformingEntries<T>(schema: z.ZodRecord<z.ZodString, z.ZodType<T>>, value: unknown): [string, T][] {
  if (!isMapping(value)) return [];
  return Object.entries(value).flatMap(([key, raw]) => {
    const entry = conforming(schema.valueType, raw);
    return entry === undefined ? [] : [[key, entry] as [string, T]];
  });
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The validated scenario: what the YAML of spec §1 becomes once every string
 * has been parsed into a typed value. Each piece keeps the source span of the
 * text it came from, so that later stages can still report located problems.
 */
import type { SourceSpan } from '../diagnostics.js';
import type { InterfaceAddress, Ipv4, Prefix } from '../net/ipv4.js';
import type { Proto } from '../net/packet.js';
import type { Ruleset } from '../netfilter/types.js';

export interface Scenario {
  /** The file name used in diagnostics (`-` or `<stdin>` for standard input). */
  readonly file: string;
  readonly title?: string;
  readonly description?: string;
  readonly hosts: readonly HostSpec[];
  readonly links: readonly LinkSpec[];
  readonly flows: readonly FlowSpec[];
}

export interface InterfaceSpec {
  readonly name: string;
  /** In the order given; the first is the primary address. */
  readonly addresses: readonly InterfaceAddress[];
  readonly at: SourceSpan;
}

export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

export interface RouteSpec {
  /** The route as written, e.g. `default via 192.168.1.1`. */
  readonly text: string;
  readonly type: RouteType;
  readonly prefix: Prefix;
  readonly via?: Ipv4;
  readonly dev?: string;
  readonly src?: Ipv4;
  readonly metric: number;
  readonly at: SourceSpan;
}

export interface ListenSpec {
  readonly proto: 'tcp' | 'udp';
  /** Undefined: any local address (0.0.0.0). */
  readonly address?: Ipv4;
  readonly port: number;
  readonly at: SourceSpan;
}

export interface Nat1to1Spec {
  readonly external: Ipv4;
  readonly internal: Ipv4;
  readonly at: SourceSpan;
}

/** The kernel settings of spec §1 that change what a trace shows, with Linux's defaults filled in. */
export interface Sysctl {
  /** Per interface name, and `all`; the effective value is the larger of `all` and the interface's. */
  readonly rpFilter: Readonly<Record<string, 0 | 1 | 2>>;
  readonly conntrackMax: number;
  readonly tcpLoose: boolean;
  readonly tcpBeLiberal: boolean;
  readonly localPortRange: readonly [number, number];
  readonly acceptLocal: boolean;
}

export const DEFAULT_SYSCTL: Sysctl = {
  rpFilter: {},
  conntrackMax: 262144,
  tcpLoose: true,
  tcpBeLiberal: false,
  localPortRange: [32768, 60999],
  acceptLocal: false,
};

export interface HostSpec {
  readonly name: string;
  readonly forwarding: boolean;
  readonly interfaces: readonly InterfaceSpec[];
  /** Only the routes written in the scenario; connected routes are added when the network is built. */
  readonly routes: readonly RouteSpec[];
  readonly ruleset: Ruleset;
  readonly listen: readonly ListenSpec[];
  readonly sysctl: Sysctl;
  readonly nat1to1: readonly Nat1to1Spec[];
  /** Linux bridges the host owns (the `bridges:` extension; a Kubernetes node's cni0). */
  readonly bridges?: BridgeSettings;
  readonly at: SourceSpan;
}

export interface BridgeDevice {
  readonly name: string;
  /** Every port in hairpin mode: a frame may go back out of the port it came in by. */
  readonly hairpin: boolean;
}

export interface BridgeSettings {
  /** Interfaces of the host that are bridge devices. */
  readonly devices: readonly BridgeDevice[];
  /** net.bridge.bridge-nf-call-iptables (default 1, as br_netfilter sets it in each namespace). */
  readonly callIptables: boolean;
}

export interface LinkMemberSpec {
  readonly host: string;
  readonly iface: string;
  readonly at: SourceSpan;
}

export interface LinkSpec {
  readonly name: string;
  readonly members: readonly LinkMemberSpec[];
  readonly at: SourceSpan;
}

export interface FlowSpec {
  readonly index: number;
  readonly from: string;
  readonly to: Ipv4;
  /** Undefined for ICMP. */
  readonly dport?: number;
  readonly proto: Proto;
  /** Source port, or the echo identifier for ICMP. */
  readonly sport: number;
  /** The flow's `to` exactly as written, for display. */
  readonly toText: string;
  readonly at: SourceSpan;
}

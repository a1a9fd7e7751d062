/**
 * The trace: what happened, as data. The simulator writes it; every view (hop
 * table, JSON, `conntrack -L`, the site's diagram) is a pure function of it.
 * Addresses are already formatted here so that views need no engine code.
 * The JSON of spec §5 is this structure, less nothing: extra keys are allowed.
 */
import type { Hook, TableName } from '../netfilter/types.js';

export type Outcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'answered';

export type PacketLabel =
  | 'SYN'
  | 'SYN-ACK'
  | 'ACK'
  | 'RST'
  | 'datagram'
  | 'reply'
  | 'echo-request'
  | 'echo-reply'
  | 'icmp-unreachable'
  | 'icmp-time-exceeded'
  | 'icmp-redirect';

/** The leading headers of the packet an ICMP error carries. */
export interface InnerView {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly id?: number;
}

/** One crossing of a link (or of a host's loopback, link `lo`). */
export interface WireCrossing {
  /**
   * The crossing's place in time among all crossings and rule decisions of
   * the trace: a packet a host builds mid-walk (an ICMP redirect) leaves
   * before the packet that caused it does, though it is listed after it.
   */
  readonly order: number;
  readonly link: string;
  /** `host:interface` */
  readonly from: string;
  readonly to: string;
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** ICMP echo identifier. */
  readonly id?: number;
  /** ICMP errors: type, code, and the embedded packet. */
  readonly type?: number;
  readonly code?: number;
  readonly inner?: InnerView;
  /** TCP flags as tcpdump names them (`SYN`, `SYN-ACK`, `RST-ACK`). */
  readonly flags?: string;
  readonly ttl: number;
}

export interface RuleStep {
  readonly kind: 'rule';
  /**
   * The decision's place in time among all rule decisions and crossings of the
   * trace (the numbering WireCrossing.order uses). A rule whose target builds a
   * packet (REJECT) is decided after that packet has left, as the kernel's
   * trace shows it.
   */
  readonly order?: number;
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  /** 1-based index in the chain; for a policy, undefined. */
  readonly index?: number;
  /** The rule as written (`-A …`), or `-P CHAIN POLICY` for a chain's policy. */
  readonly rule: string;
  /** The target's name (`ACCEPT`, `DNAT`, `KUBE-SVC-…`) or the policy. */
  readonly verdict: string;
  /** 1-based line of the rule in the scenario file. */
  readonly line?: number;
  /** What the target did when it is not obvious from its name (`probability 0.5 → taken`). */
  readonly note?: string;
}

export type RewriteField = 'src' | 'dst' | 'sport' | 'dport' | 'id' | 'mark' | 'ctmark' | 'inner.src' | 'inner.dst' | 'inner.sport' | 'inner.dport' | 'inner.id' | 'ttl';

export interface RewriteStep {
  readonly kind: 'rewrite';
  readonly hook?: Hook;
  readonly field: RewriteField;
  readonly before: string;
  readonly after: string;
  /** What did it: `DNAT`, `SNAT`, `MASQUERADE`, `REDIRECT`, `de-DNAT`, `de-SNAT`, `nat1to1`, `MARK`, `forward` (TTL) … */
  readonly by: string;
}

export interface ConntrackTupleView {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly type?: number;
  readonly code?: number;
  readonly id?: number;
}

export interface ConntrackStep {
  readonly kind: 'conntrack';
  readonly hook: Hook;
  /**
   * new: an unconfirmed entry was created; confirmed: it entered the table;
   * established/related: the packet belongs to a known entry; invalid;
   * untracked: NOTRACK or nat1to1; state: the TCP state moved; dropped: an
   * unconfirmed entry died with its packet; clash: NAT chose another tuple.
   */
  readonly event: 'new' | 'confirmed' | 'established' | 'related' | 'invalid' | 'untracked' | 'state' | 'dropped' | 'clash';
  /** `NEW`, `ESTABLISHED` … as `--ctstate` sees the packet. */
  readonly ctstate?: string;
  readonly direction?: 'original' | 'reply';
  readonly original?: ConntrackTupleView;
  readonly reply?: ConntrackTupleView;
  readonly tcpState?: string;
  readonly detail?: string;
}

export interface RouteStep {
  readonly kind: 'route';
  /** input: where a received packet goes; output: the route of a packet this host sends; reroute: after OUTPUT changed it. */
  readonly stage: 'input' | 'output' | 'reroute';
  readonly decision: 'local' | 'forward' | 'output' | 'unreachable' | 'blackhole' | 'prohibit';
  /** The address looked up. */
  readonly dst?: string;
  /** The route that matched, as `ip route` prints it. */
  readonly route?: string;
  readonly dev?: string;
  readonly via?: string;
  readonly src?: string;
}

export interface SocketStep {
  readonly kind: 'socket';
  readonly detail: string;
}

export interface LogStep {
  readonly kind: 'log';
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  readonly prefix: string;
}

export interface DropStep {
  readonly kind: 'drop';
  readonly reason: string;
}

/**
 * A frame that entered a Linux bridge through one of its ports and is bridged
 * on to another port (or, in hairpin mode, back out of its own) by a host with
 * bridge-nf-call-iptables=1 (br_netfilter): it passes this host's PREROUTING,
 * FORWARD and POSTROUTING with the bridge device as `-i` and `-o`, without
 * being routed. A frame the host takes up to its own IP stack has no such step.
 */
export interface BridgeStep {
  readonly kind: 'bridge';
  /** The bridge device, e.g. `cni0`. */
  readonly dev: string;
  readonly decision: 'bridged';
  /** The `host:interface` the frame goes on to. */
  readonly to: string;
  readonly detail: string;
}

export type Step = RuleStep | RewriteStep | ConntrackStep | RouteStep | SocketStep | LogStep | DropStep | BridgeStep;

/** What one host did with one packet, from the moment it got it until it sent it on. */
export interface HostHop {
  readonly host: string;
  /** Interface the packet arrived on; undefined when the host sent it. */
  readonly in?: string;
  /** Interface it left by; undefined when it stayed (delivered or dropped). */
  readonly out?: string;
  readonly steps: Step[];
}

export type Fate =
  | { readonly result: 'delivered'; readonly host: string; readonly socket?: string }
  | { readonly result: 'dropped'; readonly host: string; readonly reason: string };

export interface PacketTrace {
  readonly id: number;
  readonly label: PacketLabel;
  /** Which host built the packet and why. */
  readonly origin: { readonly host: string; readonly cause: 'flow' | 'reply' | 'icmp-error' | 'reset' | 'reject' };
  /** The packet this one answers or complains about. */
  readonly inReplyTo?: number;
  readonly wire: WireCrossing[];
  readonly hops: HostHop[];
  fate: Fate;
}

export interface FlowTrace {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly proto: string;
  readonly sport: number;
  outcome: Outcome;
  /** What the sending socket was told (`ECONNREFUSED` …), when it failed. */
  error?: string;
  readonly packets: PacketTrace[];
}

export interface ConntrackEntryView {
  readonly proto: string;
  readonly protonum: number;
  readonly timeout: number;
  readonly state?: string;
  readonly flags: string[];
  readonly original: ConntrackTupleView;
  readonly reply: ConntrackTupleView;
  readonly mark: number;
}

export interface Trace {
  readonly version: 1;
  readonly title?: string;
  readonly seed: number;
  readonly hosts: readonly string[];
  readonly flows: FlowTrace[];
  /** Per host that tracks connections, as `conntrack -L` would list it at the end. */
  readonly conntrack: Record<string, ConntrackEntryView[]>;
}

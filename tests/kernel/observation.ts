/**
 * The vocabulary both sides are reduced to before they are compared: what a
 * scenario did, as an observer outside the hosts can tell. The kernel side
 * fills it from pcaps, sockets, `conntrack -L` and `xtables-monitor --trace`;
 * the engine side from the public trace JSON (spec §5). Nothing here refers
 * to engine internals.
 */

export type CrossingLabel =
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

/** The leading headers an ICMP error quotes. */
export interface InnerTuple {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly id?: number;
}

/** One packet crossing one link (or a host's loopback, link `lo`). */
export interface Crossing {
  readonly link: string;
  /** `host:interface` */
  readonly from: string;
  readonly to: string;
  readonly label: CrossingLabel;
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** ICMP echo identifier. */
  readonly id?: number;
  readonly type?: number;
  readonly code?: number;
  readonly inner?: InnerTuple;
  /** TCP flags as tcpdump names them (`SYN`, `SYN-ACK`, `RST-ACK`). */
  readonly flags?: string;
  readonly ttl?: number;
}

/** A netfilter rule (or a chain policy) that matched a packet and gave a verdict. */
export interface RuleHit {
  readonly table: string;
  readonly chain: string;
  /** 1-based position in the chain; undefined for the chain's policy. */
  readonly index?: number;
  /** Target name (`ACCEPT`, `DNAT`, a user chain) or the policy. */
  readonly verdict: string;
  /** For display only: the rule as that side prints it. */
  readonly rule: string;
}

export interface CtTuple {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly type?: number;
  readonly code?: number;
  readonly id?: number;
}

export interface CtEntry {
  readonly proto: string;
  /** TCP state as `conntrack -L` prints it. */
  readonly state?: string;
  /** Only the flags compared: `ASSURED`, `UNREPLIED`. */
  readonly flags: readonly string[];
  readonly original: CtTuple;
  readonly reply: CtTuple;
}

export type FlowOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'answered';

export interface ObservedFlow {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly proto: string;
  readonly outcome: FlowOutcome;
  /** What the socket reported (`ECONNREFUSED` …), for display. */
  readonly error?: string;
  readonly crossings: readonly Crossing[];
  /** Per host, in the order that host applied them. */
  readonly rules: Readonly<Record<string, readonly RuleHit[]>>;
}

export interface Observation {
  readonly flows: readonly ObservedFlow[];
  /** Per host; hosts without tracked connections may be absent. */
  readonly conntrack: Readonly<Record<string, readonly CtEntry[]>>;
}

/** The flags the comparison looks at; others (`[OFFLOAD]`, `[HW_OFFLOAD]`) are not part of the contract. */
export const COMPARED_CT_FLAGS: readonly string[] = ['ASSURED', 'UNREPLIED'];

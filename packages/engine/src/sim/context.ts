/**
 * What every stage of the walk shares: the network, each host's mutable
 * state (conntrack, sockets, rule counters), the seeded random source, the
 * virtual clock, and the queue of packets still travelling.
 */
import type { ConntrackTable } from '../conntrack/table.js';
import type { CtInfo } from '../conntrack/types.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { Packet } from '../net/packet.js';
import type { RecentLists } from '../netfilter/matches/recent-table.js';
import type { Rule } from '../netfilter/types.js';
import type { SocketTable } from '../sockets/sockets.js';
import type { Random } from '../random.js';
import type { RandomChoice } from '../netfilter/random-choice.js';
import type { Host, Network } from '../topology/network.js';
import type { FlowTrace, Outcome, PacketTrace } from '../trace/types.js';
import type { RedirectPeer } from './redirects.js';
import type { Skb } from './skb.js';

export interface HostRuntime {
  readonly host: Host;
  /** Present when the host's rules make it load connection tracking. */
  readonly conntrack?: ConntrackTable;
  readonly nthCounters: Map<Rule, number>;
  /** The address lists of `-m recent` (per network namespace in the kernel). */
  readonly recent: RecentLists;
  readonly sockets: SocketTable;
  /** Per destination host: how many ICMP redirects were sent, and when last. */
  readonly redirectPeers: Map<Ipv4, RedirectPeer>;
}

/** A packet on its way to a host: it arrives on `iface` once the packets queued before it have been handled. */
export interface Work {
  readonly host: HostRuntime;
  readonly iface: string;
  readonly skb: Skb;
}

export type PacketCause = PacketTrace['origin']['cause'];

/** A random rule's question, with where it is asked. */
export interface SimChoice extends RandomChoice {
  readonly flowIndex: number;
  readonly host: string;
}

export type SimChoose = (choice: SimChoice) => boolean | undefined;

export interface SimContext {
  readonly network: Network;
  readonly runtimes: ReadonlyMap<string, HostRuntime>;
  readonly random: Random;
  /** Decides random `statistic` rules instead of `random` where it answers (explore.ts). */
  readonly choose?: SimChoose;
  /** Virtual milliseconds since the first flow began. */
  now(): number;
  readonly flow: FlowTrace;
  /** Charges a traversal's cost to the trace's budget (limits.ts); throws LimitExceeded when it runs out. */
  spendRules(tried: number): void;
  enqueue(work: Work): void;
  /** The next number of the trace's one time line of crossings and rule decisions (WireCrossing.order, RuleStep.order). */
  nextOrder(): number;
  /** Records what a flow's socket learned; the first word is final (a later reset does not undo a connect). */
  settle(flowIndex: number, outcome: Outcome, error?: string): void;
  /**
   * Sends a packet that `host` builds through its OUTPUT path at once;
   * `attach` hands it an existing conntrack entry, as nf_ct_attach() does for REJECT's reset.
   */
  emit(host: HostRuntime, packet: Packet, cause: PacketCause, inReplyTo?: number, attach?: CtInfo): void;
}

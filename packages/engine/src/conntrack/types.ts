/**
 * Connection tracking as the kernel keeps it (include/net/netfilter/nf_conntrack*.h):
 * an entry holds the tuple of each direction, status bits and, for TCP, the
 * state of the connection as conntrack's own state machine sees it.
 */
import type { Ipv4 } from '../net/ipv4.js';

/** A connection's identity in one direction. For ICMP: the echo id, type and code. */
export type Tuple =
  | {
      readonly proto: 'tcp' | 'udp';
      readonly src: Ipv4;
      readonly dst: Ipv4;
      readonly sport: number;
      readonly dport: number;
    }
  | {
      readonly proto: 'icmp';
      readonly src: Ipv4;
      readonly dst: Ipv4;
      readonly id: number;
      readonly type: number;
      readonly code: number;
    };

export type Direction = 'original' | 'reply';

/** conntrack's TCP states (nf_conntrack_proto_tcp.c tcp_conntrack_names). */
export type TcpCtState =
  | 'NONE'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'SYN_SENT2';

/** The states `-m conntrack --ctstate` and `-m state --state` test. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** Status bits that `--ctstatus` and `conntrack -L` show (enum ip_conntrack_status). */
export interface CtStatus {
  expected: boolean;
  seenReply: boolean;
  assured: boolean;
  confirmed: boolean;
  srcNat: boolean;
  dstNat: boolean;
  /** The NAT binding of each kind has been chosen (the nat table is not consulted again). */
  srcNatDone: boolean;
  dstNatDone: boolean;
}

export interface ConntrackEntry {
  readonly id: number;
  readonly original: Tuple;
  /** Starts as the inverse of `original`; NAT bindings rewrite it. */
  reply: Tuple;
  readonly status: CtStatus;
  tcpState?: TcpCtState;
  /** The connection mark (`CONNMARK`, `-m connmark`). */
  mark: number;
  /** Seconds the entry has left when last refreshed, per the kernel's default timeouts. */
  timeout: number;
  /** Virtual time (ms) of the last refresh. */
  refreshedAt: number;
  /** Which target set up each NAT binding (`DNAT`, `MASQUERADE` …), so the trace can name what a rewrite undoes. */
  natBy?: { readonly src?: string; readonly dst?: string };
}

/** What conntrack concluded about one packet: what the `--ctstate` match sees. */
export interface CtInfo {
  readonly state: CtState;
  readonly entry?: ConntrackEntry;
  readonly direction?: Direction;
}

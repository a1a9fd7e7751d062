/**
 * The TCP state machine of conntrack (`tcp_conntracks[2][6][TCP_CONNTRACK_MAX]`
 * in net/netfilter/nf_conntrack_proto_tcp.c, Linux 6.12), written out as one
 * row per direction and segment kind with a column per current state. The
 * kernel's table says which state a segment of each kind moves the
 * connection to; INVALID (sIV) marks segments conntrack refuses, IGNORE (sIG)
 * segments it lets through without believing them (the endpoints may be in
 * sync while conntrack is not).
 */
import { TCP_FLAG } from '../net/packet.js';
import type { Direction, TcpCtState } from './types.js';

/** Which of the table's six rows a segment selects (get_conntrack_index): RST wins, then SYN, FIN, ACK. */
export type SegmentKind = 'SYN' | 'SYN-ACK' | 'FIN' | 'ACK' | 'RST' | 'NONE';

export type Transition = TcpCtState | 'INVALID' | 'IGNORE';

export function segmentKind(flags: number): SegmentKind {
  if (flags & TCP_FLAG.RST) return 'RST';
  if (flags & TCP_FLAG.SYN) return flags & TCP_FLAG.ACK ? 'SYN-ACK' : 'SYN';
  if (flags & TCP_FLAG.FIN) return 'FIN';
  if (flags & TCP_FLAG.ACK) return 'ACK';
  return 'NONE';
}

/** The columns, in the kernel's order (enum tcp_conntrack). */
const COLUMNS: readonly TcpCtState[] = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
];

const SS = 'SYN_SENT';
const SR = 'SYN_RECV';
const ES = 'ESTABLISHED';
const FW = 'FIN_WAIT';
const CW = 'CLOSE_WAIT';
const LA = 'LAST_ACK';
const TW = 'TIME_WAIT';
const CL = 'CLOSE';
const S2 = 'SYN_SENT2';
const IV = 'INVALID';
const IG = 'IGNORE';

type Row = readonly Transition[];

const TABLE: Readonly<Record<Direction, Readonly<Record<SegmentKind, Row>>>> = {
  //                 NO  SS  SR  ES  FW  CW  LA  TW  CL  S2
  original: {
    SYN: /*       */ [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2], // TW/CL -> SS: reopened connection (RFC 1122)
    'SYN-ACK': /* */ [IV, IV, SR, IV, IV, IV, IV, IV, IV, SR], // a client cannot answer its own SYN
    FIN: /*       */ [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ACK: /*       */ [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV], // NO -> ES: picked up mid-connection
    RST: /*       */ [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    NONE: /*      */ [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  },
  reply: {
    SYN: /*       */ [IV, S2, IV, IV, IV, IV, IV, SS, IV, S2], // SS -> S2: simultaneous open
    'SYN-ACK': /* */ [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR], // SS -> SR: the standard open
    FIN: /*       */ [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ACK: /*       */ [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG], // SS -> IG: might be a half-open connection
    RST: /*       */ [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    NONE: /*      */ [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  },
};

export function transition(direction: Direction, kind: SegmentKind, state: TcpCtState): Transition {
  return TABLE[direction][kind][COLUMNS.indexOf(state)]!;
}

/** States ordered as the kernel compares them (`old_state < TCP_CONNTRACK_TIME_WAIT`). */
export function stateRank(state: TcpCtState): number {
  return COLUMNS.indexOf(state);
}

const { FIN, SYN, RST, ACK, URG } = TCP_FLAG;

/** Flag combinations conntrack accepts (`tcp_valid_flags`); PSH, ECE and CWR never matter. */
const VALID_FLAGS: ReadonlySet<number> = new Set([
  SYN,
  SYN | URG,
  SYN | ACK,
  RST,
  RST | ACK,
  FIN | ACK,
  FIN | ACK | URG,
  ACK,
  ACK | URG,
]);

export function tcpFlagsValid(flags: number): boolean {
  return VALID_FLAGS.has(flags & (FIN | SYN | RST | ACK | URG));
}

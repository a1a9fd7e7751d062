/**
 * Conntrack's TCP window tracking (tcp_in_window and tcp_init_sender in
 * net/netfilter/nf_conntrack_proto_tcp.c, after Guido van Rooij's "Real
 * Stateful TCP Packet Filtering in IP Filter"). Each direction remembers the
 * highest sequence end it sent, the highest end the peer allowed it, and the
 * largest window; a segment must fall inside those bounds.
 *
 * Our packets carry no TCP options and, unless the simulator says otherwise,
 * no payload and the window Linux advertises in a SYN on a 1500-byte link
 * (64240). Window scaling and SACK are therefore never negotiated here.
 */
import { TCP_FLAG, type TcpHeader } from '../net/packet.js';
import type { TcpCtState } from './types.js';
import type { SegmentKind } from './tcp-table.js';

/** A TCP header as conntrack reads it; `window` and `payloadLength` may be absent. */
export interface TcpSegment extends TcpHeader {
  readonly window?: number;
  readonly payloadLength?: number;
}

export const DEFAULT_TCP_WINDOW = 64240;

/** Per-direction flags (IP_CT_TCP_FLAG_* in include/uapi/linux/netfilter/nf_conntrack_tcp.h). */
export const PEER_FLAG = {
  WINDOW_SCALE: 0x01,
  SACK_PERM: 0x02,
  CLOSE_INIT: 0x04,
  BE_LIBERAL: 0x08,
  DATA_UNACKNOWLEDGED: 0x10,
  MAXACK_SET: 0x20,
} as const;

/** Flags about the last ignored segment (`last_flags`). */
export const LAST_FLAG = {
  EXP_CHALLENGE_ACK: 0x40,
  SIMULTANEOUS_OPEN: 0x80,
} as const;

/** What conntrack knows of one direction's sender (struct ip_ct_tcp_state). */
export interface TcpPeer {
  end: number;
  maxEnd: number;
  maxWin: number;
  maxAck: number;
  scale: number;
  flags: number;
}

/** 0: original direction, 1: reply direction (the kernel's `seen[dir]` index). */
export type DirIndex = 0 | 1;

/** The TCP part of a conntrack entry (struct ip_ct_tcp). */
export interface TcpTrack {
  state: TcpCtState;
  readonly seen: [TcpPeer, TcpPeer];
  lastDir: DirIndex;
  lastIndex: SegmentKind;
  lastSeq: number;
  lastAck: number;
  lastEnd: number;
  lastWin: number;
  lastWscale: number;
  lastFlags: number;
  retrans: number;
}

export function emptyPeer(): TcpPeer {
  return { end: 0, maxEnd: 0, maxWin: 0, maxAck: 0, scale: 0, flags: 0 };
}

export function emptyTrack(): TcpTrack {
  return {
    state: 'NONE',
    seen: [emptyPeer(), emptyPeer()],
    lastDir: 0,
    lastIndex: 'NONE',
    lastSeq: 0,
    lastAck: 0,
    lastEnd: 0,
    lastWin: 0,
    lastWscale: 0,
    lastFlags: 0,
    retrans: 0,
  };
}

const u32 = (value: number): number => value >>> 0;
/** Sequence-space comparisons of include/net/tcp.h. */
export const before = (a: number, b: number): boolean => ((a - b) | 0) < 0;
export const after = (a: number, b: number): boolean => before(b, a);

export function windowOf(segment: TcpSegment): number {
  return segment.window ?? DEFAULT_TCP_WINDOW;
}

/** The sequence number just past the segment: SYN and FIN each count as one (segment_seq_plus_len). */
export function segmentEnd(segment: TcpSegment): number {
  const flags = segment.flags;
  return u32(
    segment.seq + (segment.payloadLength ?? 0) + (flags & TCP_FLAG.SYN ? 1 : 0) + (flags & TCP_FLAG.FIN ? 1 : 0),
  );
}

/** MAXACKWINDOW: how far back an acknowledgement may lag. */
function maxAckWindow(sender: TcpPeer): number {
  return sender.maxWin > 66000 ? sender.maxWin : 66000;
}

/** A SYN-ACK answering a SYN, or a SYN from the reply side in a simultaneous open (tcp_init_sender). */
export function initSender(sender: TcpPeer, receiver: TcpPeer, end: number, win: number, replyDirection: boolean): void {
  sender.end = end;
  sender.maxEnd = end;
  sender.maxWin = win === 0 ? 1 : win;
  // Window scaling needs the option from both sides (RFC 1323); our segments carry none.
  if (replyDirection && !(sender.flags & receiver.flags & PEER_FLAG.WINDOW_SCALE)) {
    sender.scale = 0;
    receiver.scale = 0;
  }
}

export type WindowResult =
  | { readonly action: 'accept' }
  | { readonly action: 'ignore' | 'invalid'; readonly reason: string };

const ACCEPT: WindowResult = { action: 'accept' };

/**
 * tcp_in_window: checks the segment against both directions' bounds and
 * updates them. `liberal` is nf_conntrack_tcp_be_liberal; a direction picked
 * up mid-connection is always treated liberally.
 */
export function tcpInWindow(track: TcpTrack, dir: DirIndex, kind: SegmentKind, segment: TcpSegment, liberal: boolean): WindowResult {
  const sender = track.seen[dir];
  const receiver = track.seen[dir === 0 ? 1 : 0];
  const flags = segment.flags;
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const hasAck = (flags & TCP_FLAG.ACK) !== 0;
  const rst = (flags & TCP_FLAG.RST) !== 0;
  let seq = u32(segment.seq);
  let ack = u32(segment.ack);
  let sack = ack;
  let win = windowOf(segment);
  let end = segmentEnd(segment);

  const refuse = (action: 'ignore' | 'invalid', reason: string): WindowResult =>
    liberal || sender.flags & PEER_FLAG.BE_LIBERAL ? ACCEPT : { action, reason };

  if (sender.maxWin === 0) {
    if (syn) {
      initSender(sender, receiver, end, win, dir === 1);
      if (!hasAck) return ACCEPT; // simultaneous open
    } else {
      // In the middle of a connection whose history we lost: believe the segment.
      sender.end = end;
      const swin = u32(win << sender.scale);
      sender.maxWin = swin === 0 ? 1 : swin;
      sender.maxEnd = u32(end + sender.maxWin);
      if (receiver.maxWin === 0) {
        receiver.end = sack;
        receiver.maxEnd = sack;
      } else if (sack === u32(receiver.end + 1)) {
        receiver.end = u32(receiver.end + 1); // likely the answer to a keepalive
      }
    }
  } else if (syn && after(end, sender.end) && (track.state === 'SYN_SENT' || track.state === 'SYN_RECV')) {
    // A re-sent SYN (or SYN-ACK) with a new sequence number starts this direction afresh (RFC 793).
    initSender(sender, receiver, end, win, dir === 1);
    if (dir === 1 && !hasAck) return ACCEPT;
  }

  if (!hasAck) {
    ack = sack = receiver.end; // no ACK: pretend it acknowledges everything seen
  } else if (rst && ack === 0) {
    ack = sack = receiver.end; // broken stacks send RST+ACK with a zero ack
  }
  if (rst && seq === 0 && track.state === 'SYN_SENT') {
    seq = end = sender.end; // a RST answering a SYN
  }

  if (!before(seq, u32(sender.maxEnd + 1))) {
    const overshot = u32(end - sender.maxEnd + 1);
    const ackOk = after(sack, u32(receiver.end - maxAckWindow(sender) - 1));
    const inReceiveWindow = receiver.maxWin !== 0 && after(end, u32(sender.end - receiver.maxWin - 1));
    if (inReceiveWindow && ackOk && overshot <= receiver.maxWin && before(sack, u32(receiver.end + 1))) {
      sender.end = end;
      sender.flags |= PEER_FLAG.DATA_UNACKNOWLEDGED;
      return refuse('ignore', `${overshot} bytes more than expected`);
    }
    return refuse('invalid', `SEQ is over upper bound ${u32(sender.maxEnd + 1)} (over the window of the receiver)`);
  }
  if (!before(sack, u32(receiver.end + 1))) {
    return refuse('invalid', `ACK is over upper bound ${u32(receiver.end + 1)} (ACKed data not seen yet)`);
  }
  if (receiver.maxWin !== 0 && !after(end, u32(sender.end - receiver.maxWin - 1))) {
    return refuse('ignore', `SEQ is under lower bound ${u32(sender.end - receiver.maxWin - 1)} (already ACKed data retransmitted)`);
  }
  const ackLowerBound = u32(receiver.end - maxAckWindow(sender) - 1);
  if (!after(sack, ackLowerBound)) {
    return refuse('ignore', `ignored ACK under lower bound ${ackLowerBound} (possible overly delayed)`);
  }

  if (!syn) win = u32(win << sender.scale);
  const swin = u32(win + (sack - ack));
  if (sender.maxWin < swin) sender.maxWin = swin;
  if (after(end, sender.end)) {
    sender.end = end;
    sender.flags |= PEER_FLAG.DATA_UNACKNOWLEDGED;
  }
  if (hasAck) {
    if (!(sender.flags & PEER_FLAG.MAXACK_SET)) {
      sender.maxAck = ack;
      sender.flags |= PEER_FLAG.MAXACK_SET;
    } else if (after(ack, sender.maxAck)) {
      sender.maxAck = ack;
    }
  }

  if (receiver.maxWin !== 0 && after(end, sender.maxEnd)) receiver.maxWin = u32(receiver.maxWin + end - sender.maxEnd);
  if (after(u32(sack + win), u32(receiver.maxEnd - 1))) {
    receiver.maxEnd = u32(sack + win);
    if (win === 0) receiver.maxEnd = u32(receiver.maxEnd + 1);
  }
  if (ack === receiver.end) receiver.flags &= ~PEER_FLAG.DATA_UNACKNOWLEDGED;

  if (kind === 'ACK') {
    const rawWin = windowOf(segment);
    if (track.lastDir === dir && track.lastSeq === seq && track.lastAck === ack && track.lastEnd === end && track.lastWin === rawWin) {
      track.retrans++;
    } else {
      track.lastDir = dir;
      track.lastSeq = seq;
      track.lastAck = ack;
      track.lastEnd = end;
      track.lastWin = rawWin;
      track.retrans = 0;
    }
  }
  return ACCEPT;
}

/**
 * Conntrack's TCP tracker for one segment: which segments may create an
 * entry (tcp_new), the state machine with its special cases, the window
 * check, the timeout to apply and when the entry becomes ASSURED
 * (nf_conntrack_tcp_packet in net/netfilter/nf_conntrack_proto_tcp.c).
 */
import { TCP_FLAG } from '../net/packet.js';
import { TCP_MAX_RETRANS, TCP_TIMEOUT_MAX_RETRANS, TCP_TIMEOUT_UNACKNOWLEDGED, TCP_TIMEOUTS } from './timeouts.js';
import { segmentKind, stateRank, tcpFlagsValid, transition, type SegmentKind } from './tcp-table.js';
import {
  emptyTrack,
  LAST_FLAG,
  PEER_FLAG,
  before,
  segmentEnd,
  tcpInWindow,
  windowOf,
  type DirIndex,
  type TcpSegment,
  type TcpTrack,
} from './tcp-window.js';
import type { Direction, TcpCtState } from './types.js';

export interface TcpSettings {
  /** nf_conntrack_tcp_loose: pick up connections from a bare ACK. */
  readonly tcpLoose: boolean;
  /** nf_conntrack_tcp_be_liberal: no window checks at all. */
  readonly tcpBeLiberal: boolean;
}

/** The entry's status as the TCP tracker needs it. */
export interface TcpEntryStatus {
  readonly seenReply: boolean;
  readonly assured: boolean;
  /** Seconds the entry has left, for the "lower the timeout of a dead connection" rule. */
  readonly remaining: number;
}

export interface TcpVerdict {
  /** accept: in window, state moved; ignore: let through unbelieved; invalid: not part of the connection; reopen: a SYN that starts the connection anew. */
  readonly action: 'accept' | 'ignore' | 'invalid' | 'reopen';
  readonly before: TcpCtState;
  readonly after: TcpCtState;
  /** Seconds to refresh the entry with; undefined leaves the timer alone. */
  readonly timeout?: number;
  /** Set ASSURED now. */
  readonly assured?: boolean;
  /** Delete the entry now (a RST before any reply). */
  readonly kill?: boolean;
  readonly reason?: string;
}

/** tcp_error: a segment with an impossible flag combination is INVALID before any lookup matters. */
export function tcpError(segment: TcpSegment): string | undefined {
  return tcpFlagsValid(segment.flags) ? undefined : 'invalid tcp flag combination';
}

/**
 * tcp_new: the tracking state of a new entry, or undefined when this segment
 * may not create one (only a SYN, or with tcp_loose a segment the table lets
 * start in NONE, i.e. a bare ACK).
 */
export function tcpNew(segment: TcpSegment, settings: TcpSettings): TcpTrack | undefined {
  const kind = segmentKind(segment.flags);
  const first = transition('original', kind, 'NONE');
  if (first === 'INVALID' || first === 'IGNORE') return undefined;
  const track = emptyTrack();
  const sender = track.seen[0];
  sender.end = segmentEnd(segment);
  sender.maxWin = windowOf(segment) || 1;
  if (first === 'SYN_SENT') {
    sender.maxEnd = sender.end;
  } else {
    if (!settings.tcpLoose) return undefined;
    // Mid-connection pickup: the history is lost, so both directions are tracked liberally.
    sender.maxEnd = (sender.end + sender.maxWin) >>> 0;
    sender.flags = PEER_FLAG.SACK_PERM | PEER_FLAG.BE_LIBERAL;
    track.seen[1].flags = PEER_FLAG.SACK_PERM | PEER_FLAG.BE_LIBERAL;
  }
  return track;
}

function dirIndex(direction: Direction): DirIndex {
  return direction === 'original' ? 0 : 1;
}

/** States in which a RST needs no sequence check (tcp_can_early_drop). */
function isClosing(state: TcpCtState): boolean {
  return state === 'FIN_WAIT' || state === 'LAST_ACK' || state === 'TIME_WAIT' || state === 'CLOSE' || state === 'CLOSE_WAIT';
}

function timeoutFor(track: TcpTrack, kind: SegmentKind, state: TcpCtState): number {
  const base = state === 'NONE' ? 0 : TCP_TIMEOUTS[state];
  const unacked = (track.seen[0].flags | track.seen[1].flags) & PEER_FLAG.DATA_UNACKNOWLEDGED;
  if (track.retrans >= TCP_MAX_RETRANS && base > TCP_TIMEOUT_MAX_RETRANS) return TCP_TIMEOUT_MAX_RETRANS;
  if (kind === 'RST' && state === 'ESTABLISHED' && base > TCP_TIMEOUT_UNACKNOWLEDGED) return TCP_TIMEOUT_UNACKNOWLEDGED;
  if (unacked && base > TCP_TIMEOUT_UNACKNOWLEDGED) return TCP_TIMEOUT_UNACKNOWLEDGED;
  if (track.lastWin === 0 && base > TCP_TIMEOUT_MAX_RETRANS) return TCP_TIMEOUT_MAX_RETRANS;
  return base;
}

/**
 * nf_tcp_handle_invalid: an ASSURED connection whose FIN/RST fell out of
 * window from both sides is probably dead; shorten its timeout.
 */
function lowerTimeoutOfDeadConnection(track: TcpTrack, d: DirIndex, kind: SegmentKind, status: TcpEntryStatus): number | undefined {
  if (!status.assured || (kind !== 'RST' && kind !== 'FIN')) return undefined;
  if (track.lastDir !== d && (track.lastIndex === 'FIN' || track.lastIndex === 'RST')) {
    if (status.remaining < 120 || status.remaining <= TCP_TIMEOUT_UNACKNOWLEDGED) return undefined;
    return TCP_TIMEOUT_UNACKNOWLEDGED;
  }
  track.lastIndex = kind;
  track.lastDir = d;
  return undefined;
}

type Step =
  | { readonly go: 'window'; readonly before: TcpCtState; readonly next: TcpCtState }
  | { readonly go: 'skip-window'; readonly before: TcpCtState; readonly next: TcpCtState }
  | { readonly go: 'done'; readonly verdict: TcpVerdict };

/** What to do about a segment the table ignores (the sIG branch of nf_conntrack_tcp_packet). */
function ignored(track: TcpTrack, d: DirIndex, kind: SegmentKind, segment: TcpSegment, state: TcpCtState): Step {
  const ack = segment.ack >>> 0;
  if (kind === 'SYN-ACK' && track.lastIndex === 'SYN' && track.lastDir !== d && ack === track.lastEnd) {
    // This SYN-ACK answers a SYN we ignored: both ends are in sync, we are not. Resync from that SYN.
    const synSender = track.seen[track.lastDir];
    synSender.end = track.lastEnd;
    synSender.maxEnd = track.lastEnd;
    synSender.maxWin = track.lastWin === 0 ? 1 : track.lastWin;
    synSender.scale = track.lastWscale;
    track.lastFlags &= ~LAST_FLAG.EXP_CHALLENGE_ACK;
    synSender.flags = track.lastFlags;
    const peer = track.seen[d];
    Object.assign(peer, { end: 0, maxEnd: 0, maxWin: 0, maxAck: 0, scale: 0, flags: peer.flags & PEER_FLAG.BE_LIBERAL });
    return { go: 'window', before: 'SYN_SENT', next: 'SYN_RECV' };
  }
  track.lastIndex = kind;
  track.lastDir = d;
  track.lastSeq = segment.seq >>> 0;
  track.lastEnd = segmentEnd(segment);
  track.lastWin = windowOf(segment);
  if (kind === 'SYN' && d === 0) {
    // Remember the SYN's options (ours carry none) and whether a challenge ACK may follow.
    track.lastFlags = 0;
    track.lastWscale = 0;
    if (state === 'LAST_ACK') track.lastFlags |= LAST_FLAG.EXP_CHALLENGE_ACK;
  }
  if (state === 'SYN_SENT' && kind === 'ACK' && d === 1) track.lastAck = ack;
  const dir = d === 0 ? 'original' : 'reply';
  return { go: 'done', verdict: { action: 'ignore', before: state, after: state, reason: `${kind} in ${dir} direction ignored in state ${state}` } };
}

/** The RST branch (new state CLOSE) with its sequence checks. */
function resetStep(track: TcpTrack, d: DirIndex, segment: TcpSegment, state: TcpCtState, status: TcpEntryStatus): Step {
  if (isClosing(state)) return { go: 'skip-window', before: state, next: 'CLOSE' };
  let next: TcpCtState = 'CLOSE';
  const seq = segment.seq >>> 0;
  const other = track.seen[d === 0 ? 1 : 0];
  const established = state === 'ESTABLISHED' && status.assured;
  if (other.flags & PEER_FLAG.MAXACK_SET && track.lastIndex !== 'SYN') {
    if (seq === 0 && !established) return { go: 'window', before: state, next };
    if (before(seq, other.maxAck)) {
      return { go: 'done', verdict: { action: 'invalid', before: state, after: state, reason: 'invalid rst' } };
    }
    if (!established || seq === other.maxAck) return { go: 'window', before: state, next };
    if (track.lastIndex === 'ACK' && track.lastDir === d && seq === track.lastEnd) return { go: 'window', before: state, next };
    next = state; // not an exact match: keep the state, a challenge ACK may follow
  }
  const ack = segment.ack >>> 0;
  const answersIgnored =
    ((status.seenReply && track.lastIndex === 'SYN' && track.lastDir !== d) || (!status.assured && track.lastIndex === 'ACK')) &&
    ack === track.lastEnd;
  if (answersIgnored) return { go: 'skip-window', before: state, next };
  if (state === 'SYN_SENT' && track.lastIndex === 'ACK' && track.lastDir === 1 && seq === track.lastAck) {
    return { go: 'skip-window', before: state, next };
  }
  return { go: 'window', before: state, next };
}

function stateStep(track: TcpTrack, d: DirIndex, kind: SegmentKind, segment: TcpSegment, status: TcpEntryStatus): Step {
  const state = track.state;
  const direction: Direction = d === 0 ? 'original' : 'reply';
  const next = transition(direction, kind, state);
  if (next === 'INVALID') {
    return { go: 'done', verdict: { action: 'invalid', before: state, after: state, reason: `${kind} in ${direction} direction invalid in state ${state}` } };
  }
  if (next === 'IGNORE') return ignored(track, d, kind, segment, state);
  if (next === 'SYN_SENT' && stateRank(state) >= stateRank('TIME_WAIT')) {
    const closeInit = (track.seen[0].flags | track.seen[1].flags) & PEER_FLAG.CLOSE_INIT;
    if (closeInit || (track.lastDir === d && track.lastIndex === 'RST')) {
      // A new SYN on a closed or aborted connection: delete the entry and look up again.
      return { go: 'done', verdict: { action: 'reopen', before: state, after: state } };
    }
    return ignored(track, d, kind, segment, state);
  }
  if (next === 'TIME_WAIT') {
    const challengeAck =
      state === 'LAST_ACK' && kind === 'ACK' && track.lastDir !== d && track.lastIndex === 'SYN' && track.lastFlags & LAST_FLAG.EXP_CHALLENGE_ACK;
    if (challengeAck) {
      track.lastFlags &= ~LAST_FLAG.EXP_CHALLENGE_ACK;
      return { go: 'done', verdict: { action: 'ignore', before: state, after: state, reason: 'challenge-ack ignored' } };
    }
  }
  if (next === 'SYN_SENT2') track.lastFlags |= LAST_FLAG.SIMULTANEOUS_OPEN;
  if (next === 'SYN_RECV' && d === 1 && kind === 'ACK' && track.lastFlags & LAST_FLAG.SIMULTANEOUS_OPEN) {
    return { go: 'window', before: state, next: 'ESTABLISHED' };
  }
  if (next === 'CLOSE' && kind === 'RST') return resetStep(track, d, segment, state, status);
  return { go: 'window', before: state, next };
}

/** Runs one segment of an existing (or just created) entry through the tracker; `track` is updated in place. */
export function tcpPacket(track: TcpTrack, direction: Direction, segment: TcpSegment, status: TcpEntryStatus, settings: TcpSettings): TcpVerdict {
  const d = dirIndex(direction);
  const kind = segmentKind(segment.flags);
  const step = stateStep(track, d, kind, segment, status);
  if (step.go === 'done') return step.verdict;
  const { before: from, next } = step;

  if (step.go === 'window') {
    const result = tcpInWindow(track, d, kind, segment, settings.tcpBeLiberal);
    if (result.action === 'ignore') return { action: 'ignore', before: from, after: from, reason: result.reason };
    if (result.action === 'invalid') {
      const lowered = lowerTimeoutOfDeadConnection(track, d, kind, status);
      return { action: 'invalid', before: from, after: from, reason: result.reason, ...(lowered ? { timeout: lowered } : {}) };
    }
  }

  track.lastIndex = kind;
  track.lastDir = d;
  track.state = next;
  if (from !== next && next === 'FIN_WAIT') track.seen[d].flags |= PEER_FLAG.CLOSE_INIT;
  const timeout = timeoutFor(track, kind, next);

  if (!status.seenReply) {
    // Only a RST came back: no connection was ever established, forget it at once.
    if (segment.flags & TCP_FLAG.RST) return { action: 'accept', before: from, after: next, kill: true };
    // A retransmitted SYN does not renew the timer (else a reused port keeps the entry alive forever).
    if (kind === 'SYN' && from === 'SYN_SENT') return { action: 'accept', before: from, after: next };
    // Picked up mid-connection and no answer yet: not worth the long ESTABLISHED timeout.
    const capped = next === 'ESTABLISHED' ? Math.min(timeout, TCP_TIMEOUT_UNACKNOWLEDGED) : timeout;
    return { action: 'accept', before: from, after: next, timeout: capped };
  }
  const assured = !status.assured && (from === 'SYN_RECV' || from === 'ESTABLISHED') && next === 'ESTABLISHED';
  return { action: 'accept', before: from, after: next, timeout, ...(assured ? { assured } : {}) };
}

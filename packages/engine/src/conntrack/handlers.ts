/**
 * The per-protocol packet handlers that nf_conntrack_in calls once a packet
 * has its entry (nf_conntrack_handle_packet): TCP's state machine, UDP's
 * stream rule (nf_conntrack_udp_packet) and ICMP's query check
 * (nf_conntrack_icmp_packet). Each refreshes the entry's timer its own way.
 */
import type { Packet } from '../net/packet.js';
import { refresh, remainingMs, stateOf } from './entry-state.js';
import { tcpError, tcpNew, tcpPacket, type TcpSettings } from './tcp.js';
import { ICMP_TIMEOUT, UDP_STREAM_AFTER_MS, UDP_TIMEOUT_STREAM, UDP_TIMEOUT_UNREPLIED } from './timeouts.js';
import { icmpCanOpen } from './tuple.js';
import type { ConntrackEntry, Direction, TcpCtState } from './types.js';

export interface HandlerResult {
  /** accept: the packet belongs to the entry; invalid: it does not (no entry attached); reopen: delete and look up again. */
  readonly action: 'accept' | 'invalid' | 'reopen';
  /** TCP only: the segment was let through without moving the state or the timer. */
  readonly ignored?: boolean;
  /** TCP only: the entry must be deleted now. */
  readonly kill?: boolean;
  readonly tcpBefore?: TcpCtState;
  readonly reason?: string;
}

function udpPacket(entry: ConntrackEntry, nowMs: number): HandlerResult {
  const state = stateOf(entry);
  if (!entry.status.confirmed) state.udpStreamAfter = nowMs + UDP_STREAM_AFTER_MS;
  if (!entry.status.seenReply) {
    refresh(entry, UDP_TIMEOUT_UNREPLIED, nowMs);
    return { action: 'accept' };
  }
  // Traffic both ways: a stream once it is still active two seconds after it began.
  const isStream = nowMs > (state.udpStreamAfter ?? 0);
  refresh(entry, isStream ? UDP_TIMEOUT_STREAM : UDP_TIMEOUT_UNREPLIED, nowMs);
  if (isStream && !state.natClash) entry.status.assured = true;
  return { action: 'accept' };
}

function icmpPacket(entry: ConntrackEntry, nowMs: number): HandlerResult {
  const original = entry.original;
  if (original.proto !== 'icmp' || !icmpCanOpen(original.type)) {
    return { action: 'invalid', reason: `icmp: can't create new conn with type ${original.proto === 'icmp' ? original.type : '?'}` };
  }
  refresh(entry, ICMP_TIMEOUT, nowMs);
  return { action: 'accept' };
}

function tcpHandler(entry: ConntrackEntry, direction: Direction, packet: Packet, nowMs: number, settings: TcpSettings): HandlerResult {
  const segment = packet.tcp;
  if (!segment) return { action: 'invalid', reason: 'truncated packet' };
  const error = tcpError(segment);
  if (error) return { action: 'invalid', reason: error };
  const state = stateOf(entry);
  if (!entry.status.confirmed || !state.tcp) {
    const track = tcpNew(segment, settings);
    if (!track) return { action: 'invalid', reason: 'invalid new' };
    state.tcp = track;
  }
  const track = state.tcp;
  const verdict = tcpPacket(
    track,
    direction,
    segment,
    { seenReply: entry.status.seenReply, assured: entry.status.assured, remaining: remainingMs(entry, nowMs) / 1000 },
    settings,
  );
  entry.tcpState = track.state;
  const tcpBefore = verdict.before;
  const reason = verdict.reason ? { reason: verdict.reason } : {};
  if (verdict.timeout !== undefined) refresh(entry, verdict.timeout, nowMs);
  switch (verdict.action) {
    case 'invalid':
      return { action: 'invalid', tcpBefore, ...reason };
    case 'reopen':
      return { action: 'reopen', tcpBefore };
    case 'ignore':
      return { action: 'accept', ignored: true, tcpBefore, ...reason };
    case 'accept':
      if (verdict.assured) entry.status.assured = true;
      return { action: 'accept', tcpBefore, ...(verdict.kill ? { kill: true } : {}) };
  }
}

export function handlePacket(entry: ConntrackEntry, direction: Direction, packet: Packet, nowMs: number, settings: TcpSettings): HandlerResult {
  switch (packet.proto) {
    case 'tcp':
      return tcpHandler(entry, direction, packet, nowMs, settings);
    case 'udp':
      return udpPacket(entry, nowMs);
    case 'icmp':
      return icmpPacket(entry, nowMs);
  }
}

/**
 * nf_conntrack_in for one packet at PREROUTING or OUTPUT, and
 * __nf_conntrack_confirm at the end of INPUT and POSTROUTING
 * (net/netfilter/nf_conntrack_core.c, ICMP errors from
 * nf_conntrack_proto_icmp.c).
 */
import { formatIpv4 } from '../net/ipv4.js';
import type { Packet } from '../net/packet.js';
import { stateOf } from './entry-state.js';
import { handlePacket } from './handlers.js';
import type { ConntrackTable } from './table.js';
import type { TcpSettings } from './tcp.js';
import { CLASH_TIMEOUT } from './timeouts.js';
import { invertTuple, isIcmpErrorType, NR_ICMP_TYPES, tupleOf, tuplesEqual } from './tuple.js';
import type { ConntrackEntry, CtInfo, TcpCtState } from './types.js';

export interface TrackOptions {
  /** Virtual time of the packet. */
  readonly nowMs: number;
  /** The host's TCP sysctls; the table's settings when absent. */
  readonly sysctl?: TcpSettings;
  /** NOTRACK / CT --notrack / nat1to1: conntrack leaves the packet alone. */
  readonly untracked?: boolean;
}

export interface TrackResult {
  /** What `--ctstate` sees; `entry` is absent for INVALID and UNTRACKED. */
  readonly info: CtInfo;
  /** The new, unconfirmed entry this packet created (state NEW); confirm it at the end of POSTROUTING/INPUT. */
  readonly created?: ConntrackEntry;
  /** TCP: the conntrack state before this segment and after it. */
  readonly tcpStateBefore?: TcpCtState;
  readonly tcpStateAfter?: TcpCtState;
  /** TCP: the segment was let through without moving the state (the kernel's "ignored" segments). */
  readonly ignored?: boolean;
  /** The entry was deleted by this packet (a RST before any reply); the packet still carries it. */
  readonly destroyed?: boolean;
  /** A SYN deleted this closed or aborted entry before creating `created`. */
  readonly replaced?: ConntrackEntry;
  /** Why the packet is INVALID or dropped, in the kernel's words where it has some. */
  readonly reason?: string;
  /** The packet must be dropped (table full). */
  readonly drop?: boolean;
}

const INVALID: CtInfo = { state: 'INVALID' };

function invalid(reason: string, extra: Partial<TrackResult> = {}): TrackResult {
  return { info: INVALID, reason, ...extra };
}

/**
 * nf_conntrack_icmpv4_error + nf_conntrack_inet_error: an ICMP error is
 * RELATED to the connection whose packet it quotes. The quoted packet went
 * the other way, so its tuple is inverted before the lookup; the error must
 * be addressed to where that direction of the connection goes.
 */
function relatedToError(table: ConntrackTable, packet: Packet): TrackResult {
  const inner = packet.icmp?.inner;
  const quoted = inner ? tupleOf(inner) : undefined;
  if (!quoted) return invalid('ICMP error without the quoted packet');
  const lookFor = invertTuple(quoted);
  if (!lookFor) return invalid('ICMP error quoting a packet conntrack cannot turn around');
  const hit = table.lookup(lookFor);
  if (!hit) return invalid('ICMP error about no known connection');
  const expected = hit.direction === 'original' ? hit.entry.original.dst : hit.entry.reply.dst;
  if (packet.dst !== expected) {
    return invalid(`outer daddr ${formatIpv4(packet.dst)} != inner ${formatIpv4(expected)}`);
  }
  return { info: { state: 'RELATED', entry: hit.entry, direction: hit.direction } };
}

export function conntrackIn(table: ConntrackTable, packet: Packet, opts: TrackOptions): TrackResult {
  if (opts.untracked) return { info: { state: 'UNTRACKED' } };
  table.advanceTo(opts.nowMs);
  if (packet.proto === 'icmp') {
    const type = packet.icmp?.type ?? 0;
    if (type > NR_ICMP_TYPES) return invalid('invalid icmp type');
    if (isIcmpErrorType(type)) return relatedToError(table, packet);
  }
  return resolve(table, packet, opts, undefined);
}

/** resolve_normal_ct + the protocol handler; runs twice when a SYN reopens a closed connection. */
function resolve(table: ConntrackTable, packet: Packet, opts: TrackOptions, replaced: ConntrackEntry | undefined): TrackResult {
  const tuple = tupleOf(packet);
  if (!tuple) return invalid('no tuple');
  let hit = table.lookup(tuple);
  let created: ConntrackEntry | undefined;
  if (!hit) {
    const reply = invertTuple(tuple);
    if (!reply) return invalid(`icmp: no reply type for type ${tuple.proto === 'icmp' ? tuple.type : '?'}`);
    if (table.isFull()) return { info: INVALID, drop: true, reason: 'nf_conntrack: table full, dropping packet' };
    created = table.createEntry(tuple, reply, opts.nowMs);
    hit = { entry: created, direction: 'original' };
  }
  const { entry, direction } = hit;
  const state = direction === 'reply' || entry.status.seenReply ? 'ESTABLISHED' : 'NEW';
  const result = handlePacket(entry, direction, packet, opts.nowMs, opts.sysctl ?? table.settings);
  const tcp = result.tcpBefore ? { tcpStateBefore: result.tcpBefore, tcpStateAfter: entry.tcpState ?? result.tcpBefore } : {};
  const why = result.reason ? { reason: result.reason } : {};
  const previous = replaced ? { replaced } : {};
  if (result.action === 'reopen') {
    table.remove(entry);
    return resolve(table, packet, opts, entry);
  }
  if (result.action === 'invalid') return { info: INVALID, ...tcp, ...why, ...previous };
  // SEEN_REPLY is set after the handler ran: the handler judged the reply as unreplied still.
  if (direction === 'reply') entry.status.seenReply = true;
  if (result.kill) table.remove(entry);
  return {
    info: { state, entry, direction },
    ...(created ? { created } : {}),
    ...tcp,
    ...(result.ignored ? { ignored: true } : {}),
    ...(result.kill ? { destroyed: true } : {}),
    ...why,
    ...previous,
  };
}

export interface ConfirmResult {
  /** False: the packet must be dropped (its entry clashed with one already in the table). */
  readonly confirmed: boolean;
  /** The entry the packet now belongs to: its own, or the one it was merged into. */
  readonly entry: ConntrackEntry;
  /** merged: an identical entry won and the packet joins it; reply-only: inserted for replies only. */
  readonly clash?: 'merged' | 'reply-only';
  readonly reason?: string;
}

/** nf_ct_can_merge: the same flow, seen the same way or from the other end. */
function sameFlow(a: ConntrackEntry, b: ConntrackEntry): boolean {
  return (
    (tuplesEqual(a.original, b.original) && tuplesEqual(a.reply, b.reply)) ||
    (tuplesEqual(a.original, b.reply) && tuplesEqual(a.reply, b.original))
  );
}

/**
 * __nf_conntrack_confirm: puts a new entry in the table at the end of
 * POSTROUTING or INPUT. If either tuple is already there (possible after NAT
 * picked a tuple a clash check let through), UDP may still pass — merged
 * into an identical entry, or inserted for replies only with a one-second
 * timeout (nf_ct_resolve_clash); TCP and ICMP (no allow_clash) are dropped.
 */
export function confirm(table: ConntrackTable, entry: ConntrackEntry, nowMs: number): ConfirmResult {
  if (entry.status.confirmed) return { confirmed: true, entry };
  const state = stateOf(entry);
  if (state.dying) return { confirmed: false, entry, reason: 'the entry was deleted before it was confirmed' };
  const holder = table.lookup(entry.original) ?? table.lookup(entry.reply);
  if (!holder) {
    table.insert(entry, nowMs);
    return { confirmed: true, entry };
  }
  const dropped: ConfirmResult = { confirmed: false, entry, reason: 'nf_conntrack: insert failed, a confirmed entry holds the same tuple' };
  if (entry.original.proto !== 'udp') return dropped;
  if (sameFlow(holder.entry, entry)) return { confirmed: true, entry: holder.entry, clash: 'merged' };
  // Only the original direction may clash: the reply tuple must still be free, or the flow identical.
  const replyHolder = table.lookup(entry.reply);
  if (replyHolder) {
    return sameFlow(replyHolder.entry, entry) ? { confirmed: true, entry: replyHolder.entry, clash: 'merged' } : dropped;
  }
  state.natClash = true;
  entry.timeout = CLASH_TIMEOUT;
  state.fixedTimeout = true;
  table.insertReplyOnly(entry, nowMs);
  return { confirmed: true, entry, clash: 'reply-only' };
}

/**
 * nf_conntrack_attach: the ICMP error or TCP RST that REJECT (or the stack
 * answering a packet) sends back carries the rejected packet's entry,
 * RELATED, in the other direction — so it is not tracked again at OUTPUT,
 * is NATed like a reply, and is never confirmed. Undefined when the rejected
 * packet had no entry: then the answer is tracked on its own.
 */
export function attachRelated(info: CtInfo): CtInfo | undefined {
  if (!info.entry) return undefined;
  return { state: 'RELATED', entry: info.entry, direction: info.direction === 'reply' ? 'original' : 'reply' };
}

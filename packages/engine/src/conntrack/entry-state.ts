/**
 * What the kernel keeps in a conntrack entry beyond what the shared
 * `ConntrackEntry` type shows: the TCP window tracking, the UDP stream
 * deadline and a few status bits (IPS_NAT_CLASH, IPS_FIXED_TIMEOUT,
 * IPS_DYING). Kept beside the entry, private to this folder.
 */
import type { TcpTrack } from './tcp-window.js';
import type { ConntrackEntry } from './types.js';

export interface EntryState {
  tcp?: TcpTrack;
  /** Virtual ms after which a replied UDP flow counts as a stream (proto.udp.stream_ts). */
  udpStreamAfter?: number;
  /** Inserted by clash resolution in the reply direction only; never ASSURED, hidden from listings. */
  natClash: boolean;
  /** The timeout is not refreshed by traffic. */
  fixedTimeout: boolean;
  /** Removed from the table; a packet may still hold it. */
  dying: boolean;
}

const states = new WeakMap<ConntrackEntry, EntryState>();

export function stateOf(entry: ConntrackEntry): EntryState {
  let state = states.get(entry);
  if (!state) {
    state = { natClash: false, fixedTimeout: false, dying: false };
    states.set(entry, state);
  }
  return state;
}

/** nf_ct_refresh: restart the entry's timer with `seconds`, unless its timeout is fixed. */
export function refresh(entry: ConntrackEntry, seconds: number, nowMs: number): void {
  if (stateOf(entry).fixedTimeout) return;
  entry.timeout = seconds;
  entry.refreshedAt = nowMs;
}

/** Milliseconds until the entry expires (never below zero). */
export function remainingMs(entry: ConntrackEntry, nowMs: number): number {
  // An unconfirmed entry's timer has not started: its timeout is still relative (nf_ct_expires).
  if (!entry.status.confirmed) return entry.timeout * 1000;
  return Math.max(0, entry.refreshedAt + entry.timeout * 1000 - nowMs);
}

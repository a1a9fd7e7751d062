/**
 * One host's conntrack table: confirmed entries reachable by the tuple of
 * either direction (the kernel hashes both `tuplehash[]` of every entry),
 * expiry on a virtual clock, and the `nf_conntrack_max` limit
 * (net/netfilter/nf_conntrack_core.c).
 */
import type { Sysctl } from '../scenario/types.js';
import { remainingMs, stateOf } from './entry-state.js';
import { sourceKey, tupleKey, tuplesEqual } from './tuple.js';
import type { ConntrackEntry, Direction, Tuple } from './types.js';

export type ConntrackSettings = Pick<Sysctl, 'conntrackMax' | 'tcpLoose' | 'tcpBeLiberal'>;

/** The kernel's defaults (checked with `sysctl -a` in a fresh namespace on Linux 6.18). */
export const DEFAULT_CONNTRACK_SETTINGS: ConntrackSettings = { conntrackMax: 262144, tcpLoose: true, tcpBeLiberal: false };

export interface TableHit {
  readonly entry: ConntrackEntry;
  readonly direction: Direction;
}

export class ConntrackTable {
  readonly settings: ConntrackSettings;
  private readonly byTuple = new Map<string, TableHit>();
  /** Confirmed entries in the order they were confirmed: the listing order. */
  private readonly confirmed = new Set<ConntrackEntry>();
  /** Entries with a source NAT binding, by original source (the kernel's nf_nat_bysource hash). */
  private readonly bySource = new Map<string, ConntrackEntry[]>();
  private lastId = 0;
  /** The virtual time of the packet being processed: entries whose timer ran out by then are gone. */
  private now = 0;

  constructor(settings: Partial<ConntrackSettings> = {}) {
    this.settings = { ...DEFAULT_CONNTRACK_SETTINGS, ...settings };
  }

  /** A new, unconfirmed entry (init_conntrack): not in the table until `insert`. */
  createEntry(original: Tuple, reply: Tuple, nowMs: number): ConntrackEntry {
    this.lastId += 1;
    return {
      id: this.lastId,
      original,
      reply,
      status: {
        expected: false,
        seenReply: false,
        assured: false,
        confirmed: false,
        srcNat: false,
        dstNat: false,
        srcNatDone: false,
        dstNatDone: false,
      },
      mark: 0,
      timeout: 0,
      refreshedAt: nowMs,
    };
  }

  /** Moves the table's clock forward; expired entries then vanish as they are met (as lookups and the gc worker do). */
  advanceTo(nowMs: number): void {
    this.now = Math.max(this.now, nowMs);
  }

  private expired(entry: ConntrackEntry): boolean {
    if (remainingMs(entry, this.now) > 0) return false;
    this.remove(entry);
    return true;
  }

  /** The confirmed entry holding `tuple` in either direction. */
  lookup(tuple: Tuple): TableHit | undefined {
    const hit = this.byTuple.get(tupleKey(tuple));
    return hit && !this.expired(hit.entry) ? hit : undefined;
  }

  /** How many entries count against nf_conntrack_max (hidden clash entries count too). */
  get count(): number {
    return this.confirmed.size;
  }

  /**
   * True when a new entry would exceed nf_conntrack_max. The kernel then
   * tries early_drop(): it walks only 8 of nf_conntrack_buckets (262144)
   * hash chains, starting at the new tuple's randomly seeded chain, for an
   * entry that is not ASSURED. In a table small enough to fill up in a
   * scenario, those chains are almost surely empty, so the new packet is
   * dropped ("nf_conntrack: table full, dropping packet" in dmesg).
   */
  isFull(): boolean {
    if (this.settings.conntrackMax <= 0 || this.count < this.settings.conntrackMax) return false;
    this.expire(this.now);
    return this.count >= this.settings.conntrackMax;
  }

  /** __nf_conntrack_hash_insert: the entry becomes findable by both tuples. */
  insert(entry: ConntrackEntry, nowMs: number): void {
    this.byTuple.set(tupleKey(entry.original), { entry, direction: 'original' });
    this.insertReplyOnly(entry, nowMs);
  }

  /**
   * Clash resolution's insert (nf_ct_resolve_clash_harder): findable by the
   * reply tuple only, so original-direction packets keep matching the entry
   * that won; `conntrack -L` does not show it.
   */
  insertReplyOnly(entry: ConntrackEntry, nowMs: number): void {
    this.byTuple.set(tupleKey(entry.reply), { entry, direction: 'reply' });
    this.confirmed.add(entry);
    if (entry.status.srcNatDone) {
      const key = sourceIndexKey(entry.original);
      this.bySource.set(key, [entry, ...(this.bySource.get(key) ?? [])]);
    }
    entry.status.confirmed = true;
    // The timer starts at confirmation, not when the first packet was seen.
    entry.refreshedAt = nowMs;
  }

  /** nf_ct_delete: gone from the table; a packet that holds it still carries it. */
  remove(entry: ConntrackEntry): void {
    if (!this.confirmed.delete(entry)) return;
    stateOf(entry).dying = true;
    const key = sourceIndexKey(entry.original);
    const sameSource = this.bySource.get(key)?.filter((other) => other !== entry) ?? [];
    if (sameSource.length > 0) this.bySource.set(key, sameSource);
    else this.bySource.delete(key);
    for (const tuple of [entry.original, entry.reply]) {
      const key = tupleKey(tuple);
      if (this.byTuple.get(key)?.entry === entry) this.byTuple.delete(key);
    }
  }

  /** Removes every entry whose timer ran out by `nowMs` (the kernel's gc worker and lazy lookups). */
  expire(nowMs: number): ConntrackEntry[] {
    this.advanceTo(nowMs);
    return [...this.confirmed].filter((entry) => this.expired(entry));
  }

  /**
   * nf_conntrack_tuple_taken: does a confirmed entry other than `ignore`
   * hold `tuple` in either direction? NAT asks it with the reply tuple a
   * binding would produce. Not taken when `ignore` and the holder have the
   * same original tuple: the same flow, which confirmation sorts out.
   */
  isTupleTaken(tuple: Tuple, ignore?: ConntrackEntry): boolean {
    const hit = this.lookup(tuple);
    if (!hit || hit.entry === ignore) return false;
    return !(ignore && tuplesEqual(ignore.original, hit.entry.original));
  }

  /** What `conntrack -L` lists, in confirmation order, after expiring what is due at `nowMs`. */
  entries(nowMs: number): ConntrackEntry[] {
    this.expire(nowMs);
    return [...this.confirmed].filter((entry) => !stateOf(entry).natClash);
  }

  /**
   * Entries with a source binding whose original tuple has this protocol,
   * source address and source port (ICMP: id), newest first, as
   * find_appropriate_src walks them.
   */
  withSameSource(tuple: Tuple): readonly ConntrackEntry[] {
    return (this.bySource.get(sourceIndexKey(tuple)) ?? []).filter((entry) => !this.expired(entry));
  }
}

function sourceIndexKey(tuple: Tuple): string {
  return `${tuple.proto} ${tuple.src} ${sourceKey(tuple)}`;
}

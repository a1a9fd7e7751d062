/**
 * The address lists of `-m recent` (net/netfilter/xt_recent.c), one set per
 * network namespace, i.e. per host. A list is made by the first rule that
 * names it and keeps that rule's mask. It holds at most ip_list_tot (100)
 * addresses; each remembers the times of its last ip_pkt_list_tot (20)
 * hits. When a new address arrives at a full list, the least recently
 * seen one goes; --reap removes that same oldest entry once it is stale.
 * Times are the simulation's virtual milliseconds (the kernel's jiffies).
 */
import type { Ipv4 } from '../../net/ipv4.js';

/** xt_recent module parameters, with their defaults. */
export const IP_LIST_TOT = 100;
export const IP_PKT_LIST_TOT = 20;

interface RecentEntry {
  readonly address: Ipv4;
  /** Oldest first; at most IP_PKT_LIST_TOT. */
  readonly stamps: number[];
}

export class RecentList {
  /** In LRU order: the first is the least recently updated (the kernel's lru_list). */
  private readonly entries = new Map<Ipv4, RecentEntry>();

  /** A list made for a --hitcount above ip_pkt_list_tot keeps hitcount + 1 stamps per address (recent_mt_check). */
  constructor(
    readonly mask: Ipv4,
    private readonly stampsKept = IP_PKT_LIST_TOT,
  ) {}

  lookup(address: Ipv4): { readonly stamps: readonly number[] } | undefined {
    return this.entries.get(address);
  }

  /** recent_entry_init / recent_entry_update: a new stamp, and the entry becomes the most recent. */
  touch(address: Ipv4, now: number): void {
    const existing = this.entries.get(address);
    if (existing) {
      this.entries.delete(address);
      existing.stamps.push(now);
      if (existing.stamps.length > this.stampsKept) existing.stamps.shift();
      this.entries.set(address, existing);
      return;
    }
    if (this.entries.size >= IP_LIST_TOT) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(address, { address, stamps: [now] });
  }

  remove(address: Ipv4): void {
    this.entries.delete(address);
  }

  /** recent_entry_reap: drops the least recently updated entry if its last stamp is before `since`, unless it is `keep`. */
  reap(since: number, keep: Ipv4 | undefined): void {
    const oldest = this.entries.values().next().value;
    if (!oldest || oldest.address === keep) return;
    if (oldest.stamps[oldest.stamps.length - 1]! < since) this.entries.delete(oldest.address);
  }
}

/** A host's lists by name. */
export class RecentLists {
  private readonly lists = new Map<string, RecentList>();

  /** The list of that name, made with the first asker's mask and hit count. */
  get(name: string, mask: Ipv4, hitcount = 0): RecentList {
    let list = this.lists.get(name);
    if (!list) {
      list = new RecentList(mask, Math.max(IP_PKT_LIST_TOT, hitcount + 1));
      this.lists.set(name, list);
    }
    return list;
  }
}

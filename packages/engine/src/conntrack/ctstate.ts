/**
 * What `-m conntrack` and `-m state` test about a packet's conntrack
 * attachment (conntrack_mt in net/netfilter/xt_conntrack.c,
 * net/netfilter/xt_state.c).
 */
import type { CtInfo, CtStatus } from './types.js';

/** Every name `--ctstate` accepts; `-m state --state` knows all but SNAT and DNAT. */
export type CtStateName = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/**
 * The states a packet is in, as `--ctstate` sees them: its CtInfo state,
 * plus the virtual SNAT and DNAT states when the entry's binding changed
 * the source or destination (IPS_SRC_NAT / IPS_DST_NAT: the original
 * source differs from the reply destination, or the original destination
 * from the reply source, ports included).
 */
export function ctStates(info: CtInfo): ReadonlySet<CtStateName> {
  const states = new Set<CtStateName>([info.state]);
  if (info.entry) {
    if (info.entry.status.srcNat) states.add('SNAT');
    if (info.entry.status.dstNat) states.add('DNAT');
  }
  return states;
}

/** `--ctstate A,B,…`: true when the packet is in any of the listed states. */
export function ctStateMatches(info: CtInfo, wanted: readonly CtStateName[]): boolean {
  const states = ctStates(info);
  return wanted.some((name) => states.has(name));
}

/** `-m state --state A,B,…` (no SNAT/DNAT there). */
export function stateMatches(info: CtInfo, wanted: readonly Exclude<CtStateName, 'SNAT' | 'DNAT'>[]): boolean {
  return wanted.includes(info.state);
}

/** The names `--ctstatus` accepts; NONE is the empty mask, so it never matches. */
export type CtStatusName = 'NONE' | 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';

const STATUS_FIELD: Readonly<Record<Exclude<CtStatusName, 'NONE'>, keyof CtStatus>> = {
  EXPECTED: 'expected',
  SEEN_REPLY: 'seenReply',
  ASSURED: 'assured',
  CONFIRMED: 'confirmed',
};

/**
 * `--ctstatus A,B,…`: true when the entry has any of the listed status
 * bits. Without an entry (INVALID, UNTRACKED) it is false — and so is every
 * other `-m conntrack` test except `--ctstate` itself (conntrack_mt returns
 * early when the packet has no entry).
 */
export function ctStatusMatches(info: CtInfo, wanted: readonly CtStatusName[]): boolean {
  const entry = info.entry;
  if (!entry) return false;
  return wanted.some((name) => name !== 'NONE' && entry.status[STATUS_FIELD[name]]);
}

/**
 * How NAT picks the tuple of a new binding (get_unique_tuple and its helpers
 * in net/netfilter/nf_nat_core.c, Linux 6.12): keep the packet's own tuple
 * when it is in range and free; for source NAT reuse the mapping another
 * connection from the same source already has; else hash the addresses onto
 * the address range, and if that tuple is taken, search the port (or ICMP
 * id) range from a random offset.
 */
import type { NatRange } from '../netfilter/types.js';
import type { Random } from '../random.js';
import { stateOf } from './entry-state.js';
import { hostWordOf, jhash2, reciprocalScale } from './jhash.js';
import type { ConntrackTable } from './table.js';
import { stateRank } from './tcp-table.js';
import { invertTuple, sourceKey, tuplesEqual } from './tuple.js';
import type { ConntrackEntry, Tuple } from './types.js';

export type Manip = 'src' | 'dst';

/** NF_NAT_MAX_ATTEMPTS and NF_NAT_HARDER_THRESH. */
const MAX_ATTEMPTS = 128;
const HARDER_THRESHOLD = MAX_ATTEMPTS / 4;

export function mustInvert(tuple: Tuple): Tuple {
  const inverted = invertTuple(tuple);
  if (!inverted) throw new Error(`conntrack: tuple of ICMP type ${tuple.proto === 'icmp' ? tuple.type : '?'} has no inverse`);
  return inverted;
}

const usesNat = (entry: ConntrackEntry): boolean => entry.status.srcNat || entry.status.dstNat;

/** The port or ICMP id NAT may change for this kind of manip. */
function l4Key(tuple: Tuple, manip: Manip): number {
  if (tuple.proto === 'icmp') return tuple.id;
  return manip === 'src' ? tuple.sport : tuple.dport;
}

function withL4Key(tuple: Tuple, manip: Manip, key: number): Tuple {
  if (tuple.proto === 'icmp') return { ...tuple, id: key };
  return manip === 'src' ? { ...tuple, sport: key } : { ...tuple, dport: key };
}

function withAddress(tuple: Tuple, manip: Manip, address: number): Tuple {
  return manip === 'src' ? { ...tuple, src: address } : { ...tuple, dst: address };
}

const mapsAddresses = (range: NatRange): boolean => range.minAddress !== undefined;
const portsGiven = (range: NatRange): boolean => range.minPort !== undefined;
const randomAll = (range: NatRange): boolean => range.random || range.randomFully;

/** l4proto_in_range: is the port (ICMP: the id, whatever the manip) inside the range? */
function l4InRange(tuple: Tuple, manip: Manip, range: NatRange): boolean {
  const key = l4Key(tuple, manip);
  return key >= (range.minPort ?? 0) && key <= (range.maxPort ?? 65535);
}

/** nf_in_range: would a source mapping to `tuple` satisfy the range? */
function inRange(tuple: Tuple, range: NatRange): boolean {
  if (mapsAddresses(range) && (tuple.src < range.minAddress! || tuple.src > (range.maxAddress ?? range.minAddress!))) return false;
  return !portsGiven(range) || l4InRange(tuple, 'src', range);
}

/** nf_nat_used_tuple: would replies to `tuple` be mistaken for another connection's packets? */
export function usedTuple(table: ConntrackTable, tuple: Tuple, entry: ConntrackEntry): boolean {
  return table.isTupleTaken(mustInvert(tuple), entry);
}

/**
 * nf_nat_used_tuple_new: as usedTuple, but for an unaltered tuple of UDP
 * (the only one of our protocols that allows clashes) an entry without NAT
 * that is this very flow seen from the other end is left to confirmation.
 */
function usedTupleNew(table: ConntrackTable, tuple: Tuple, entry: ConntrackEntry): boolean {
  if (!usedTuple(table, tuple, entry)) return false;
  if (tuple.proto !== 'udp' || usesNat(entry)) return true;
  const holder = table.lookup(tuple) ?? table.lookup(mustInvert(tuple));
  if (!holder) return false;
  if (usesNat(holder.entry)) return true;
  return !tuplesEqual(holder.entry.original, entry.reply);
}

/**
 * nf_nat_used_tuple_harder: in the last attempts for a TCP SYN, a clashing
 * source-NATed connection in TIME_WAIT or later whose sequence numbers the
 * new SYN has passed is evicted instead of counting as taken.
 */
function usedTupleHarder(table: ConntrackTable, tuple: Tuple, entry: ConntrackEntry, attemptsLeft: number): boolean {
  const reply = mustInvert(tuple);
  if (attemptsLeft > HARDER_THRESHOLD || tuple.proto !== 'tcp' || entry.tcpState !== 'SYN_SENT') return table.isTupleTaken(reply, entry);
  const hit = table.lookup(reply);
  if (!hit) return false;
  if (hit.direction === 'original' || hit.entry === entry) return true;
  const old = hit.entry;
  const oldState = stateOf(old);
  const mayKill = stateRank(old.tcpState ?? 'NONE') >= stateRank('TIME_WAIT') && !oldState.fixedTimeout && !oldState.dying && old.status.srcNat;
  const newEnd = stateOf(entry).tcp?.seen[0].end ?? 0;
  const oldEnd = oldState.tcp?.seen[0].end ?? 0;
  if (!mayKill || ((newEnd - oldEnd) | 0) <= 0) return true;
  table.remove(old);
  return false;
}

/**
 * find_appropriate_src: another connection from the same source address and
 * port already has a source mapping; reuse it if it fits the range. This is
 * why Linux NAT maps one inside endpoint to one outside endpoint.
 */
function findAppropriateSource(table: ConntrackTable, tuple: Tuple, range: NatRange): Tuple | undefined {
  for (const other of table.withSameSource(tuple)) {
    // The source half of that connection's reply turned around, with this packet's destination.
    const mapped = mustInvert(other.reply);
    const result = withL4Key(withAddress(tuple, 'src', mapped.src), 'src', sourceKey(mapped));
    if (inRange(result, range)) return result;
  }
  return undefined;
}

/**
 * find_best_ips_proto: the address from the range by jhash2 of the source
 * address, seeded with the destination address unless `--persistent`.
 * Checked against Linux 6.18 (see nat-tuple.test.ts).
 */
export function pickAddress(tuple: Tuple, range: NatRange, manip: Manip): Tuple {
  if (!mapsAddresses(range)) return tuple;
  const min = range.minAddress!;
  const max = range.maxAddress ?? min;
  if (min === max) return withAddress(tuple, manip, min);
  // The kernel hashes the whole 16-byte address union: the IPv4 address and three zero words.
  const hash = jhash2([hostWordOf(tuple.src), 0, 0, 0], range.persistent ? 0 : hostWordOf(tuple.dst));
  const spread = (max - min + 1) >>> 0;
  return withAddress(tuple, manip, (min + reciprocalScale(hash, spread)) >>> 0);
}

/** The port range searched when no `--to-ports` is given: the kernel keeps privileged ports privileged. */
function defaultPortRange(port: number): { min: number; size: number } {
  if (port < 512) return { min: 1, size: 511 };
  if (port < 1024) return { min: 600, size: 1023 - 600 + 1 };
  return { min: 1024, size: 65535 - 1024 + 1 };
}

/** nf_nat_l4proto_unique_tuple: search the port (ICMP: id) range for a free tuple. */
function uniqueL4(table: ConntrackTable, tuple: Tuple, range: NatRange, manip: Manip, entry: ConntrackEntry, random: Random): Tuple {
  let min: number;
  let size: number;
  if (tuple.proto === 'icmp') {
    min = portsGiven(range) ? range.minPort! : 0;
    size = portsGiven(range) ? (range.maxPort ?? min) - min + 1 : 65536;
  } else if (!portsGiven(range)) {
    if (manip === 'dst') return tuple; // a destination port is never changed unasked
    ({ min, size } = defaultPortRange(l4Key(tuple, manip)));
  } else {
    const low = Math.min(range.minPort!, range.maxPort ?? range.minPort!);
    const high = Math.max(range.minPort!, range.maxPort ?? range.minPort!);
    min = low;
    size = high - low + 1;
  }
  // The kernel's get_random_u16(); destination ports are searched from the start unless --random.
  let offset = randomAll(range) || manip !== 'dst' ? random.below(65536) : 0;
  let attempts = Math.min(size, MAX_ATTEMPTS);
  let candidate = tuple;
  for (;;) {
    for (let i = 0; i < attempts; i++, offset = (offset + 1) & 0xffff) {
      candidate = withL4Key(tuple, manip, min + (offset % size));
      if (!usedTupleHarder(table, candidate, entry, attempts - i)) return candidate;
    }
    // Give up with a taken tuple: confirmation will then drop the packet.
    if (attempts >= size || attempts < 16) return candidate;
    attempts = Math.floor(attempts / 2);
    offset = random.below(65536);
  }
}

export interface UniqueTuple {
  readonly tuple: Tuple;
  /** The tuple the range asked for was in use, so the port (or ICMP id) was searched for a free one. */
  readonly inUse: boolean;
}

/** get_unique_tuple: the tuple this end of the connection will have after the manip. */
export function uniqueTuple(
  table: ConntrackTable,
  current: Tuple,
  range: NatRange,
  entry: ConntrackEntry,
  manip: Manip,
  random: Random,
): UniqueTuple {
  if (manip === 'src' && !randomAll(range)) {
    if (inRange(current, range)) {
      if (!usedTupleNew(table, current, entry)) return { tuple: current, inUse: false };
    } else {
      const reused = findAppropriateSource(table, current, range);
      if (reused && !usedTuple(table, reused, entry)) return { tuple: reused, inUse: false };
    }
  }
  const tuple = pickAddress(current, range, manip);
  let inUse = false;
  if (!randomAll(range)) {
    if (portsGiven(range)) {
      const inPortRange = l4InRange(tuple, manip, range);
      if (inPortRange && (range.minPort === (range.maxPort ?? range.minPort) || !usedTuple(table, tuple, entry))) return { tuple, inUse };
      inUse = inPortRange;
    } else {
      if (!usedTuple(table, tuple, entry)) return { tuple, inUse };
      inUse = true;
    }
  }
  const chosen = uniqueL4(table, tuple, range, manip, entry, random);
  return { tuple: chosen, inUse: inUse && !tuplesEqual(chosen, tuple) };
}

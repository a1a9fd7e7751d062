/**
 * Conntrack tuples: how a packet becomes the identity of its connection
 * (nf_ct_get_tuple in net/netfilter/nf_conntrack_core.c) and how a tuple is
 * turned around for the other direction (nf_ct_invert_tuple, with the ICMP
 * part from net/netfilter/nf_conntrack_proto_icmp.c).
 */
import { ICMP_TYPE, type Packet } from '../net/packet.js';
import type { Tuple } from './types.js';

/** The highest ICMP type conntrack knows (NR_ICMP_TYPES); higher ones are INVALID. */
export const NR_ICMP_TYPES = 18;

/**
 * Query/answer pairs conntrack can turn around (`invmap` in
 * nf_conntrack_proto_icmp.c). Any other type has no reply tuple, so no
 * connection can be built from it.
 */
const ICMP_INVERSE: ReadonlyMap<number, number> = new Map([
  [ICMP_TYPE.ECHO_REQUEST, ICMP_TYPE.ECHO_REPLY],
  [ICMP_TYPE.ECHO_REPLY, ICMP_TYPE.ECHO_REQUEST],
  [13, 14], // timestamp
  [14, 13],
  [15, 16], // information request
  [16, 15],
  [17, 18], // address mask
  [18, 17],
]);

/** Types that may open a new ICMP "connection" (`valid_new` in nf_conntrack_icmp_packet). */
const ICMP_NEW_TYPES: ReadonlySet<number> = new Set([ICMP_TYPE.ECHO_REQUEST, 13, 15, 17]);

/** Error types conntrack relates to the connection they quote (icmp_is_err in include/linux/icmp.h). */
const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([
  ICMP_TYPE.DEST_UNREACH,
  4, // source quench
  ICMP_TYPE.REDIRECT,
  ICMP_TYPE.TIME_EXCEEDED,
  12, // parameter problem
]);

export function isIcmpErrorType(type: number): boolean {
  return ICMP_ERROR_TYPES.has(type);
}

/** Whether an ICMP message of this type can start a tracked exchange (echo, timestamp …). */
export function icmpCanOpen(type: number): boolean {
  return ICMP_NEW_TYPES.has(type);
}

/** The tuple of the packet as it is now (addresses, ports; for ICMP the echo id, type and code). */
export function tupleOf(packet: Packet): Tuple | undefined {
  if (packet.proto === 'icmp') {
    const icmp = packet.icmp;
    if (!icmp) return undefined;
    // The id is read from the echo header's place whatever the type is; errors carry 0 there.
    return { proto: 'icmp', src: packet.src, dst: packet.dst, id: icmp.id ?? 0, type: icmp.type, code: icmp.code };
  }
  return { proto: packet.proto, src: packet.src, dst: packet.dst, sport: packet.sport, dport: packet.dport };
}

/** The tuple of the other direction; undefined for ICMP types without an answer type. */
export function invertTuple(tuple: Tuple): Tuple | undefined {
  if (tuple.proto === 'icmp') {
    const type = ICMP_INVERSE.get(tuple.type);
    if (type === undefined) return undefined;
    return { proto: 'icmp', src: tuple.dst, dst: tuple.src, id: tuple.id, type, code: tuple.code };
  }
  return { proto: tuple.proto, src: tuple.dst, dst: tuple.src, sport: tuple.dport, dport: tuple.sport };
}

/** A string that is equal for equal tuples, for use as a map key. */
export function tupleKey(tuple: Tuple): string {
  return tuple.proto === 'icmp'
    ? `icmp ${tuple.src}>${tuple.dst} id=${tuple.id} type=${tuple.type} code=${tuple.code}`
    : `${tuple.proto} ${tuple.src}:${tuple.sport}>${tuple.dst}:${tuple.dport}`;
}

export function tuplesEqual(a: Tuple, b: Tuple): boolean {
  return tupleKey(a) === tupleKey(b);
}

/**
 * The "port" NAT may change on the source side: the source port, or for
 * ICMP the echo id (the kernel keeps both in `src.u.all`).
 */
export function sourceKey(tuple: Tuple): number {
  return tuple.proto === 'icmp' ? tuple.id : tuple.sport;
}

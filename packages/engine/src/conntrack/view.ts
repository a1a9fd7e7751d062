/**
 * An entry as `conntrack -L` prints it: protocol name and number, seconds
 * left (the kernel reports nf_ct_expires / HZ, rounded down:
 * ctnetlink_dump_timeout in net/netfilter/nf_conntrack_netlink.c), the TCP
 * state, both tuples, `[UNREPLIED]` until a reply was seen and `[ASSURED]`.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { PROTO_NUMBER } from '../net/packet.js';
import type { ConntrackEntryView, ConntrackTupleView } from '../trace/types.js';
import { remainingMs } from './entry-state.js';
import type { ConntrackEntry, Tuple } from './types.js';

export function tupleToView(tuple: Tuple): ConntrackTupleView {
  const ends = { src: formatIpv4(tuple.src), dst: formatIpv4(tuple.dst) };
  return tuple.proto === 'icmp'
    ? { ...ends, type: tuple.type, code: tuple.code, id: tuple.id }
    : { ...ends, sport: tuple.sport, dport: tuple.dport };
}

export function entryFlags(entry: ConntrackEntry): string[] {
  const flags: string[] = [];
  if (!entry.status.seenReply) flags.push('UNREPLIED');
  if (entry.status.assured) flags.push('ASSURED');
  return flags;
}

export function toView(entry: ConntrackEntry, nowMs: number): ConntrackEntryView {
  const proto = entry.original.proto;
  return {
    proto,
    protonum: PROTO_NUMBER[proto],
    timeout: Math.floor(remainingMs(entry, nowMs) / 1000),
    ...(proto === 'tcp' && entry.tcpState ? { state: entry.tcpState } : {}),
    flags: entryFlags(entry),
    original: tupleToView(entry.original),
    reply: tupleToView(entry.reply),
    mark: entry.mark,
  };
}

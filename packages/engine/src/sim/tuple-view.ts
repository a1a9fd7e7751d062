/** Conntrack tuples as the trace shows them. */
import type { Tuple } from '../conntrack/types.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { ConntrackTupleView } from '../trace/types.js';

export function tupleView(tuple: Tuple): ConntrackTupleView {
  const ends = { src: formatIpv4(tuple.src), dst: formatIpv4(tuple.dst) };
  return tuple.proto === 'icmp'
    ? { ...ends, type: tuple.type, code: tuple.code, id: tuple.id }
    : { ...ends, sport: tuple.sport, dport: tuple.dport };
}

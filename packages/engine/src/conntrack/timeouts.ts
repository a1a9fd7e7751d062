/**
 * The kernel's default conntrack timeouts, in seconds: `tcp_timeouts` in
 * net/netfilter/nf_conntrack_proto_tcp.c, `udp_timeouts` in _udp.c and
 * `nf_ct_icmp_timeout` in _icmp.c. The same values are the defaults of the
 * net.netfilter.nf_conntrack_*_timeout* sysctls (checked on Linux 6.18 with
 * `sysctl -a | grep nf_conntrack` in a fresh network namespace).
 */
import type { TcpCtState } from './types.js';

export const TCP_TIMEOUTS: Readonly<Record<Exclude<TcpCtState, 'NONE'>, number>> = {
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432_000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
  SYN_SENT2: 120,
};

/** nf_conntrack_tcp_timeout_max_retrans: after `TCP_MAX_RETRANS` identical retransmissions. */
export const TCP_TIMEOUT_MAX_RETRANS = 300;
/** nf_conntrack_tcp_timeout_unacknowledged: while data is in flight unacknowledged. */
export const TCP_TIMEOUT_UNACKNOWLEDGED = 300;
/** nf_conntrack_tcp_max_retrans. */
export const TCP_MAX_RETRANS = 3;

/** nf_conntrack_udp_timeout: until a reply has been seen, and for the first two seconds after. */
export const UDP_TIMEOUT_UNREPLIED = 30;
/** nf_conntrack_udp_timeout_stream: traffic both ways, still active two seconds after it began. */
export const UDP_TIMEOUT_STREAM = 120;
/** How long after creation a replied UDP flow must still be active to count as a stream (2 * HZ). */
export const UDP_STREAM_AFTER_MS = 2_000;

export const ICMP_TIMEOUT = 30;

/** The timeout a NAT-clash entry gets, so that it goes away soon (nf_ct_resolve_clash_harder). */
export const CLASH_TIMEOUT = 1;

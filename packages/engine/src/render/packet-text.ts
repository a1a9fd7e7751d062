/**
 * Packets and tuples in words, the way tcpdump and `ip` users read them:
 * `192.168.1.10:40000 → 198.51.100.20:80`, `echo request id 7`,
 * `port unreachable (3/3) for udp 192.168.1.10:40002 → 198.51.100.20:54`.
 */
import type { ConntrackTupleView, InnerView } from '../trace/types.js';

/** The header fields a view needs; a WireCrossing has them all. */
export interface HeaderView {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly id?: number;
  readonly type?: number;
  readonly code?: number;
  readonly inner?: InnerView;
  readonly flags?: string;
}

const UNREACHABLE_CODES: Readonly<Record<number, string>> = {
  0: 'net unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  9: 'net prohibited',
  10: 'host prohibited',
  13: 'admin prohibited',
};

/** ICMP type and code in words (RFC 792, RFC 1812), with the numbers `--icmp-type` takes. */
export function icmpName(type: number | undefined, code: number | undefined): string {
  const c = code ?? 0;
  switch (type) {
    case 0:
      return 'echo reply';
    case 8:
      return 'echo request';
    case 3:
      return `${UNREACHABLE_CODES[c] ?? 'unreachable'} (3/${c})`;
    case 11:
      return `${c === 1 ? 'reassembly time exceeded' : 'time exceeded in transit'} (11/${c})`;
    case 5:
      return `redirect ${c === 1 ? 'host' : 'net'} (5/${c})`;
    default:
      return `icmp type ${type ?? '?'} code ${c}`;
  }
}

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}

/** `A:p → B:q`, or `A → B` when there are no ports. */
export function endpoints(t: { src: string; dst: string; sport?: number; dport?: number }): string {
  return `${endpoint(t.src, t.sport)} → ${endpoint(t.dst, t.dport)}`;
}

function innerText(inner: InnerView): string {
  const tail = inner.id === undefined ? '' : ` id ${inner.id}`;
  return `${inner.proto} ${endpoints(inner)}${tail}`;
}

/**
 * A packet's addresses and what it is: ports for TCP and UDP, the echo id or
 * the error and the packet it is about for ICMP. TCP flags and the protocol
 * name are left to `packetKind`.
 */
export function headerText(h: HeaderView): string {
  if (h.proto !== 'icmp') return endpoints(h);
  const what = icmpName(h.type, h.code);
  if (h.inner) return `${h.src} → ${h.dst} ${what} for ${innerText(h.inner)}`;
  return `${h.src} → ${h.dst} ${what}${h.id === undefined ? '' : ` id ${h.id}`}`;
}

/** What follows the addresses on a link crossing: TCP flags, `udp`, nothing for ICMP (already said). */
export function packetKind(h: HeaderView): string {
  if (h.proto === 'tcp') return h.flags ?? 'tcp';
  if (h.proto === 'icmp') return '';
  return h.proto;
}

/** A conntrack tuple in arrow form: `A:p → B:q`, or `A → B id 7` for ICMP. */
export function ctTupleText(t: ConntrackTupleView): string {
  return `${endpoints(t)}${t.id === undefined ? '' : ` id ${t.id}`}`;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EINVAL: 'Invalid argument',
  EADDRNOTAVAIL: 'Cannot assign requested address',
};

/** `ECONNREFUSED (Connection refused)`: the errno name with strerror()'s words. */
export function errnoText(error: string): string {
  const words = ERRNO_TEXT[error];
  return words === undefined ? error : `${error} (${words})`;
}

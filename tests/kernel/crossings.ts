/**
 * Captured frames to link crossings. Every interface is captured outbound
 * only, so each frame is one crossing, seen once, by the host that sent it;
 * where it went is the owner of the destination MAC (on a bridge, the one
 * member that accepts it) — except that a frame entering a bridge whose host
 * has bridge-nf-call-iptables=1 goes to that host first (br_netfilter). Loopback is link `lo`, from and to the same host.
 */
import type { DecodedFrame, DecodedTransport } from './decode.js';
import type { Crossing, CrossingLabel, InnerTuple } from './observation.js';

/** Names of TCP flag bits in the order tcpdump (and the trace) list them. */
const TCP_FLAG_NAMES: readonly [string, number][] = [
  ['SYN', 0x02],
  ['FIN', 0x01],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ECE', 0x40],
  ['CWR', 0x80],
];

export function tcpFlagsText(flags: number): string {
  return TCP_FLAG_NAMES.filter(([, bit]) => flags & bit)
    .map(([name]) => name)
    .join('-');
}

/** The request/echo payloads the agent uses (agent/agent.ts). */
const UDP_REPLY_PAYLOAD = 'pw-reply';

export function labelOf(ip: DecodedTransport): CrossingLabel {
  if (ip.proto === 'tcp') {
    const flags = ip.tcpFlags ?? 0;
    if (flags & 0x04) return 'RST';
    if (flags & 0x02) return flags & 0x10 ? 'SYN-ACK' : 'SYN';
    return 'ACK';
  }
  if (ip.proto === 'udp') return ip.payload?.toString('latin1').startsWith(UDP_REPLY_PAYLOAD) ? 'reply' : 'datagram';
  switch (ip.icmpType) {
    case 0:
      return 'echo-reply';
    case 8:
      return 'echo-request';
    case 11:
      return 'icmp-time-exceeded';
    case 5:
      return 'icmp-redirect';
    default:
      return 'icmp-unreachable';
  }
}

function innerTuple(inner: DecodedTransport): InnerTuple {
  return {
    proto: inner.proto,
    src: inner.src,
    dst: inner.dst,
    ...(inner.proto === 'icmp' ? { id: inner.icmpId ?? 0 } : { sport: inner.sport, dport: inner.dport }),
  };
}

export interface Attachment {
  /** `host:iface` → link. */
  readonly linkOf: ReadonlyMap<string, string>;
  /** MAC → `host:iface`. */
  readonly endpointByMac: ReadonlyMap<string, string>;
  /** A member on a bridge whose host runs bridged frames through iptables → the bridge's `host:device`, which sees all it sends. */
  readonly bridgeEntry?: ReadonlyMap<string, string>;
}

export function toCrossing(attachment: Attachment, host: string, iface: string, frame: DecodedFrame): Crossing {
  const from = `${host}:${iface}`;
  const loopback = iface === 'lo';
  const ip = frame.ip;
  const base = {
    link: loopback ? 'lo' : (attachment.linkOf.get(from) ?? '(no link)'),
    from,
    to: loopback ? from : (attachment.bridgeEntry?.get(from) ?? attachment.endpointByMac.get(frame.dstMac) ?? `(mac ${frame.dstMac})`),
    label: labelOf(ip),
    proto: ip.proto,
    src: ip.src,
    dst: ip.dst,
  };
  if (ip.proto === 'tcp') return { ...base, sport: ip.sport, dport: ip.dport, flags: tcpFlagsText(ip.tcpFlags ?? 0), ttl: ip.ttl };
  if (ip.proto === 'udp') return { ...base, sport: ip.sport, dport: ip.dport, ttl: ip.ttl };
  if (ip.inner) return { ...base, type: ip.icmpType, code: ip.icmpCode, inner: innerTuple(ip.inner), ttl: ip.ttl };
  return { ...base, ...(ip.icmpId === undefined ? {} : { id: ip.icmpId }), type: ip.icmpType, code: ip.icmpCode, ttl: ip.ttl };
}

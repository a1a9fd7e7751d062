/** Names for packets and views of their headers, as the trace records them. */
import { formatIpv4 } from '../net/ipv4.js';
import { ICMP_TYPE, TCP_FLAG, tcpFlagsText, type Packet } from '../net/packet.js';
import type { InnerView, PacketLabel, WireCrossing } from '../trace/types.js';

export function labelOf(packet: Packet, isReply: boolean): PacketLabel {
  switch (packet.proto) {
    case 'tcp': {
      const flags = packet.tcp?.flags ?? 0;
      if (flags & TCP_FLAG.RST) return 'RST';
      if (flags & TCP_FLAG.SYN) return flags & TCP_FLAG.ACK ? 'SYN-ACK' : 'SYN';
      return 'ACK';
    }
    case 'udp':
      return isReply ? 'reply' : 'datagram';
    case 'icmp':
      switch (packet.icmp?.type) {
        case ICMP_TYPE.ECHO_REQUEST:
          return 'echo-request';
        case ICMP_TYPE.ECHO_REPLY:
          return 'echo-reply';
        case ICMP_TYPE.TIME_EXCEEDED:
          return 'icmp-time-exceeded';
        case ICMP_TYPE.REDIRECT:
          return 'icmp-redirect';
        default:
          return 'icmp-unreachable';
      }
  }
}

export function innerView(inner: Packet): InnerView {
  return {
    proto: inner.proto,
    src: formatIpv4(inner.src),
    dst: formatIpv4(inner.dst),
    ...(inner.proto === 'icmp' ? { id: inner.icmp?.id ?? 0 } : { sport: inner.sport, dport: inner.dport }),
  };
}

export function wireView(packet: Packet, order: number, link: string, from: string, to: string): WireCrossing {
  const base = { order, link, from, to, proto: packet.proto, src: formatIpv4(packet.src), dst: formatIpv4(packet.dst) };
  if (packet.proto !== 'icmp') {
    return {
      ...base,
      sport: packet.sport,
      dport: packet.dport,
      ...(packet.tcp ? { flags: tcpFlagsText(packet.tcp.flags) } : {}),
      ttl: packet.ttl,
    };
  }
  const icmp = packet.icmp!;
  if (icmp.inner) {
    return { ...base, type: icmp.type, code: icmp.code, inner: innerView(icmp.inner), ttl: packet.ttl };
  }
  return { ...base, id: icmp.id ?? 0, type: icmp.type, code: icmp.code, ttl: packet.ttl };
}

/** `10.0.0.1:40000 → 10.0.0.2:80` or, for ICMP, `10.0.0.1 → 10.0.0.2 id 7`. */
export function describeEndpoints(packet: Packet): string {
  if (packet.proto === 'icmp') {
    const id = packet.icmp?.id;
    return `${formatIpv4(packet.src)} → ${formatIpv4(packet.dst)}${id === undefined ? '' : ` id ${id}`}`;
  }
  return `${formatIpv4(packet.src)}:${packet.sport} → ${formatIpv4(packet.dst)}:${packet.dport}`;
}

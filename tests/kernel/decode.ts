/**
 * Ethernet frames to the header fields the comparison needs: IPv4 (RFC 791),
 * TCP (RFC 9293), UDP (RFC 768) and ICMP (RFC 792), including the IP header
 * and first 8 bytes that an ICMP error quotes. Anything else (ARP, IPv6) is
 * not a packet of the scenario and decodes to undefined.
 */

export interface DecodedTransport {
  readonly proto: 'tcp' | 'udp' | 'icmp' | string;
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flag byte. */
  readonly tcpFlags?: number;
  readonly payload?: Buffer;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** Echo identifier. */
  readonly icmpId?: number;
  /** Redirect: the gateway named. */
  readonly gateway?: string;
  /** ICMP errors: the quoted packet. */
  readonly inner?: DecodedTransport;
}

export interface DecodedFrame {
  readonly srcMac: string;
  readonly dstMac: string;
  readonly ip: DecodedTransport;
}

const ETHERTYPE_IPV4 = 0x0800;
const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };
/** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);

function mac(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function ipv4(bytes: Buffer, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Decodes an IPv4 packet; `quoted` is the truncated copy inside an ICMP error (no payload, no nested error). */
export function decodeIpv4(packet: Buffer, quoted = false): DecodedTransport | undefined {
  if (packet.length < 20 || packet[0]! >> 4 !== 4) return undefined;
  const headerLength = (packet[0]! & 0x0f) * 4;
  const totalLength = quoted ? packet.length : Math.min(packet.readUInt16BE(2), packet.length);
  const fragmentOffset = packet.readUInt16BE(6) & 0x1fff;
  const protoNumber = packet[9]!;
  const base = { proto: PROTO_NAMES[protoNumber] ?? String(protoNumber), src: ipv4(packet, 12), dst: ipv4(packet, 16), ttl: packet[8]! };
  const l4 = packet.subarray(headerLength, totalLength);
  if (fragmentOffset !== 0) return base;
  if ((protoNumber === 6 || protoNumber === 17) && l4.length >= 4) {
    const ports = { sport: l4.readUInt16BE(0), dport: l4.readUInt16BE(2) };
    if (protoNumber === 6) return { ...base, ...ports, ...(l4.length >= 14 ? { tcpFlags: l4[13]! } : {}) };
    return { ...base, ...ports, ...(quoted ? {} : { payload: l4.subarray(8) }) };
  }
  if (protoNumber === 1 && l4.length >= 4) {
    const icmp = { ...base, icmpType: l4[0]!, icmpCode: l4[1]! };
    if ((icmp.icmpType === 0 || icmp.icmpType === 8) && l4.length >= 6) return { ...icmp, icmpId: l4.readUInt16BE(4) };
    if (!quoted && ICMP_ERRORS.has(icmp.icmpType) && l4.length >= 8 + 20) {
      const inner = decodeIpv4(l4.subarray(8), true);
      return { ...icmp, ...(icmp.icmpType === 5 ? { gateway: ipv4(l4, 4) } : {}), ...(inner ? { inner } : {}) };
    }
    return icmp;
  }
  return base;
}

export function decodeEthernet(frame: Buffer): DecodedFrame | undefined {
  if (frame.length < 14 || frame.readUInt16BE(12) !== ETHERTYPE_IPV4) return undefined;
  const ip = decodeIpv4(frame.subarray(14));
  if (!ip) return undefined;
  return { dstMac: mac(frame.subarray(0, 6)), srcMac: mac(frame.subarray(6, 12)), ip };
}

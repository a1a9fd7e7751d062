/**
 * Packets as the simulator sees them: the IPv4 header fields that routing and
 * netfilter look at, and the transport header of TCP, UDP or ICMP. Packets are
 * immutable values; a rewrite produces a new packet.
 */
import type { Ipv4 } from './ipv4.js';

export type Proto = 'tcp' | 'udp' | 'icmp';

export const PROTO_NUMBER: Readonly<Record<Proto, number>> = { icmp: 1, tcp: 6, udp: 17 };

/** TCP flag bits as they sit in the header (and as `--tcp-flags` names them). */
export const TCP_FLAG = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;
export type TcpFlagName = keyof typeof TCP_FLAG;

export interface TcpHeader {
  readonly flags: number;
  readonly seq: number;
  readonly ack: number;
}

export const ICMP_TYPE = {
  ECHO_REPLY: 0,
  DEST_UNREACH: 3,
  REDIRECT: 5,
  ECHO_REQUEST: 8,
  TIME_EXCEEDED: 11,
} as const;

/** Codes of ICMP destination unreachable (RFC 792, RFC 1812). */
export const ICMP_UNREACH = {
  NET: 0,
  HOST: 1,
  PROTOCOL: 2,
  PORT: 3,
  NET_PROHIBITED: 9,
  HOST_PROHIBITED: 10,
  ADMIN_PROHIBITED: 13,
} as const;

export interface IcmpHeader {
  readonly type: number;
  readonly code: number;
  /** Echo identifier (echo request/reply only). */
  readonly id?: number;
  readonly seq?: number;
  /** The gateway a redirect names. */
  readonly gateway?: Ipv4;
  /** The leading headers of the packet an error is about (errors only). */
  readonly inner?: Packet;
}

export interface Packet {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly proto: Proto;
  readonly ttl: number;
  /** TCP/UDP ports; 0 for ICMP. */
  readonly sport: number;
  readonly dport: number;
  readonly tcp?: TcpHeader;
  readonly icmp?: IcmpHeader;
}

export const DEFAULT_TTL = 64;

export function isIcmpError(packet: Packet): boolean {
  const type = packet.icmp?.type;
  return (
    packet.proto === 'icmp' &&
    (type === ICMP_TYPE.DEST_UNREACH || type === ICMP_TYPE.TIME_EXCEEDED || type === ICMP_TYPE.REDIRECT || type === 4 || type === 12)
  );
}

export function hasTcpFlag(packet: Packet, flag: number): boolean {
  return packet.tcp !== undefined && (packet.tcp.flags & flag) !== 0;
}

/** `SYN`, `SYN-ACK`, `RST-ACK` … as readers know them from tcpdump. */
export function tcpFlagsText(flags: number): string {
  const names: string[] = [];
  for (const name of ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const) {
    if (flags & TCP_FLAG[name]) names.push(name);
  }
  return names.join('-');
}

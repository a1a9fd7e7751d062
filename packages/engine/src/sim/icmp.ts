/**
 * Packets a host builds because of another packet: ICMP errors (icmp_send in
 * net/ipv4/icmp.c) and REJECT's answers (net/ipv4/netfilter/nf_reject_ipv4.c).
 */
import { formatIpv4, isMulticast, LIMITED_BROADCAST, type Ipv4 } from '../net/ipv4.js';
import {
  DEFAULT_TTL,
  ICMP_TYPE,
  ICMP_UNREACH,
  isIcmpError,
  TCP_FLAG,
  type Packet,
} from '../net/packet.js';
import { attachRelated } from '../conntrack/track.js';
import type { RejectWith } from '../netfilter/types.js';
import { hostOwnsAddress } from '../topology/network.js';
import { lookupRoute } from '../topology/routes.js';
import { selectSourceAddress } from '../topology/source-address.js';
import type { HostRuntime, PacketCause, SimContext } from './context.js';
import type { Skb } from './skb.js';

const REJECT_CODES: Readonly<Record<Exclude<RejectWith, 'tcp-reset'>, number>> = {
  'icmp-net-unreachable': ICMP_UNREACH.NET,
  'icmp-host-unreachable': ICMP_UNREACH.HOST,
  'icmp-proto-unreachable': ICMP_UNREACH.PROTOCOL,
  'icmp-port-unreachable': ICMP_UNREACH.PORT,
  'icmp-net-prohibited': ICMP_UNREACH.NET_PROHIBITED,
  'icmp-host-prohibited': ICMP_UNREACH.HOST_PROHIBITED,
  'icmp-admin-prohibited': ICMP_UNREACH.ADMIN_PROHIBITED,
};

/** The embedded copy of an offending packet: its headers, without its own embedded packet. */
function innerOf(packet: Packet): Packet {
  const { icmp } = packet;
  if (!icmp?.inner) return packet;
  const { inner: _dropped, ...rest } = icmp;
  return { ...packet, icmp: rest };
}

/**
 * icmp_send(): never about an ICMP error, never to or about broadcast and
 * multicast. The source is the offending packet's destination when that is
 * one of ours, else whatever the route back to the sender selects.
 */
export function icmpSend(
  ctx: SimContext,
  rt: HostRuntime,
  offending: Skb,
  type: number,
  code: number,
  options: { gateway?: Ipv4; cause?: PacketCause } = {},
): void {
  const bad = offending.packet;
  if (isIcmpError(bad)) return;
  if (bad.dst === LIMITED_BROADCAST || isMulticast(bad.dst) || bad.src === 0 || isMulticast(bad.src)) return;
  let src: Ipv4 | undefined = hostOwnsAddress(rt.host, bad.dst) ? bad.dst : undefined;
  if (src === undefined) {
    const back = lookupRoute(rt.host.routes, bad.src);
    if (!back) return;
    src = selectSourceAddress(rt.host, back, bad.src);
    if (src === undefined) return;
  }
  const packet: Packet = {
    src,
    dst: bad.src,
    proto: 'icmp',
    ttl: DEFAULT_TTL,
    sport: 0,
    dport: 0,
    icmp: { type, code, inner: innerOf(bad), ...(options.gateway === undefined ? {} : { gateway: options.gateway }) },
  };
  offending.hop.steps.push({
    kind: 'socket',
    detail: `sends ICMP ${describeIcmp(type, code)} to ${formatIpv4(bad.src)}${options.gateway === undefined ? '' : ` (gateway ${formatIpv4(options.gateway)})`}`,
  });
  // icmp_glue_bits() attaches the offending packet's conntrack entry to an
  // error (nf_ct_attach): it is RELATED even before that entry is confirmed.
  ctx.emit(rt, packet, options.cause ?? 'icmp-error', offending.trace.id, attachRelated(offending.ct));
}

export function describeIcmp(type: number, code: number): string {
  if (type === ICMP_TYPE.TIME_EXCEEDED) return 'time exceeded';
  if (type === ICMP_TYPE.REDIRECT) return 'redirect';
  const names: Record<number, string> = {
    0: 'net unreachable',
    1: 'host unreachable',
    2: 'protocol unreachable',
    3: 'port unreachable',
    9: 'net prohibited',
    10: 'host prohibited',
    13: 'administratively prohibited',
  };
  return names[code] ?? `unreachable code ${code}`;
}

/**
 * nf_send_reset(): a RST from the rejected segment's destination to its
 * source, attached to the segment's connection as RELATED in the other
 * direction (nf_ct_attach), so NAT rewrites it like a reply and conntrack
 * never confirms it.
 */
function sendReset(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const bad = skb.packet;
  if (bad.proto !== 'tcp' || !bad.tcp || bad.tcp.flags & TCP_FLAG.RST) return;
  const hasAck = (bad.tcp.flags & TCP_FLAG.ACK) !== 0;
  const consumed = (bad.tcp.flags & TCP_FLAG.SYN ? 1 : 0) + (bad.tcp.flags & TCP_FLAG.FIN ? 1 : 0);
  const reset: Packet = {
    src: bad.dst,
    dst: bad.src,
    proto: 'tcp',
    ttl: DEFAULT_TTL,
    sport: bad.dport,
    dport: bad.sport,
    tcp: hasAck
      ? { flags: TCP_FLAG.RST, seq: bad.tcp.ack, ack: 0 }
      : { flags: TCP_FLAG.RST | TCP_FLAG.ACK, seq: 0, ack: (bad.tcp.seq + consumed) >>> 0 },
  };
  skb.hop.steps.push({ kind: 'socket', detail: `REJECT answers with a TCP reset to ${formatIpv4(bad.src)}:${bad.sport}` });
  ctx.emit(rt, reset, 'reject', skb.trace.id, attachRelated(skb.ct));
}

export function sendReject(ctx: SimContext, rt: HostRuntime, skb: Skb, withWhat: RejectWith): void {
  if (withWhat === 'tcp-reset') {
    sendReset(ctx, rt, skb);
    return;
  }
  icmpSend(ctx, rt, skb, ICMP_TYPE.DEST_UNREACH, REJECT_CODES[withWhat], { cause: 'reject' });
}

/**
 * Leaving a host: the packet goes out of its interface onto the link and
 * reaches the member that answers ARP for the next hop. Linux answers ARP for
 * any of its addresses on any interface (arp_ignore=0), so the owner of the
 * address on the link's own interface is preferred, then any member host that
 * holds the address elsewhere. Loopback delivers back to the same host,
 * keeping the skb's mark and conntrack attachment. Nobody answering ARP is
 * a link failure, reported like the kernel does with ICMP host unreachable.
 */
import { formatIpv4, type Ipv4 } from '../net/ipv4.js';
import { ICMP_TYPE, ICMP_UNREACH } from '../net/packet.js';
import { hostOwnsAddress, LOOPBACK, type Host, type Interface, type Network } from '../topology/network.js';
import { selectAddressOnDevice } from '../topology/source-address.js';
import type { HostRuntime, SimContext } from './context.js';
import { icmpSend } from './icmp.js';
import { wireView } from './labels.js';
import { routeInput } from './route-input.js';
import { NO_CONNTRACK, type BridgeArrival, type Skb } from './skb.js';
import { dropHere } from './walk.js';

/**
 * The address an ARP request names as its sender (arp_solicit with
 * arp_announce=0): the packet's source when it is one of ours, else what
 * inet_select_addr() picks on the outgoing device for the target.
 */
function arpSenderAddress(sender: Host, out: Interface, packetSource: Ipv4, target: Ipv4): Ipv4 | undefined {
  return hostOwnsAddress(sender, packetSource) ? packetSource : selectAddressOnDevice(sender, out.name, target);
}

/**
 * Who answers ARP for `nexthop` on the link. The owner checks the request as
 * it would an IP packet from its sender address (arp_process runs
 * ip_route_input), so rp_filter and martian checks can leave it unanswered.
 */
export function arpOwner(network: Network, linkName: string, sender: Interface, packetSource: Ipv4, nexthop: Ipv4): Interface | undefined {
  const members = network.links.get(linkName)?.members ?? [];
  const others = members.filter((m) => m !== sender);
  const owner =
    others.find((m) => m.addresses.some((a) => a.address === nexthop)) ??
    others.find((m) => m.host !== sender.host && hostOwnsAddress(network.hosts.get(m.host)!, nexthop));
  if (!owner) return undefined;
  const senderHost = network.hosts.get(sender.host)!;
  const sip = arpSenderAddress(senderHost, sender, packetSource, nexthop);
  if (sip === undefined) return undefined;
  return routeInput(network.hosts.get(owner.host)!, owner.name, sip, nexthop).kind === 'local' ? owner : undefined;
}

export function transmit(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const host = rt.host;
  const out = skb.outIface!;
  if (out === LOOPBACK) {
    const from = `${host.name}:${LOOPBACK}`;
    skb.trace.wire.push(wireView(skb.packet, ctx.nextOrder(), LOOPBACK, from, from));
    ctx.enqueue({
      host: rt,
      iface: LOOPBACK,
      skb: { ...skb, inIface: LOOPBACK, local: false, hop: skb.hop },
    });
    return;
  }
  const iface = host.interfaces.get(out)!;
  if (iface.link === undefined) {
    dropHere(rt, skb, `${out} is not on any link`);
    return;
  }
  const owner = arpOwner(ctx.network, iface.link, iface, skb.packet.src, skb.nexthop!);
  if (!owner) {
    // After its ARP probes go unanswered the kernel reports a link failure for
    // every queued packet (arp_error_report → ipv4_link_failure): ICMP host
    // unreachable to the sender, which is this host itself for its own packets.
    icmpSend(ctx, rt, skb, ICMP_TYPE.DEST_UNREACH, ICMP_UNREACH.HOST);
    dropHere(rt, skb, `no host on link ${iface.link} answers ARP for ${formatIpv4(skb.nexthop!)} (asked three times)`);
    return;
  }
  const bridge = ctx.network.links.get(iface.link)!.bridge;
  if (bridge?.callIptables && iface !== bridge.device) {
    // br_netfilter: whatever the destination MAC, a frame entering by a port
    // is first seen by the bridge's host (br_nf_pre_routing).
    const link = ctx.network.links.get(iface.link)!;
    putOnLink(ctx, skb, iface, bridge.device, { link, port: iface, target: owner });
    return;
  }
  putOnLink(ctx, skb, iface, owner);
}

/** The frame crosses the link from `from` to `to`, whose host gets it next with a fresh skb. */
export function putOnLink(ctx: SimContext, skb: Skb, from: Interface, to: Interface, bridged?: BridgeArrival): void {
  skb.trace.wire.push(wireView(skb.packet, ctx.nextOrder(), from.link!, `${from.host}:${from.name}`, `${to.host}:${to.name}`));
  ctx.enqueue({
    host: ctx.runtimes.get(to.host)!,
    iface: to.name,
    skb: {
      packet: skb.packet,
      mark: 0,
      untracked: false,
      ct: NO_CONNTRACK,
      inIface: to.name,
      local: false,
      trace: skb.trace,
      hop: skb.hop,
      ...(bridged ? { bridged } : {}),
    },
  });
}

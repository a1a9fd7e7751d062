/**
 * A frame crossing a Linux bridge whose host has bridge-nf-call-iptables=1
 * (net/bridge/br_netfilter_hooks.c). Every IPv4 frame entering by a port
 * passes the host's PREROUTING first, with the bridge device as `-i`
 * (br_nf_pre_routing sets skb->dev to the bridge; `-m physdev` would see the
 * port). Then, in br_nf_pre_routing_finish:
 * - the destination address was changed (DNAT) and the route to the new one
 *   leads back out of the bridge device: the frame stays on the bridge
 *   ("bridged DNAT", no ip_forward: no TTL decrement, no redirect) and goes to
 *   the port behind which the new destination answers ARP;
 * - it was changed and the route leads elsewhere: the frame is handed up to
 *   the host's IP stack, which routes it (ip_sabotage_in keeps PREROUTING
 *   from running twice);
 * - it was not changed: the frame goes where its destination MAC says —
 *   the bridge device (up to the IP stack), or another port.
 * A frame bridged to a port passes FORWARD (br_nf_forward_ip: `-i` and `-o`
 * are the bridge device) and POSTROUTING (br_nf_post_routing: `-o` is the
 * bridge, there is no input device), with the host's one conntrack table.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { ICMP_TYPE, ICMP_UNREACH } from '../net/packet.js';
import type { Interface } from '../topology/network.js';
import type { HostRuntime, SimContext } from './context.js';
import { runHook } from './hooks.js';
import { icmpSend } from './icmp.js';
import { arpOwner, putOnLink } from './link.js';
import { routeInput } from './route-input.js';
import type { BridgeArrival, Skb } from './skb.js';
import { afterPrerouting, dropHere, routeStep, setOut } from './walk.js';

const endpoint = (iface: Interface): string => `${iface.host}:${iface.name}`;

export function bridgeReceive(ctx: SimContext, rt: HostRuntime, skb: Skb, arrival: BridgeArrival): void {
  const device = arrival.link.bridge!.device;
  const dstBefore = skb.packet.dst;
  const verdict = runHook(ctx, rt, skb, 'PREROUTING');
  if (verdict.verdict === 'drop') {
    dropHere(rt, skb, verdict.reason);
    return;
  }
  if (skb.packet.dst !== dstBefore) {
    const decision = routeInput(rt.host, device.name, skb.packet.src, skb.packet.dst);
    if (decision.kind !== 'forward' || decision.route.dev !== device.name) {
      afterPrerouting(ctx, rt, skb, decision);
      return;
    }
    skb.hop.steps.push(routeStep('input', 'forward', skb.packet.dst, decision.route));
    const nexthop = decision.route.via ?? skb.packet.dst;
    const target = arpOwner(ctx.network, arrival.link.name, device, skb.packet.src, nexthop);
    if (!target) {
      icmpSend(ctx, rt, skb, ICMP_TYPE.DEST_UNREACH, ICMP_UNREACH.HOST);
      dropHere(rt, skb, `no host behind bridge ${device.name} answers ARP for ${formatIpv4(nexthop)} (asked three times)`);
      return;
    }
    bridgeForward(ctx, rt, skb, arrival, target, `PREROUTING changed the destination and the route to it leads back out of ${device.name}: the frame stays on the bridge (bridged DNAT, not routed)`);
    return;
  }
  if (arrival.target === device) {
    afterPrerouting(ctx, rt, skb);
    return;
  }
  bridgeForward(ctx, rt, skb, arrival, arrival.target, `bridged by its destination MAC, through ${rt.host.name}'s iptables (bridge-nf-call-iptables=1)`);
}

function bridgeForward(ctx: SimContext, rt: HostRuntime, skb: Skb, arrival: BridgeArrival, target: Interface, detail: string): void {
  const { device, hairpin } = arrival.link.bridge!;
  if (target === arrival.port && !hairpin) {
    // br_forward's should_deliver(): never back out of the port it came in by, unless that port is in hairpin mode.
    dropHere(rt, skb, `bridge ${device.name} does not send a frame back out of the port it came in by (hairpin mode off)`);
    return;
  }
  skb.hop.steps.push({ kind: 'bridge', dev: device.name, decision: 'bridged', to: endpoint(target), detail });
  setOut(skb, device.name);
  skb.nexthop = skb.packet.dst;
  const forwarded = runHook(ctx, rt, skb, 'FORWARD');
  if (forwarded.verdict === 'drop') {
    dropHere(rt, skb, forwarded.reason);
    return;
  }
  // br_nf_post_routing hands POSTROUTING no input device.
  delete skb.inIface;
  const posted = runHook(ctx, rt, skb, 'POSTROUTING');
  if (posted.verdict === 'drop') {
    dropHere(rt, skb, posted.reason);
    return;
  }
  putOnLink(ctx, skb, device, target);
}

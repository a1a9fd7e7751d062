/**
 * Stateless one-to-one NAT, as a cloud VPC's gateway does it for external
 * IPs: inbound packets to `external` get destination `internal` before
 * routing, outbound packets from `internal` get source `external` after
 * routing, and neither is tracked by conntrack (the kernel harness builds it
 * as nftables payload rewrites with `notrack`, see tests/kernel). The
 * outbound rewrite sits in postrouting, which the host's own packets pass
 * too: a gateway that answers for an external address mapped onto one of its
 * own answers from the external address (checked in a namespace).
 */
import { formatIpv4 } from '../net/ipv4.js';
import type { Hook } from '../netfilter/types.js';
import type { HostRuntime } from './context.js';
import { ACCEPT, type HookVerdict } from './verdict.js';
import type { Skb } from './skb.js';

export function nat1to1In(rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  for (const mapping of rt.host.spec.nat1to1) {
    if (skb.packet.dst === mapping.external) {
      skb.hop.steps.push({
        kind: 'rewrite',
        hook,
        field: 'dst',
        before: formatIpv4(skb.packet.dst),
        after: formatIpv4(mapping.internal),
        by: 'nat1to1',
      });
      skb.packet = { ...skb.packet, dst: mapping.internal };
      skb.untracked = true;
    } else if (skb.packet.src === mapping.internal) {
      skb.untracked = true;
    }
  }
  return ACCEPT;
}

export function nat1to1Out(rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  const mapping = rt.host.spec.nat1to1.find((m) => m.internal === skb.packet.src);
  if (mapping) {
    skb.hop.steps.push({
      kind: 'rewrite',
      hook,
      field: 'src',
      before: formatIpv4(skb.packet.src),
      after: formatIpv4(mapping.external),
      by: 'nat1to1',
    });
    skb.packet = { ...skb.packet, src: mapping.external };
  }
  return ACCEPT;
}

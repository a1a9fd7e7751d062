/**
 * hostPort through the CNI portmap plugin (plugins/meta/portmap,
 * portmap_iptables.go), with its defaults: SNAT on, mark bit 13 (0x2000),
 * no extra conditions. Per pod with host ports, a CNI-DN-… chain: for each
 * mapping, hairpin traffic from the pod's own subnet and traffic from
 * 127.0.0.1 are marked for masquerade, then DNAT to the pod. Each pod's
 * entry in CNI-HOSTPORT-DNAT is inserted first (the newest pod wins), with
 * one multiport rule per protocol and 15 ports. CNI-HOSTPORT-DNAT is
 * appended to PREROUTING and OUTPUT (after kube-proxy's jump), while
 * CNI-HOSTPORT-MASQ is inserted at the top of POSTROUTING. (Older plugin
 * versions appended the per-pod entries instead.)
 *
 * The network is named cbr0 (flannel's, whose bridge is cni0); the plugin's
 * container id is the pod sandbox's, random on a real node: here a digest
 * of the pod's namespace and name, so the chain name is stable.
 */
import type { SourceSpan } from '../diagnostics.js';
import { formatIpv4, networkOf, type Ipv4, type Prefix } from '../net/ipv4.js';
import { portmapChain } from './chain-names.js';
import { hex, sha256 } from './hash.js';
import type { PodModel } from './model.js';
import { comment, type SaveTable } from './save-text.js';

export const PORTMAP_NETWORK = 'cbr0';
export const HOSTPORT_MARK = '0x2000';
/** multiport takes at most 15 ports per rule. */
const MULTIPORT_MAX = 15;

export function sandboxId(pod: PodModel): string {
  return hex(sha256(`${pod.namespace}/${pod.name}`));
}

const host = (address: Ipv4): Prefix => ({ address, length: 32 });

function sharedChains(nat: SaveTable, at: SourceSpan): void {
  for (const chain of ['CNI-HOSTPORT-SETMARK', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-DNAT']) nat.chain(chain, at);
  const mark = `${HOSTPORT_MARK}/${HOSTPORT_MARK}`;
  nat.add({ chain: 'CNI-HOSTPORT-SETMARK', matches: [comment('CNI portfwd masquerade mark')], target: `-j MARK --set-xmark ${mark}`, at });
  nat.add({ chain: 'CNI-HOSTPORT-MASQ', matches: [`-m mark --mark ${mark}`], target: '-j MASQUERADE', at });
  nat.add({ chain: 'POSTROUTING', matches: [comment('CNI portfwd requiring masquerade')], target: '-j CNI-HOSTPORT-MASQ', at }, true);
  for (const chain of ['PREROUTING', 'OUTPUT']) nat.add({ chain, matches: ['-m addrtype --dst-type LOCAL'], target: '-j CNI-HOSTPORT-DNAT', at });
}

function podRules(nat: SaveTable, pod: PodModel, podCIDR: Prefix): void {
  const mappings = pod.ports.filter((p) => p.hostPort !== undefined);
  const id = sandboxId(pod);
  const chain = portmapChain(PORTMAP_NETWORK, id);
  nat.chain(chain, pod.at);
  const entries: { proto: string; ports: number[] }[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    const ports = mappings.filter((m) => m.protocol === proto).map((m) => m.hostPort!);
    for (let i = 0; i < ports.length; i += MULTIPORT_MAX) entries.push({ proto, ports: ports.slice(i, i + MULTIPORT_MAX) });
  }
  // Each entry rule is inserted at the top in turn (chain.setup with prependEntry), so a pod's last entry comes first.
  for (const entry of entries) {
    nat.add(
      {
        chain: 'CNI-HOSTPORT-DNAT',
        proto: entry.proto as 'tcp' | 'udp',
        matches: [comment(`dnat name: "${PORTMAP_NETWORK}" id: "${id}"`), `-m multiport --dports ${entry.ports.join(',')}`],
        target: `-j ${chain}`,
        at: pod.at,
      },
      true,
    );
  }
  const podNet: Prefix = { address: networkOf(pod.ip, podCIDR.length), length: podCIDR.length };
  for (const m of mappings) {
    const base = { chain, ...(m.hostIP === undefined || m.hostIP === 0 ? {} : { dst: host(m.hostIP) }), proto: m.protocol, matches: [`-m ${m.protocol} --dport ${m.hostPort}`], at: m.at };
    nat.add({ ...base, src: podNet, target: '-j CNI-HOSTPORT-SETMARK' });
    nat.add({ ...base, src: host(0x7f000001), target: '-j CNI-HOSTPORT-SETMARK' });
    nat.add({ ...base, target: `-j DNAT --to-destination ${formatIpv4(pod.ip)}:${m.containerPort}` });
  }
}

/** Writes the portmap plugin's rules for the pods of one node, in the order they started. */
export function writePortmapRules(nat: SaveTable, pods: readonly PodModel[], podCIDR: Prefix, at: SourceSpan): void {
  const published = pods.filter((p) => p.ports.some((port) => port.hostPort !== undefined));
  if (published.length === 0) return;
  sharedChains(nat, at);
  for (const pod of published) podRules(nat, pod, podCIDR);
}

/**
 * The cluster as ordinary hosts and links. A node: eth0 with its address on
 * its link, forwarding on, the bridge cni0 with the first address of its
 * podCIDR, a route to every other node's podCIDR through that node's
 * address, its own extra routes, and its rules. A pod: eth0 with its address
 * in the podCIDR's subnet, plugged into its node's bridge link, a default
 * route through the bridge, listening on its container ports.
 */
import { count, LIMITS } from '../limits.js';
import { formatIpv4, formatPrefix, prefixContains, prefixOfInterfaceAddress } from '../net/ipv4.js';
import { parseIptablesSave } from '../netfilter/parse.js';
import { EMPTY_RULESET, type Ruleset } from '../netfilter/types.js';
import type { HostInfo } from '../scenario/host-info.js';
import { checkIptables } from '../scenario/iptables.js';
import { checkRoutes } from '../scenario/routes.js';
import type { Reporter } from '../scenario/source.js';
import { DEFAULT_SYSCTL, type HostSpec, type InterfaceSpec, type LinkMemberSpec, type ListenSpec, type RouteSpec } from '../scenario/types.js';
import { bridgeAddress, bridgeLinkName } from './cluster-checks.js';
import type { ClusterModel, NodeModel, PodModel } from './model.js';
import { nodeRules } from './node-rules.js';

export interface CompiledCluster {
  readonly hosts: HostSpec[];
  readonly infos: Map<string, HostInfo>;
  /** Link name → the members the cluster plugs into it. */
  readonly links: Map<string, LinkMemberSpec[]>;
  /** Per node, the rules as text (generated, or the node's own dump). */
  readonly rules: Map<string, string>;
}

function nodeInterfaces(node: NodeModel): InterfaceSpec[] {
  return [
    { name: 'eth0', addresses: [node.address], at: node.at },
    { name: 'cni0', addresses: [{ address: bridgeAddress(node.podCIDR), prefixLength: node.podCIDR.length }], at: node.at },
  ];
}

function nodeRoutes(reporter: Reporter, node: NodeModel, nodes: readonly NodeModel[], interfaces: InterfaceSpec[]): RouteSpec[] {
  const subnet = prefixOfInterfaceAddress(node.address);
  const peers = nodes.filter((n) => n !== node);
  for (const peer of peers) {
    if (peer.link !== node.link || !prefixContains(subnet, peer.address.address)) {
      reporter.at(
        [...peer.path, 'address'],
        `node '${node.name}' routes ${formatPrefix(peer.podCIDR)} through ${formatIpv4(peer.address.address)}, which must be in its subnet ${formatPrefix(subnet)} on link '${node.link}'`,
      );
    }
  }
  const generated = peers.map((peer) => ({ text: `${formatPrefix(peer.podCIDR)} via ${formatIpv4(peer.address.address)}`, at: peer.at, path: undefined }));
  const written = node.routes.map((r) => ({ text: r.text, at: reporter.spanAt(r.path), path: r.path }));
  const all = [...generated, ...written];
  const { routes, problems } = checkRoutes({ name: node.name, interfaces }, all.map((r) => r.text));
  for (const p of problems) {
    const route = all[p.index]!;
    if (route.path) reporter.in(route.path, p.start, p.end, p.message);
  }
  return routes.flatMap((route, i) => (route ? [{ ...route, at: all[i]!.at }] : []));
}

/** Generated rules count against the scenario's rule budget (LIMITS.rules) like written ones. */
function withinBudget(reporter: Reporter, node: NodeModel, rules: number): boolean {
  const budget = reporter.ruleBudget;
  if (budget.exhausted) return false;
  if (rules <= budget.remaining) {
    budget.remaining -= rules;
    return true;
  }
  budget.exhausted = true;
  reporter.at(
    node.path,
    `packetwalk reads at most ${count(LIMITS.rules)} iptables rules in one scenario (all hosts together); the ${count(rules)} rules kube-proxy and portmap would have on node '${node.name}' go beyond that, so they are left out`,
    'key',
  );
  return false;
}

function nodeRuleset(reporter: Reporter, cluster: ClusterModel, node: NodeModel): { ruleset: Ruleset; text: string } {
  if (node.iptables) return { ruleset: checkIptables(reporter, node.iptables.path, node.iptables.text), text: node.iptables.text };
  if (reporter.ruleBudget.exhausted) return { ruleset: EMPTY_RULESET, text: '' };
  const dump = nodeRules(cluster, node);
  let rules = 0;
  for (let i = dump.text.indexOf('\n-A '); i >= 0; i = dump.text.indexOf('\n-A ', i + 1)) rules++;
  if (!withinBudget(reporter, node, rules)) return { ruleset: EMPTY_RULESET, text: '' };
  const { ruleset, problems } = parseIptablesSave(dump.text, (line) => dump.origins[line] ?? node.at);
  for (const p of problems) reporter.atSpan(p.at, `packetwalk generated a rule it cannot read back (a bug in packetwalk): ${p.message}`);
  return { ruleset, text: dump.text };
}

function podListen(pod: PodModel): ListenSpec[] {
  return pod.ports.map((p) => ({ proto: p.protocol, port: p.containerPort, at: p.at }));
}

function info(name: string, path: HostInfo['path'], interfaces: InterfaceSpec[]): HostInfo {
  return { name, path, interfaceNames: new Set(interfaces.map((i) => i.name)), interfaces, complete: true };
}

export function buildCluster(reporter: Reporter, cluster: ClusterModel): CompiledCluster {
  const hosts: HostSpec[] = [];
  const infos = new Map<string, HostInfo>();
  const links = new Map<string, LinkMemberSpec[]>();
  const rules = new Map<string, string>();
  const join = (link: string, member: LinkMemberSpec): void => {
    links.set(link, [...(links.get(link) ?? []), member]);
  };
  for (const node of cluster.nodes) {
    const interfaces = nodeInterfaces(node);
    const { ruleset, text } = nodeRuleset(reporter, cluster, node);
    rules.set(node.name, text);
    const spec: HostSpec = {
      name: node.name,
      forwarding: true,
      interfaces,
      routes: nodeRoutes(reporter, node, cluster.nodes, interfaces),
      ruleset,
      listen: [],
      sysctl: DEFAULT_SYSCTL,
      nat1to1: [],
      at: node.at,
      // Bridge-based network plugins set bridge-nf-call-iptables=1 (br_netfilter), so same-node pod traffic passes kube-proxy's rules;
      // the CNI bridge plugin's hairpinMode (on in kubenet's and flannel's configurations) lets a pod reach itself through a Service.
      bridges: { devices: [{ name: 'cni0', hairpin: true }], callIptables: true },
    };
    hosts.push(spec);
    infos.set(node.name, info(node.name, node.path, interfaces));
    join(node.link, { host: node.name, iface: 'eth0', at: node.at });
  }
  for (const pod of cluster.pods) {
    const node = cluster.nodes.find((n) => n.name === pod.node)!;
    const interfaces: InterfaceSpec[] = [{ name: 'eth0', addresses: [{ address: pod.ip, prefixLength: node.podCIDR.length }], at: pod.at }];
    const gateway = formatIpv4(bridgeAddress(node.podCIDR));
    const { routes } = checkRoutes({ name: pod.name, interfaces }, [`default via ${gateway}`]);
    hosts.push({
      name: pod.name,
      forwarding: false,
      interfaces,
      routes: routes.flatMap((r) => (r ? [{ ...r, at: pod.at }] : [])),
      ruleset: EMPTY_RULESET,
      listen: podListen(pod),
      sysctl: DEFAULT_SYSCTL,
      nat1to1: [],
      at: pod.at,
    });
    infos.set(pod.name, info(pod.name, pod.path, interfaces));
    if (!links.has(bridgeLinkName(node.name))) join(bridgeLinkName(node.name), { host: node.name, iface: 'cni0', at: node.at });
    join(bridgeLinkName(node.name), { host: pod.name, iface: 'eth0', at: pod.at });
  }
  return { hosts, infos, links, rules };
}

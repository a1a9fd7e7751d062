/**
 * What the parts of a cluster say about each other, checked once for both
 * ways of writing it (short form, pasted objects). Where the API server,
 * the scheduler or the kubelet would refuse something, the message says so
 * in their words; where the cluster would merely be unlike any real one (a
 * pod outside its node's podCIDR), packetwalk refuses it and says why.
 * Items with a problem are left out, so one mistake is reported once.
 */
import { broadcastOf, formatIpv4, formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../net/ipv4.js';
import { hostNameProblem } from '../scenario/names.js';
import type { Reporter } from '../scenario/source.js';
import { suggestion } from '../scenario/suggest.js';
import type { NodeModel, PodModel, ServiceDef } from './model.js';
import { prefixesOverlap } from './values.js';

/** The link of a node's bridge cni0 and its pods. */
export function bridgeLinkName(node: string): string {
  return `${node}-cni0`;
}

/** The first address of a podCIDR: the bridge's (flannel's and the bridge plugin's choice). */
export function bridgeAddress(podCIDR: Prefix): Ipv4 {
  return (podCIDR.address + 1) >>> 0;
}

export interface Cluster {
  readonly nodes: NodeModel[];
  readonly pods: PodModel[];
  readonly services: ServiceDef[];
}

function checkNodes(reporter: Reporter, nodes: readonly NodeModel[], declared: ReadonlySet<string>, clusterCIDR: Prefix | undefined): NodeModel[] {
  const kept: NodeModel[] = [];
  for (const node of nodes) {
    const fail = (path: typeof node.path, message: string, on: 'key' | 'value' = 'value'): void => reporter.at(path, message, on);
    const problem = hostNameProblem(node.name);
    if (problem) {
      fail(node.path, `${problem}; a node becomes a host of that name`, 'key');
      continue;
    }
    if (declared.has(node.name)) {
      fail(node.path, `node '${node.name}' would be a host, but hosts already has one named '${node.name}'`, 'key');
      continue;
    }
    if (kept.some((n) => n.name === node.name)) {
      fail(node.path, `node '${node.name}' is given twice`, 'key');
      continue;
    }
    const cidrPath = [...node.path, 'podCIDR'];
    const cidr = formatPrefix(node.podCIDR);
    if (node.podCIDR.length > 30) {
      fail(cidrPath, `podCIDR ${cidr} leaves no address for pods beside the bridge's`);
      continue;
    }
    if (clusterCIDR && !(prefixContains(clusterCIDR, node.podCIDR.address) && node.podCIDR.length >= clusterCIDR.length)) {
      fail(cidrPath, `podCIDR ${cidr} is outside clusterCIDR ${formatPrefix(clusterCIDR)}; node podCIDRs are cut from the cluster CIDR`);
      continue;
    }
    const overlap = kept.find((n) => prefixesOverlap(n.podCIDR, node.podCIDR));
    if (overlap) {
      fail(cidrPath, `podCIDR ${cidr} overlaps node '${overlap.name}'s ${formatPrefix(overlap.podCIDR)}`);
      continue;
    }
    if (prefixContains(node.podCIDR, node.address.address)) {
      fail([...node.path, 'address'], `the node's address ${formatIpv4(node.address.address)} is inside its own podCIDR ${cidr}`);
      continue;
    }
    const linkOwner = kept.find((n) => bridgeLinkName(n.name) === node.link) ?? (bridgeLinkName(node.name) === node.link ? node : undefined);
    if (linkOwner) {
      fail([...node.path, 'link'], `link '${node.link}' is the name packetwalk gives node '${linkOwner.name}'s bridge; pick another`);
      continue;
    }
    kept.push(node);
  }
  return kept;
}

function checkPodAddress(reporter: Reporter, pod: PodModel, node: NodeModel, taken: Map<Ipv4, string>): boolean {
  const path = [...pod.path, 'ip'];
  const ip = formatIpv4(pod.ip);
  const cidr = formatPrefix(node.podCIDR);
  const broadcast = broadcastOf({ address: node.podCIDR.address, prefixLength: node.podCIDR.length });
  let problem: string | undefined;
  if (!prefixContains(node.podCIDR, pod.ip)) problem = `${ip} is outside node '${node.name}'s podCIDR ${cidr}; its pods get addresses from it`;
  else if (pod.ip === networkOf(pod.ip, node.podCIDR.length)) problem = `${ip} is the network address of ${cidr}`;
  else if (pod.ip === bridgeAddress(node.podCIDR)) problem = `${ip} is the address of node '${node.name}'s bridge cni0`;
  else if (pod.ip === broadcast) problem = `${ip} is the broadcast address of ${cidr}`;
  else if (taken.has(pod.ip)) problem = `${ip} is already the address of ${taken.get(pod.ip)}`;
  if (problem) reporter.at(path, problem);
  return problem === undefined;
}

function checkPodPorts(reporter: Reporter, pod: PodModel, node: NodeModel, hostPorts: Map<string, string>): boolean {
  let ok = true;
  const seen = new Set<string>();
  for (const port of pod.ports) {
    const key = `${port.protocol}/${port.containerPort}`;
    if (seen.has(key)) {
      reporter.at(port.path, `containerPort ${port.containerPort}/${port.protocol.toUpperCase()} is listed twice (spec.containers[].ports: Duplicate value)`);
      ok = false;
    }
    seen.add(key);
    if (port.hostPort === undefined) continue;
    if (port.hostIP !== undefined && port.hostIP !== node.address.address) {
      reporter.at([...port.path, 'hostIP'], `hostIP ${formatIpv4(port.hostIP)} is not an address of node '${node.name}' (${formatIpv4(node.address.address)})`);
      ok = false;
    }
    const hostKey = `${node.name}/${port.protocol}/${port.hostPort}`;
    const other = hostPorts.get(hostKey);
    if (other !== undefined) {
      reporter.at(port.path, `hostPort ${port.hostPort}/${port.protocol.toUpperCase()} on node '${node.name}' is already ${other}'s; the scheduler would not place both pods there`);
      ok = false;
    } else {
      hostPorts.set(hostKey, pod.name);
    }
  }
  return ok;
}

/** `refused`: nodes written but refused; their pods are left out without another word. */
function checkPods(reporter: Reporter, pods: readonly PodModel[], nodes: readonly NodeModel[], refused: ReadonlySet<string>, declared: ReadonlySet<string>): PodModel[] {
  const kept: PodModel[] = [];
  const taken = new Map<Ipv4, string>(nodes.map((n) => [n.address.address, `node '${n.name}'`]));
  const hostPorts = new Map<string, string>();
  for (const pod of pods) {
    const problem = hostNameProblem(pod.name);
    const clash = declared.has(pod.name) || nodes.some((n) => n.name === pod.name) || kept.some((p) => p.name === pod.name);
    if (problem || clash) {
      reporter.at([...pod.path, 'name'], problem ? `${problem}; a pod becomes a host of that name` : `pod '${pod.name}' would be a host, but there is already one named '${pod.name}'`);
      continue;
    }
    const node = nodes.find((n) => n.name === pod.node);
    if (!node && refused.has(pod.node)) continue;
    if (!node) {
      const hint = suggestion(pod.node, nodes.map((n) => n.name));
      reporter.at([...pod.path, 'node'], `there is no node '${pod.node}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
      continue;
    }
    if (!checkPodAddress(reporter, pod, node, taken) || !checkPodPorts(reporter, pod, node, hostPorts)) continue;
    taken.set(pod.ip, `pod '${pod.name}'`);
    kept.push(pod);
  }
  return kept;
}

function checkServices(reporter: Reporter, services: readonly ServiceDef[], clusterCIDR: Prefix | undefined, addresses: ReadonlyMap<Ipv4, string>): ServiceDef[] {
  const kept: ServiceDef[] = [];
  const nodePorts = new Map<string, string>();
  for (const service of services) {
    const id = `${service.namespace}/${service.name}`;
    let ok = true;
    const fail = (path: typeof service.path, message: string): void => {
      reporter.at(path, message);
      ok = false;
    };
    if (kept.some((s) => s.namespace === service.namespace && s.name === service.name)) fail(service.path, `Service ${id} is given twice`);
    const ipPath = [...service.path, 'clusterIP'];
    const sameIP = kept.find((s) => s.clusterIP === service.clusterIP);
    if (sameIP) fail(ipPath, `clusterIP ${formatIpv4(service.clusterIP)} is already ${sameIP.namespace}/${sameIP.name}'s (the API server: provided IP is already allocated)`);
    else if (clusterCIDR && prefixContains(clusterCIDR, service.clusterIP)) fail(ipPath, `clusterIP ${formatIpv4(service.clusterIP)} is inside the pod network ${formatPrefix(clusterCIDR)}; cluster IPs come from the service CIDR`);
    else if (addresses.has(service.clusterIP)) fail(ipPath, `clusterIP ${formatIpv4(service.clusterIP)} is already the address of ${addresses.get(service.clusterIP)}`);
    const seen = new Map<string, number>();
    service.ports.forEach((port, i) => {
      const key = `${port.protocol}/${port.port}`;
      if (seen.has(key)) fail(port.path, `port ${port.port}/${port.protocol.toUpperCase()} is listed twice (spec.ports: Duplicate value)`);
      seen.set(key, i);
      if (port.name !== '' && service.ports.slice(0, i).some((p) => p.name === port.name)) fail(port.path, `port name '${port.name}' is used twice (spec.ports[].name: Duplicate value)`);
      if (port.nodePort === undefined) return;
      const nodeKey = `${port.protocol}/${port.nodePort}`;
      const owner = nodePorts.get(nodeKey);
      if (owner !== undefined && owner !== id) fail(port.path, `nodePort ${port.nodePort} is already ${owner}'s (the API server: provided port is already allocated)`);
      else nodePorts.set(nodeKey, id);
    });
    if (ok) kept.push(service);
  }
  return kept;
}

/** `written`: every node name the section gives, read or not, so that a refused node's pods are not reported again. */
export function checkCluster(reporter: Reporter, cluster: Cluster, written: ReadonlySet<string>, declared: ReadonlySet<string>, clusterCIDR: Prefix | undefined): Cluster {
  const nodes = checkNodes(reporter, cluster.nodes, declared, clusterCIDR);
  const refused = new Set([...written].filter((name) => !nodes.some((n) => n.name === name)));
  const pods = checkPods(reporter, cluster.pods, nodes, refused, declared);
  const addresses = new Map<Ipv4, string>([
    ...nodes.map((n): [Ipv4, string] => [n.address.address, `node '${n.name}'`]),
    ...pods.map((p): [Ipv4, string] => [p.ip, `pod '${p.name}'`]),
  ]);
  const services = checkServices(reporter, cluster.services, clusterCIDR, addresses);
  return { nodes, pods, services };
}

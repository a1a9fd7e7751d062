/**
 * The short form of spec §4: `nodes`, `pods` and `services` written by hand,
 * read item by item into the cluster model. What each item says on its own
 * is checked here; what items say about each other (a pod inside its node's
 * podCIDR, two Services on one port) in cluster-checks.ts, which the
 * pasted objects go through too.
 */
import type { Path, Reporter } from '../scenario/source.js';
import { conformingEntries, conformingItems } from '../scenario/schema.js';
import type { Protocol } from './chain-names.js';
import { DEFAULT_AFFINITY_SECONDS, DEFAULT_NAMESPACE, type ContainerPortModel, type NodeModel, type PodModel, type ServiceDef, type ServicePortDef } from './model.js';
import { kubernetesSchema, type NodeInput, type PodInput, type ServiceInput } from './schema.js';
import { readAddress, readInterfaceAddress, readPrefix } from './values.js';

const fields = kubernetesSchema.shape;

export const protocolOf = (protocol: 'TCP' | 'UDP'): Protocol => (protocol === 'UDP' ? 'udp' : 'tcp');

function readNode(reporter: Reporter, name: string, node: NodeInput): NodeModel | undefined {
  const path: Path = ['kubernetes', 'nodes', name];
  const address = readInterfaceAddress(reporter, [...path, 'address'], node.address, 'address');
  const podCIDR = readPrefix(reporter, [...path, 'podCIDR'], node.podCIDR, 'podCIDR');
  if (node.link.trim() === '') reporter.at([...path, 'link'], 'link: the node needs the name of the link its eth0 is on');
  if (!address || !podCIDR || node.link.trim() === '') return undefined;
  return {
    name,
    address,
    podCIDR,
    link: node.link.trim(),
    routes: (node.routes ?? []).map((text, i) => ({ text, path: [...path, 'routes', i] })),
    ...(node.iptables === undefined ? {} : { iptables: { text: node.iptables, path: [...path, 'iptables'] } }),
    at: reporter.spanAt(path, 'key'),
    path,
  };
}

function readPod(reporter: Reporter, index: number, pod: PodInput): PodModel | undefined {
  const path: Path = ['kubernetes', 'pods', index];
  const ip = readAddress(reporter, [...path, 'ip'], pod.ip, 'ip');
  const ports: ContainerPortModel[] = [];
  let ok = ip !== undefined;
  (pod.ports ?? []).forEach((port, i) => {
    const portPath = [...path, 'ports', i];
    let hostIP: number | undefined;
    if (port.hostIP !== undefined) {
      hostIP = port.hostIP.trim() === '0.0.0.0' ? 0 : readAddress(reporter, [...portPath, 'hostIP'], port.hostIP, 'hostIP');
      if (hostIP === undefined) ok = false;
      if (port.hostPort === undefined) reporter.at([...portPath, 'hostIP'], 'hostIP needs a hostPort: it says which node address publishes the port');
    }
    ports.push({
      ...(port.name === undefined ? {} : { name: port.name }),
      containerPort: port.containerPort,
      protocol: protocolOf(port.protocol),
      ...(port.hostPort === undefined ? {} : { hostPort: port.hostPort }),
      ...(hostIP ? { hostIP } : {}),
      at: reporter.spanAt(portPath),
      path: portPath,
    });
  });
  if (!ok || ip === undefined) return undefined;
  return {
    name: pod.name,
    namespace: pod.namespace ?? DEFAULT_NAMESPACE,
    node: pod.node,
    ip,
    labels: pod.labels ?? {},
    ports,
    at: reporter.spanAt(path),
    path,
  };
}

function readService(reporter: Reporter, index: number, service: ServiceInput): ServiceDef | undefined {
  const path: Path = ['kubernetes', 'services', index];
  const at = (key: string): Path => [...path, key];
  let ok = true;
  const external = service.type !== 'ClusterIP' || (service.externalIPs?.length ?? 0) > 0;
  const onlyFor = (key: keyof ServiceInput, allowed: boolean, who: string): void => {
    if (service[key] !== undefined && !allowed) {
      reporter.at(at(key), `${key} may only be set for ${who} (the API server refuses it here)`);
      ok = false;
    }
  };
  onlyFor('externalTrafficPolicy', external, 'externally-accessible services: NodePort, LoadBalancer, or with externalIPs');
  onlyFor('loadBalancerIP', service.type === 'LoadBalancer', 'type LoadBalancer');
  onlyFor('loadBalancerSourceRanges', service.type === 'LoadBalancer', 'type LoadBalancer');
  onlyFor('healthCheckNodePort', service.type === 'LoadBalancer' && service.externalTrafficPolicy === 'Local', 'type LoadBalancer with externalTrafficPolicy Local');
  if (service.sessionAffinityConfig !== undefined && service.sessionAffinity !== 'ClientIP') {
    reporter.at(at('sessionAffinityConfig'), 'sessionAffinityConfig applies only with sessionAffinity: ClientIP');
    ok = false;
  }
  // A headless Service has no virtual IP: kube-proxy writes no rules for it.
  if (service.clusterIP.trim() === 'None') return undefined;
  const clusterIP = readAddress(reporter, at('clusterIP'), service.clusterIP, 'clusterIP');
  if (clusterIP === undefined) ok = false;
  const list = (key: 'externalIPs' | 'loadBalancerSourceRanges'): string[] => service[key] ?? [];
  const externalIPs = list('externalIPs').map((text, i) => readAddress(reporter, [...at('externalIPs'), i], text, 'externalIPs'));
  const sourceRanges = list('loadBalancerSourceRanges').map((text, i) => readPrefix(reporter, [...at('loadBalancerSourceRanges'), i], text, 'loadBalancerSourceRanges', false));
  const lbIP = service.loadBalancerIP === undefined ? undefined : readAddress(reporter, at('loadBalancerIP'), service.loadBalancerIP, 'loadBalancerIP');
  if (externalIPs.includes(undefined) || sourceRanges.includes(undefined) || (service.loadBalancerIP !== undefined && lbIP === undefined)) ok = false;
  const ports = readServicePorts(reporter, path, service);
  if (!ports || !ok || clusterIP === undefined) return undefined;
  return {
    namespace: service.namespace ?? DEFAULT_NAMESPACE,
    name: service.name,
    clusterIP,
    ...(service.selector ? { selector: service.selector } : {}),
    ports,
    externalPolicyLocal: service.externalTrafficPolicy === 'Local',
    internalPolicyLocal: service.internalTrafficPolicy === 'Local',
    ...(service.sessionAffinity === 'ClientIP' ? { affinitySeconds: service.sessionAffinityConfig?.clientIP.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS } : {}),
    loadBalancerIPs: lbIP === undefined ? [] : [lbIP],
    sourceRanges: sourceRanges.filter((r) => r !== undefined),
    externalIPs: externalIPs.filter((a) => a !== undefined),
    ...(service.healthCheckNodePort === undefined ? {} : { healthCheckNodePort: service.healthCheckNodePort }),
    at: reporter.spanAt(path),
    path,
  };
}

function readServicePorts(reporter: Reporter, path: Path, service: ServiceInput): ServicePortDef[] | undefined {
  if (service.ports.length === 0) {
    reporter.at([...path, 'ports'], 'ports: a Service needs at least one port (spec.ports: Required value)');
    return undefined;
  }
  let ok = true;
  const needsNodePort = service.type !== 'ClusterIP';
  const ports = service.ports.map((port, i): ServicePortDef => {
    const portPath = [...path, 'ports', i];
    if (service.ports.length > 1 && (port.name ?? '') === '') {
      reporter.at(portPath, 'a Service with several ports must name each one (spec.ports[].name: Required value)');
      ok = false;
    }
    if (needsNodePort && port.nodePort === undefined) {
      reporter.at(portPath, `a ${service.type} Service needs nodePort: the API server would pick one from 30000-32767; write the one it picked`);
      ok = false;
    }
    if (!needsNodePort && port.nodePort !== undefined) {
      reporter.at([...portPath, 'nodePort'], 'nodePort may only be set for type NodePort or LoadBalancer');
      ok = false;
    }
    return {
      name: port.name ?? '',
      protocol: protocolOf(port.protocol),
      port: port.port,
      targetPort: port.targetPort ?? port.port,
      ...(port.nodePort === undefined ? {} : { nodePort: port.nodePort }),
      path: portPath,
    };
  });
  return ok ? ports : undefined;
}

export interface ShortForm {
  readonly nodes: NodeModel[];
  readonly pods: PodModel[];
  readonly services: ServiceDef[];
}

export function readShortForm(reporter: Reporter, section: Record<string, unknown>): ShortForm {
  const nodes = conformingEntries(fields.nodes.unwrap(), section.nodes).flatMap(([name, node]) => readNode(reporter, name, node) ?? []);
  const pods = conformingItems(fields.pods.unwrap(), section.pods).flatMap(({ index, item }) => readPod(reporter, index, item) ?? []);
  const services = conformingItems(fields.services.unwrap(), section.services).flatMap(({ index, item }) => readService(reporter, index, item) ?? []);
  return { nodes, pods, services };
}

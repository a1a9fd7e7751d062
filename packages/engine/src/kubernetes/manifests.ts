/**
 * Kubernetes objects pasted from `kubectl get -o yaml` (under
 * `kubernetes.objects`, a list or a `kind: List`): Nodes, Pods, Services and
 * EndpointSlices, read into the same cluster model as the short form. A
 * Node object says its InternalIP but neither its link nor its subnet, so
 * those come from `kubernetes.nodeNetwork`. Object names become host names
 * (lower case, anything but letters, digits and '-' turned into '-'). What
 * packetwalk cannot use is a located error: another kind, a pod on the
 * host network, a pod without a node or an address, SCTP.
 */
import type * as z from 'zod';
import { formatPrefix, prefixContains, type Prefix } from '../net/ipv4.js';
import { reportSchemaIssues } from '../scenario/schema-issues.js';
import { isMapping } from '../scenario/schema.js';
import type { Path, Reporter } from '../scenario/source.js';
import type { SliceDef } from './endpoints.js';
import { hostNameFor } from './host-names.js';
import { readEndpointSlice, readService } from './manifest-services.js';
import { endpointSliceObject, nodeObject, podObject, serviceObject, type NodeObject, type PodObject } from './manifest-schemas.js';
import { DEFAULT_NAMESPACE, type ContainerPortModel, type NodeModel, type PodModel, type ServiceDef } from './model.js';
import { readAddress, readPrefix } from './values.js';

export interface Objects {
  readonly nodes: NodeModel[];
  readonly pods: PodModel[];
  readonly services: ServiceDef[];
  readonly slices: SliceDef[];
  /** The host names of every Node object, read or not. */
  readonly writtenNodes: string[];
}

/** Parses `value` with `schema`, reporting zod's issues at their place under `path`. */
export function parseObject<T>(reporter: Reporter, schema: z.ZodType<T>, value: unknown, path: Path): T | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  reportSchemaIssues(reporter, schema, result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })));
  return undefined;
}

interface NodeNetwork {
  readonly link: string;
  readonly subnet: Prefix;
  readonly routes: readonly { text: string; path: Path }[];
}

function readNodeNetwork(reporter: Reporter, raw: unknown): NodeNetwork | undefined {
  if (!isMapping(raw) || typeof raw.link !== 'string' || typeof raw.subnet !== 'string') return undefined;
  const path: Path = ['kubernetes', 'nodeNetwork'];
  const subnet = readPrefix(reporter, [...path, 'subnet'], raw.subnet, 'subnet');
  const routes = Array.isArray(raw.routes) ? raw.routes.flatMap((text, i) => (typeof text === 'string' ? [{ text, path: [...path, 'routes', i] }] : [])) : [];
  return subnet ? { link: raw.link, subnet, routes } : undefined;
}

function readNode(reporter: Reporter, node: NodeObject, path: Path, network: NodeNetwork | undefined, networkGiven: boolean): NodeModel | undefined {
  const cidrText = node.spec?.podCIDR ?? node.spec?.podCIDRs?.find((c) => !c.includes(':'));
  if (cidrText === undefined) {
    reporter.at(path, `Node ${node.metadata.name} has no spec.podCIDR: packetwalk needs the node's pod network`);
    return undefined;
  }
  const cidrPath = node.spec?.podCIDR !== undefined ? [...path, 'spec', 'podCIDR'] : [...path, 'spec', 'podCIDRs'];
  const podCIDR = readPrefix(reporter, cidrPath, cidrText, 'podCIDR');
  const addressIndex = node.status?.addresses?.findIndex((a) => a.type === 'InternalIP' && !a.address.includes(':')) ?? -1;
  if (addressIndex < 0) {
    reporter.at(path, `Node ${node.metadata.name} has no IPv4 InternalIP in status.addresses`);
    return undefined;
  }
  const addressPath = [...path, 'status', 'addresses', addressIndex, 'address'];
  const address = readAddress(reporter, addressPath, node.status!.addresses![addressIndex]!.address, 'InternalIP');
  if (!network) {
    if (!networkGiven) reporter.at(path, 'a Node object does not say which link and subnet its InternalIP is on: add kubernetes.nodeNetwork: {link: …, subnet: …}');
    return undefined;
  }
  if (!podCIDR || address === undefined) return undefined;
  if (!prefixContains(network.subnet, address)) {
    reporter.at(addressPath, `InternalIP ${node.status!.addresses![addressIndex]!.address} is outside kubernetes.nodeNetwork.subnet ${formatPrefix(network.subnet)}`);
    return undefined;
  }
  return {
    name: hostNameFor(node.metadata.name),
    address: { address, prefixLength: network.subnet.length },
    podCIDR,
    link: network.link,
    routes: network.routes,
    at: reporter.spanAt(path),
    path: [...path, 'metadata', 'name'],
  };
}

function readPod(reporter: Reporter, pod: PodObject, path: Path, nodeNames: ReadonlyMap<string, string>): PodModel | undefined {
  const name = pod.metadata.name;
  if (pod.spec.hostNetwork) {
    reporter.at([...path, 'spec', 'hostNetwork'], `pod ${name} uses its node's network namespace: packetwalk models pods with their own address only`);
    return undefined;
  }
  if (pod.spec.nodeName === undefined) {
    reporter.at([...path, 'spec'], `pod ${name} has no spec.nodeName: it is not scheduled, so it has no address`);
    return undefined;
  }
  const phase = pod.status?.phase;
  if (pod.status?.podIP === undefined || phase === 'Succeeded' || phase === 'Failed') {
    reporter.at(path, `pod ${name} has no status.podIP${phase ? ` (phase ${phase})` : ''}: packetwalk needs a running pod's address`);
    return undefined;
  }
  const ip = readAddress(reporter, [...path, 'status', 'podIP'], pod.status.podIP, 'podIP');
  const ports: ContainerPortModel[] = [];
  let ok = ip !== undefined;
  pod.spec.containers.forEach((container, c) => {
    (container.ports ?? []).forEach((port, i) => {
      const portPath = [...path, 'spec', 'containers', c, 'ports', i];
      const protocol = port.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') {
        reporter.at(portPath, `protocol ${protocol} is not modelled (TCP and UDP are)`);
        ok = false;
        return;
      }
      const hostIP = port.hostIP === undefined || port.hostIP === '0.0.0.0' ? undefined : readAddress(reporter, [...portPath, 'hostIP'], port.hostIP, 'hostIP');
      ports.push({
        ...(port.name === undefined ? {} : { name: port.name }),
        containerPort: port.containerPort,
        protocol: protocol === 'UDP' ? 'udp' : 'tcp',
        ...(port.hostPort === undefined ? {} : { hostPort: port.hostPort }),
        ...(hostIP === undefined ? {} : { hostIP }),
        at: reporter.spanAt(portPath),
        path: portPath,
      });
    });
  });
  if (!ok || ip === undefined) return undefined;
  return {
    name: hostNameFor(name),
    namespace: pod.metadata.namespace ?? DEFAULT_NAMESPACE,
    node: nodeNames.get(pod.spec.nodeName) ?? hostNameFor(pod.spec.nodeName),
    ip,
    labels: pod.metadata.labels ?? {},
    ports,
    at: reporter.spanAt(path),
    path: [...path, 'metadata'],
  };
}

/** The objects with their paths, a `kind: List` unwrapped. */
function listed(raw: unknown): { value: Record<string, unknown>; path: Path }[] {
  const base: Path = ['kubernetes', 'objects'];
  if (isMapping(raw) && raw.kind === 'List' && Array.isArray(raw.items)) {
    return raw.items.flatMap((value, i) => (isMapping(value) ? [{ value, path: [...base, 'items', i] }] : []));
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((value, i) => (isMapping(value) ? [{ value, path: [...base, i] }] : []));
}

const KINDS = 'Node, Pod, Service and EndpointSlice';

export function readObjects(reporter: Reporter, section: Record<string, unknown>): Objects {
  const out: Objects = { nodes: [], pods: [], services: [], slices: [], writtenNodes: [] };
  const objects = listed(section.objects);
  const network = readNodeNetwork(reporter, section.nodeNetwork);
  const nodeNames = new Map<string, string>();
  const byKind = (kind: string) => objects.filter((o) => o.value.kind === kind);
  for (const { value, path } of byKind('Node')) {
    const written = isMapping(value.metadata) ? value.metadata.name : undefined;
    if (typeof written === 'string') {
      nodeNames.set(written, hostNameFor(written));
      out.writtenNodes.push(hostNameFor(written));
    }
    const node = parseObject(reporter, nodeObject, value, path);
    const read = node && readNode(reporter, node, path, network, section.nodeNetwork !== undefined);
    if (read) out.nodes.push(read);
  }
  for (const { value, path } of byKind('Pod')) {
    const pod = parseObject(reporter, podObject, value, path);
    const read = pod && readPod(reporter, pod, path, nodeNames);
    if (read) out.pods.push(read);
  }
  for (const { value, path } of byKind('Service')) {
    const service = parseObject(reporter, serviceObject, value, path);
    const read = service && readService(reporter, service, path);
    if (read) out.services.push(read);
  }
  for (const { value, path } of byKind('EndpointSlice')) {
    const slice = parseObject(reporter, endpointSliceObject, value, path);
    const read = slice && readEndpointSlice(reporter, slice, path, nodeNames);
    if (read) out.slices.push(read);
  }
  for (const { value, path } of objects) {
    const kind = String(value.kind);
    if (['Node', 'Pod', 'Service', 'EndpointSlice'].includes(kind)) continue;
    const why = kind === 'Endpoints' ? 'kube-proxy reads EndpointSlices, not Endpoints' : `packetwalk reads ${KINDS} objects`;
    reporter.at([...path, 'kind'], `kind ${kind} cannot be used: ${why}; remove it`);
  }
  return out;
}

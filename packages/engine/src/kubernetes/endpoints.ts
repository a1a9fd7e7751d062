/**
 * Each Service port's endpoints, as kube-proxy learns them. From a selector,
 * as the EndpointSlice controller would list them: every pod of the
 * Service's namespace whose labels include the selector, at the target port
 * (a number, or the pod's container port of that name and protocol — a pod
 * without it is left out). From EndpointSlice objects when a scenario gives
 * them: their ports match the Service's by name and protocol.
 *
 * kube-proxy keeps one endpoint per "IP:port" and sorts them as text
 * (pkg/proxy/endpointslicecache.go), which is the order of its rules.
 */
import { formatIpv4, type Ipv4 } from '../net/ipv4.js';
import type { Protocol } from './chain-names.js';
import type { EndpointModel, PodModel, ServiceDef, ServicePortDef, ServicePortModel } from './model.js';

export interface SliceEndpoint {
  readonly ip: Ipv4;
  readonly node?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

/** An EndpointSlice, reduced to what kube-proxy reads. */
export interface SliceDef {
  readonly namespace: string;
  readonly service: string;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
  readonly endpoints: readonly SliceEndpoint[];
}

export function endpointText(endpoint: { ip: Ipv4; port: number }): string {
  return `${formatIpv4(endpoint.ip)}:${endpoint.port}`;
}

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function podPort(pod: PodModel, port: ServicePortDef): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol)?.containerPort;
}

function fromSelector(service: ServiceDef, port: ServicePortDef, pods: readonly PodModel[]): EndpointModel[] {
  if (!service.selector) return [];
  return pods.flatMap((pod) => {
    if (pod.namespace !== service.namespace || !selects(service.selector!, pod.labels)) return [];
    const target = podPort(pod, port);
    return target === undefined ? [] : [{ ip: pod.ip, port: target, node: pod.node, ready: true, serving: true, terminating: false }];
  });
}

function fromSlices(service: ServiceDef, port: ServicePortDef, slices: readonly SliceDef[]): EndpointModel[] {
  return slices.flatMap((slice) => {
    if (slice.namespace !== service.namespace || slice.service !== service.name) return [];
    const slicePort = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
    if (!slicePort) return [];
    return slice.endpoints.map((e) => ({ ...e, port: slicePort.port }));
  });
}

/** One entry per "IP:port" (a local one wins, as kube-proxy prefers it), sorted as text. */
function unique(endpoints: readonly EndpointModel[]): EndpointModel[] {
  const byText = new Map<string, EndpointModel>();
  for (const endpoint of endpoints) {
    const key = endpointText(endpoint);
    if (!byText.has(key) || (endpoint.node !== undefined && byText.get(key)!.node === undefined)) byText.set(key, endpoint);
  }
  return [...byText.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/**
 * Splits Services into their ports with endpoints. A Service that has
 * EndpointSlices takes its endpoints from them; otherwise from its selector.
 */
export function servicePorts(services: readonly ServiceDef[], pods: readonly PodModel[], slices: readonly SliceDef[] = []): ServicePortModel[] {
  return services.flatMap((service) => {
    const sliced = slices.some((s) => s.namespace === service.namespace && s.service === service.name);
    const { ports, selector: _selector, ...rest } = service;
    return ports.map((port) => ({
      ...rest,
      port,
      endpoints: unique(sliced ? fromSlices(service, port, slices) : fromSelector(service, port, pods)),
    }));
  });
}

/**
 * Service and EndpointSlice objects, read as kube-proxy reads them: a
 * headless Service (clusterIP None) or an ExternalName one gets no rules;
 * load-balancer IPs come from status.loadBalancer.ingress (not those in
 * ipMode Proxy, which the load balancer terminates itself); EndpointSlice
 * conditions default to ready and serving; ports without a name (null) and
 * slices of other address types are passed over.
 */
import type { Path, Reporter } from '../scenario/source.js';
import type { Protocol } from './chain-names.js';
import type { SliceDef, SliceEndpoint } from './endpoints.js';
import type { EndpointSliceObject, ServiceObject } from './manifest-schemas.js';
import { hostNameFor } from './host-names.js';
import { DEFAULT_AFFINITY_SECONDS, DEFAULT_NAMESPACE, type ServiceDef, type ServicePortDef } from './model.js';
import { readAddress, readPrefix } from './values.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

function protocolAt(reporter: Reporter, path: Path, protocol: string | undefined): Protocol | undefined {
  if (protocol === undefined || protocol === 'TCP') return 'tcp';
  if (protocol === 'UDP') return 'udp';
  reporter.at(path, `protocol ${protocol} is not modelled (TCP and UDP are)`);
  return undefined;
}

export function readService(reporter: Reporter, service: ServiceObject, path: Path): ServiceDef | undefined {
  const spec = service.spec;
  const specPath = [...path, 'spec'];
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return undefined;
  if (spec.clusterIP === undefined) {
    reporter.at(specPath, `Service ${service.metadata.name} has no spec.clusterIP`);
    return undefined;
  }
  const clusterIP = readAddress(reporter, [...specPath, 'clusterIP'], spec.clusterIP, 'clusterIP');
  let ok = clusterIP !== undefined;
  const ports = (spec.ports ?? []).flatMap((port, i): ServicePortDef[] => {
    const portPath = [...specPath, 'ports', i];
    const protocol = protocolAt(reporter, [...portPath, 'protocol'], port.protocol);
    if (!protocol) {
      ok = false;
      return [];
    }
    return [{ name: port.name ?? '', protocol, port: port.port, targetPort: port.targetPort ?? port.port, ...(port.nodePort === undefined ? {} : { nodePort: port.nodePort }), path: portPath }];
  });
  const externalIPs = (spec.externalIPs ?? []).map((text, i) => readAddress(reporter, [...specPath, 'externalIPs', i], text, 'externalIPs'));
  const sourceRanges = (spec.loadBalancerSourceRanges ?? []).map((text, i) => readPrefix(reporter, [...specPath, 'loadBalancerSourceRanges', i], text, 'loadBalancerSourceRanges', false));
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  const lbIPs = ingress.flatMap((entry, i) =>
    entry.ip === undefined || entry.ipMode === 'Proxy' ? [] : [readAddress(reporter, [...path, 'status', 'loadBalancer', 'ingress', i, 'ip'], entry.ip, 'ingress ip')],
  );
  if ([...externalIPs, ...lbIPs].includes(undefined) || sourceRanges.includes(undefined)) ok = false;
  if (!ok || clusterIP === undefined) return undefined;
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || externalIPs.length > 0;
  const externalLocal = external && spec.externalTrafficPolicy === 'Local';
  return {
    namespace: service.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: service.metadata.name,
    clusterIP,
    ...(spec.selector ? { selector: spec.selector } : {}),
    ports,
    externalPolicyLocal: externalLocal,
    internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
    ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS } : {}),
    loadBalancerIPs: lbIPs.filter((a) => a !== undefined),
    sourceRanges: sourceRanges.filter((r) => r !== undefined),
    externalIPs: externalIPs.filter((a) => a !== undefined),
    // kube-proxy keeps the health-check port only for Local external policy (newBaseServiceInfo).
    ...(spec.healthCheckNodePort === undefined || !externalLocal ? {} : { healthCheckNodePort: spec.healthCheckNodePort }),
    at: reporter.spanAt(path),
    path: [...path, 'metadata'],
  };
}

export function readEndpointSlice(reporter: Reporter, slice: EndpointSliceObject, path: Path, nodeNames: ReadonlyMap<string, string>): SliceDef | undefined {
  if (slice.addressType !== 'IPv4') return undefined;
  const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  if (service === undefined) {
    reporter.at([...path, 'metadata'], `EndpointSlice ${slice.metadata.name} has no ${SERVICE_NAME_LABEL} label: kube-proxy cannot tell which Service it belongs to`);
    return undefined;
  }
  let ok = true;
  const ports = (slice.ports ?? []).flatMap((port, i) => {
    if (port.name === null || port.name === undefined || port.port === null || port.port === undefined) return [];
    const protocol = protocolAt(reporter, [...path, 'ports', i, 'protocol'], port.protocol);
    if (!protocol) ok = false;
    return protocol ? [{ name: port.name, port: port.port, protocol }] : [];
  });
  const endpoints = (slice.endpoints ?? []).flatMap((endpoint, i): SliceEndpoint[] => {
    const first = endpoint.addresses[0];
    if (first === undefined) return [];
    const ip = readAddress(reporter, [...path, 'endpoints', i, 'addresses', 0], first, 'address');
    if (ip === undefined) {
      ok = false;
      return [];
    }
    const conditions = endpoint.conditions ?? {};
    return [
      {
        ip,
        ...(endpoint.nodeName === undefined ? {} : { node: nodeNames.get(endpoint.nodeName) ?? hostNameFor(endpoint.nodeName) }),
        ready: conditions.ready ?? true,
        serving: conditions.serving ?? true,
        terminating: conditions.terminating ?? false,
      },
    ];
  });
  return ok ? { namespace: slice.metadata.namespace ?? DEFAULT_NAMESPACE, service, ports, endpoints } : undefined;
}

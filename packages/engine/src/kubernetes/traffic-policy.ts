/**
 * Which endpoints a node's kube-proxy uses for a Service port
 * (pkg/proxy/topology.go, CategorizeEndpoints, without topology hints):
 * Cluster policy uses every ready endpoint, Local policy those on this
 * node; each falls back to serving-and-terminating endpoints when none is
 * ready. A port uses Cluster endpoints when its internal policy is Cluster
 * or when it is reachable from outside at all (Local external traffic from
 * pods and from the node itself short-circuits to them); it uses Local
 * endpoints when either policy is Local (pkg/proxy/serviceport.go).
 */
import { endpointText } from './endpoints.js';
import type { EndpointModel, ServicePortModel } from './model.js';

/** NodePort, load-balancer IPs or external IPs: kube-proxy's ExternallyAccessible. */
export function externallyAccessible(service: ServicePortModel): boolean {
  return service.port.nodePort !== undefined || service.loadBalancerIPs.length > 0 || service.externalIPs.length > 0;
}

export function externalPolicyLocal(service: ServicePortModel): boolean {
  return service.externalPolicyLocal && externallyAccessible(service);
}

export interface Categorized {
  readonly usesCluster: boolean;
  readonly usesLocal: boolean;
  readonly cluster: readonly EndpointModel[];
  readonly local: readonly EndpointModel[];
  /** Every endpoint this node has a KUBE-SEP chain for. */
  readonly reachable: readonly EndpointModel[];
  /** Whether the Service has a usable endpoint anywhere in the cluster. */
  readonly hasAny: boolean;
}

const servingTerminating = (e: EndpointModel): boolean => e.serving && e.terminating;

export function categorize(service: ServicePortModel, node: string): Categorized {
  const endpoints = service.endpoints;
  const usesCluster = !service.internalPolicyLocal || externallyAccessible(service);
  const usesLocal = service.internalPolicyLocal || externalPolicyLocal(service);
  let cluster: EndpointModel[] = [];
  if (usesCluster) {
    cluster = endpoints.filter((e) => e.ready);
    if (cluster.length === 0) cluster = endpoints.filter(servingTerminating);
  }
  let hasAny = cluster.length > 0;
  if (!usesLocal) return { usesCluster, usesLocal, cluster, local: [], reachable: cluster, hasAny };

  const isLocal = (e: EndpointModel): boolean => e.node === node;
  hasAny ||= endpoints.some((e) => e.ready || servingTerminating(e));
  const readyLocal = endpoints.filter((e) => isLocal(e) && e.ready);
  const fallback = readyLocal.length === 0;
  const local = fallback ? endpoints.filter((e) => isLocal(e) && servingTerminating(e)) : readyLocal;
  if (!usesCluster) return { usesCluster, usesLocal, cluster, local, reachable: local, hasAny };
  if (!fallback) return { usesCluster, usesLocal, cluster, local, reachable: cluster, hasAny };
  // kube-proxy merges the two lists through a map; they are kept sorted here.
  const merged = new Map<string, EndpointModel>();
  for (const e of [...cluster, ...local]) merged.set(endpointText(e), e);
  const reachable = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  return { usesCluster, usesLocal, cluster, local, reachable, hasAny };
}

/**
 * The `kubernetes:` section (spec §4) in, hosts, links and rules out: the
 * short form and any pasted objects are read into one cluster, checked
 * against each other and against the scenario's own hosts, given their
 * endpoints, and built into ordinary HostSpecs and link members. Every
 * problem is reported where the section says the thing at fault.
 */
import type { Reporter } from '../scenario/source.js';
import { isMapping } from '../scenario/schema.js';
import { checkCluster } from './cluster-checks.js';
import { servicePorts } from './endpoints.js';
import { readObjects } from './manifests.js';
import { readShortForm } from './short-form.js';
import { buildCluster, type CompiledCluster } from './topology.js';
import { readPrefix } from './values.js';

export type { CompiledCluster } from './topology.js';

const EMPTY: CompiledCluster = { hosts: [], infos: new Map(), links: new Map(), rules: new Map() };

export function compileKubernetes(reporter: Reporter, raw: unknown, declaredHosts: ReadonlySet<string>): CompiledCluster {
  if (!isMapping(raw)) return EMPTY;
  const clusterCIDR = typeof raw.clusterCIDR === 'string' ? readPrefix(reporter, ['kubernetes', 'clusterCIDR'], raw.clusterCIDR, 'clusterCIDR') : undefined;
  const short = readShortForm(reporter, raw);
  const objects = readObjects(reporter, raw);
  const cluster = checkCluster(
    reporter,
    { nodes: [...short.nodes, ...objects.nodes], pods: [...short.pods, ...objects.pods], services: [...short.services, ...objects.services] },
    new Set([...(isMapping(raw.nodes) ? Object.keys(raw.nodes) : []), ...objects.writtenNodes]),
    declaredHosts,
    clusterCIDR,
  );
  return buildCluster(reporter, {
    ...(clusterCIDR ? { clusterCIDR } : {}),
    nodes: cluster.nodes,
    pods: cluster.pods,
    services: servicePorts(cluster.services, cluster.pods, objects.slices),
  });
}

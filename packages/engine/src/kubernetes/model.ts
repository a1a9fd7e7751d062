/**
 * The cluster as packetwalk needs it, whichever way the scenario wrote it
 * (the short form of spec §4 or pasted objects): checked, typed, and with
 * every piece still pointing at the text it came from.
 */
import type { SourceSpan } from '../diagnostics.js';
import type { InterfaceAddress, Ipv4, Prefix } from '../net/ipv4.js';
import type { Path } from '../scenario/source.js';
import type { Protocol } from './chain-names.js';

export interface NodeModel {
  /** The host name (the node's name, or a host-name version of it). */
  readonly name: string;
  readonly address: InterfaceAddress;
  readonly podCIDR: Prefix;
  readonly link: string;
  /** Routes as written; checked when the node's host is built. */
  readonly routes: readonly { readonly text: string; readonly path: Path }[];
  /** A pasted iptables-save used instead of the generated rules. */
  readonly iptables?: { readonly text: string; readonly path: Path };
  readonly at: SourceSpan;
  readonly path: Path;
}

export interface ContainerPortModel {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostPort?: number;
  readonly hostIP?: Ipv4;
  readonly at: SourceSpan;
  readonly path: Path;
}

export interface PodModel {
  /** The host name. */
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: Ipv4;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPortModel[];
  readonly at: SourceSpan;
  readonly path: Path;
}

export interface ServicePortDef {
  /** '' when the port has no name. */
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly path: Path;
}

/** A Service before its endpoints are known. */
export interface ServiceDef {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIP: Ipv4;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortDef[];
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  /** ClientIP affinity's timeout; undefined without affinity. */
  readonly affinitySeconds?: number;
  readonly loadBalancerIPs: readonly Ipv4[];
  readonly sourceRanges: readonly Prefix[];
  readonly externalIPs: readonly Ipv4[];
  readonly healthCheckNodePort?: number;
  readonly at: SourceSpan;
  readonly path: Path;
}

export interface EndpointModel {
  readonly ip: Ipv4;
  readonly port: number;
  /** The node the endpoint runs on, when known. */
  readonly node?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

/** One port of one Service with its endpoints: what kube-proxy writes rules for. */
export interface ServicePortModel extends Omit<ServiceDef, 'ports' | 'selector'> {
  readonly port: ServicePortDef;
  /** Sorted as kube-proxy sorts them: by "IP:port" as text. */
  readonly endpoints: readonly EndpointModel[];
}

export interface ClusterModel {
  readonly clusterCIDR?: Prefix;
  readonly nodes: readonly NodeModel[];
  readonly pods: readonly PodModel[];
  readonly services: readonly ServicePortModel[];
}

export const DEFAULT_NAMESPACE = 'default';
/** kube-proxy's default for sessionAffinityConfig.clientIP.timeoutSeconds. */
export const DEFAULT_AFFINITY_SECONDS = 10800;

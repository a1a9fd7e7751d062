/**
 * Chain names as kube-proxy and the CNI portmap plugin make them. kube-proxy
 * hashes the service port's name ("namespace/name" or "namespace/name:port")
 * with the lower-case protocol; the endpoint chain adds "IP:port"
 * (pkg/proxy/iptables/proxier.go). iptables-nft refuses names over 28
 * characters, which both keep under.
 */
import { base32, hex, sha256, sha512 } from './hash.js';

export type Protocol = 'tcp' | 'udp';

/** proxy.ServicePortName.String(): the port's name joins with ':' only when it has one. */
export function servicePortName(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

function portProtoHash(servicePort: string, protocol: Protocol): string {
  return base32(sha256(servicePort + protocol)).slice(0, 16);
}

export interface ServiceChains {
  /** KUBE-SVC-…: every usable endpoint (Cluster policy). */
  readonly cluster: string;
  /** KUBE-SVL-…: this node's endpoints (Local policy). */
  readonly local: string;
  /** KUBE-EXT-…: the entry for NodePort, load-balancer and external IPs. */
  readonly external: string;
  /** KUBE-FW-…: loadBalancerSourceRanges. */
  readonly firewall: string;
}

export function serviceChains(servicePort: string, protocol: Protocol): ServiceChains {
  const hash = portProtoHash(servicePort, protocol);
  return { cluster: `KUBE-SVC-${hash}`, local: `KUBE-SVL-${hash}`, external: `KUBE-EXT-${hash}`, firewall: `KUBE-FW-${hash}` };
}

/** KUBE-SEP-…; `endpoint` is "IP:port". */
export function endpointChain(servicePort: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(servicePort + protocol + endpoint)).slice(0, 16)}`;
}

const CNI_CHAIN_LENGTH = 28;

/** The portmap plugin's per-container chain: CNI-DN- and hex(sha512(network + container id)), 28 characters in all. */
export function portmapChain(network: string, containerId: string): string {
  return `CNI-DN-${hex(sha512(network + containerId))}`.slice(0, CNI_CHAIN_LENGTH);
}

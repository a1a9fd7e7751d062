/**
 * The rules kube-proxy's iptables mode installs on one node, rule for rule
 * (pkg/proxy/iptables/proxier.go, syncProxyRules, as of Kubernetes 1.31–1.33),
 * with its defaults: masquerade bit 14 (0x4000), `--random-fully`,
 * localhost NodePorts on (so the KUBE-FIREWALL localnet rule), no nfacct
 * counters, the cluster CIDR as the local-traffic detector when known, and
 * nf_conntrack_tcp_be_liberal off (so KUBE-FORWARD drops INVALID packets).
 * Written in iptables-save's form (save-text.ts).
 *
 * The jumps from the built-in chains are the ones kube-proxy prepends in
 * order (iptablesJumpChains), so each chain lists them last-first; kubelet's
 * KUBE-FIREWALL jumps come last because kubelet starts before kube-proxy.
 */
import type { SourceSpan } from '../diagnostics.js';
import { type Ipv4, type Prefix, prefixContains } from '../net/ipv4.js';
import { endpointChain, serviceChains, servicePortName, type Protocol } from './chain-names.js';
import { endpointText } from './endpoints.js';
import type { EndpointModel, ServicePortModel } from './model.js';
import { savedProbability } from './probability.js';
import { comment, type SaveRule, type SaveTable } from './save-text.js';
import { categorize, externalPolicyLocal, externallyAccessible } from './traffic-policy.js';

export const MASQUERADE_MARK = '0x4000';
/** Above this many endpoints kube-proxy leaves the per-endpoint comments out ("large cluster mode"). */
const LARGE_CLUSTER_ENDPOINTS = 1000;
const REJECT = '-j REJECT --reject-with icmp-port-unreachable';

export interface KubeProxyNode {
  readonly name: string;
  readonly ip: Ipv4;
  readonly at: SourceSpan;
}

export interface KubeProxyInput {
  readonly node: KubeProxyNode;
  readonly clusterCIDR?: Prefix;
  readonly services: readonly ServicePortModel[];
  readonly nat: SaveTable;
  readonly filter: SaveTable;
}

const host = (address: Ipv4): Prefix => ({ address, length: 32 });
const ctNew = '-m conntrack --ctstate NEW';
const dport = (protocol: Protocol, port: number): string => `-m ${protocol} --dport ${port}`;

function jumps(nat: SaveTable, filter: SaveTable, at: SourceSpan): void {
  const rule = (table: SaveTable, chain: string, matches: string[], target: string): void => table.add({ chain, matches, target: `-j ${target}`, at });
  const lbFirewall = [ctNew, comment('kubernetes load balancer firewall')];
  const visible = [ctNew, comment('kubernetes externally-visible service portals')];
  const portals = [ctNew, comment('kubernetes service portals')];
  rule(filter, 'INPUT', lbFirewall, 'KUBE-PROXY-FIREWALL');
  rule(filter, 'INPUT', [comment('kubernetes health check service ports')], 'KUBE-NODEPORTS');
  rule(filter, 'INPUT', visible, 'KUBE-EXTERNAL-SERVICES');
  rule(filter, 'INPUT', [], 'KUBE-FIREWALL');
  rule(filter, 'FORWARD', lbFirewall, 'KUBE-PROXY-FIREWALL');
  rule(filter, 'FORWARD', [comment('kubernetes forwarding rules')], 'KUBE-FORWARD');
  rule(filter, 'FORWARD', portals, 'KUBE-SERVICES');
  rule(filter, 'FORWARD', visible, 'KUBE-EXTERNAL-SERVICES');
  rule(filter, 'OUTPUT', lbFirewall, 'KUBE-PROXY-FIREWALL');
  rule(filter, 'OUTPUT', portals, 'KUBE-SERVICES');
  rule(filter, 'OUTPUT', [], 'KUBE-FIREWALL');
  rule(nat, 'PREROUTING', [comment('kubernetes service portals')], 'KUBE-SERVICES');
  rule(nat, 'OUTPUT', [comment('kubernetes service portals')], 'KUBE-SERVICES');
  rule(nat, 'POSTROUTING', [comment('kubernetes postrouting rules')], 'KUBE-POSTROUTING');
}

function fixedRules(nat: SaveTable, filter: SaveTable, at: SourceSpan): void {
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL']) filter.chain(chain, at);
  for (const chain of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.chain(chain, at);
  const mark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  nat.add({ chain: 'KUBE-POSTROUTING', matches: [`-m mark ! --mark ${mark}`], target: '-j RETURN', at });
  // --xor-mark 0x4000 clears the bit so a packet that goes round again is not masqueraded twice.
  nat.add({ chain: 'KUBE-POSTROUTING', target: `-j MARK --set-xmark ${MASQUERADE_MARK}/0x0`, at });
  nat.add({ chain: 'KUBE-POSTROUTING', matches: [comment('kubernetes service traffic requiring SNAT')], target: '-j MASQUERADE --random-fully', at });
  nat.add({ chain: 'KUBE-MARK-MASQ', target: `-j MARK --set-xmark ${mark}`, at });
  filter.add({
    chain: 'KUBE-FIREWALL',
    src: { address: 0x7f000000, length: 8 },
    notSrc: true,
    dst: { address: 0x7f000000, length: 8 },
    matches: [comment('block incoming localnet connections'), '-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT'],
    target: '-j DROP',
    at,
  });
}

function tailRules(nat: SaveTable, filter: SaveTable, at: SourceSpan): void {
  nat.add({
    chain: 'KUBE-SERVICES',
    matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), '-m addrtype --dst-type LOCAL'],
    target: '-j KUBE-NODEPORTS',
    at,
  });
  filter.add({ chain: 'KUBE-FORWARD', matches: ['-m conntrack --ctstate INVALID'], target: '-j DROP', at });
  filter.add({ chain: 'KUBE-FORWARD', matches: [comment('kubernetes forwarding rules'), `-m mark --mark ${MASQUERADE_MARK}/${MASQUERADE_MARK}`], target: '-j ACCEPT', at });
  filter.add({ chain: 'KUBE-FORWARD', matches: [comment('kubernetes forwarding conntrack rule'), '-m conntrack --ctstate RELATED,ESTABLISHED'], target: '-j ACCEPT', at });
}

/** The rules of one Service port on one node. */
class ServicePortRules {
  private readonly name: string;
  private readonly protocol: Protocol;
  private readonly chains: ReturnType<typeof serviceChains>;
  private readonly at: SourceSpan;

  constructor(
    private readonly input: KubeProxyInput,
    private readonly service: ServicePortModel,
    private readonly large: boolean,
  ) {
    this.name = servicePortName(service.namespace, service.name, service.port.name);
    this.protocol = service.port.protocol;
    this.chains = serviceChains(this.name, this.protocol);
    this.at = service.at;
  }

  private nat(rule: Omit<SaveRule, 'at'>): void {
    this.input.nat.add({ ...rule, at: this.at });
  }

  private filter(rule: Omit<SaveRule, 'at'>): void {
    this.input.filter.add({ ...rule, at: this.at });
  }

  /** `-d ADDR -p P -m comment --comment C -m P --dport N`, the capture kube-proxy writes for each address of a Service. */
  private capture(chain: string, address: Ipv4, port: number, text: string, target: string, table: 'nat' | 'filter' = 'nat'): void {
    const rule = { chain, dst: host(address), proto: this.protocol, matches: [comment(text), dport(this.protocol, port)], target };
    if (table === 'nat') this.nat(rule);
    else this.filter(rule);
  }

  write(): void {
    const { service, input, chains, protocol } = this;
    const node = input.node.name;
    const c = categorize(service, node);
    const usesClusterChain = c.cluster.length > 0 && c.usesCluster;
    const usesLocalChain = c.local.length > 0 && c.usesLocal;
    const internalChain = service.internalPolicyLocal ? chains.local : chains.cluster;
    const hasInternal = c.hasAny && (!service.internalPolicyLocal || c.local.length > 0);
    const externalLocal = externalPolicyLocal(service);
    const externalPolicyChain = externalLocal ? chains.local : chains.cluster;
    const hasExternal = c.hasAny && (!externalLocal || c.local.length > 0);
    const usesExternalChain = c.hasAny && externallyAccessible(service);
    const usesFirewall = c.hasAny && service.loadBalancerIPs.length > 0 && service.sourceRanges.length > 0;
    const lbChain = usesFirewall ? chains.firewall : chains.external;

    const noEndpoints = `${this.name} has no endpoints`;
    const noLocal = `${this.name} has no local endpoints`;
    const internalFilter = !c.hasAny ? { target: REJECT, text: noEndpoints } : { target: '-j DROP', text: noLocal };
    const externalFilter = internalFilter.target === REJECT ? internalFilter : { target: '-j DROP', text: noLocal };

    const port = service.port.port;
    if (hasInternal) this.capture('KUBE-SERVICES', service.clusterIP, port, `${this.name} cluster IP`, `-j ${internalChain}`);
    else this.capture('KUBE-SERVICES', service.clusterIP, port, internalFilter.text, internalFilter.target, 'filter');

    for (const ip of service.externalIPs) {
      if (c.hasAny) this.capture('KUBE-SERVICES', ip, port, `${this.name} external IP`, `-j ${chains.external}`);
      if (!hasExternal) this.capture('KUBE-EXTERNAL-SERVICES', ip, port, externalFilter.text, externalFilter.target, 'filter');
    }
    for (const ip of service.loadBalancerIPs) {
      if (c.hasAny) this.capture('KUBE-SERVICES', ip, port, `${this.name} loadbalancer IP`, `-j ${lbChain}`);
      if (usesFirewall) this.capture('KUBE-PROXY-FIREWALL', ip, port, `${this.name} traffic not accepted by ${chains.firewall}`, '-j DROP', 'filter');
    }
    if (!hasExternal) {
      for (const ip of service.loadBalancerIPs) this.capture('KUBE-EXTERNAL-SERVICES', ip, port, externalFilter.text, externalFilter.target, 'filter');
    }
    const nodePort = service.port.nodePort;
    if (nodePort !== undefined) {
      if (c.hasAny) this.nat({ chain: 'KUBE-NODEPORTS', proto: protocol, matches: [comment(this.name), dport(protocol, nodePort)], target: `-j ${chains.external}` });
      if (!hasExternal) {
        this.filter({
          chain: 'KUBE-EXTERNAL-SERVICES',
          proto: protocol,
          matches: [comment(externalFilter.text), '-m addrtype --dst-type LOCAL', dport(protocol, nodePort)],
          target: externalFilter.target,
        });
      }
    }
    if (service.healthCheckNodePort !== undefined) {
      this.filter({
        chain: 'KUBE-NODEPORTS',
        proto: 'tcp',
        matches: [comment(`${this.name} health check node port`), dport('tcp', service.healthCheckNodePort)],
        target: '-j ACCEPT',
      });
    }

    if (hasInternal && input.clusterCIDR) {
      // Traffic from outside the pod network to the cluster IP is masqueraded: its replies may have to come back through this node.
      this.nat({
        chain: internalChain,
        src: input.clusterCIDR,
        notSrc: true,
        dst: host(service.clusterIP),
        proto: protocol,
        matches: [comment(`${this.name} cluster IP`), dport(protocol, port)],
        target: '-j KUBE-MARK-MASQ',
      });
    }
    if (usesExternalChain) this.externalChain(externalLocal, hasExternal, externalPolicyChain);
    if (usesFirewall) this.firewallChain();
    if (usesClusterChain) this.policyChain(chains.cluster, c.cluster);
    if (usesLocalChain) this.policyChain(chains.local, c.local);
    for (const endpoint of c.reachable) this.endpointChain(endpoint);
  }

  private externalChain(local: boolean, hasExternal: boolean, policyChain: string): void {
    const { chains, input } = this;
    input.nat.chain(chains.external, this.at);
    if (!local) {
      this.nat({ chain: chains.external, matches: [comment(`masquerade traffic for ${this.name} external destinations`)], target: '-j KUBE-MARK-MASQ' });
    } else {
      if (input.clusterCIDR) {
        // Pods reaching the Service's external address skip the policy, as if they had gone out to a load balancer and back.
        this.nat({ chain: chains.external, src: input.clusterCIDR, matches: [comment(`pod traffic for ${this.name} external destinations`)], target: `-j ${chains.cluster}` });
      }
      this.nat({ chain: chains.external, matches: [comment(`masquerade LOCAL traffic for ${this.name} external destinations`), '-m addrtype --src-type LOCAL'], target: '-j KUBE-MARK-MASQ' });
      this.nat({ chain: chains.external, matches: [comment(`route LOCAL traffic for ${this.name} external destinations`), '-m addrtype --src-type LOCAL'], target: `-j ${chains.cluster}` });
    }
    if (hasExternal) this.nat({ chain: chains.external, target: `-j ${policyChain}` });
  }

  private firewallChain(): void {
    const { chains, service, input } = this;
    input.nat.chain(chains.firewall, this.at);
    const text = comment(`${this.name} loadbalancer IP`);
    let allowFromNode = false;
    for (const range of service.sourceRanges) {
      this.nat({ chain: chains.firewall, src: range, matches: [text], target: `-j ${chains.external}` });
      if (prefixContains(range, input.node.ip)) allowFromNode = true;
    }
    // A load-balancer IP that is local to the node makes its own requests come from that IP.
    if (allowFromNode) {
      for (const ip of service.loadBalancerIPs) this.nat({ chain: chains.firewall, src: host(ip), matches: [text], target: `-j ${chains.external}` });
    }
    this.nat({ chain: chains.firewall, matches: [comment(`other traffic to ${this.name} will be dropped by KUBE-PROXY-FIREWALL`)] });
  }

  private commentFor(text: string): string[] {
    return this.large ? [] : [comment(text)];
  }

  private policyChain(chain: string, endpoints: readonly EndpointModel[]): void {
    const { service, input } = this;
    input.nat.chain(chain, this.at);
    const sep = (e: EndpointModel): string => endpointChain(this.name, this.protocol, endpointText(e));
    if (service.affinitySeconds !== undefined) {
      for (const e of endpoints) {
        this.nat({
          chain,
          matches: [...this.commentFor(`${this.name} -> ${endpointText(e)}`), `-m recent --rcheck --seconds ${service.affinitySeconds} --reap --name ${sep(e)} --mask 255.255.255.255 --rsource`],
          target: `-j ${sep(e)}`,
        });
      }
    }
    endpoints.forEach((e, i) => {
      const statistic = i < endpoints.length - 1 ? [`-m statistic --mode random --probability ${savedProbability(endpoints.length - i)}`] : [];
      this.nat({ chain, matches: [...this.commentFor(`${this.name} -> ${endpointText(e)}`), ...statistic], target: `-j ${sep(e)}` });
    });
  }

  private endpointChain(endpoint: EndpointModel): void {
    const { service, input, protocol } = this;
    const chain = endpointChain(this.name, protocol, endpointText(endpoint));
    input.nat.chain(chain, this.at);
    const note = this.commentFor(this.name);
    // A pod that reaches itself through the Service would answer itself directly: masquerading makes the reply come back here.
    this.nat({ chain, src: host(endpoint.ip), matches: note, target: '-j KUBE-MARK-MASQ' });
    const affinity = service.affinitySeconds === undefined ? [] : [`-m recent --set --name ${chain} --mask 255.255.255.255 --rsource`];
    this.nat({ chain, proto: protocol, matches: [...note, ...affinity, `-m ${protocol}`], target: `-j DNAT --to-destination ${endpointText(endpoint)}` });
  }
}

/** Writes kube-proxy's rules for one node into its nat and filter tables. */
export function writeKubeProxyRules(input: KubeProxyInput): void {
  const at = input.node.at;
  jumps(input.nat, input.filter, at);
  fixedRules(input.nat, input.filter, at);
  const total = input.services.reduce((sum, s) => sum + s.endpoints.length, 0);
  const large = total > LARGE_CLUSTER_ENDPOINTS;
  for (const service of input.services) new ServicePortRules(input, service, large).write();
  tailRules(input.nat, input.filter, at);
}

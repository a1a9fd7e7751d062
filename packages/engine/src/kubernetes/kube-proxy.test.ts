/**
 * kube-proxy's rules, checked against kube-proxy's own expectations: the
 * cluster of its TestOverallIPTablesRules (six Services: ClusterIP,
 * LoadBalancer with Local policy, NodePort, external IPs, LoadBalancer with
 * source ranges and ClientIP affinity, no endpoints), whose expected rules,
 * restored into a real kernel and saved back, are testdata/kube-proxy-overall.save.txt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpv4, parsePrefix } from '../net/ipv4.js';
import { writeKubeProxyRules } from './kube-proxy.js';
import type { EndpointModel, ServicePortModel } from './model.js';
import { saveDump, SaveTable } from './save-text.js';

const at = { line: 1, column: 1 };
const ip = (text: string) => parseIpv4(text)!;
const NODE = 'test-node';

function endpoint(address: string, node?: string): EndpointModel {
  return { ip: ip(address), port: 80, ...(node ? { node } : {}), ready: true, serving: true, terminating: false };
}

function service(n: number, options: Partial<ServicePortModel> & { nodePort?: number } = {}): ServicePortModel {
  const { nodePort, ...rest } = options;
  return {
    namespace: `ns${n}`,
    name: `svc${n}`,
    clusterIP: ip(`172.30.0.${40 + n}`),
    port: { name: 'p80', protocol: 'tcp', port: 80, targetPort: 80, ...(nodePort === undefined ? {} : { nodePort }), path: [] },
    externalPolicyLocal: false,
    internalPolicyLocal: false,
    loadBalancerIPs: [],
    sourceRanges: [],
    externalIPs: [],
    endpoints: [],
    at,
    path: [],
    ...rest,
  };
}

const OVERALL: ServicePortModel[] = [
  service(1, { endpoints: [endpoint('10.180.0.1')] }),
  service(2, {
    nodePort: 3001,
    externalPolicyLocal: true,
    loadBalancerIPs: [ip('1.2.3.4')],
    externalIPs: [ip('192.168.99.22')],
    healthCheckNodePort: 30000,
    endpoints: [endpoint('10.180.0.2')],
  }),
  service(3, { nodePort: 3003, endpoints: [endpoint('10.180.0.3')] }),
  service(4, { externalIPs: [ip('192.168.99.33')], endpoints: [endpoint('10.180.0.4'), endpoint('10.180.0.5', NODE)] }),
  service(5, {
    nodePort: 3002,
    loadBalancerIPs: [ip('5.6.7.8')],
    sourceRanges: [parsePrefix('203.0.113.0/25')!],
    affinitySeconds: 10800,
    endpoints: [endpoint('10.180.0.3')],
  }),
  service(6),
];

function generate(services: readonly ServicePortModel[], clusterCIDR = '10.0.0.0/8'): string {
  const filter = new SaveTable('filter', at);
  const nat = new SaveTable('nat', at);
  writeKubeProxyRules({ node: { name: NODE, ip: ip('192.168.0.2'), at }, clusterCIDR: parsePrefix(clusterCIDR)!, services, nat, filter });
  return saveDump({ text: '# generated', at }, [filter, nat]).text;
}

const BUILTIN_JUMP = /^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) /;

describe('kube-proxy rules for the cluster of TestOverallIPTablesRules', () => {
  const generated = generate(OVERALL).split('\n').filter((l) => !l.startsWith('#') && !BUILTIN_JUMP.test(l));

  it('are the rules kube-proxy writes, as iptables-save prints them', () => {
    const expected = readFileSync(new URL('./testdata/kube-proxy-overall.save.txt', import.meta.url), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
    expect(generated).toEqual(expected);
  });
});

describe('the jumps from the built-in chains', () => {
  it('are kube-proxy’s prepended jumps, last first, with kubelet’s KUBE-FIREWALL after them', () => {
    const jumps = generate([]).split('\n').filter((l) => BUILTIN_JUMP.test(l));
    expect(jumps).toEqual([
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A INPUT -j KUBE-FIREWALL',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -j KUBE-FIREWALL',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
  });
});

const lines = (text: string, chainPrefix: string): string[] => text.split('\n').filter((l) => l.startsWith(`-A ${chainPrefix}`));

describe('per Service', () => {
  it('with n endpoints: n-1 statistic rules at 1/n, 1/(n-1) … as saved, the last without', () => {
    const eps = ['10.180.0.1', '10.180.0.2', '10.180.0.3', '10.180.0.4'].map((a) => endpoint(a));
    const svc = lines(generate([service(1, { endpoints: eps })]), 'KUBE-SVC-');
    expect(svc.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'none')).toEqual(['none', '0.25000000000', '0.33333333349', '0.50000000000', 'none']);
  });

  it('sorts endpoints as kube-proxy does, by "IP:port" as text', () => {
    const svc = lines(generate([service(1, { endpoints: ['10.180.0.9', '10.180.0.10'].map((a) => endpoint(a)) })]), 'KUBE-SVC-');
    expect(svc.slice(1).map((l) => /-> (\S+)"/.exec(l)?.[1])).toEqual(['10.180.0.9:80', '10.180.0.10:80']);
  });

  it('leaves the masquerade rule out of KUBE-SVC when the cluster CIDR is unknown', () => {
    const filter = new SaveTable('filter', at);
    const nat = new SaveTable('nat', at);
    writeKubeProxyRules({ node: { name: NODE, ip: ip('192.168.0.2'), at }, services: [service(1, { endpoints: [endpoint('10.180.0.1')] })], nat, filter });
    const text = saveDump({ text: '#', at }, [nat]).text;
    expect(lines(text, 'KUBE-SVC-')).toEqual(['-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ']);
  });

  it('drops the per-endpoint comments above 1000 endpoints (large cluster mode)', () => {
    const many = Array.from({ length: 1001 }, (_, i) => endpoint(`10.${180 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`));
    const text = generate([service(1, { endpoints: many })]);
    expect(lines(text, 'KUBE-SEP-').filter((l) => l.includes('--comment'))).toEqual([]);
    expect(lines(text, 'KUBE-SVC-')[1]).toMatch(/^-A KUBE-SVC-\S+ -m statistic --mode random --probability 0\.00099900085 -j KUBE-SEP-/);
  });

  it('with internalTrafficPolicy Local and no local endpoint: DROP the cluster IP in filter KUBE-SERVICES', () => {
    const text = generate([service(1, { internalPolicyLocal: true, endpoints: [endpoint('10.180.0.1', 'elsewhere')] })]);
    expect(text).toContain('-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp --dport 80 -j DROP');
    expect(lines(text, 'KUBE-SVL-')).toEqual([]);
  });

  it('with internalTrafficPolicy Local and a local endpoint: the cluster IP goes to KUBE-SVL', () => {
    const text = generate([service(1, { internalPolicyLocal: true, endpoints: [endpoint('10.180.0.1', NODE), endpoint('10.180.0.2', 'elsewhere')] })]);
    expect(text).toContain('-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVL-XPGD46QRK7WJZT7O');
    expect(lines(text, 'KUBE-SVL-')).toEqual([
      '-A KUBE-SVL-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
    expect(lines(text, 'KUBE-SVC-')).toEqual([]);
  });

  it('lets traffic from a source range that holds the node’s own address come from the load-balancer IP too', () => {
    const text = generate([service(5, { nodePort: 3002, loadBalancerIPs: [ip('5.6.7.8')], sourceRanges: [parsePrefix('192.168.0.0/24')!], endpoints: [endpoint('10.180.0.3')] })]);
    expect(lines(text, 'KUBE-FW-')).toEqual([
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -s 192.168.0.0/24 -m comment --comment "ns5/svc5:p80 loadbalancer IP" -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -s 5.6.7.8/32 -m comment --comment "ns5/svc5:p80 loadbalancer IP" -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
    ]);
  });

  it('writes UDP Services with -p udp -m udp', () => {
    const svc = service(1, { endpoints: [endpoint('10.180.0.1')] });
    const text = generate([{ ...svc, port: { ...svc.port, protocol: 'udp' } }]);
    expect(lines(text, 'KUBE-SERVICES')[0]).toMatch(/-p udp -m comment --comment "ns1\/svc1:p80 cluster IP" -m udp --dport 80 -j KUBE-SVC-/);
  });
});

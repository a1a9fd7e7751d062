/**
 * The kubernetes section through the real loader: what hosts, links and
 * routes the spec §4 example becomes, and where each kind of mistake is
 * reported.
 */
import { describe, expect, it } from 'vitest';
import { formatInterfaceAddress } from '../net/ipv4.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';

const SPEC_EXAMPLE = `kubernetes:
  clusterCIDR: 10.244.0.0/16
  nodes:
    node1: {address: 10.128.0.2/20, podCIDR: 10.244.1.0/24, link: vpc}
    node2: {address: 10.128.0.3/20, podCIDR: 10.244.2.0/24, link: vpc}
  pods:
    - {name: api-1, node: node1, ip: 10.244.1.5, labels: {app: api},
       ports: [{containerPort: 9090}, {containerPort: 8443, hostPort: 8443}]}
    - {name: web-1, node: node2, ip: 10.244.2.7, labels: {app: web},
       ports: [{containerPort: 8080}]}
  services:
    - name: web
      type: NodePort
      clusterIP: 10.96.0.10
      selector: {app: web}
      ports: [{port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}]
      externalTrafficPolicy: Cluster
`;

function load(text: string): Scenario {
  const { scenario, diagnostics } = loadScenario(text, 'k8s.yaml');
  expect(diagnostics).toEqual([]);
  return scenario!;
}

function problems(text: string): string[] {
  return loadScenario(text, 'k8s.yaml').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('the example of spec §4', () => {
  const scenario = load(SPEC_EXAMPLE);
  const host = (name: string) => scenario.hosts.find((h) => h.name === name)!;

  it('becomes two nodes and two pods', () => {
    expect(scenario.hosts.map((h) => h.name)).toEqual(['node1', 'node2', 'api-1', 'web-1']);
  });

  it('gives a node eth0 on its link, the bridge cni0 with the podCIDR’s first address, and forwarding', () => {
    const node1 = host('node1');
    expect(node1.forwarding).toBe(true);
    expect(node1.interfaces.map((i) => `${i.name} ${i.addresses.map(formatInterfaceAddress).join(',')}`)).toEqual(['eth0 10.128.0.2/20', 'cni0 10.244.1.1/24']);
  });

  it('routes each other node’s podCIDR through that node', () => {
    expect(host('node1').routes.map((r) => r.text)).toEqual(['10.244.2.0/24 via 10.128.0.3']);
    expect(host('node2').routes.map((r) => r.text)).toEqual(['10.244.1.0/24 via 10.128.0.2']);
  });

  it('puts a pod behind its node’s bridge with a default route through it, listening on its container ports', () => {
    const api = host('api-1');
    expect(api.forwarding).toBe(false);
    expect(api.interfaces.map((i) => i.addresses.map(formatInterfaceAddress).join())).toEqual(['10.244.1.5/24']);
    expect(api.routes.map((r) => r.text)).toEqual(['default via 10.244.1.1']);
    expect(api.listen.map((l) => `${l.proto}/${l.port}`)).toEqual(['tcp/9090', 'tcp/8443']);
  });

  it('joins the nodes on their link and each node’s pods on its bridge', () => {
    expect(scenario.links.map((l) => `${l.name}: ${l.members.map((m) => `${m.host}:${m.iface}`).join(' ')}`)).toEqual([
      'vpc: node1:eth0 node2:eth0',
      'node1-cni0: node1:cni0 api-1:eth0',
      'node2-cni0: node2:cni0 web-1:eth0',
    ]);
  });

  it('locates each generated rule at the YAML that caused it', () => {
    const nat = host('node1').ruleset.tables.get('nat')!;
    const nodePort = nat.chains.get('KUBE-NODEPORTS')!.rules[0]!;
    expect(nodePort.text).toBe('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -j KUBE-EXT-LOLE4ISW44XBNF3G');
    expect(nodePort.at.line).toBe(12);
    expect(nat.chains.get('KUBE-MARK-MASQ')!.rules[0]!.at.line).toBe(4);
    const hostPort = nat.chains.get('CNI-HOSTPORT-DNAT')!.rules[0]!;
    expect(hostPort.at.line).toBe(7);
  });

  it('publishes the hostPort only on the pod’s node', () => {
    expect(host('node1').ruleset.tables.get('nat')!.chains.has('CNI-HOSTPORT-DNAT')).toBe(true);
    expect(host('node2').ruleset.tables.get('nat')!.chains.has('CNI-HOSTPORT-DNAT')).toBe(false);
  });
});

describe('a headless Service', () => {
  it('gets no rules, as kube-proxy writes none for clusterIP None', () => {
    const scenario = load(`${SPEC_EXAMPLE}    - {name: db, clusterIP: None, selector: {app: web}, ports: [{port: 5432}]}\n`);
    const nat = scenario.hosts[0]!.ruleset.tables.get('nat')!;
    expect([...nat.chains.values()].flatMap((c) => c.rules).filter((r) => r.text.includes('default/db'))).toEqual([]);
  });
});

describe('hosts beside the cluster', () => {
  it('may share the nodes’ link, and flows may start from pods', () => {
    const scenario = load(`${SPEC_EXAMPLE}hosts:
  client:
    interfaces: {eth0: 10.128.0.100/20}
links:
  vpc: [client:eth0]
flows:
  - {from: client, to: 10.128.0.2:30080}
  - {from: api-1, to: 10.96.0.10:80}
`);
    expect(scenario.links.find((l) => l.name === 'vpc')!.members.map((m) => m.host)).toEqual(['node1', 'node2', 'client']);
    expect(scenario.flows.map((f) => f.from)).toEqual(['client', 'api-1']);
  });
});

describe('located problems', () => {
  const edit = (from: string, to: string): string => {
    expect(SPEC_EXAMPLE).toContain(from);
    return SPEC_EXAMPLE.replace(from, to);
  };

  it.each([
    ['a pod outside its node’s podCIDR', edit('ip: 10.244.2.7', 'ip: 10.244.1.7'), ["9:38: 10.244.1.7 is outside node 'node2's podCIDR 10.244.2.0/24; its pods get addresses from it"]],
    ['a pod on the bridge’s address', edit('ip: 10.244.2.7', 'ip: 10.244.2.1'), ["9:38: 10.244.2.1 is the address of node 'node2's bridge cni0"]],
    ['a pod on a node that does not exist', edit('node: node2', 'node: node3'), ["9:27: there is no node 'node3' (did you mean 'node1'?)"]],
    ['a podCIDR outside the cluster CIDR', edit('podCIDR: 10.244.2.0/24', 'podCIDR: 10.245.2.0/24'), ['5:46: podCIDR 10.245.2.0/24 is outside clusterCIDR 10.244.0.0/16; node podCIDRs are cut from the cluster CIDR']],
    ['overlapping podCIDRs', edit('podCIDR: 10.244.2.0/24', 'podCIDR: 10.244.0.0/22'), ["5:46: podCIDR 10.244.0.0/22 overlaps node 'node1's 10.244.1.0/24"]],
    ['a podCIDR with host bits', edit('podCIDR: 10.244.2.0/24', 'podCIDR: 10.244.2.9/24'), ["5:46: podCIDR: '10.244.2.9/24' has host bits set; the network is 10.244.2.0/24"]],
    ['a node address without its prefix length', edit('address: 10.128.0.3/20', 'address: 10.128.0.3'), ["5:22: address: '10.128.0.3' is not an address in ip addr notation: write ADDRESS/PREFIXLEN, e.g. 10.128.0.2/20"]],
    ['a NodePort Service without nodePort', edit(', nodePort: 30080', ''), ['16:15: a NodePort Service needs nodePort: the API server would pick one from 30000-32767; write the one it picked']],
    ['externalTrafficPolicy on a ClusterIP Service', edit('type: NodePort', 'type: ClusterIP').replace(', nodePort: 30080', ''), ['17:30: externalTrafficPolicy may only be set for externally-accessible services: NodePort, LoadBalancer, or with externalIPs (the API server refuses it here)']],
    ['an unknown key in a Service', edit('selector:', 'selectr:'), ["15:7: unknown key 'selectr' (did you mean 'selector'?)"]],
    ['a pod named like a node', edit('name: web-1', 'name: node1'), ["9:14: pod 'node1' would be a host, but there is already one named 'node1'"]],
    ['two pods with one address', edit('ip: 10.244.2.7', 'ip: 10.244.2.7').replace('name: api-1, node: node1, ip: 10.244.1.5', 'name: api-1, node: node2, ip: 10.244.2.7'), ["9:38: 10.244.2.7 is already the address of pod 'api-1'"]],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('a node named like a declared host', () => {
    expect(problems(`hosts:\n  node1:\n    interfaces: {eth0: 10.0.0.1/24}\n${SPEC_EXAMPLE}`)).toEqual([
      "7:5: node 'node1' would be a host, but hosts already has one named 'node1'",
    ]);
  });

  it('two Services on one cluster IP and one nodePort', () => {
    const second = `    - name: web2
      type: NodePort
      clusterIP: 10.96.0.10
      ports: [{port: 81, nodePort: 30080}]
`;
    expect(problems(SPEC_EXAMPLE + second)).toEqual([
      "20:18: clusterIP 10.96.0.10 is already default/web's (the API server: provided IP is already allocated)",
      "21:15: nodePort 30080 is already default/web's (the API server: provided port is already allocated)",
    ]);
  });
});

describe('the scenario’s rule budget', () => {
  it('counts the generated rules: beyond it, a node’s rules are left out and the node is named', () => {
    const services = Array.from(
      { length: 2_500 },
      (_, i) => `    - {name: s${i}, clusterIP: 10.96.${i >> 8}.${i & 255}, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}`,
    ).join('\n');
    const text = `kubernetes:
  nodes:
    node1: {address: 10.128.0.2/20, podCIDR: 10.244.1.0/24, link: vpc}
    node2: {address: 10.128.0.3/20, podCIDR: 10.244.2.0/24, link: vpc}
  pods:
${Array.from({ length: 20 }, (_, i) => `    - {name: web-${i}, node: node1, ip: 10.244.1.${10 + i}, labels: {app: web}}`).join('\n')}
  services:
${services}
`;
    const problems = loadScenario(text, 'big.yaml').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^4:5: packetwalk reads at most 250,000 iptables rules in one scenario \(all hosts together\); the [0-9,]+ rules kube-proxy and portmap would have on node 'node2' go beyond that, so they are left out$/);
  }, 120_000);
});

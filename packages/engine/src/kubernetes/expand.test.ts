/**
 * `packetwalk compile`: the expanded scenario is plain spec §1 and traces
 * exactly as the original does.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../sim/simulate.js';
import { expandScenarioText } from './expand.js';

const ORIGINAL = `title: NodePort and hostPort
hosts:
  client:
    interfaces: {eth0: [10.128.0.100/20, 10.128.0.101/20]}
kubernetes:
  clusterCIDR: 10.244.0.0/16
  nodes:
    node1: {address: 10.128.0.2/20, podCIDR: 10.244.1.0/24, link: vpc}
    node2: {address: 10.128.0.3/20, podCIDR: 10.244.2.0/24, link: vpc}
  pods:
    - {name: api-1, node: node1, ip: 10.244.1.5, ports: [{containerPort: 8443, hostPort: 8443}]}
    - {name: web-1, node: node2, ip: 10.244.2.7, labels: {app: web}, ports: [{containerPort: 8080}]}
  services:
    - {name: web, type: NodePort, clusterIP: 10.96.0.10, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}
links:
  vpc: [client:eth0]
flows:
  - {from: client, to: 10.128.0.2:30080}
  - {from: client, to: 10.128.0.2:8443}
  - {from: api-1, to: 10.96.0.10:80}
`;

describe('expandScenarioText', () => {
  const expanded = expandScenarioText(ORIGINAL, 'k8s.yaml');

  it('writes the section out as plain hosts and links', () => {
    const doc = parse(expanded.text!) as Record<string, Record<string, unknown>>;
    expect(doc.kubernetes).toBeUndefined();
    expect(Object.keys(doc.hosts!)).toEqual(['client', 'node1', 'node2', 'api-1', 'web-1']);
    expect(doc.hosts!.client).toEqual({ interfaces: { eth0: ['10.128.0.100/20', '10.128.0.101/20'] } });
    expect(doc.links).toEqual({ vpc: ['node1:eth0', 'node2:eth0', 'client:eth0'], 'node1-cni0': ['node1:cni0', 'api-1:eth0'], 'node2-cni0': ['node2:cni0', 'web-1:eth0'] });
    expect((doc.hosts!.node1 as { iptables: string }).iptables).toMatch(/^# node1 \(10\.128\.0\.2\): kube-proxy/);
  });

  it('writes each node\'s cni0 as a bridge with br_netfilter on and hairpin ports, as kubelet and the CNI bridge plugin set them up', () => {
    const doc = parse(expanded.text!) as { hosts: Record<string, { bridges?: unknown; sysctl?: unknown }> };
    for (const node of ['node1', 'node2']) {
      expect(doc.hosts[node]!.bridges).toEqual({ cni0: { hairpin: true } });
      expect(doc.hosts[node]!.sysctl).toEqual({ 'net.bridge.bridge-nf-call-iptables': 1 });
    }
    expect(doc.hosts['api-1']!.bridges).toBeUndefined();
  });

  it('traces as the original does', () => {
    const original = simulate(loadScenario(ORIGINAL, 'k8s.yaml').scenario!, { seed: 1 });
    const reloaded = loadScenario(expanded.text!, 'plain.yaml');
    expect(reloaded.diagnostics).toEqual([]);
    const plain = simulate(reloaded.scenario!, { seed: 1 });
    expect(plain.flows.map((f) => f.outcome)).toEqual(['connected', 'connected', 'connected']);
    const wires = (t: typeof plain) => t.flows.map((f) => f.packets.map((p) => p.wire));
    expect(wires(plain)).toEqual(wires(original));
  });

  it('gives back a scenario without a kubernetes section as it is, and problems as problems', () => {
    expect(expandScenarioText('hosts: {}\n', 'x.yaml')).toEqual({ text: 'hosts: {}\n', diagnostics: [] });
    expect(expandScenarioText('kubernetes: {clusterCIDR: nonsense}\n', 'x.yaml').diagnostics.map((d) => d.message)).toEqual([
      "clusterCIDR: 'nonsense' is not a network prefix such as 10.244.0.0/16",
    ]);
  });
});

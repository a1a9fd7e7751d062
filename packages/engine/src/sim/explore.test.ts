/**
 * The explore mode on a NodePort Service with three endpoints: one branch
 * per endpoint, each with the share kube-proxy's rules give it, and flows
 * after the explored one untouched.
 */
import { describe, expect, it } from 'vitest';
import { endpointShares } from '../kubernetes/probability.js';
import { branchEnd } from '../render/explore.js';
import { loadScenario } from '../scenario/load.js';
import { explore } from './explore.js';
import { simulate } from './simulate.js';

const SCENARIO = `hosts:
  client:
    interfaces: {eth0: 10.128.0.100/20}
kubernetes:
  clusterCIDR: 10.244.0.0/16
  nodes:
    node1: {address: 10.128.0.2/20, podCIDR: 10.244.1.0/24, link: vpc}
    node2: {address: 10.128.0.3/20, podCIDR: 10.244.2.0/24, link: vpc}
  pods:
    - {name: web-1, node: node2, ip: 10.244.2.7, labels: {app: web}, ports: [{containerPort: 8080}]}
    - {name: web-2, node: node2, ip: 10.244.2.8, labels: {app: web}, ports: [{containerPort: 8080}]}
    - {name: web-3, node: node1, ip: 10.244.1.9, labels: {app: web}, ports: [{containerPort: 8080}]}
  services:
    - {name: web, type: NodePort, clusterIP: 10.96.0.10, selector: {app: web}, AFFINITY
       ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}
links:
  vpc: [client:eth0]
flows:
  - {from: client, to: 10.128.0.2:30080}
  - {from: client, to: 10.128.0.2:30080}
  - {from: client, to: 10.128.0.100, proto: icmp}
`;

function scenario(affinity: boolean) {
  const { scenario } = loadScenario(SCENARIO.replace('AFFINITY', affinity ? 'sessionAffinity: ClientIP,' : ''), 'explore.yaml');
  return scenario!;
}

describe('explore', () => {
  const [first, second, third] = explore(scenario(false), { seed: 1 });

  it('runs a flow once per endpoint, in the order of kube-proxy’s rules (sorted by address)', () => {
    expect(first!.branches.map((b) => branchEnd(b.flow).delivered)).toEqual([
      { host: 'web-3', dst: '10.244.1.9', dport: 8080 },
      { host: 'web-1', dst: '10.244.2.7', dport: 8080 },
      { host: 'web-2', dst: '10.244.2.8', dport: 8080 },
    ]);
    expect(first!.branches.map((b) => b.flow.outcome)).toEqual(['connected', 'connected', 'connected']);
    expect(first!.truncated).toBe(false);
  });

  it('gives each branch the chance the kernel gives it: the products of the stored probabilities', () => {
    const shares = endpointShares(3);
    first!.branches.forEach((b, i) => expect(b.probability).toBeCloseTo(shares[i]!, 12));
  });

  it('names the random rules each branch passed', () => {
    expect(first!.branches[2]!.choices.map((c) => `${c.host} ${c.table} ${c.chain} #${c.index} ${c.below}`)).toEqual([
      'node1 nat KUBE-SVC-LOLE4ISW44XBNF3G #2 false',
      'node1 nat KUBE-SVC-LOLE4ISW44XBNF3G #3 false',
    ]);
  });

  it('explores every flow: without affinity the second flow has three branches too, a ping one', () => {
    expect(second!.branches).toHaveLength(3);
    expect(third!.branches.map((b) => [b.probability, b.choices.length])).toEqual([[1, 0]]);
  });

  it('starts a flow from the state the seeded trace leaves: with ClientIP affinity the second flow follows the first', () => {
    const sticky = scenario(true);
    const seeded = simulate(sticky, { seed: 7 });
    const [, again] = explore(sticky, { seed: 7 });
    expect(again!.branches).toHaveLength(1);
    expect(branchEnd(again!.branches[0]!.flow).delivered).toEqual(branchEnd(seeded.flows[0]!).delivered);
  });

  it('stops at maxBranches and says so', () => {
    const [capped] = explore(scenario(false), { seed: 1, maxBranches: 2 });
    expect(capped!.branches).toHaveLength(2);
    expect(capped!.truncated).toBe(true);
  });
});

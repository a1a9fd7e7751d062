/**
 * Objects as `kubectl get -o yaml` prints them (trimmed, with some of the
 * fields packetwalk does not read left in), through the real loader.
 */
import { describe, expect, it } from 'vitest';
import { formatInterfaceAddress } from '../net/ipv4.js';
import { loadScenario } from '../scenario/load.js';

const LIST = `kubernetes:
  clusterCIDR: 10.244.0.0/16
  nodeNetwork: {link: vpc, subnet: 10.128.0.0/20, routes: [default via 10.128.0.1]}
  objects:
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Node
      metadata:
        name: ip-10-128-0-2.ec2.internal
        labels: {kubernetes.io/os: linux}
      spec:
        podCIDR: 10.244.1.0/24
        podCIDRs: [10.244.1.0/24]
      status:
        addresses:
        - {type: InternalIP, address: 10.128.0.2}
        - {type: Hostname, address: ip-10-128-0-2.ec2.internal}
    - apiVersion: v1
      kind: Pod
      metadata:
        name: web-7d9f8b6c5-x2x4q
        namespace: shop
        labels: {app: web, pod-template-hash: 7d9f8b6c5}
        managedFields: [{manager: kubelet}]
      spec:
        nodeName: ip-10-128-0-2.ec2.internal
        containers:
        - name: web
          image: nginx
          ports:
          - {containerPort: 8080, name: http, protocol: TCP}
      status:
        phase: Running
        podIP: 10.244.1.9
        podIPs: [{ip: 10.244.1.9}]
    - apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        type: ClusterIP
        clusterIP: 10.96.7.7
        clusterIPs: [10.96.7.7]
        selector: {app: web}
        ports:
        - {name: http, port: 80, protocol: TCP, targetPort: http}
        sessionAffinity: None
      status: {loadBalancer: {}}
`;

describe('a kind: List of objects', () => {
  const { scenario, diagnostics } = loadScenario(LIST, 'objects.yaml');

  it('loads', () => {
    expect(diagnostics).toEqual([]);
  });

  it('makes the Node a host named after it, on nodeNetwork’s link and subnet, with its routes', () => {
    const node = scenario!.hosts.find((h) => h.name === 'ip-10-128-0-2-ec2-internal')!;
    expect(node.interfaces.map((i) => i.addresses.map(formatInterfaceAddress).join())).toEqual(['10.128.0.2/20', '10.244.1.1/24']);
    expect(node.routes.map((r) => r.text)).toEqual(['default via 10.128.0.1']);
    expect(scenario!.links.find((l) => l.name === 'vpc')!.members.map((m) => m.host)).toEqual(['ip-10-128-0-2-ec2-internal']);
  });

  it('puts the Pod on its node, listening on its container port', () => {
    const pod = scenario!.hosts.find((h) => h.name === 'web-7d9f8b6c5-x2x4q')!;
    expect(pod.interfaces[0]!.addresses.map(formatInterfaceAddress)).toEqual(['10.244.1.9/24']);
    expect(pod.listen.map((l) => `${l.proto}/${l.port}`)).toEqual(['tcp/8080']);
  });

  it('resolves the Service’s named targetPort against the pod', () => {
    const nat = scenario!.hosts[0]!.ruleset.tables.get('nat')!;
    const sep = [...nat.chains.values()].find((c) => c.name.startsWith('KUBE-SEP-'))!;
    expect(sep.rules.map((r) => r.text)).toContain(`-A ${sep.name} -p tcp -m comment --comment "shop/web:http" -m tcp -j DNAT --to-destination 10.244.1.9:8080`);
  });
});

const NODE = `    - kind: Node
      metadata: {name: n1}
      spec: {podCIDR: 10.244.1.0/24}
      status: {addresses: [{type: InternalIP, address: 10.128.0.2}]}
`;

function problems(objects: string, network = '  nodeNetwork: {link: vpc, subnet: 10.128.0.0/20}\n'): string[] {
  return loadScenario(`kubernetes:\n${network}  objects:\n${objects}`, 'o.yaml').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('objects packetwalk cannot use', () => {
  it.each([
    ['another kind', `${NODE}    - {kind: Deployment, metadata: {name: web}}\n`, ['8:14: kind Deployment cannot be used: packetwalk reads Node, Pod, Service and EndpointSlice objects; remove it']],
    ['Endpoints', `    - {kind: Endpoints, metadata: {name: web}}\n`, ['4:14: kind Endpoints cannot be used: kube-proxy reads EndpointSlices, not Endpoints; remove it']],
    [
      'a pod on the host network',
      `${NODE}    - kind: Pod\n      metadata: {name: p}\n      spec: {nodeName: n1, hostNetwork: true, containers: []}\n      status: {podIP: 10.128.0.2}\n`,
      ["10:41: pod p uses its node's network namespace: packetwalk models pods with their own address only"],
    ],
    [
      'a pod not yet scheduled',
      `    - kind: Pod\n      metadata: {name: p}\n      spec: {containers: []}\n`,
      ['6:13: pod p has no spec.nodeName: it is not scheduled, so it has no address'],
    ],
    ['a Node without podCIDR', `    - kind: Node\n      metadata: {name: n1}\n      status: {addresses: [{type: InternalIP, address: 10.128.0.2}]}\n`, ['4:7: Node n1 has no spec.podCIDR: packetwalk needs the node\'s pod network']],
    [
      'a Service port over SCTP',
      `    - kind: Service\n      metadata: {name: s}\n      spec: {clusterIP: 10.96.0.1, ports: [{port: 9, protocol: SCTP}]}\n`,
      ['6:64: protocol SCTP is not modelled (TCP and UDP are)'],
    ],
    ['an object without metadata.name', `    - {kind: Pod, metadata: {}, spec: {containers: []}}\n`, ["4:19: missing required key 'name' in 'metadata'"]],
  ])('%s', (_name, objects, expected) => {
    expect(problems(objects)).toEqual(expected);
  });

  it('a Node object without kubernetes.nodeNetwork', () => {
    expect(problems(NODE, '')).toEqual(['3:7: a Node object does not say which link and subnet its InternalIP is on: add kubernetes.nodeNetwork: {link: …, subnet: …}']);
  });
});

describe('EndpointSlices', () => {
  it('give a Service without selector its endpoints, ready or not as their conditions say', () => {
    const text = `kubernetes:
  nodeNetwork: {link: vpc, subnet: 10.128.0.0/20}
  objects:
${NODE}    - kind: Service
      metadata: {name: ext}
      spec: {clusterIP: 10.96.0.5, ports: [{name: https, port: 443}]}
    - kind: EndpointSlice
      metadata: {name: ext-abc12, namespace: default, labels: {kubernetes.io/service-name: ext}}
      addressType: IPv4
      endpoints:
      - {addresses: [192.0.2.10], conditions: {ready: true}}
      - {addresses: [192.0.2.11], conditions: {ready: false}}
      ports: [{name: https, port: 8443, protocol: TCP}]
`;
    const { scenario, diagnostics } = loadScenario(text, 'slices.yaml');
    expect(diagnostics).toEqual([]);
    const nat = scenario!.hosts[0]!.ruleset.tables.get('nat')!;
    const svc = [...nat.chains.values()].find((c) => c.name.startsWith('KUBE-SVC-'))!;
    expect(svc.rules.map((r) => r.comment)).toEqual(['default/ext:https -> 192.0.2.10:8443']);
  });
});

import { expect, test } from 'vitest';
import { readScenario, UnsupportedScenario } from './scenario-file.js';

const text = `
title: t
hosts:
  router:
    forwarding: true
    interfaces:
      lan: 192.168.1.1/24
      wan: [198.51.100.7/24, 198.51.100.8/32]
    routes: [default via 198.51.100.1]
    sysctl: {net.ipv4.conf.all.rp_filter: 1, net.ipv4.ip_local_port_range: "1024 2048"}
    iptables: |
      *nat
      -A POSTROUTING -o wan -j MASQUERADE
      COMMIT
    nat1to1:
      - {external: 203.0.113.10, internal: 192.168.1.20}
  server:
    interfaces: {eth0: 198.51.100.20/24}
    listen: [tcp/80, udp/53, tcp/198.51.100.20:443]
links:
  internet: [router:wan, server:eth0]
flows:
  - {from: router, to: 198.51.100.20:80}
  - {from: router, to: 198.51.100.20:53, proto: udp, sport: 5000}
  - {from: router, to: 198.51.100.20, proto: icmp}
`;

test('hosts keep route and rule texts verbatim, addresses in order', () => {
  const s = readScenario(text, 'x.yaml');
  const router = s.hosts[0]!;
  expect(router.interfaces).toEqual([
    { name: 'lan', addresses: ['192.168.1.1/24'] },
    { name: 'wan', addresses: ['198.51.100.7/24', '198.51.100.8/32'] },
  ]);
  expect(router.routes).toEqual(['default via 198.51.100.1']);
  expect(router.iptables).toBe('*nat\n-A POSTROUTING -o wan -j MASQUERADE\nCOMMIT');
  expect(router.sysctl).toEqual({ 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.ip_local_port_range': '1024 2048' });
  expect(router.nat1to1).toEqual([{ external: '203.0.113.10', internal: '192.168.1.20' }]);
  expect(s.hosts[1]!.listen).toEqual([
    { proto: 'tcp', port: 80 },
    { proto: 'udp', port: 53 },
    { proto: 'tcp', address: '198.51.100.20', port: 443 },
  ]);
});

test('flows default to tcp and to source port 40000 + their index', () => {
  expect(readScenario(text, 'x.yaml').flows).toEqual([
    { index: 0, from: 'router', to: '198.51.100.20:80', dst: '198.51.100.20', dport: 80, proto: 'tcp', sport: 40000 },
    { index: 1, from: 'router', to: '198.51.100.20:53', dst: '198.51.100.20', dport: 53, proto: 'udp', sport: 5000 },
    { index: 2, from: 'router', to: '198.51.100.20', dst: '198.51.100.20', proto: 'icmp', sport: 40002 },
  ]);
});

test('a kubernetes section is left to the engine', () => {
  expect(() => readScenario('kubernetes: {nodes: {}}\n', 'k.yaml')).toThrow(UnsupportedScenario);
});

test.each([
  { what: 'a listen entry it cannot read', yaml: 'hosts: {a: {listen: [sctp/9]}}' },
  { what: 'a link member without an interface', yaml: 'links: {l: [a]}' },
  { what: 'a tcp flow without a port', yaml: 'flows: [{from: a, to: 10.0.0.1}]' },
])('$what is an error', ({ yaml }) => {
  expect(() => readScenario(yaml, 'bad.yaml')).toThrow();
});

test.each([
  { bridges: '{cni0: {hairpin: true}}', read: [{ name: 'cni0', hairpin: true }] },
  { bridges: '{br0: {}}', read: [{ name: 'br0', hairpin: false }] },
  { bridges: '{br0: null, br1: {hairpin: false}}', read: [{ name: 'br0', hairpin: false }, { name: 'br1', hairpin: false }] },
])('bridges $bridges are read with their hairpin mode', ({ bridges, read }) => {
  const s = readScenario(`hosts:\n  node:\n    bridges: ${bridges}\n    interfaces: {cni0: 10.0.0.1/24}\n`, 'x.yaml');
  expect(s.hosts[0]!.bridges).toEqual(read);
});

test('a host without bridges has none', () => {
  expect(readScenario(text, 'x.yaml').hosts.every((h) => h.bridges.length === 0)).toBe(true);
});

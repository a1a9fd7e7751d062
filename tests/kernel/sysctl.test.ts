import { expect, test } from 'vitest';
import { readScenario } from './scenario-file.js';
import { machineConntrackMax, namespaceDefaults, scenarioSysctls, sysctlPath, sysctlScript } from './sysctl.js';

test.each([
  { key: 'net.ipv4.ip_forward', path: '/proc/sys/net/ipv4/ip_forward' },
  { key: 'net.ipv4.conf.all.rp_filter', path: '/proc/sys/net/ipv4/conf/all/rp_filter' },
  { key: 'net.ipv4.conf.eth0.100.rp_filter', path: '/proc/sys/net/ipv4/conf/eth0.100/rp_filter' },
  { key: 'net.ipv4.neigh.lan.retrans_time_ms', path: '/proc/sys/net/ipv4/neigh/lan/retrans_time_ms' },
  { key: 'net.netfilter.nf_conntrack_tcp_loose', path: '/proc/sys/net/netfilter/nf_conntrack_tcp_loose' },
])('$key lives at $path', ({ key, path }) => {
  expect(sysctlPath(key)).toBe(path);
});

test('a new namespace is set to a pristine kernel: reverse-path filter off, redirects on', () => {
  const writes = Object.fromEntries(namespaceDefaults().map((w) => [w.key, w.value]));
  expect(writes).toMatchObject({
    'net.ipv4.conf.all.rp_filter': '0',
    'net.ipv4.conf.default.rp_filter': '0',
    'net.ipv4.conf.all.accept_local': '0',
    'net.ipv4.conf.all.send_redirects': '1',
    'net.ipv4.conf.all.accept_redirects': '1',
    'net.ipv4.ip_local_port_range': '32768 60999',
  });
});

const scenario = (sysctl: string, flows = 1): ReturnType<typeof readScenario> =>
  readScenario(`hosts: {r: {forwarding: true, sysctl: {${sysctl}}}}\nflows: [${Array(flows).fill('{from: r, to: 10.0.0.1:80}').join(',')}]`, 's.yaml');

test('forwarding first, then the scenario\'s own settings', () => {
  const s = scenario('net.ipv4.conf.all.rp_filter: 2, net.ipv4.ip_local_port_range: "1024 2048"');
  expect(scenarioSysctls(s.hosts[0]!)).toEqual([
    { key: 'net.ipv4.ip_forward', value: '1' },
    { key: 'net.ipv4.conf.all.rp_filter', value: '2' },
    { key: 'net.ipv4.ip_local_port_range', value: '1024\t2048' },
  ]);
});

test('nf_conntrack_max is never written in a namespace; a limit the flows can reach is set machine-wide', () => {
  const large = scenario('net.netfilter.nf_conntrack_max: 65536');
  expect(scenarioSysctls(large.hosts[0]!)).toEqual([{ key: 'net.ipv4.ip_forward', value: '1' }]);
  expect(machineConntrackMax(large)).toBeUndefined();
  const small = scenario('net.netfilter.nf_conntrack_max: 2');
  expect(scenarioSysctls(small.hosts[0]!)).toEqual([{ key: 'net.ipv4.ip_forward', value: '1' }]);
  expect(machineConntrackMax(small)).toBe(2);
});

test('conntrack settings are written only where conntrack is loaded', () => {
  expect(sysctlScript([{ key: 'net.netfilter.nf_conntrack_tcp_loose', value: '0' }])).toBe(
    "[ ! -e '/proc/sys/net/netfilter/nf_conntrack_tcp_loose' ] || printf '%s\\n' '0' > '/proc/sys/net/netfilter/nf_conntrack_tcp_loose'",
  );
});

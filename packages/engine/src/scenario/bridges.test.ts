/**
 * The `bridges:` extension and net.bridge.bridge-nf-call-iptables: which
 * interfaces are bridges, their hairpin mode, and the sysctl's value as the
 * kernel stores it (brnf_sysctl_call_tables in br_netfilter_hooks.c: any
 * non-zero value becomes 1; not a number: EINVAL).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';

/** Host r with eth0 and lan (lines 1–5); `lines` follow from line 6, indented as host keys. */
function host(...lines: string[]): string {
  return ['hosts:', '  r:', '    interfaces:', '      eth0: 10.0.0.1/24', '      lan: 192.168.1.1/24', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

function load(yaml: string) {
  const loaded = loadScenario(yaml, 's.yaml');
  return {
    messages: loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
    bridges: loaded.scenario ? loaded.scenario.hosts[0]!.bridges : undefined,
  };
}

describe('bridges', () => {
  it.each([
    { name: 'an empty mapping: hairpin off, bridge-nf-call-iptables 1 (br_netfilter\'s default)', lines: ['bridges: {lan: {}}'], devices: [{ name: 'lan', hairpin: false }], callIptables: true },
    { name: 'no options at all', lines: ['bridges:', '  lan:'], devices: [{ name: 'lan', hairpin: false }], callIptables: true },
    { name: 'hairpin on', lines: ['bridges: {lan: {hairpin: true}}'], devices: [{ name: 'lan', hairpin: true }], callIptables: true },
    { name: 'bridge-nf-call-iptables 0', lines: ['bridges: {lan: {}}', 'sysctl: {net.bridge.bridge-nf-call-iptables: 0}'], devices: [{ name: 'lan', hairpin: false }], callIptables: false },
    { name: 'any non-zero value is on', lines: ['bridges: {lan: {}}', 'sysctl: {net.bridge.bridge-nf-call-iptables: "7"}'], devices: [{ name: 'lan', hairpin: false }], callIptables: true },
    { name: 'two bridges', lines: ['bridges: {lan: {}, eth0: {hairpin: true}}'], devices: [{ name: 'lan', hairpin: false }, { name: 'eth0', hairpin: true }], callIptables: true },
  ])('$name', ({ lines, devices, callIptables }) => {
    const { messages, bridges } = load(host(...lines));
    expect(messages).toEqual([]);
    expect(bridges).toEqual({ devices, callIptables });
  });

  it('a host without bridges has no bridge settings, and may still set the sysctl', () => {
    const { messages, bridges } = load(host('sysctl: {net.bridge.bridge-nf-call-iptables: 1}'));
    expect(messages).toEqual([]);
    expect(bridges).toBeUndefined();
  });

  it.each([
    { name: 'an interface the host does not have', lines: ['bridges: {cni0: {}}'], message: "6:15 host 'r' has no interface 'cni0' to be a bridge" },
    { name: 'a value that is not a number', lines: ['bridges: {lan: {}}', 'sysctl: {net.bridge.bridge-nf-call-iptables: "on"}'], message: '7:50 net.bridge.bridge-nf-call-iptables: expected 0 or 1, found "on" (writing it to /proc/sys fails with EINVAL)' },
  ])('reports $name where it is written', ({ lines, message }) => {
    expect(load(host(...lines)).messages).toEqual([message]);
  });

  it('reports a link that joins two bridge devices, at the link', () => {
    const yaml = [
      'hosts:',
      '  a: {interfaces: {br0: 10.0.0.1/24}, bridges: {br0: {}}}',
      '  b: {interfaces: {br0: 10.0.0.2/24}, bridges: {br0: {}}}',
      'links:',
      '  lan: [a:br0, b:br0]',
      '',
    ].join('\n');
    expect(load(yaml).messages).toEqual(["5:3 link 'lan' joins two bridge devices (a:br0 and b:br0); packetwalk models one bridge per link, its other members being its ports"]);
  });
});

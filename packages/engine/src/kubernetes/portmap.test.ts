/**
 * The portmap plugin's rules for the port mappings of its own test
 * ("generates a correct standard container chain", portmap_iptables_test.go:
 * container 10.0.0.2/24), restored into Linux 6.18 with iptables 1.8.9 and
 * printed back by iptables-save — that printout is the expectation here.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4, parsePrefix } from '../net/ipv4.js';
import type { ContainerPortModel, PodModel } from './model.js';
import { portmapChain } from './chain-names.js';
import { PORTMAP_NETWORK, sandboxId, writePortmapRules } from './portmap.js';
import { saveDump, SaveTable } from './save-text.js';

const at = { line: 1, column: 1 };

function port(hostPort: number, containerPort: number, protocol: 'tcp' | 'udp', hostIP?: string): ContainerPortModel {
  return { containerPort, hostPort, protocol, ...(hostIP ? { hostIP: parseIpv4(hostIP)! } : {}), at, path: [] };
}

const POD: PodModel = {
  name: 'p',
  namespace: 'default',
  node: 'n',
  ip: parseIpv4('10.0.0.2')!,
  labels: {},
  ports: [port(8080, 80, 'tcp'), port(8081, 80, 'tcp'), port(8080, 81, 'udp'), port(8082, 82, 'udp'), port(8083, 83, 'tcp', '192.168.0.2'), port(8084, 84, 'tcp')],
  at,
  path: [],
};

function rules(pods: readonly PodModel[]): string[] {
  const nat = new SaveTable('nat', at);
  writePortmapRules(nat, pods, parsePrefix('10.0.0.0/24')!, at);
  return saveDump({ text: '#', at }, [nat]).text.split('\n').filter((l) => l.startsWith('-A '));
}

describe('portmap rules', () => {
  const chain = portmapChain(PORTMAP_NETWORK, sandboxId(POD));
  const all = rules([POD]);

  it('per mapping: hairpin and localhost marked for masquerade, then DNAT, in the mappings’ order', () => {
    expect(all.filter((l) => l.startsWith(`-A ${chain} `)).map((l) => l.replace(chain, 'CNI-DN'))).toEqual([
      '-A CNI-DN -s 10.0.0.0/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80',
      '-A CNI-DN -s 10.0.0.0/24 -p tcp -m tcp --dport 8081 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -p tcp -m tcp --dport 8081 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10.0.0.2:80',
      '-A CNI-DN -s 10.0.0.0/24 -p udp -m udp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -p udp -m udp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -p udp -m udp --dport 8080 -j DNAT --to-destination 10.0.0.2:81',
      '-A CNI-DN -s 10.0.0.0/24 -p udp -m udp --dport 8082 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -p udp -m udp --dport 8082 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -p udp -m udp --dport 8082 -j DNAT --to-destination 10.0.0.2:82',
      '-A CNI-DN -s 10.0.0.0/24 -d 192.168.0.2/32 -p tcp -m tcp --dport 8083 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -d 192.168.0.2/32 -p tcp -m tcp --dport 8083 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -d 192.168.0.2/32 -p tcp -m tcp --dport 8083 -j DNAT --to-destination 10.0.0.2:83',
      '-A CNI-DN -s 10.0.0.0/24 -p tcp -m tcp --dport 8084 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -s 127.0.0.1/32 -p tcp -m tcp --dport 8084 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-DN -p tcp -m tcp --dport 8084 -j DNAT --to-destination 10.0.0.2:84',
    ]);
  });

  it('one multiport entry per protocol, each inserted at the top in turn (the last protocol first)', () => {
    const comment = `"dnat name: \\"cbr0\\" id: \\"${sandboxId(POD)}\\""`;
    expect(all.filter((l) => l.startsWith('-A CNI-HOSTPORT-DNAT '))).toEqual([
      `-A CNI-HOSTPORT-DNAT -p udp -m comment --comment ${comment} -m multiport --dports 8080,8082 -j ${chain}`,
      `-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment ${comment} -m multiport --dports 8080,8081,8083,8084 -j ${chain}`,
    ]);
  });

  it('the shared chains: the mark, its masquerade first in POSTROUTING, the DNAT chain after kube-proxy’s jumps', () => {
    expect(all.filter((l) => !l.startsWith(`-A ${chain} `) && !l.startsWith('-A CNI-HOSTPORT-DNAT '))).toEqual([
      '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ',
      '-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE',
      '-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000',
    ]);
  });

  it('puts a later pod’s entries above an earlier one’s, and writes nothing without host ports', () => {
    const later: PodModel = { ...POD, name: 'q', ports: [port(9000, 90, 'tcp')] };
    const entries = rules([POD, later]).filter((l) => l.startsWith('-A CNI-HOSTPORT-DNAT '));
    expect(entries[0]).toContain(portmapChain(PORTMAP_NETWORK, sandboxId(later)));
    expect(rules([{ ...POD, ports: [{ containerPort: 80, protocol: 'tcp', at, path: [] }] }])).toEqual([]);
  });
});

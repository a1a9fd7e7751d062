import { describe, expect, it, vi } from 'vitest';
import type { SourceSpan } from '../diagnostics.js';
import { parseIpv4 } from '../net/ipv4.js';
import { loadScenario } from './load.js';
import { DEFAULT_SYSCTL } from './types.js';

// The iptables-save parser is another module; this stand-in reports every word "BAD".
vi.mock('../netfilter/parse.js', () => ({
  parseIptablesSave: (text: string, locate: (lineIndex: number, column: number) => SourceSpan) => ({
    ruleset: { tables: new Map() },
    problems: text.split('\n').flatMap((line, lineIndex) => {
      const column = line.indexOf('BAD');
      return column < 0 ? [] : [{ at: locate(lineIndex, column), message: 'the parser does not like BAD' }];
    }),
  }),
}));

const ip = (text: string): number => parseIpv4(text)!;

function diagnose(yaml: string): string[] {
  return loadScenario(yaml, 's.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** Host r with eth0 10.0.0.1/24 and eth1 192.168.1.1/24 (lines 1–5); `lines` follow from line 6, indented as host keys. */
function host(...lines: string[]): string {
  return ['hosts:', '  r:', '    interfaces:', '      eth0: 10.0.0.1/24', '      eth1: 192.168.1.1/24', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

/** Host r with just the interfaces given, one per line from line 4. */
function interfaces(...lines: string[]): string {
  return ['hosts:', '  r:', '    interfaces:', ...lines.map((l) => `      ${l}`), ''].join('\n');
}

interface Case {
  name: string;
  yaml: string;
  at: string;
  message: string;
}

function expectOne({ yaml, at, message }: Case): void {
  const found = diagnose(yaml);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(new RegExp(`^${at} `));
  expect(found[0]).toContain(message);
}

describe('names', () => {
  it.each<Case>([
    { name: 'an upper-case host name', yaml: 'hosts:\n  Router: {}\n', at: '2:3', message: 'may only contain lower-case letters, digits and' },
    { name: 'a host name with _', yaml: 'hosts:\n  web_1: {}\n', at: '2:3', message: 'may only contain lower-case letters' },
    { name: 'an interface name of 16 characters', yaml: interfaces('abcdefghijklmnop: 10.0.0.1/24'), at: '4:7', message: 'is 16 characters long; Linux allows at most 15' },
    { name: 'the interface name lo', yaml: interfaces('lo: 10.0.0.1/24'), at: '4:7', message: 'ip link add: File exists' },
    { name: 'the interface name all', yaml: interfaces('all: 10.0.0.1/24'), at: '4:7', message: 'ip link add: Invalid argument' },
    { name: 'the interface name default', yaml: interfaces('default: 10.0.0.1/24'), at: '4:7', message: 'ip link add: Invalid argument' },
    { name: 'the interface name ..', yaml: interfaces('"..": 10.0.0.1/24'), at: '4:7', message: 'refused by the kernel' },
    { name: 'an interface name with /', yaml: interfaces('eth/0: 10.0.0.1/24'), at: '4:7', message: "may only contain letters, digits, '-', '_' and '.'" },
  ])('$name', expectOne);

  it('accepts dots, dashes and underscores in interface names', () => {
    expect(diagnose(interfaces('eth0.100: 10.0.0.1/24', 'br-lan_2: 10.1.0.1/24', 'ETH9: 10.2.0.1/24'))).toEqual([]);
  });
});

describe('interface addresses', () => {
  it.each<Case>([
    { name: 'an octet above 255', yaml: interfaces('eth0: 192.168.1.300/24'), at: '4:13', message: 'not an address in ip addr notation' },
    { name: 'prefix length 33, located at the length', yaml: interfaces('eth0: 10.0.0.1/33'), at: '4:22', message: 'any valid prefix is expected rather than "10.0.0.1/33"' },
    { name: 'prefix length 33 in a quoted string', yaml: interfaces('eth0: "10.0.0.1/33"'), at: '4:23', message: 'prefix length' },
    { name: 'a bad second item of a list', yaml: interfaces('eth0: [10.0.0.1/24, 10.0.0.x/24]'), at: '4:27', message: "'10.0.0.x/24' is not an address" },
    { name: '0.0.0.0', yaml: interfaces('eth0: 0.0.0.0/8'), at: '4:13', message: 'ip addr add accepts it and does nothing' },
    { name: 'a loopback address', yaml: interfaces('eth0: 127.0.0.5/8'), at: '4:13', message: 'is a loopback address' },
    { name: 'a multicast address', yaml: interfaces('eth0: 224.0.0.5/24'), at: '4:13', message: 'is a multicast address' },
    { name: 'the limited broadcast address', yaml: interfaces('eth0: 255.255.255.255/32'), at: '4:13', message: 'limited broadcast' },
    { name: 'the same address twice on an interface', yaml: interfaces('eth0: [10.0.0.1/24, 10.0.0.1/24]'), at: '4:27', message: 'ip addr add: "Address already assigned"' },
    { name: 'the same address with another length', yaml: interfaces('eth0: [10.0.0.1/24, 10.0.0.1/16]'), at: '4:27', message: 'packetwalk needs each address of a host once' },
    { name: 'the same address on two interfaces', yaml: interfaces('eth0: 10.0.0.1/24', 'eth1: 10.0.0.1/24'), at: '5:13', message: 'already assigned to eth0 of this host' },
  ])('$name', expectOne);

  it('keeps addresses in order, a bare address as /32, and an empty interface', () => {
    const { scenario } = loadScenario(interfaces('eth0: [10.0.0.1/24, 10.0.0.7]', 'eth1: []', 'eth2:'), 's.yaml');
    expect(scenario?.hosts[0]?.interfaces).toMatchObject([
      { name: 'eth0', addresses: [{ address: ip('10.0.0.1'), prefixLength: 24 }, { address: ip('10.0.0.7'), prefixLength: 32 }], at: { line: 4, column: 7 } },
      { name: 'eth1', addresses: [] },
      { name: 'eth2', addresses: [] },
    ]);
  });
});

describe('listen', () => {
  it.each<Case>([
    { name: 'an address of no interface', yaml: host('listen: [tcp/8.8.8.8:80]'), at: '6:18', message: 'EADDRNOTAVAIL' },
    { name: 'the network address of a subnet', yaml: host('listen: [tcp/10.0.0.0:80]'), at: '6:18', message: 'EADDRNOTAVAIL' },
    { name: 'port 0', yaml: host('listen: [tcp/0]'), at: '6:18', message: "port '0' is not a number from 1 to 65535" },
    { name: 'a protocol other than tcp and udp', yaml: host('listen: [sctp/80]'), at: '6:14', message: 'is not a listening socket' },
    { name: 'icmp', yaml: host('listen: [icmp/0]'), at: '6:14', message: 'ICMP echo is always answered' },
    { name: 'a port already bound to 0.0.0.0', yaml: host('listen: [tcp/80, tcp/10.0.0.1:80]'), at: '6:22', message: 'EADDRINUSE' },
    { name: 'the same address and port twice', yaml: host('listen: [udp/10.0.0.1:53, udp/10.0.0.1:53]'), at: '6:31', message: 'EADDRINUSE' },
  ])('$name', expectOne);

  it('binds loopback, broadcast and interface addresses as bind() allows', () => {
    const { scenario, diagnostics } = loadScenario(
      host('listen: [tcp/127.0.0.1:8080, udp/10.0.0.255:67, tcp/10.0.0.1:80, tcp/192.168.1.1:80, udp/0.0.0.0:53]'),
      's.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(scenario?.hosts[0]?.listen.map((l) => [l.proto, l.address, l.port])).toEqual([
      ['tcp', ip('127.0.0.1'), 8080],
      ['udp', ip('10.0.0.255'), 67],
      ['tcp', ip('10.0.0.1'), 80],
      ['tcp', ip('192.168.1.1'), 80],
      ['udp', undefined, 53],
    ]);
  });
});

describe('sysctl', () => {
  const sysctl = (line: string): string => host('sysctl:', `  ${line}`);
  it.each<Case>([
    { name: 'a misspelt key', yaml: sysctl('net.netfilter.nf_conntrack_mx: 5'), at: '7:7', message: "did you mean 'net.netfilter.nf_conntrack_max'?" },
    { name: 'ip_forward', yaml: sysctl('net.ipv4.ip_forward: 1'), at: '7:7', message: 'use forwarding: true' },
    { name: 'rp_filter 3', yaml: sysctl('net.ipv4.conf.all.rp_filter: 3'), at: '7:36', message: 'expected 0 (off), 1 (strict) or 2 (loose)' },
    { name: 'rp_filter of an interface the host lacks', yaml: sysctl('net.ipv4.conf.eth9.rp_filter: 1'), at: '7:7', message: "host 'r' has no interface 'eth9'" },
    { name: 'rp_filter of default', yaml: sysctl('net.ipv4.conf.default.rp_filter: 1'), at: '7:7', message: 'only applies to interfaces created later' },
    { name: 'a port range upside down', yaml: sysctl('net.ipv4.ip_local_port_range: "2000 1000"'), at: '7:37', message: 'LOW 2000 is above HIGH 1000' },
    { name: 'a port range below 1024', yaml: sysctl('net.ipv4.ip_local_port_range: "1000 2000"'), at: '7:37', message: 'ip_unprivileged_port_start' },
    { name: 'a port range of one number', yaml: sysctl('net.ipv4.ip_local_port_range: 1024'), at: '7:37', message: 'expected two ports "LOW HIGH"' },
    { name: 'tcp_loose 2', yaml: sysctl('net.netfilter.nf_conntrack_tcp_loose: 2'), at: '7:45', message: 'expected 0 or 1' },
    { name: 'a boolean value', yaml: sysctl('net.netfilter.nf_conntrack_tcp_be_liberal: true'), at: '7:50', message: 'expected a number' },
    { name: 'a negative conntrack_max', yaml: sysctl('net.netfilter.nf_conntrack_max: -1'), at: '7:39', message: 'a whole number from 0 (no limit)' },
  ])('$name', expectOne);

  it('fills in the typed settings over the kernel defaults', () => {
    const yaml = [
      'hosts:',
      '  r:',
      '    interfaces: {eth0: 10.0.0.1/24, eth0.100: 10.1.0.1/24}',
      '    sysctl:',
      '      net.ipv4.conf.all.rp_filter: 1',
      '      net.ipv4.conf.eth0.rp_filter: "2"',
      '      net.ipv4.conf.eth0/100.rp_filter: 0',
      '      net.netfilter.nf_conntrack_max: 0',
      '      net.netfilter.nf_conntrack_tcp_loose: 0',
      '      net.netfilter.nf_conntrack_tcp_be_liberal: 1',
      '      net.ipv4.ip_local_port_range: "1024  65535"',
      '      net.ipv4.conf.all.accept_local: 5',
      '',
    ].join('\n');
    const { scenario, diagnostics } = loadScenario(yaml, 's.yaml');
    expect(diagnostics).toEqual([]);
    expect(scenario?.hosts[0]?.sysctl).toEqual({
      rpFilter: { all: 1, eth0: 2, 'eth0.100': 0 },
      conntrackMax: 0,
      tcpLoose: false,
      tcpBeLiberal: true,
      localPortRange: [1024, 65535],
      acceptLocal: true,
    });
  });

  it('leaves the defaults when there is no sysctl', () => {
    expect(loadScenario(host(), 's.yaml').scenario?.hosts[0]?.sysctl).toEqual(DEFAULT_SYSCTL);
  });
});

describe('routes are located inside the string', () => {
  it.each<Case>([
    { name: 'a gateway on no subnet, in a flow list', yaml: host('routes: [default via 10.9.9.9]'), at: '6:26', message: 'Nexthop has invalid gateway' },
    { name: 'host bits, in a double-quoted item', yaml: host('routes:', '  - "10.1.0.1/16 via 10.0.0.2"'), at: '7:10', message: 'Invalid prefix for given prefix length' },
    { name: 'a gateway on the continuation line of a plain item', yaml: host('routes:', '  - 10.0.0.0/8', '    via 10.9.9.9'), at: '8:13', message: 'Nexthop has invalid gateway' },
  ])('$name', expectOne);

  it('spans exactly the offending word', () => {
    const [first] = loadScenario(host('routes: [default via 10.9.9.9]'), 's.yaml').diagnostics;
    expect(first).toMatchObject({ line: 6, column: 26, endLine: 6, endColumn: 34 });
  });

  it('still checks the words of routes when an address of the host is bad', () => {
    const found = diagnose(interfaces('eth0: 10.0.0.300/24') + '    routes: [default via 10.9.9.9, default via 10.0.0.2 metric x]\n');
    expect(found.map((d) => d.slice(0, d.indexOf(' ')))).toEqual(['4:13', '5:64']);
  });
});

describe('nat1to1', () => {
  it.each<Case>([
    { name: 'an external address that is no address', yaml: host('nat1to1:', '  - {external: 203.0.113, internal: 10.0.0.1}'), at: '7:20', message: "external: '203.0.113' is not an IPv4 address" },
    {
      name: 'the same internal address twice',
      yaml: host('nat1to1:', '  - {external: 203.0.113.5, internal: 10.0.0.1}', '  - {external: 203.0.113.6, internal: 10.0.0.1}'),
      at: '8:43',
      message: 'internal address 10.0.0.1 is already mapped by entry 1',
    },
  ])('$name', expectOne);

  it('types the mappings', () => {
    const { scenario } = loadScenario(host('nat1to1: [{external: 203.0.113.5, internal: 10.0.0.1}]'), 's.yaml');
    expect(scenario?.hosts[0]?.nat1to1).toMatchObject([{ external: ip('203.0.113.5'), internal: ip('10.0.0.1'), at: { line: 6, column: 15 } }]);
  });
});

describe('iptables', () => {
  it("locates the parser's problems in the file", () => {
    expectOne({ name: '', yaml: host('iptables: |', '  *filter', '  -A INPUT -j BAD', '  COMMIT'), at: '8:19', message: 'the parser does not like BAD' });
  });
});

import { SPEC_EXAMPLE } from '../testing/scenarios/spec-example.js';
import { describe, expect, it, vi } from 'vitest';
import { parseIpv4 } from '../net/ipv4.js';
import type { Ruleset } from '../netfilter/types.js';
import { loadScenario } from './load.js';
import { DEFAULT_SYSCTL } from './types.js';

// The iptables-save parser is another module; this stand-in records what it was given.
const parsed = vi.hoisted(() => ({ texts: [] as string[], ruleset: { tables: new Map() } as Ruleset }));
vi.mock('../netfilter/parse.js', () => ({
  parseIptablesSave: (text: string) => {
    parsed.texts.push(text);
    return { ruleset: parsed.ruleset, problems: [] };
  },
}));

const ip = (text: string): number => parseIpv4(text)!;

function diagnose(yaml: string): string[] {
  return loadScenario(yaml, 's.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}



describe('the example of spec §1', () => {
  const { scenario, diagnostics } = loadScenario(SPEC_EXAMPLE, 'home.yaml');

  it('loads without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(scenario).toBeDefined();
  });

  it('has the title, description and file name', () => {
    expect(scenario).toMatchObject({
      file: 'home.yaml',
      title: 'Home router masquerade',
      description: 'A laptop behind a home router talks to a web server.',
    });
  });

  it('types the laptop: address, default route resolved to eth0, kernel defaults', () => {
    const laptop = scenario!.hosts[0]!;
    expect(laptop).toMatchObject({
      name: 'laptop',
      forwarding: false,
      at: { line: 5, column: 3 },
      interfaces: [{ name: 'eth0', addresses: [{ address: ip('192.168.1.10'), prefixLength: 24 }], at: { line: 7, column: 7 } }],
      routes: [
        { text: 'default via 192.168.1.1', type: 'unicast', prefix: { address: 0, length: 0 }, via: ip('192.168.1.1'), dev: 'eth0', metric: 0, at: { line: 9, column: 9 } },
      ],
      listen: [],
      nat1to1: [],
      sysctl: DEFAULT_SYSCTL,
    });
    expect(laptop.ruleset.tables.size).toBe(0);
  });

  it('types the router: forwarding, sysctl, two interfaces, the iptables text as the parser gets it', () => {
    const router = scenario!.hosts[1]!;
    expect(router).toMatchObject({
      name: 'router',
      forwarding: true,
      sysctl: { ...DEFAULT_SYSCTL, conntrackMax: 65536 },
      interfaces: [
        { name: 'lan', addresses: [{ address: ip('192.168.1.1'), prefixLength: 24 }] },
        { name: 'wan', addresses: [{ address: ip('198.51.100.7'), prefixLength: 24 }] },
      ],
      routes: [],
    });
    expect(router.ruleset).toBe(parsed.ruleset);
    expect(parsed.texts).toContain('*nat\n-A POSTROUTING -o wan -j MASQUERADE\nCOMMIT\n');
  });

  it('types the server: listening sockets on any address', () => {
    expect(scenario!.hosts[2]).toMatchObject({
      name: 'server',
      listen: [
        { proto: 'tcp', port: 80, at: { line: 23, column: 14 } },
        { proto: 'udp', port: 53, at: { line: 23, column: 22 } },
      ],
    });
    expect(scenario!.hosts[2]!.listen[0]!.address).toBeUndefined();
  });

  it('types the links', () => {
    expect(scenario!.links).toMatchObject([
      { name: 'home', at: { line: 26, column: 3 }, members: [{ host: 'laptop', iface: 'eth0', at: { line: 26, column: 10 } }, { host: 'router', iface: 'lan' }] },
      { name: 'internet', members: [{ host: 'router', iface: 'wan' }, { host: 'server', iface: 'eth0' }] },
    ]);
  });

  it('types the flow', () => {
    expect(scenario!.flows).toEqual([
      {
        index: 0,
        from: 'laptop',
        to: ip('198.51.100.20'),
        dport: 80,
        proto: 'tcp',
        sport: 40000,
        toText: '198.51.100.20:80',
        at: expect.objectContaining({ line: 30, column: 5 }),
      },
    ]);
  });
});

describe('defaults', () => {
  it('proto tcp and sport 40000 + index when absent; icmp has no port', () => {
    const { scenario, diagnostics } = loadScenario(
      'hosts:\n  a: {interfaces: {eth0: 10.0.0.1/24}}\nflows:\n  - {from: a, to: 10.0.0.2:22}\n  - {from: a, to: 10.0.0.2, proto: icmp}\n',
      's.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(scenario!.flows.map((f) => [f.proto, f.sport, f.dport])).toEqual([
      ['tcp', 40000, 22],
      ['icmp', 40001, undefined],
    ]);
  });

  it('a scenario with only hosts has no links and no flows', () => {
    const { scenario } = loadScenario('hosts:\n  a: {}\n', 's.yaml');
    expect(scenario).toMatchObject({ hosts: [{ name: 'a', interfaces: [], forwarding: false }], links: [], flows: [] });
  });

  it('accepts a kubernetes section without reading it yet, with or without hosts', () => {
    expect(diagnose('hosts: {}\nkubernetes:\n  clusterCIDR: 10.244.0.0/16\n  nodes: {}\n')).toEqual([]);
    expect(diagnose('kubernetes:\n  clusterCIDR: 10.244.0.0/16\n')).toEqual([]);
  });
});

describe('YAML and shape mistakes are located', () => {
  it.each([
    { name: 'a stray closing brace', yaml: 'hosts: {a: {}}}\n', at: '1:15', message: 'YAML' },
    { name: 'a tab used for indentation', yaml: 'hosts:\n\ta: {}\n', at: '2:1', message: 'YAML' },
    { name: 'a duplicate key', yaml: 'hosts:\n  a: {}\n  a: {}\n', at: '3:3', message: "duplicate key 'a'" },
    { name: 'a second document', yaml: 'hosts: {}\n---\nhosts: {}\n', at: '2:1', message: 'YAML' },
    { name: 'an empty file', yaml: '', at: '1:1', message: 'expected a mapping' },
    { name: 'a file that is a list', yaml: '- a\n- b\n', at: '1:1', message: 'the scenario: expected a mapping, found a list' },
    { name: 'a misspelt hosts', yaml: 'host:\n  a: {}\n', at: '1:1', message: "unknown key 'host' (did you mean 'hosts'?)" },
    { name: 'an unknown top-level key, close to a known one', yaml: 'hosts: {}\nflow: []\n', at: '2:1', message: "unknown key 'flow' (did you mean 'flows'?)" },
    { name: 'an unknown top-level key, like none', yaml: 'hosts: {}\nrouters: []\n', at: '2:1', message: "unknown key 'routers'; known keys: title, description, hosts, links, flows, kubernetes" },
    { name: 'a misspelt host key', yaml: 'hosts:\n  r:\n    forwardng: true\n', at: '3:5', message: "unknown key 'forwardng' (did you mean 'forwarding'?)" },
    { name: 'forwarding that is not a boolean', yaml: 'hosts:\n  r:\n    forwarding: yes\n', at: '3:17', message: `'forwarding': expected true or false, found "yes"` },
    { name: 'hosts that is a list', yaml: 'hosts: [a, b]\n', at: '1:8', message: "'hosts': expected a mapping, found a list" },
    { name: 'an interface given a number', yaml: 'hosts:\n  r:\n    interfaces:\n      eth0: 5\n', at: '4:13', message: 'expected an address such as 192.168.1.10/24, or a list of them, found 5' },
    { name: 'listen given a single string', yaml: 'hosts:\n  r:\n    listen: tcp/80\n', at: '3:13', message: `'listen': expected a list, found "tcp/80"` },
    { name: 'routes given a mapping', yaml: 'hosts:\n  r:\n    routes: {a: 1}\n', at: '3:13', message: "'routes': expected a list, found a mapping" },
    { name: 'a route that is a number', yaml: 'hosts:\n  r:\n    routes: [5]\n', at: '3:14', message: "item 1 of 'routes': expected a string, found 5" },
    { name: 'a misspelt nat1to1 key', yaml: 'hosts:\n  r:\n    nat1to1: [{external: 1.1.1.1, intenal: 10.0.0.1}]\n', at: '3:35', message: "unknown key 'intenal' (did you mean 'internal'?)" },
    { name: 'a flow protocol that does not exist', yaml: 'hosts: {a: {}}\nflows:\n  - {from: a, to: 10.0.0.1:80, proto: sctp}\n', at: '3:39', message: "'proto': expected one of tcp, udp, icmp, found \"sctp\"" },
    { name: 'a source port above 65535', yaml: 'hosts: {a: {}}\nflows:\n  - {from: a, to: 10.0.0.1:80, sport: 70000}\n', at: '3:39', message: "'sport': must be at most 65535, found 70000" },
    { name: 'a flow without to', yaml: 'hosts: {a: {}}\nflows:\n  - from: a\n', at: '3:5', message: "missing required key 'to' in item 1 of 'flows'" },
    { name: 'a misspelt flow key', yaml: 'hosts: {a: {}}\nflows:\n  - {from: a, to: 10.0.0.1:80, prto: udp}\n', at: '3:32', message: "unknown key 'prto' (did you mean 'proto'?)" },
  ])('$name', ({ yaml, at, message }) => {
    const found = diagnose(yaml);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${at} `));
    expect(found[0]).toContain(message);
  });

  it('reports every problem at once, sorted by position', () => {
    const found = diagnose(
      [
        'hosts:',
        '  r:',
        '    forwarding: maybe',
        '    interfaces:',
        '      eth0: 10.0.0.300/24',
        '    routes: [default via 8.8.8.8]',
        '  Bad: {}',
        'flows:',
        '  - {from: nobody, to: 10.0.0.1:80}',
        '',
      ].join('\n'),
    );
    expect(found.map((d) => d.slice(0, d.indexOf(' ')))).toEqual(['3:17', '5:13', '7:3', '9:12']);
  });

  it('never throws on a document of aliases that expands without end', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]', 'hosts: {}', ''].join('\n');
    const found = diagnose(laughs);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toContain('YAML');
  });
});

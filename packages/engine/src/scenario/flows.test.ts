import { describe, expect, it, vi } from 'vitest';
import { parseIpv4 } from '../net/ipv4.js';
import { loadScenario } from './load.js';

vi.mock('../netfilter/parse.js', () => ({ parseIptablesSave: () => ({ ruleset: { tables: new Map() }, problems: [] }) }));

function diagnose(yaml: string): string[] {
  return loadScenario(yaml, 's.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** Host a on line 2; the flows given start at line 4. */
function flows(...lines: string[]): string {
  return ['hosts:', '  a: {interfaces: {eth0: 10.0.0.1/24}}', 'flows:', ...lines.map((l) => `  ${l}`), ''].join('\n');
}

describe('flows', () => {
  it.each([
    { name: 'from a host that does not exist', yaml: flows('- {from: aa, to: 10.0.0.2:80}'), at: '4:12', message: "there is no host 'aa' (did you mean 'a'?)" },
    { name: 'tcp without a port', yaml: flows('- {from: a, to: 10.0.0.2}'), at: '4:19', message: 'a tcp flow goes to ADDR:PORT, e.g. 10.0.0.2:80' },
    { name: 'udp without a port', yaml: flows('- {from: a, to: 10.0.0.2, proto: udp}'), at: '4:19', message: 'a udp flow goes to ADDR:PORT' },
    { name: 'icmp with a port', yaml: flows('- {from: a, to: 10.0.0.2:80, proto: icmp}'), at: '4:27', message: 'icmp has no ports' },
    { name: 'a destination that is no address', yaml: flows('- {from: a, to: 10.0.0.300:80}'), at: '4:19', message: "'10.0.0.300' is not an IPv4 address" },
    { name: 'destination port 0', yaml: flows('- {from: a, to: 10.0.0.2:0}'), at: '4:28', message: "port '0' is not a number from 1 to 65535" },
    { name: 'destination port 65536', yaml: flows('- {from: a, to: 10.0.0.2:65536}'), at: '4:28', message: "port '65536'" },
    { name: 'source port 0 for tcp', yaml: flows('- {from: a, to: 10.0.0.2:80, sport: 0}'), at: '4:39', message: 'sport 0 is not a port a tcp socket can send from' },
    { name: 'a flow that is not a mapping', yaml: flows('- a'), at: '4:5', message: `item 1 of 'flows': expected a mapping, found "a"` },
  ])('$name', ({ yaml, at, message }) => {
    const found = diagnose(yaml);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${at} `));
    expect(found[0]).toContain(message);
  });

  it('takes echo identifier 0 for icmp and numbers default source ports by flow index', () => {
    const { scenario, diagnostics } = loadScenario(
      flows('- {from: a, to: 10.0.0.2, proto: icmp, sport: 0}', '- {from: a, to: 10.0.0.2:53, proto: udp}', '- {from: a, to: 10.0.0.2:80, sport: 1234}'),
      's.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(scenario?.flows).toMatchObject([
      { index: 0, from: 'a', to: parseIpv4('10.0.0.2'), proto: 'icmp', sport: 0, toText: '10.0.0.2', at: { line: 4, column: 5 } },
      { index: 1, proto: 'udp', dport: 53, sport: 40001 },
      { index: 2, proto: 'tcp', dport: 80, sport: 1234 },
    ]);
    expect(scenario?.flows[0]?.dport).toBeUndefined();
  });
});

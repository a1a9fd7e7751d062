import { describe, expect, it, vi } from 'vitest';
import { loadScenario } from './load.js';

vi.mock('../netfilter/parse.js', () => ({ parseIptablesSave: () => ({ ruleset: { tables: new Map() }, problems: [] }) }));

function diagnose(yaml: string): string[] {
  return loadScenario(yaml, 's.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** Hosts on lines 2–5 (d reuses a's address); the link lines given start at line 7. */
function links(...lines: string[]): string {
  return [
    'hosts:',
    '  a: {interfaces: {eth0: 10.0.0.1/24}}',
    '  b: {interfaces: {eth0: 10.0.0.2/24, eth1: 10.1.0.1/24}}',
    '  c: {interfaces: {eth0: 10.0.0.3/24}}',
    '  d: {interfaces: {eth0: 10.0.0.1/24}}',
    'links:',
    ...lines.map((l) => `  ${l}`),
    '',
  ].join('\n');
}

describe('links', () => {
  it.each([
    { name: 'a host that does not exist', yaml: links('lan: [aa:eth0, b:eth0]'), at: '7:9', message: "there is no host 'aa' (did you mean 'a'?)" },
    { name: 'an interface the host lacks', yaml: links('lan: [a:eth9, b:eth0]'), at: '7:11', message: "host 'a' has no interface 'eth9' (did you mean 'eth0'?)" },
    { name: 'a member without a colon', yaml: links('lan: [a-eth0, b:eth0]'), at: '7:9', message: 'must be written host:interface' },
    { name: 'an interface on two links', yaml: links('lan: [a:eth0, b:eth0]', 'wan: [b:eth0, c:eth0]'), at: '8:9', message: "b:eth0 is already on link 'lan'" },
    { name: 'a link of one member', yaml: links('lan: [a:eth0]'), at: '7:3', message: "link 'lan' has one member; a link joins two or more interfaces" },
    { name: 'a link of no members', yaml: links('lan: []'), at: '7:3', message: 'has no members' },
    { name: 'a member listed twice', yaml: links('lan: [a:eth0, b:eth0, a:eth0]'), at: '7:25', message: "a:eth0 is listed twice on link 'lan'" },
    { name: 'two hosts with one address on a link', yaml: links('lan: [a:eth0, d:eth0]'), at: '7:17', message: "10.0.0.1 is on both a:eth0 and d:eth0, which share link 'lan'" },
    { name: 'members that are not a list', yaml: links('lan: a:eth0'), at: '7:8', message: "'lan': expected a list" },
  ])('$name', ({ yaml, at, message }) => {
    const found = diagnose(yaml);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${at} `));
    expect(found[0]).toContain(message);
  });

  it('lets one address appear on different links', () => {
    const { scenario, diagnostics } = loadScenario(links('lan: [a:eth0, b:eth0, c:eth0]', 'other: [b:eth1, d:eth0]'), 's.yaml');
    expect(diagnostics).toEqual([]);
    expect(scenario?.links.map((l) => [l.name, l.members.map((m) => `${m.host}:${m.iface}`)])).toEqual([
      ['lan', ['a:eth0', 'b:eth0', 'c:eth0']],
      ['other', ['b:eth1', 'd:eth0']],
    ]);
  });
});

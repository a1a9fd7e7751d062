import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';

// With the real iptables-save parser: its problems land where the rule text is in the file.
describe('iptables problems in a scenario file', () => {
  it.each([
    {
      name: 'in a literal block',
      yaml: 'hosts:\n  r:\n    iptables: |\n      *nat\n      -A POSTROUTING -o wan -j MASQUERADE --bogus\n      COMMIT\n',
      at: { line: 5, column: 43, endLine: 5, endColumn: 50 },
    },
    {
      name: 'in a double-quoted string with escapes',
      yaml: 'hosts:\n  r:\n    iptables: "*nat\\n-A POSTROUTING -o wan -j MASQUERADE --bogus\\nCOMMIT\\n"\n',
      at: { line: 3, column: 58, endLine: 3, endColumn: 65 },
    },
  ])('$name', ({ yaml, at }) => {
    const { scenario, diagnostics } = loadScenario(yaml, 'r.yaml');
    expect(scenario).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'r.yaml', ...at });
    expect(diagnostics[0]!.message).toContain('--bogus');
  });

  it('gives the host the parsed ruleset', () => {
    const { scenario } = loadScenario('hosts:\n  r:\n    iptables: |\n      *nat\n      -A POSTROUTING -o wan -j MASQUERADE\n      COMMIT\n', 'r.yaml');
    const postrouting = scenario?.hosts[0]?.ruleset.tables.get('nat')?.chains.get('POSTROUTING');
    expect(postrouting?.rules.map((r) => [r.text, r.at.line, r.at.column])).toEqual([['-A POSTROUTING -o wan -j MASQUERADE', 5, 7]]);
  });
});

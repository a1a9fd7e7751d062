/**
 * The loader's limits (limits.ts) that are cheap to reach here; the others
 * (YAML tokens, a single host's rules, flows) are reached by the oversized
 * inputs of the bad-input corpus (test/bad-input.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits.js';
import { checkIptables } from './iptables.js';
import { loadScenario } from './load.js';
import { parseSource, Reporter } from './source.js';

describe('loader limits', () => {
  it('text longer than the limit: one problem at the start, nothing parsed', () => {
    const text = `# ${'x'.repeat(LIMITS.scenarioChars)}\n`;
    const loaded = loadScenario(text, 'big.yaml');
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '1:1: the scenario has 16,777,219 characters; packetwalk reads at most 16,777,216',
    ]);
  });

  it('the rule budget is shared by every host: the host that passes it is told so at its first rule beyond it, and later hosts are not read', () => {
    const text = ['a: |', '  *filter', '  -A INPUT', '  -A INPUT', '  COMMIT', 'b: |', '  *filter', '  -I INPUT', '  [1:2] -A INPUT -j DROP', '  COMMIT', 'c: |', '  *filter', '  -A INPUT -j NOPE', '  COMMIT', ''].join('\n');
    const { source } = parseSource(text, 'hosts.yaml');
    const reporter = new Reporter(source);
    reporter.ruleBudget.remaining = 3;
    const value = (key: string) => source.doc.get(key) as string;
    expect(checkIptables(reporter, ['a'], value('a')).tables.size).toBe(1);
    expect(checkIptables(reporter, ['b'], value('b')).tables.size).toBe(0);
    expect(checkIptables(reporter, ['c'], value('c')).tables.size).toBe(0);
    // b's second rule line (line 9, which starts with its counters at column 3) is the fourth of the scenario.
    expect(reporter.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '9:3: packetwalk reads at most 250,000 iptables rules in one scenario (all hosts together); this one is beyond that, and the rules of this host are not read',
    ]);
  });
});

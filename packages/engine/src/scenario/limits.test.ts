/**
 * The loader's limits (limits.ts): each is reported once, at the first thing
 * beyond it, and nothing beyond it is read.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits.js';
import { loadScenario } from './load.js';

const HOST = 'hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\n';

function problems(text: string): string[] {
  const loaded = loadScenario(text, 'big.yaml');
  expect(loaded.scenario).toBeUndefined();
  return loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('loader limits', () => {
  it('text longer than the limit: one problem at the start, nothing parsed', () => {
    const text = `# ${'x'.repeat(LIMITS.scenarioChars)}\n`;
    expect(problems(text)).toEqual([`1:1: the scenario has 16,777,219 characters; packetwalk reads at most 16,777,216`]);
  });

  it('more YAML tokens than the limit: one problem where reading stopped', () => {
    // Each item of the flow sequence is two tokens (the value and its comma).
    const text = `flows: [${'1, '.repeat(LIMITS.yamlTokens / 2)}1]\n`;
    const [problem, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^1:[0-9]+: the scenario has more than 500,000 YAML tokens \(keys, values, punctuation\) by here/);
  });

  it('more rule lines than the limit, over two hosts: one problem at the first line beyond it', () => {
    const half = LIMITS.rules / 2;
    const rules = (n: number) => Array.from({ length: n }, () => '      -A INPUT').join('\n');
    const text = `hosts:
  a:
    interfaces: {eth0: 10.0.0.1/24}
    iptables: |
      *filter
${rules(half)}
      COMMIT
  b:
    interfaces: {eth0: 10.0.0.2/24}
    iptables: |
      *filter
${rules(half + 1)}
      COMMIT
`;
    // Lines 1–5 up to a's *filter, a's rules, COMMIT, then b:, interfaces, iptables, *filter: b's first rule is line 11 + half.
    const firstOfB = 11 + half;
    expect(problems(text)).toEqual([
      `${firstOfB + half}:7: packetwalk reads at most 250,000 iptables rules in one scenario (all hosts together); this one is beyond that, and the rules of this host are not read`,
    ]);
  });

  it('more flows than the limit: one problem at the first flow beyond it', () => {
    const text = `${HOST}flows:\n${'  - {from: a, to: 10.0.0.1, proto: icmp}\n'.repeat(LIMITS.flows + 1)}`;
    // The hosts take three lines and `flows:` one: flow n (from 0) is on line 5 + n.
    expect(problems(text)).toEqual([`${5 + LIMITS.flows}:5: packetwalk traces at most 10,000 flows in one scenario; this is flow 10,001 of 10,001`]);
  });
});

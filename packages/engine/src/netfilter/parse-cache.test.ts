/**
 * Rules written alike share their matches and targets within one parse
 * (parse-cache.ts). What must not change: each rule keeps its own state,
 * its own place in its chain, and every problem is still reported, at the
 * token at fault, even when an earlier rule had the same option text.
 */
import { describe, expect, it } from 'vitest';
import type { EvalContext, RuleScope } from './eval-context.js';
import { ModuleCache, optionKey } from './parse-cache.js';
import { context, parseOk, problemsOf } from './test-support.js';
import type { Token } from './tokenize.js';
import type { Rule, Ruleset } from './types.js';

function rulesOf(ruleset: Ruleset, table: string, chain: string): readonly Rule[] {
  return ruleset.tables.get(table as 'filter')!.chains.get(chain)!.rules;
}

/** Whether every match of `rule` holds for one packet, its nth counters kept in `scope`. */
function passes(rule: Rule, scope: RuleScope): boolean {
  const ctx: EvalContext = { ...context(), ctmark: 0, scope };
  scope.rule = rule;
  return rule.matches.every((m) => m.matches(ctx));
}

const token = (text: string): Token => ({ text, start: 0, end: text.length });

/** Line, 1-based column and end column (exclusive) of the `occurrence`-th `word` in line `line` of `text`. */
function at(text: string, line: number, word: string, occurrence = 1): { line: number; column: number; endColumn: number } {
  const lineText = text.split('\n')[line - 1]!;
  let start = -1;
  for (let n = 0; n < occurrence; n++) start = lineText.indexOf(` ${word}`, start + 1);
  return { line, column: start + 2, endColumn: start + 2 + word.length };
}

describe('rules with the same option text', () => {
  it('share one match object within a parse, and not across parses', () => {
    const text = '*filter\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n-A FORWARD -p tcp -m tcp --dport 80 -j DROP\nCOMMIT\n';
    const [a] = rulesOf(parseOk(text), 'filter', 'INPUT');
    const [b] = rulesOf(parseOk(text), 'filter', 'FORWARD');
    const [c] = rulesOf(parseOk(text), 'filter', 'INPUT');
    expect(a!.matches[1]).not.toBe(c!.matches[1]);
    const again = parseOk(text);
    expect(rulesOf(again, 'filter', 'INPUT')[0]!.matches[1]).toBe(rulesOf(again, 'filter', 'FORWARD')[0]!.matches[1]);
    expect(b!.matches.map((m) => m.name)).toEqual(['ip', 'tcp']);
  });

  it('keep one nth counter each: two identical `--every 2` rules both match the 1st and 3rd packet', () => {
    // Each rule counts the packets it sees (xt_statistic keeps the count in the rule's own match data).
    const line = '-m statistic --mode nth --every 2 --packet 0';
    const ruleset = parseOk(`*filter\n-A INPUT ${line}\n-A INPUT ${line} -j ACCEPT\nCOMMIT\n`);
    const [first, second] = rulesOf(ruleset, 'filter', 'INPUT');
    const scope: RuleScope = { rule: undefined, nthCounters: new Map(), note: undefined };
    const seen: [boolean, boolean][] = [];
    for (let packet = 0; packet < 4; packet++) seen.push([passes(first!, scope), passes(second!, scope)]);
    expect(seen).toEqual([
      [true, true],
      [false, false],
      [true, true],
      [false, false],
    ]);
  });

  it('keep their own index and text when -I puts rules between them', () => {
    const ruleset = parseOk(
      '*filter\n:X - [0:0]\n-A X -p tcp -j ACCEPT\n-A X -p tcp -j ACCEPT\n-I X 2 -p udp -j DROP\n-I X -p tcp -j ACCEPT\nCOMMIT\n',
    );
    const rules = rulesOf(ruleset, 'filter', 'X');
    expect(rules.map((r) => [r.index, r.text, r.at.line])).toEqual([
      [1, '-I X -p tcp -j ACCEPT', 6],
      [2, '-A X -p tcp -j ACCEPT', 3],
      [3, '-I X 2 -p udp -j DROP', 5],
      [4, '-A X -p tcp -j ACCEPT', 4],
    ]);
  });

  it('still report a module problem the earlier rule did not have (the protocol differs)', () => {
    const text = '*filter\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n-A INPUT -p udp -m tcp --dport 80 -j ACCEPT\nCOMMIT\n';
    expect(problemsOf(text)).toEqual([{ ...at(text, 3, 'tcp'), message: "TCP match requires '-p tcp'" }]);
  });

  it('still report an option given twice after a rule that gave it once', () => {
    const text = '*filter\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 --dport 81 -j ACCEPT\nCOMMIT\n';
    expect(problemsOf(text)).toEqual([{ ...at(text, 3, '--dport', 2), message: "Only one `--destination-port' allowed" }]);
  });

  it('still report a bad value after rules whose value was good', () => {
    const text = '*nat\n-A OUTPUT -p tcp -j DNAT --to-destination 10.0.0.1:80\n-A OUTPUT -p tcp -j DNAT --to-destination 10.0.0.1:8o\nCOMMIT\n';
    expect(problemsOf(text)).toEqual([{ ...at(text, 3, '10.0.0.1:8o'), message: "Garbage after port value: `o'" }]);
  });
});

describe('the table checks point at the line at fault', () => {
  it('reports a jump loop once for a line that makes two rules (-s a,b), at its target', () => {
    const text = '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -s 10.0.0.1,10.0.0.2 -j A\nCOMMIT\n';
    expect(problemsOf(text)).toEqual([
      { ...at(text, 6, 'A'), message: 'jump loop A → B → A (from INPUT); iptables-restore refuses it: RULE_APPEND failed (Too many links)' },
    ]);
  });

  it('reports a target used from the wrong hook at each rule a line makes', () => {
    const text = '*nat\n:X - [0:0]\n-A POSTROUTING -j X\n-A X -p tcp -s 10.0.0.1,10.0.0.2 -j DNAT --to-destination 10.0.0.9\nCOMMIT\n';
    const message = 'DNAT target: used from hooks POSTROUTING, but only usable from PREROUTING/OUTPUT (chain X is reached from POSTROUTING)';
    expect(problemsOf(text)).toEqual([
      { ...at(text, 4, 'DNAT'), message },
      { ...at(text, 4, 'DNAT'), message },
    ]);
  });
});

describe('optionKey', () => {
  it('tells apart uses whose arguments would read alike if joined (no argument holds a line break)', () => {
    expect(optionKey('x', false, [token('a'), token('b')])).not.toBe(optionKey('x', false, [token('a b')]));
    expect(optionKey('x', false, [token('a'), token('')])).not.toBe(optionKey('x', false, [token('a')]) + optionKey('x', false, []));
    expect(optionKey('x', false, [token('!')])).not.toBe(optionKey('x', true, []) + optionKey('', false, []));
    expect(optionKey('x', true, [token('a')])).not.toBe(optionKey('x', false, [token('a')]));
    expect(optionKey('x', false, [token('a')])).toBe(optionKey('x', false, [token('a')]));
  });
});

describe('ModuleCache', () => {
  it('stops keeping new results once most of more than a thousand lookups missed, and still gives what it kept', () => {
    const cache = new ModuleCache<string>();
    cache.keep('early', 'E');
    for (let i = 0; i <= 1000; i++) {
      expect(cache.get(`k${i}`)).toBeUndefined();
      cache.keep(`k${i}`, `v${i}`);
    }
    // 1,001 misses and no hit so far: k1000 came after the trial and was not kept; k999 was.
    expect(cache.get('k1000')).toBeUndefined();
    expect(cache.get('k999')).toBe('v999');
    expect(cache.get('early')).toBe('E');
  });

  it('keeps on keeping while lookups hit often enough', () => {
    const cache = new ModuleCache<string>();
    for (let i = 0; i < 2000; i++) {
      cache.keep(`k${i}`, `v${i}`);
      expect(cache.get(`k${i}`)).toBe(`v${i}`);
      cache.get(`miss${i}`);
    }
    expect(cache.get('k1999')).toBe('v1999');
  });
});

describe('a dump whose rules each name their own DNAT address', () => {
  it('gives every rule its own destination, before and after the cache stops keeping them', () => {
    const lines = ['*nat', ':SVC - [0:0]'];
    for (let i = 0; i < 1500; i++) lines.push(`-A SVC -p tcp -j DNAT --to-destination 10.0.${i >> 8}.${i & 255}:80`);
    lines.push('-A SVC -p tcp -j DNAT --to-destination 10.0.0.7:80', 'COMMIT', '');
    const rules = rulesOf(parseOk(lines.join('\n')), 'nat', 'SVC');
    const ctx = { ...context(), ctmark: 0 };
    const destination = (rule: Rule): unknown => (rule.target!.apply(ctx) as { range: { minAddress: number } }).range.minAddress;
    expect(rules.map(destination)).toEqual([...Array.from({ length: 1500 }, (_, i) => (10 << 24) + ((i >> 8) << 8) + (i & 255)), (10 << 24) + 7]);
  });
});

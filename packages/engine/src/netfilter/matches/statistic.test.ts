/** -m statistic (xt_statistic.c): random draws and nth counters. */
import { describe, expect, it } from 'vitest';
import type { EvalContext, RuleScope } from '../eval-context.js';
import { context, ruleOf } from '../test-support.js';
import type { Rule } from '../types.js';
import { formatProbability, storedProbability } from './statistic.js';

function evaluate(rule: Rule, scope: RuleScope, draws: number[] = []): boolean {
  const ctx: EvalContext = { ...context({ draws }), ctmark: 0, scope };
  scope.rule = rule;
  return rule.matches.every((m) => m.matches(ctx));
}

function newScope(): RuleScope {
  return { rule: undefined, nthCounters: new Map(), note: undefined };
}

describe('statistic --mode random', () => {
  // iptables stores round(P * 2^31); the kernel matches when a 31-bit draw is below it.
  it.each<[string, number, boolean]>([
    ['0.5', 0.4999999, true],
    ['0.5', 0.5, false],
    ['0.50000000000', 0.25, true],
    ['1', 0.9999999, true],
    ['0', 0, false],
    ['0.25', 0.3, false],
  ])('probability %s, draw %d', (probability, draw, expected) => {
    const rule = ruleOf(`-A INPUT -m statistic --mode random --probability ${probability} -j ACCEPT`);
    expect(evaluate(rule, newScope(), [draw])).toBe(expected);
  });

  it('negates with ! before --probability', () => {
    const rule = ruleOf('-A INPUT -m statistic --mode random ! --probability 0.25 -j ACCEPT');
    expect(evaluate(rule, newScope(), [0.3])).toBe(true);
    expect(evaluate(rule, newScope(), [0.1])).toBe(false);
  });

  it('draws once per evaluation and says what it drew', () => {
    const rule = ruleOf('-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT');
    const scope = newScope();
    expect(evaluate(rule, scope, [0.125])).toBe(true);
    expect(scope.note).toBe('random 0.12500 < probability 0.50000000000');
  });

  it('keeps the probability as iptables-save prints it: kube-proxy’s 1/3 is 0.33333333349', () => {
    expect(formatProbability(storedProbability(1 / 3))).toBe('0.33333333349');
    expect(storedProbability(0.33333333349)).toBe(storedProbability(1 / 3));
    expect(formatProbability(storedProbability(0.1))).toBe('0.10000000009');
  });
});

describe('statistic --mode nth', () => {
  // Checked on a kernel: --every 3 --packet 0 matched the 1st and 4th packet, --packet 1 the 2nd and 5th it saw.
  it.each<[number, number, boolean[]]>([
    [3, 0, [true, false, false, true, false, false]],
    [3, 1, [false, true, false, false, true, false]],
    [3, 2, [false, false, true, false, false, true]],
    [2, 0, [true, false, true, false]],
    [1, 0, [true, true, true]],
  ])('--every %d --packet %d', (every, packet, expected) => {
    const rule = ruleOf(`-A INPUT -m statistic --mode nth --every ${every} --packet ${packet} -j ACCEPT`);
    const scope = newScope();
    expect(expected.map(() => evaluate(rule, scope))).toEqual(expected);
  });

  it('negates with ! before --every', () => {
    const rule = ruleOf('-A INPUT -m statistic --mode nth ! --every 2 --packet 0 -j ACCEPT');
    const scope = newScope();
    expect([evaluate(rule, scope), evaluate(rule, scope)]).toEqual([false, true]);
  });

  it('counts per rule, in the scope’s map', () => {
    const rule = ruleOf('-A INPUT -m statistic --mode nth --every 3 --packet 0 -j ACCEPT');
    const scope = newScope();
    evaluate(rule, scope);
    expect(scope.nthCounters.get(rule)).toBe(0);
    evaluate(rule, scope);
    expect(scope.nthCounters.get(rule)).toBe(1);
  });

  it('only counts when the matches before it held, as the kernel stops at the first failing match', () => {
    const rule = ruleOf('-A INPUT -p udp -m statistic --mode nth --every 2 --packet 0 -j ACCEPT');
    const scope = newScope();
    evaluate(rule, scope);
    expect(scope.nthCounters.has(rule)).toBe(false);
  });
});

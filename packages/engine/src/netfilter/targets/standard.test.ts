import { describe, expect, it } from 'vitest';
import { context, parseOk, ruleOf } from '../test-support.js';

describe('standard targets', () => {
  it.each([
    ['ACCEPT', { kind: 'accept' }],
    ['DROP', { kind: 'drop' }],
    ['RETURN', { kind: 'return' }],
  ])('-j %s', (name, verdict) => {
    const target = ruleOf(`-A INPUT -j ${name}`).target!;
    expect(target.name).toBe(name);
    expect(target.apply({ ...context(), ctmark: 0 })).toEqual(verdict);
  });

  it('-j CHAIN jumps, -g CHAIN goes without a way back', () => {
    const ruleset = parseOk('*filter\n:X - [0:0]\n-A INPUT -j X\n-A INPUT -g X\nCOMMIT\n');
    const [jump, goto] = ruleset.tables.get('filter')!.chains.get('INPUT')!.rules;
    const ctx = { ...context(), ctmark: 0 };
    expect([jump!.target!.name, jump!.target!.goto, jump!.target!.apply(ctx)]).toEqual(['X', undefined, { kind: 'jump', chain: 'X' }]);
    expect([goto!.target!.name, goto!.target!.goto, goto!.target!.apply(ctx)]).toEqual(['X', true, { kind: 'goto', chain: 'X' }]);
  });

  it('a rule without -j has no target: it only counts packets', () => {
    expect(ruleOf('-A INPUT -s 1.2.3.4').target).toBeUndefined();
  });
});

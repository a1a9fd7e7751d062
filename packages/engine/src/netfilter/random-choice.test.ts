/** A chooser decides `statistic --mode random` instead of the seeded draw, and the trace says so. */
import { describe, expect, it } from 'vitest';
import type { EvalContext } from './eval-context.js';
import type { RandomChoice } from './random-choice.js';
import { context, ruleOf } from './test-support.js';

function evaluate(line: string, answer: boolean | undefined, draws: number[] = []): { matched: boolean; note: string | undefined; asked: RandomChoice[] } {
  const rule = ruleOf(line, 'nat');
  const asked: RandomChoice[] = [];
  const scope = { rule, nthCounters: new Map(), note: undefined };
  const ctx = { ...context({ draws }), ctmark: 0, scope, choose: (c: RandomChoice) => (asked.push(c), answer) } as EvalContext;
  const matched = rule.matches.every((m) => m.matches(ctx));
  return { matched, note: scope.note, asked };
}

describe('a chooser in place of the draw', () => {
  const LINE = '-A PREROUTING -m statistic --mode random --probability 0.3333333333 -j ACCEPT';

  it('is asked with the probability iptables stored and the rule', () => {
    const { asked } = evaluate(LINE, true);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.probability).toBe(715827883 / 0x80000000);
    expect(asked[0]!.rule?.text).toBe(LINE);
  });

  it.each([
    [true, true, 'branch chosen: the draw < probability 0.33333333349'],
    [false, false, 'branch chosen: the draw ≥ probability 0.33333333349'],
  ])('answering %s makes the rule match: %s', (answer, matched, note) => {
    expect(evaluate(LINE, answer)).toMatchObject({ matched, note });
  });

  it('answers through ! as a draw would', () => {
    expect(evaluate('-A PREROUTING -m statistic --mode random ! --probability 0.25 -j ACCEPT', true).matched).toBe(false);
  });

  it('leaves the decision to the seeded draw when it does not answer', () => {
    expect(evaluate(LINE, undefined, [0.1])).toMatchObject({ matched: true, note: 'random 0.10000 < probability 0.33333333349' });
  });
});

/**
 * A traversal's cost (`tried`) and its limit. Chains that each jump to the
 * next several times load (no loop, at most 15 levels deep) but multiply:
 * with two jumps a level, chain Ci is entered 2^i times.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, LimitExceeded } from '../limits.js';
import { runTable } from './evaluate.js';
import { context, parseOk } from './test-support.js';

/** FORWARD jumps `fan` times to C1, each Ci `fan` times to Ci+1, and C15 holds one rule without a target. */
function fanOut(fan: number): string {
  const lines = ['*filter', ':FORWARD ACCEPT [0:0]'];
  for (let i = 1; i <= 15; i++) lines.push(`:C${i} - [0:0]`);
  for (let f = 0; f < fan; f++) lines.push('-A FORWARD -j C1');
  for (let i = 1; i < 15; i++) for (let f = 0; f < fan; f++) lines.push(`-A C${i} -j C${i + 1}`);
  lines.push('-A C15 -p tcp', 'COMMIT', '');
  return lines.join('\n');
}

const forward = () => context({ hook: 'FORWARD', proto: 'tcp' });
const state = () => ({ mark: 0, ctmark: 0, nthCounters: new Map() });

describe('the cost of a traversal', () => {
  it('counts every rule tried: two jumps a level, 15 levels', () => {
    // FORWARD's 2, 2 rules in each of the 2^i entries of C1…C14, 1 rule in each of C15's 2^15 entries.
    const expected = 2 + (2 ** 16 - 4) + 2 ** 15;
    const run = runTable(parseOk(fanOut(2)), 'filter', 'FORWARD', forward(), state());
    expect(run.tried).toBe(expected);
    expect(run.final.kind).toBe('accept');
  });

  it('stops with a located limit when three jumps a level would make 14 million', () => {
    const ruleset = parseOk(fanOut(3));
    let thrown: unknown;
    try {
      runTable(ruleset, 'filter', 'FORWARD', forward(), state());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitExceeded);
    const limit = thrown as LimitExceeded;
    expect(limit.message).toMatch(new RegExp(`^one packet has tried ${LIMITS.rulesPerTraversal.toLocaleString('en-US')} rules in filter FORWARD, here in chain C[0-9]+: `));
    // Located at a rule of the table: *filter, 16 chain lines, then rules from line 18 (FORWARD's first) to 63 (C15's).
    expect(limit.at.line).toBeGreaterThanOrEqual(18);
    expect(limit.at.line).toBeLessThanOrEqual(63);
  });
});

import { describe, expect, it } from 'vitest';
import type { SourceSpan } from '../diagnostics.js';
import type { TargetExtension } from './extension.js';
import { checkTable, type CheckRecords } from './table-check.js';

const dnat = { name: 'DNAT', table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] } as unknown as TargetExtension;

/** Records given as [jump, target] pairs; a record's span names it on line record + 1. */
function recordsOf(list: readonly [number, TargetExtension | undefined][]): CheckRecords {
  return { jump: (r) => list[r]![0], target: (r) => list[r]![1] };
}
const locate = (record: number): SourceSpan => ({ line: record + 1, column: 1 });

describe('checkTable, records given by number', () => {
  it('reports a loop reachable from a hook once, at the record whose jump closes it', () => {
    // INPUT(0) → A(3) → B(4) → A; record 2 closes the loop and sits beside two rules (-s a,b).
    const records = recordsOf([[3, undefined], [4, undefined], [3, undefined]]);
    const chains = [
      { name: 'INPUT', hook: 'INPUT' as const, checks: [0] },
      { name: 'FORWARD', hook: 'FORWARD' as const, checks: [] },
      { name: 'OUTPUT', hook: 'OUTPUT' as const, checks: [] },
      { name: 'A', checks: [-1, 1] },
      { name: 'B', checks: [2, 2] },
    ];
    expect(checkTable('filter', chains, records, locate)).toEqual([
      { at: { line: 3, column: 1 }, message: 'jump loop A → B → A (from INPUT); iptables-restore refuses it: RULE_APPEND failed (Too many links)' },
    ]);
  });

  it.each([
    { what: 'accepts DNAT in a chain reached from PREROUTING only', from: 'PREROUTING' as const, table: 'nat' as const, problems: [] },
    {
      what: 'refuses DNAT in a chain reached from POSTROUTING',
      from: 'POSTROUTING' as const,
      table: 'nat' as const,
      problems: [{ at: { line: 2, column: 1 }, message: 'DNAT target: used from hooks POSTROUTING, but only usable from PREROUTING/OUTPUT (chain X is reached from POSTROUTING)' }],
    },
    { what: 'refuses DNAT outside the nat table', from: 'PREROUTING' as const, table: 'mangle' as const, problems: [{ at: { line: 2, column: 1 }, message: 'DNAT target: only valid in nat table, not mangle' }] },
  ])('$what', ({ from, table, problems }) => {
    const records = recordsOf([[1, undefined], [-1, dnat]]);
    const chains = [
      { name: from, hook: from, checks: [0] },
      { name: 'X', checks: [-1, 1] },
    ];
    expect(checkTable(table, chains, records, locate)).toEqual(problems);
  });
});

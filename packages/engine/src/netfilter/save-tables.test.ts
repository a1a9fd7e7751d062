import { describe, expect, it } from 'vitest';
import type { TargetExtension } from './extension.js';
import { LineChecks } from './save-tables.js';

const dnat = { name: 'DNAT', table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] } as unknown as TargetExtension;

describe('LineChecks', () => {
  it.each([
    { what: 'a jump without a target extension', jump: 7, target: undefined, lineIndex: 3, start: 12, end: 20 },
    { what: 'a target extension without a jump', jump: -1, target: dnat, lineIndex: 0, start: 0, end: 4 },
    { what: 'a record on a line far down a dump', jump: 60_000, target: undefined, lineIndex: 229_999, start: 150, end: 173 },
  ])('gives back what was added for $what, by the number add returned', ({ jump, target, lineIndex, start, end }) => {
    const checks = new LineChecks();
    checks.add(4, undefined, 1, 2, 3);
    const record = checks.add(jump, target, lineIndex, start, end);
    checks.add(5, dnat, 9, 10, 11);
    expect(record).toBe(1);
    expect([checks.jump(record), checks.target(record), checks.lineIndex(record), checks.start(record), checks.end(record)]).toEqual([jump, target, lineIndex, start, end]);
  });
});

import { expect, test } from 'vitest';
import { align } from './align.js';

const same = (a: string, b: string): boolean => a === b;
const show = (rows: ReturnType<typeof align<string, string>>): string[] =>
  rows.map((r) => (r.kind === 'match' ? `=${r.left}` : `${r.left ?? '_'}≠${r.right ?? '_'}`));

test.each([
  { name: 'equal lists match row by row', left: ['a', 'b', 'c'], right: ['a', 'b', 'c'], rows: ['=a', '=b', '=c'] },
  { name: 'a row only the right has', left: ['a', 'c'], right: ['a', 'b', 'c'], rows: ['=a', '_≠b', '=c'] },
  { name: 'a row only the left has', left: ['a', 'b', 'c'], right: ['a', 'c'], rows: ['=a', 'b≠_', '=c'] },
  { name: 'a changed row sits beside its counterpart', left: ['a', 'x', 'c'], right: ['a', 'y', 'c'], rows: ['=a', 'x≠y', '=c'] },
  { name: 'the same row in another place', left: ['r', 's', 'f'], right: ['s', 'r', 'f'], rows: ['r≠_', '=s', '_≠r', '=f'] },
  { name: 'both empty', left: [], right: [], rows: [] },
])('$name', ({ left, right, rows }) => {
  expect(show(align(left, right, same))).toEqual(rows);
});

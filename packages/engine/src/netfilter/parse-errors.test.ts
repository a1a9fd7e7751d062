/**
 * Every problem the parser reports, with the exact token it points at. The
 * cases and what iptables-restore said about each live in iptables-cases.ts
 * (confirm-iptables-cases.mjs replays them through the real iptables-restore).
 */
import { describe, expect, it } from 'vitest';
import { IPTABLES_CASES, type IptablesCase } from './iptables-cases.js';
import { problemsOf } from './test-support.js';

/** 1-based column of the token: a whole word when there is one, else a plain substring (`:FOO`, `"a`). */
function columnOf(line: string, token: string, occurrence: number): number {
  const find = (wholeWord: boolean): number[] => {
    const found: number[] = [];
    for (let i = line.indexOf(token); i >= 0; i = line.indexOf(token, i + 1)) {
      const before = i === 0 ? ' ' : line[i - 1]!;
      const after = line[i + token.length] ?? ' ';
      if (!wholeWord || (/\s/.test(before) && /\s/.test(after))) found.push(i);
    }
    return found;
  };
  const words = find(true);
  const starts = words.length > 0 ? words : find(false);
  const start = starts[occurrence - 1];
  if (start === undefined) throw new Error(`test case names token ${token} #${occurrence}, which line "${line}" lacks`);
  return start + 1;
}

function expected(c: IptablesCase): { line: number; column: number; endColumn: number; message: string } {
  const [line, token, occurrence = 1] = c.at;
  const text = c.text.split('\n')[line - 1]!;
  const column = columnOf(text, token, occurrence);
  return { line, column, endColumn: column + token.length, message: c.message };
}

describe('parser problems, each at its token', () => {
  it.each(IPTABLES_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(problemsOf(c.text)).toEqual([expected(c)]);
  });

  it('names every case once', () => {
    const names = IPTABLES_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('explains every input it refuses although iptables accepts it', () => {
    expect(IPTABLES_CASES.filter((c) => c.iptables === null && !c.why).map((c) => c.name)).toEqual([]);
  });
});

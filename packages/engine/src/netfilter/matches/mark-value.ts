/** `--mark VALUE[/MASK]` as the mark and connmark matches take it: (mark & MASK) == VALUE, VALUE not masked. */
import type { OptionUse, Report } from '../extension.js';
import { arg } from '../extension.js';
import { parseMarkMask } from '../values.js';

export interface MarkTest {
  readonly value: number;
  readonly mask: number;
  readonly inverted: boolean;
}

export function parseMarkTest(module: string, use: OptionUse, report: Report): MarkTest | undefined {
  const token = arg(use);
  const parsed = parseMarkMask(token.text);
  if (!parsed) {
    report(token, `${module}: bad integer value for option "--mark", or out of range.`);
    return undefined;
  }
  return { ...parsed, inverted: use.inverted };
}

export function markTestPasses(test: MarkTest, mark: number): boolean {
  return (((mark & test.mask) >>> 0) === test.value) !== test.inverted;
}

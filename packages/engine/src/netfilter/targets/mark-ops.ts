/**
 * The mark operations MARK and CONNMARK share (extensions/libxt_MARK.c,
 * libxt_CONNMARK.c): every form is turned into "clear MASK, then XOR VALUE",
 * which is what the kernel applies: new = (old & ~mask) ^ value.
 */
import type { OptionSpec, OptionUse, Report } from '../extension.js';
import { arg, badValueMessage, conflictMessage } from '../extension.js';
import { parseMarkMask, parseNumber, UINT32_MAX } from '../values.js';

export interface XorMark {
  readonly value: number;
  readonly mask: number;
}

export const MARK_OP_OPTIONS: readonly OptionSpec[] = [
  { name: 'set-xmark', args: 1 },
  { name: 'set-mark', args: 1 },
  { name: 'and-mark', args: 1 },
  { name: 'or-mark', args: 1 },
  { name: 'xor-mark', args: 1 },
];

export function applyXorMark(op: XorMark, old: number): number {
  return ((old & ~op.mask) ^ op.value) >>> 0;
}

/** Reads one of the mark operations; undefined (after a report) when its value is bad. */
export function parseMarkOp(module: string, use: OptionUse, report: Report): XorMark | undefined {
  const token = arg(use);
  const name = use.spec.name;
  if (name === 'set-xmark' || name === 'set-mark') {
    const parsed = parseMarkMask(token.text);
    if (!parsed) {
      report(token, `${module}: bad integer value for option "--${name}", or out of range.`);
      return undefined;
    }
    return name === 'set-xmark' ? parsed : { value: parsed.value, mask: (parsed.value | parsed.mask) >>> 0 };
  }
  const value = parseNumber(token.text, 0, UINT32_MAX);
  if (value === undefined) {
    report(token, badValueMessage(module, name, `0-${UINT32_MAX}`));
    return undefined;
  }
  if (name === 'and-mark') return { value: 0, mask: ~value >>> 0 };
  if (name === 'or-mark') return { value, mask: value };
  return { value, mask: 0 };
}

/** libxtables reports two exclusive options in the order of the module's option table. */
export function exclusiveConflict(module: string, tableOrder: readonly string[], a: string, b: string): string {
  const [first, second] = tableOrder.indexOf(a) <= tableOrder.indexOf(b) ? [a, b] : [b, a];
  return conflictMessage(module, first, second);
}

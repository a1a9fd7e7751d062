/** `-j MARK` (net/netfilter/xt_mark.c mark_tg): rewrites the packet's mark and goes on. */
import type { ExtensionInstance, OptionUse, Report, TargetExtension } from '../extension.js';
import type { Target } from '../types.js';
import type { Token } from '../tokenize.js';
import { applyXorMark, exclusiveConflict, MARK_OP_OPTIONS, parseMarkOp, type XorMark } from './mark-ops.js';

const TABLE_ORDER = MARK_OP_OPTIONS.map((o) => o.name);

export function buildMarkTarget(op: XorMark): Target {
  return { name: 'MARK', apply: (ctx) => ({ kind: 'mark', mark: applyXorMark(op, ctx.mark) }) };
}

class MarkParser implements ExtensionInstance<Target> {
  private op: XorMark | undefined;
  private chosen: string | undefined;

  option(use: OptionUse, report: Report): void {
    if (this.chosen) {
      report(use.flag, exclusiveConflict('MARK', TABLE_ORDER, this.chosen, use.spec.name));
      return;
    }
    this.chosen = use.spec.name;
    this.op = parseMarkOp('MARK', use, report);
  }

  finish(_facts: unknown, at: Token, report: Report): Target | undefined {
    if (!this.chosen) report(at, 'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
    return this.op && buildMarkTarget(this.op);
  }
}

export const markTarget: TargetExtension = {
  name: 'MARK',
  options: MARK_OP_OPTIONS,
  needsConntrack: false,
  create: () => new MarkParser(),
};

/**
 * `-j CONNMARK` (net/netfilter/xt_connmark.c connmark_tg_shift, without
 * shifts): sets the connection's mark, saves the packet mark into it
 * (ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)) or restores it
 * (mark = (mark & ~nfmask) ^ (ctmark & ctmask)). Without a conntrack entry it
 * does nothing. Options apply in the order given, as libxt_CONNMARK's parser
 * does: `--set-mark 1 --mask 3` ends up as --set-xmark 0x1/0x3.
 */
import { ctmarkOf } from '../eval-context.js';
import type { ExtensionInstance, OptionUse, Report, TargetExtension } from '../extension.js';
import { arg, badValueMessage } from '../extension.js';
import type { Target } from '../types.js';
import type { Token } from '../tokenize.js';
import { parseNumber, UINT32_MAX } from '../values.js';
import { CONTINUE_VERDICT } from './standard.js';
import { applyXorMark, exclusiveConflict, MARK_OP_OPTIONS, parseMarkOp, type XorMark } from './mark-ops.js';

export type ConnmarkOp =
  | { readonly mode: 'set'; readonly op: XorMark }
  | { readonly mode: 'save' | 'restore'; readonly ctmask: number; readonly nfmask: number };

const OPERATIONS = [...MARK_OP_OPTIONS.map((o) => o.name), 'save-mark', 'restore-mark'];
const TABLE_ORDER = [...OPERATIONS, 'ctmask', 'nfmask', 'mask'];

export function buildConnmarkTarget(op: ConnmarkOp): Target {
  return {
    name: 'CONNMARK',
    apply: (ctx) => {
      const ctmark = ctmarkOf(ctx);
      if (ctmark === undefined) return CONTINUE_VERDICT;
      switch (op.mode) {
        case 'set':
          return { kind: 'connmark', ctmark: applyXorMark(op.op, ctmark) };
        case 'save':
          return { kind: 'connmark', ctmark: ((ctmark & ~op.ctmask) ^ (ctx.mark & op.nfmask)) >>> 0 };
        case 'restore':
          return { kind: 'connmark', mark: ((ctx.mark & ~op.nfmask) ^ (ctmark & op.ctmask)) >>> 0 };
      }
    },
  };
}

class ConnmarkParser implements ExtensionInstance<Target> {
  private mode: 'set' | 'save' | 'restore' | undefined;
  private operation: string | undefined;
  private value = 0;
  private ctmask = UINT32_MAX;
  private nfmask = UINT32_MAX;
  private failed = false;
  private readonly masks = new Set<string>();

  option(use: OptionUse, report: Report): void {
    const name = use.spec.name;
    if (OPERATIONS.includes(name)) {
      if (this.operation) {
        report(use.flag, exclusiveConflict('CONNMARK', TABLE_ORDER, this.operation, name));
        this.failed = true;
        return;
      }
      this.operation = name;
      if (name === 'save-mark' || name === 'restore-mark') {
        this.mode = name === 'save-mark' ? 'save' : 'restore';
        return;
      }
      const op = parseMarkOp('CONNMARK', use, report);
      if (!op) {
        this.failed = true;
        return;
      }
      this.mode = 'set';
      this.value = op.value;
      this.ctmask = op.mask;
      return;
    }
    const clash = name === 'mask' ? ['ctmask', 'nfmask'].find((m) => this.masks.has(m)) : this.masks.has('mask') ? 'mask' : undefined;
    if (clash) {
      report(use.flag, exclusiveConflict('CONNMARK', TABLE_ORDER, clash, name));
      this.failed = true;
      return;
    }
    this.masks.add(name);
    const token = arg(use);
    const mask = parseNumber(token.text, 0, UINT32_MAX);
    if (mask === undefined) {
      report(token, badValueMessage('CONNMARK', name, `0-${UINT32_MAX}`));
      this.failed = true;
      return;
    }
    if (name !== 'nfmask') this.ctmask = mask;
    if (name !== 'ctmask') this.nfmask = mask;
  }

  finish(_facts: unknown, at: Token, report: Report): Target | undefined {
    if (!this.mode) {
      if (!this.failed) report(at, 'CONNMARK target: No operation specified');
      return undefined;
    }
    if (this.failed) return undefined;
    const op: ConnmarkOp =
      this.mode === 'set' ? { mode: 'set', op: { value: this.value, mask: this.ctmask } } : { mode: this.mode, ctmask: this.ctmask, nfmask: this.nfmask };
    return buildConnmarkTarget(op);
  }
}

export const connmarkTarget: TargetExtension = {
  name: 'CONNMARK',
  options: [...MARK_OP_OPTIONS, { name: 'save-mark', args: 0 }, { name: 'restore-mark', args: 0 }, { name: 'ctmask', args: 1 }, { name: 'nfmask', args: 1 }, { name: 'mask', args: 1 }],
  needsConntrack: true,
  create: () => new ConnmarkParser(),
};

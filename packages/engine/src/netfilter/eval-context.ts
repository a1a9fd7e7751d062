/**
 * What the evaluator hands matches beyond the shared MatchContext: the rule
 * being tried (for per-rule state such as the `statistic --mode nth`
 * counter, which the kernel keeps per rule in xt_statistic_priv), and a place
 * where a match can explain itself for the trace (a random draw).
 */
import type { ConntrackEntry } from '../conntrack/types.js';
import type { MatchContext, Rule, TargetContext } from './types.js';

export interface RuleScope {
  /** The rule whose matches are being tried. */
  rule: Rule | undefined;
  readonly nthCounters: Map<Rule, number>;
  /** Set by matches that want the trace to say more than the verdict (statistic's draw). */
  note: string | undefined;
}

export interface EvalContext extends TargetContext {
  readonly scope: RuleScope;
}

export function scopeOf(ctx: MatchContext): RuleScope | undefined {
  return (ctx as Partial<EvalContext>).scope;
}

export function addNote(ctx: MatchContext, note: string): void {
  const scope = scopeOf(ctx);
  if (scope) scope.note = scope.note === undefined ? note : `${scope.note}; ${note}`;
}

/**
 * The entry the packet is attached to, as nf_ct_get sees it: none for an
 * INVALID packet (conntrack attaches nothing) or an UNTRACKED one.
 */
export function ctEntryOf(ctx: MatchContext): ConntrackEntry | undefined {
  const state = ctx.ct.state;
  return state === 'INVALID' || state === 'UNTRACKED' ? undefined : ctx.ct.entry;
}

/**
 * The connection mark as the rules see it now: the evaluator's running value
 * (a CONNMARK earlier in the traversal changes it), else the entry's.
 * Undefined when the packet has no conntrack entry.
 */
export function ctmarkOf(ctx: MatchContext): number | undefined {
  const entry = ctEntryOf(ctx);
  if (!entry) return undefined;
  const running = (ctx as Partial<TargetContext>).ctmark;
  return running ?? entry.mark;
}

/**
 * A way to decide a random `statistic` rule other than the seeded draw: the
 * simulator's "all branches" mode (--explore) runs a flow once per branch
 * by answering each such rule itself. Handed to matches beside the
 * MatchContext, like the rule scope (eval-context.ts).
 */
import type { MatchContext, Rule } from './types.js';

export interface RandomChoice {
  /** The chance the kernel's draw falls below the rule's probability: the stored value / 2^31. */
  readonly probability: number;
  readonly rule?: Rule;
}

/** true: the draw falls below the probability; false: it does not; undefined: let the seeded draw decide. */
export type Choose = (choice: RandomChoice) => boolean | undefined;

export interface ChoiceContext {
  readonly choose?: Choose;
}

export function chooserOf(ctx: MatchContext): Choose | undefined {
  return (ctx as ChoiceContext).choose;
}

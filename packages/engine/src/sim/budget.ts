/**
 * What a trace may cost (limits.ts): rules tried by all its packets together,
 * and steps recorded. Going over stops the simulation with LimitExceeded at
 * the flow being traced, which simulate() turns into a located diagnostic.
 */
import { count, LIMITS, LimitExceeded } from '../limits.js';
import type { FlowSpec } from '../scenario/types.js';
import type { FlowTrace } from '../trace/types.js';

export class TraceBudget {
  private rules = 0;
  private steps = 0;

  constructor(private readonly limits: { readonly rulesPerTrace: number; readonly traceSteps: number } = LIMITS) {}

  /** After a traversal: `tried` more rules while tracing `flow`. */
  spendRules(tried: number, flow: FlowSpec): void {
    this.rules += tried;
    if (this.rules <= this.limits.rulesPerTrace) return;
    throw new LimitExceeded(
      flow.at,
      `the trace's packets have tried more than ${count(this.limits.rulesPerTrace)} rules by flow ${flow.index + 1}; packetwalk stops here (fewer flows through the big tables would fit)`,
    );
  }

  /** After a flow: the steps its packets recorded. */
  spendSteps(trace: FlowTrace, flow: FlowSpec): void {
    for (const packet of trace.packets) for (const hop of packet.hops) this.steps += hop.steps.length;
    if (this.steps <= this.limits.traceSteps) return;
    throw new LimitExceeded(
      flow.at,
      `the trace holds more than ${count(this.limits.traceSteps)} steps by flow ${flow.index + 1}; packetwalk stops here (fewer flows, or rules that match fewer packets, would fit)`,
    );
  }
}

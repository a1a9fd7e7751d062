/**
 * Every way a flow can go where rules choose at random (`-m statistic
 * --mode random`, as kube-proxy spreads a Service over its endpoints): the
 * flow is run once per branch, each random rule it meets answered in turn
 * "below the probability" and "not below", depth first. The flows before
 * it run as the seeded trace runs them, so the state it starts from is the
 * state the plain trace shows. A branch's probability is the product of
 * its answers' chances, with the probabilities the kernel really uses.
 */
import type { Scenario } from '../scenario/types.js';
import type { FlowTrace } from '../trace/types.js';
import type { SimChoice } from './context.js';
import { simulate } from './simulate.js';

export interface ExploredChoice {
  readonly host: string;
  readonly table: string;
  readonly chain: string;
  /** The rule's 1-based position in its chain. */
  readonly index: number;
  /** The rule as written. */
  readonly rule: string;
  /** The chance of `below`. */
  readonly probability: number;
  /** Whether the draw fell below the probability in this branch. */
  readonly below: boolean;
}

export interface Branch {
  readonly probability: number;
  readonly choices: readonly ExploredChoice[];
  readonly flow: FlowTrace;
}

export interface FlowExploration {
  readonly index: number;
  readonly branches: readonly Branch[];
  /** More branches than `maxBranches`: the rest were not run. */
  readonly truncated: boolean;
}

export interface ExploreOptions {
  readonly seed: number;
  readonly maxBranches?: number;
}

const DEFAULT_MAX_BRANCHES = 256;

function exploreFlow(scenario: Scenario, position: number, seed: number, maxBranches: number): FlowExploration {
  const flows = scenario.flows.slice(0, position + 1);
  const target = flows[position]!.index;
  const pending: boolean[][] = [[]];
  const branches: Branch[] = [];
  while (pending.length > 0 && branches.length < maxBranches) {
    const script = pending.pop()!;
    const made: ExploredChoice[] = [];
    const choose = (choice: SimChoice): boolean | undefined => {
      if (choice.flowIndex !== target) return undefined;
      const below = made.length < script.length ? script[made.length]! : choice.probability > 0;
      const rule = choice.rule;
      made.push({ host: choice.host, table: rule?.table ?? '', chain: rule?.chain ?? '', index: rule?.index ?? 0, rule: rule?.text ?? '', probability: choice.probability, below });
      return below;
    };
    const trace = simulate({ ...scenario, flows }, { seed, choose });
    // Each new choice's other answer is a branch of its own, when it can happen at all; the last pushed runs first.
    for (let i = made.length - 1; i >= script.length; i--) {
      const other = !made[i]!.below;
      if (other ? made[i]!.probability > 0 : made[i]!.probability < 1) pending.push([...made.slice(0, i).map((c) => c.below), other]);
    }
    const probability = made.reduce((p, c) => p * (c.below ? c.probability : 1 - c.probability), 1);
    branches.push({ probability, choices: made, flow: trace.flows[trace.flows.length - 1]! });
  }
  return { index: target, branches, truncated: pending.length > 0 };
}

export function explore(scenario: Scenario, options: ExploreOptions): FlowExploration[] {
  return scenario.flows.map((_, position) => exploreFlow(scenario, position, options.seed, options.maxBranches ?? DEFAULT_MAX_BRANCHES));
}

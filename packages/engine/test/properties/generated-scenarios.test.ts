/**
 * Properties of generated valid scenarios (arbitraries/scenario.ts and the
 * NAT-heavy arbitraries/nat.ts): they
 * load without a problem, simulate without throwing anything but located
 * diagnostics, give the same trace for the same seed, and every trace keeps
 * the invariants of invariants.ts. A failing property prints fast-check's
 * seed and the scenario text; PROPERTY_SEED replays it (options.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/diagnostics.js';
import { renderJson } from '../../src/render/json.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Trace } from '../../src/trace/types.js';
import { natScenarioTextArb } from './arbitraries/nat.js';
import { scenarioTextArb } from './arbitraries/scenario.js';
import { conntrackViolations, replyViolations, ttlViolations } from './invariants.js';
import { locationProblems } from './located.js';
import { propertyOptions } from './options.js';

const FILE = 'generated.yaml';

function load(text: string): Scenario {
  const loaded = loadScenario(text, FILE);
  if (!loaded.scenario) throw new Error(`a valid scenario was refused:\n${loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n')}`);
  return loaded.scenario;
}

/** The trace, or undefined when the engine stopped at one of its limits with located diagnostics. */
function trace(text: string, scenario: Scenario, seed: number): Trace | undefined {
  try {
    return simulate(scenario, { seed });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(locationProblems(error.diagnostics, text, FILE)).toEqual([]);
    return undefined;
  }
}

const seedArb = fc.integer({ min: 0, max: 0xffffffff });

/** Scenarios of every kind, and NAT-heavy ones where conntrack has to pick and undo new tuples. */
const validArb = fc.oneof({ weight: 2, arbitrary: scenarioTextArb }, { weight: 1, arbitrary: natScenarioTextArb });

describe('generated valid scenarios', () => {
  it('load without a problem, simulate without throwing, and keep the invariants: swapped replies, conntrack undoing NAT, TTL', () => {
    fc.assert(
      fc.property(validArb, seedArb, (text, seed) => {
        const t = trace(text, load(text), seed);
        if (!t) return;
        expect([...replyViolations(t), ...conntrackViolations(t), ...ttlViolations(t)]).toEqual([]);
      }),
      propertyOptions(1500),
    );
  }, 120_000);

  it('give the same trace, to the byte, for the same seed', () => {
    fc.assert(
      fc.property(validArb, seedArb, (text, seed) => {
        const scenario = load(text);
        const first = trace(text, scenario, seed);
        const second = trace(text, scenario, seed);
        expect(second && renderJson(second)).toBe(first && renderJson(first));
      }),
      propertyOptions(300),
    );
  }, 120_000);
});

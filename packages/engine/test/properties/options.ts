/**
 * fast-check settings shared by the property tests: the number of runs each
 * property takes in CI, a fresh seed each time unless PROPERTY_SEED pins
 * one (fast-check prints the seed and path of any failure, so
 * `PROPERTY_SEED=… npx vitest run test/properties` replays it), and
 * PROPERTY_RUNS_FACTOR to run more (or fewer) cases when hunting.
 */
import type { Parameters } from 'fast-check';

export function propertyOptions(numRuns: number): Parameters<unknown> {
  const seed = process.env.PROPERTY_SEED;
  const factor = Number(process.env.PROPERTY_RUNS_FACTOR ?? '1');
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
    endOnFailure: true,
  };
}

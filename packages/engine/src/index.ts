/**
 * The engine's public surface: scenario text in, trace out, and the views of a
 * trace. Nothing here touches the DOM, the file system, the clock or
 * `Math.random`, so the same code runs in the CLI, at build time and in a
 * browser worker.
 */
import { ScenarioError, type Diagnostic } from './diagnostics.js';
import { loadScenario } from './scenario/load.js';
import { simulate } from './sim/simulate.js';
import type { Trace } from './trace/types.js';

export type { Diagnostic, SourceSpan } from './diagnostics.js';
export { formatDiagnostic, ScenarioError } from './diagnostics.js';
export type { Scenario } from './scenario/types.js';
export type * from './trace/types.js';
export { loadScenario } from './scenario/load.js';
export { scenarioJsonSchema } from './scenario/json-schema.js';
export { simulate, type SimulateOptions } from './sim/simulate.js';
export { renderHopTable, type HopTableOptions } from './render/hop-table.js';
export { renderConntrack } from './render/conntrack.js';
export { renderJson, traceToJson } from './render/json.js';

export { LIMITS } from './limits.js';

export const DEFAULT_SEED = 1;

/**
 * Scenario text to trace in one call: either the trace, or every located
 * problem — a trace that would pass one of packetwalk's limits (limits.ts)
 * is such a problem too.
 */
export function traceScenarioText(
  text: string,
  file: string,
  options: { seed?: number } = {},
): { trace: Trace; diagnostics: [] } | { trace?: undefined; diagnostics: Diagnostic[] } {
  const loaded = loadScenario(text, file);
  if (!loaded.scenario) return { diagnostics: loaded.diagnostics };
  try {
    return { trace: simulate(loaded.scenario, { seed: options.seed ?? DEFAULT_SEED }), diagnostics: [] };
  } catch (error) {
    if (error instanceof ScenarioError) return { diagnostics: [...error.diagnostics] };
    throw error;
  }
}

/**
 * The engine's public surface: scenario text in, trace out, and the views of a
 * trace. Nothing here touches the DOM, the file system, the clock or
 * `Math.random`, so the same code runs in the CLI, at build time and in a
 * browser worker.
 */
export type { Diagnostic, SourceSpan } from './diagnostics.js';
export { formatDiagnostic, ScenarioError } from './diagnostics.js';
export type { Scenario } from './scenario/types.js';
export type * from './trace/types.js';

/**
 * Located problems in a scenario. Every stage that reads user text reports
 * through these, so the CLI (`FILE:LINE:COLUMN: message`) and the editor
 * (markers) show the same thing at the same place.
 */

/** 1-based line and column of the offending text, with an optional end. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface Diagnostic extends SourceSpan {
  readonly file: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

/** Thrown (never for a user's mistake inside the engine's own logic) to carry located problems out. */
export class ScenarioError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ScenarioError';
    this.diagnostics = diagnostics;
  }
}

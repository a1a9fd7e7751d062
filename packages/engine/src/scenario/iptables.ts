/**
 * A host's `iptables:` text, handed to the iptables-save parser with a
 * `locate` function that turns a position in the text (0-based line and
 * column of the string's value) into a position in the scenario file, through
 * whatever block or quoting style the YAML used (scalar-map.ts).
 */
import type { SourceSpan } from '../diagnostics.js';
import { parseIptablesSave } from '../netfilter/parse.js';
import type { Ruleset } from '../netfilter/types.js';
import type { Path, Reporter } from './source.js';

/** Where line `lineIndex`, column `column` of `value` is, as an offset into it (clamped to the text). */
export function valueOffset(value: string, lineIndex: number, column: number): number {
  let start = 0;
  for (let line = 0; line < lineIndex; line++) {
    const newline = value.indexOf('\n', start);
    if (newline < 0) return value.length;
    start = newline + 1;
  }
  const newline = value.indexOf('\n', start);
  const lineEnd = newline < 0 ? value.length : newline;
  return Math.min(start + Math.max(column, 0), lineEnd);
}

/** The `locate` the iptables parser needs for the string at `path`: one character's span in the file. */
export function iptablesLocator(reporter: Reporter, path: Path, value: string): (lineIndex: number, column: number) => SourceSpan {
  const locate = reporter.locatorIn(path);
  return (lineIndex, column) => {
    const offset = valueOffset(value, lineIndex, column);
    return locate(offset, Math.min(offset + 1, value.length));
  };
}

export function checkIptables(reporter: Reporter, path: Path, text: string): Ruleset {
  const { ruleset, problems } = parseIptablesSave(text, iptablesLocator(reporter, path, text));
  for (const problem of problems) reporter.atSpan(problem.at, problem.message);
  return ruleset;
}

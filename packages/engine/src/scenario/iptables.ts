/**
 * A host's `iptables:` text, handed to the iptables-save parser with a
 * `locate` function that turns a position in the text (0-based line and
 * column of the string's value) into a position in the scenario file, through
 * whatever block or quoting style the YAML used (scalar-map.ts).
 */
import type { SourceSpan } from '../diagnostics.js';
import { count, LIMITS } from '../limits.js';
import { parseIptablesSave } from '../netfilter/parse.js';
import { EMPTY_RULESET, type Ruleset } from '../netfilter/types.js';
import type { Path, Reporter } from './source.js';

/**
 * Where line `lineIndex`, column `column` of `value` is, as an offset into it
 * (clamped to the line, or to the text). Line starts are found once, so a
 * dump of tens of thousands of rules is located in linear time.
 */
export function valueOffsets(value: string): (lineIndex: number, column: number) => number {
  const starts = [0];
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) starts.push(i + 1);
  return (lineIndex, column) => {
    const start = starts[lineIndex];
    if (start === undefined) return value.length;
    const next = starts[lineIndex + 1];
    const lineEnd = next === undefined ? value.length : next - 1;
    return Math.min(start + Math.max(column, 0), lineEnd);
  };
}

/** The `locate` the iptables parser needs for the string at `path`: one character's span in the file. */
export function iptablesLocator(reporter: Reporter, path: Path, value: string): (lineIndex: number, column: number) => SourceSpan {
  const locate = reporter.locatorIn(path);
  const offsetOf = valueOffsets(value);
  return (lineIndex, column) => {
    const offset = offsetOf(lineIndex, column);
    return locate(offset, Math.min(offset + 1, value.length));
  };
}

/** Lines that add a rule (`-A`, `-I` and their long forms, after optional `[p:b]` counters). */
const RULE_LINE = /^[ \t]*(?:\[[0-9]+:[0-9]+\][ \t]+)?(?:-A|-I|--append|--insert)\b/gm;

/**
 * Takes this text's rule lines from the scenario's budget (LIMITS.rules);
 * when they do not fit, says so at the first line beyond it and the text is
 * not read, so that a huge paste costs one scan and not a parse.
 */
function withinRuleBudget(reporter: Reporter, path: Path, text: string): boolean {
  const budget = reporter.ruleBudget;
  if (budget.exhausted) return false;
  let lines = 0;
  for (const match of text.matchAll(RULE_LINE)) {
    if (++lines <= budget.remaining) continue;
    budget.exhausted = true;
    const lineIndex = text.slice(0, match.index).split('\n').length - 1;
    const at = iptablesLocator(reporter, path, text)(lineIndex, match[0].length - match[0].trimStart().length);
    reporter.atSpan(at, `packetwalk reads at most ${count(LIMITS.rules)} iptables rules in one scenario (all hosts together); this one is beyond that, and the rules of this host are not read`);
    return false;
  }
  budget.remaining -= lines;
  return true;
}

export function checkIptables(reporter: Reporter, path: Path, text: string): Ruleset {
  if (!withinRuleBudget(reporter, path, text)) return EMPTY_RULESET;
  const { ruleset, problems } = parseIptablesSave(text, iptablesLocator(reporter, path, text));
  for (const problem of problems) reporter.atSpan(problem.at, problem.message);
  return ruleset;
}

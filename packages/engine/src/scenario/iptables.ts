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

/** Line terminators as a multiline `^` knows them (\n, \r, U+2028, U+2029). */
function isLineEnd(ch: number): boolean {
  return ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** A character of `\w`: after `-A` it would make a longer word (`-Ax`), not the command. */
function isWordChar(ch: number): boolean {
  return isDigit(ch) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95;
}

const COMMANDS = ['-A', '-I', '--append', '--insert'];

/**
 * Whether the line starting at `start` adds a rule: blanks, optional
 * `[PACKETS:BYTES]` counters and blanks, then `-A`, `-I`, `--append` or
 * `--insert` as a word of its own. Returns the column of what follows the
 * leading blanks, or -1. Read by hand: a dump has hundreds of thousands of lines.
 */
export function ruleLineColumn(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  const column = i - start;
  if (text.charCodeAt(i) === 91) {
    let j = i + 1;
    const digits = j;
    while (isDigit(text.charCodeAt(j))) j++;
    if (j === digits || text.charCodeAt(j) !== 58) return -1;
    const more = ++j;
    while (isDigit(text.charCodeAt(j))) j++;
    if (j === more || text.charCodeAt(j) !== 93) return -1;
    j++;
    if (text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9) return -1;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    i = j;
  }
  for (const command of COMMANDS) {
    if (text.startsWith(command, i) && !isWordChar(text.charCodeAt(i + command.length))) return column;
  }
  return -1;
}

/**
 * Takes this text's rule lines from the scenario's budget (LIMITS.rules);
 * when they do not fit, says so at the first line beyond it and the text is
 * not read, so that a huge paste costs one scan and not a parse.
 */
function withinRuleBudget(reporter: Reporter, path: Path, text: string): boolean {
  const budget = reporter.ruleBudget;
  if (budget.exhausted) return false;
  let lines = 0;
  let lineIndex = 0;
  /** Counts a rule line; false, after saying so, when it is beyond the budget. */
  const counted = (column: number): boolean => {
    if (++lines <= budget.remaining) return true;
    budget.exhausted = true;
    const at = iptablesLocator(reporter, path, text)(lineIndex, column);
    reporter.atSpan(at, `packetwalk reads at most ${count(LIMITS.rules)} iptables rules in one scenario (all hosts together); this one is beyond that, and the rules of this host are not read`);
    return false;
  };
  for (let start = 0; start <= text.length; lineIndex++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const column = ruleLineColumn(text, start);
    if (column >= 0 && !counted(column)) return false;
    // A \r, U+2028 or U+2029 inside the line starts another for this count (not for the line numbers, nor the column).
    for (let i = start; i < end - 1; i++) {
      if (!isLineEnd(text.charCodeAt(i))) continue;
      const inner = ruleLineColumn(text, i + 1);
      if (inner >= 0 && !counted(inner)) return false;
    }
    start = end + 1;
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

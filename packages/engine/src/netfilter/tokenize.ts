/**
 * Splits one rule line into arguments the way iptables-restore does
 * (add_param_to_argv in iptables/xshared.c): blanks separate arguments, a
 * double quote opens a quoted stretch in which `\` escapes the next
 * character, and the closing quote ends the argument there and then (so
 * `"a"b` is two arguments and `""` is one empty argument). Outside quotes a
 * backslash is an ordinary character and single quotes mean nothing.
 */

/** One argument, with where it sits in its line (0-based columns, end exclusive). */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface TokenizedLine {
  readonly tokens: Token[];
  /**
   * Column of a quote that is never closed. iptables-restore silently keeps
   * the rest of the line (newline included) as one argument; we report it.
   */
  readonly unterminatedQuote?: number;
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Arguments are cut out of the line as slices rather than built character
 * by character, and a plain word (no quote, no tab) is found with indexOf:
 * a dump of a hundred thousand rules is read through here.
 */
export function tokenizeLine(line: string): TokenizedLine {
  const tokens: Token[] = [];
  const length = line.length;
  // The first quote and tab at or after `i` (-1: none): a word before both ends at the next space, found by indexOf.
  let quoteAt = line.indexOf('"');
  let tabAt = line.indexOf('\t');
  let i = 0;
  while (i < length) {
    let ch = line.charCodeAt(i);
    if (ch === SPACE || ch === TAB) {
      i++;
      continue;
    }
    const start = i;
    if (quoteAt >= 0 && quoteAt < i) quoteAt = line.indexOf('"', i);
    if (tabAt >= 0 && tabAt < i) tabAt = line.indexOf('\t', i);
    let space = line.indexOf(' ', i);
    if (space < 0) space = length;
    if ((quoteAt < 0 || quoteAt > space) && (tabAt < 0 || tabAt > space)) {
      tokens.push({ text: line.slice(i, space), start, end: space });
      i = space;
      continue;
    }
    let text = '';
    let run = i;
    for (;;) {
      if (i === length) {
        tokens.push({ text: text + line.slice(run, i), start, end: i });
        return { tokens };
      }
      ch = line.charCodeAt(i);
      if (ch === SPACE || ch === TAB) {
        tokens.push({ text: text + line.slice(run, i), start, end: i });
        break;
      }
      if (ch !== QUOTE) {
        i++;
        continue;
      }
      // A quoted stretch: `\` takes the next character as it is; the closing quote ends the argument.
      text += line.slice(run, i);
      const openedAt = i++;
      run = i;
      for (;;) {
        if (i >= length) return { tokens, unterminatedQuote: openedAt };
        ch = line.charCodeAt(i);
        if (ch === BACKSLASH) {
          text += line.slice(run, i) + line.slice(i + 1, i + 2);
          i += 2;
          run = i;
        } else if (ch === QUOTE) {
          text += line.slice(run, i);
          i++;
          break;
        } else {
          i++;
        }
      }
      tokens.push({ text, start, end: i });
      break;
    }
  }
  return { tokens };
}

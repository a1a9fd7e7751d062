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

export function tokenizeLine(line: string): TokenizedLine {
  const tokens: Token[] = [];
  let text = '';
  let start = -1;
  let quoteAt = -1;
  let escaped = false;
  const flush = (end: number): void => {
    tokens.push({ text, start, end });
    text = '';
    start = -1;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoteAt >= 0) {
      if (escaped) {
        text += ch;
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === '"') {
        quoteAt = -1;
        flush(i + 1);
      } else {
        text += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (start < 0) start = i;
      quoteAt = i;
    } else if (ch === ' ' || ch === '\t') {
      if (start >= 0) flush(i);
    } else {
      if (start < 0) start = i;
      text += ch;
    }
  }
  if (quoteAt >= 0) return { tokens, unterminatedQuote: quoteAt };
  if (start >= 0) flush(line.length);
  return { tokens };
}

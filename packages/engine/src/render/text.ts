/**
 * Styled text for the terminal views: a line is a list of spans, each with an
 * optional style. Widths are measured on the plain text, colour is added last,
 * so aligned columns stay aligned with or without ANSI escapes.
 */

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'alert';

export interface Span {
  readonly text: string;
  readonly style?: Style;
}

export type Line = readonly Span[];

const SGR: Readonly<Record<Style, string>> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  alert: '1;31',
};

export function span(text: string, style?: Style): Span {
  return style === undefined ? { text } : { text, style };
}

/**
 * Scenario text (log prefixes, comments) could hold control characters; a
 * terminal must never receive them raw, so they are shown as `\xNN`.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function widthOf(line: Line): number {
  return line.reduce((sum, s) => sum + visible(s.text).length, 0);
}

export function padTo(line: Line, width: number): Span[] {
  const missing = width - widthOf(line);
  return missing > 0 ? [...line, span(' '.repeat(missing))] : [...line];
}

/** Joins spans with a separator span, skipping empty parts. */
export function joinParts(parts: readonly Line[], separator = '  '): Span[] {
  const out: Span[] = [];
  for (const part of parts) {
    if (widthOf(part) === 0) continue;
    if (out.length > 0) out.push(span(separator));
    out.push(...part);
  }
  return out;
}

/** The line as text: escapes control characters, drops trailing spaces, colours when asked. */
export function paint(line: Line, color: boolean): string {
  const spans = line.map((s) => ({ text: visible(s.text), style: s.style }));
  while (spans.length > 0) {
    const last = spans[spans.length - 1]!;
    const trimmed = last.text.replace(/ +$/, '');
    if (trimmed.length > 0) {
      spans[spans.length - 1] = { text: trimmed, style: last.style };
      break;
    }
    spans.pop();
  }
  return spans
    .map((s) => (color && s.style !== undefined && s.text.length > 0 ? `\u001b[${SGR[s.style]}m${s.text}\u001b[0m` : s.text))
    .join('');
}

interface Unit {
  /** The spaces before it on the same line: two or more between parts, one between words. */
  readonly gap: number;
  readonly spans: Span[];
}

/** Words of `tail`, each with the width of the gap before it. */
function words(tail: Line): Unit[] {
  const units: { gap: number; spans: Span[] }[] = [];
  let gap = 0;
  let open = false;
  for (const s of tail) {
    for (const piece of s.text.split(/( +)/)) {
      if (piece.length === 0) continue;
      if (piece.startsWith(' ')) {
        gap = open ? piece.length : 0;
        open = false;
        continue;
      }
      if (open) units[units.length - 1]!.spans.push(span(piece, s.style));
      else units.push({ gap, spans: [span(piece, s.style)] });
      open = true;
    }
  }
  return units;
}

/**
 * Breaks `tail` into continuation lines so that `head + tail` fits `width`.
 * Breaks go between the parts a row separates with two spaces (a tuple
 * `A → B` stays whole) and inside a part only when it cannot fit a line by
 * itself; continuation lines start at `head`'s width. A word longer than the
 * room left stays whole.
 */
export function wrap(head: Line, tail: Line, width: number | undefined): Span[][] {
  const indent = widthOf(head);
  if (width === undefined || indent + widthOf(tail) <= width) return [[...head, ...tail]];
  const room = width - indent;
  const units: Unit[] = [];
  let part: Unit[] = [];
  const flush = (): void => {
    const joined: Span[] = part.flatMap((u, i) => (i === 0 ? u.spans : [span(' '.repeat(u.gap)), ...u.spans]));
    if (part.length > 0 && widthOf(joined) <= room) units.push({ gap: part[0]!.gap, spans: joined });
    else units.push(...part);
    part = [];
  };
  for (const unit of words(tail)) {
    if (unit.gap >= 2) flush();
    part.push(unit);
  }
  flush();

  const lines: Span[][] = [];
  let current: Span[] = [...head];
  let used = 0;
  for (const unit of units) {
    const w = widthOf(unit.spans);
    if (used > 0 && used + unit.gap + w > room) {
      lines.push(current);
      current = [span(' '.repeat(indent))];
      used = 0;
    }
    if (used > 0) {
      current.push(span(' '.repeat(unit.gap)));
      used += unit.gap;
    }
    current.push(...unit.spans);
    used += w;
  }
  lines.push(current);
  return lines;
}

/**
 * Maps a character of a YAML string's parsed value back to the source text
 * that produced it, for every scalar style, so a problem found inside a value
 * (a route token, an iptables option) is reported where the reader typed it.
 *
 * - Literal blocks (`|`, `|-`, `|+`, `|2`): exact. Each value line is a source
 *   line minus the block's indentation, so line k, column c is source line k
 *   of the block, column indentation + c.
 * - Plain, quoted and folded scalars: the value is rebuilt from the source in
 *   order. Characters that YAML never drops (anything but unescaped spaces,
 *   tabs and line breaks) map exactly, escapes (`\t`, `\x41`, `''`) to their
 *   whole escape. Spaces and line breaks that folding created, merged or
 *   removed have no single source: they map to the nearest whitespace that
 *   YAML folded, which is the best approximation there is.
 */
import type { Scalar } from 'yaml';

export interface ScalarSourceMap {
  /** Source offset of the value's character at `valueOffset`; `value.length` maps just past the last one. */
  startOf(valueOffset: number): number;
  /** Source offset just past the text that produced the value's character at `valueOffset`. */
  endOf(valueOffset: number): number;
}

/** A piece of source text and what it contributes to the value before folding. */
interface Atom {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
  /** Unescaped whitespace or line break: folding may turn it into something else or drop it. */
  readonly fold: boolean;
}

const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function scalarSourceMap(text: string, node: Scalar<string>): ScalarSourceMap {
  const value = node.value;
  const [start, end] = node.range ?? [0, 0, 0];
  switch (node.type) {
    case 'BLOCK_LITERAL':
      return literalMap(text, value, contentStart(text, start, end), end);
    case 'BLOCK_FOLDED':
      return align(value, rawAtoms(text, contentStart(text, start, end), end), end);
    case 'QUOTE_SINGLE':
      return align(value, singleQuotedAtoms(text, start + 1, end - 1), end - 1);
    case 'QUOTE_DOUBLE':
      return align(value, doubleQuotedAtoms(text, start + 1, end - 1), end - 1);
    default:
      return align(value, rawAtoms(text, start, end), end);
  }
}

/** Block scalars start on the line after their `|`/`>` header. */
function contentStart(text: string, headerStart: number, end: number): number {
  const newline = text.indexOf('\n', headerStart);
  return newline < 0 || newline >= end ? end : newline + 1;
}

function literalMap(text: string, value: string, start: number, end: number): ScalarSourceMap {
  const sourceLines: { offset: number; length: number }[] = [];
  let offset = start;
  for (const line of text.slice(start, end).split('\n')) {
    sourceLines.push({ offset, length: line.endsWith('\r') ? line.length - 1 : line.length });
    offset += line.length + 1;
  }
  const valueLines = value.split('\n');
  // The indentation YAML removed: any non-empty line shows it (`|2` or detected alike).
  const sample = valueLines.findIndex((line, k) => line !== '' && k < sourceLines.length);
  const indent = sample < 0 ? 0 : sourceLines[sample]!.length - valueLines[sample]!.length;
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of valueLines) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const startOf = (valueOffset: number): number => {
    // The last line starting at or before the offset (binary search: dumps have tens of thousands of lines).
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= valueOffset) low = middle;
      else high = middle - 1;
    }
    const k = low;
    const source = sourceLines[k];
    if (!source) return end;
    return source.offset + Math.min(indent + valueOffset - lineStarts[k]!, source.length);
  };
  return { startOf, endOf: (valueOffset) => startOf(valueOffset) + 1 };
}

function rawAtoms(text: string, start: number, end: number): Atom[] {
  const atoms: Atom[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    atoms.push({ offset: i, length: 1, text: c, fold: isWhitespace(c) });
  }
  return atoms;
}

function singleQuotedAtoms(text: string, start: number, end: number): Atom[] {
  const atoms: Atom[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === "'" && text[i + 1] === "'") {
      atoms.push({ offset: i, length: 2, text: "'", fold: false });
      i++;
    } else {
      atoms.push({ offset: i, length: 1, text: c, fold: isWhitespace(c) });
    }
  }
  return atoms;
}

/** YAML 1.2 §5.7 escapes with one fixed meaning. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function doubleQuotedAtoms(text: string, start: number, end: number): Atom[] {
  const atoms: Atom[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      atoms.push({ offset: i, length: 1, text: c, fold: isWhitespace(c) });
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
      // An escaped line break joins the lines with nothing in between.
      const length = next === '\r' ? 3 : 2;
      atoms.push({ offset: i, length, text: '', fold: true });
      i += length - 1;
    } else if (next in HEX_ESCAPE_DIGITS) {
      const digits = HEX_ESCAPE_DIGITS[next]!;
      const code = Number.parseInt(text.slice(i + 2, i + 2 + digits), 16);
      atoms.push({ offset: i, length: 2 + digits, text: Number.isNaN(code) ? next : String.fromCodePoint(code), fold: false });
      i += 1 + digits;
    } else {
      atoms.push({ offset: i, length: 2, text: SIMPLE_ESCAPES[next] ?? next, fold: false });
      i++;
    }
  }
  return atoms;
}

/**
 * Walks the value and the atoms together. Non-whitespace value characters
 * come from the next atom that is not folding whitespace. A run of whitespace
 * in the value takes, in order, the escaped whitespace atoms the run must
 * contain, and otherwise the folding whitespace before them.
 */
function align(value: string, atoms: readonly Atom[], end: number): ScalarSourceMap {
  const starts: number[] = [];
  const ends: number[] = [];
  let j = 0;
  let k = 0;
  const take = (i: number): void => {
    const atom = atoms[j];
    if (!atom) {
      starts[i] = end;
      ends[i] = end;
      return;
    }
    starts[i] = atom.offset;
    ends[i] = atom.offset + atom.length;
    k++;
    if (atom.fold || k >= atom.text.length) {
      j++;
      k = 0;
    }
  };
  const isEscapedWhitespace = (atom: Atom): boolean => !atom.fold && isWhitespace(atom.text[0]);
  for (let i = 0; i < value.length; i++) {
    if (!isWhitespace(value[i])) {
      while (atoms[j]?.fold) j++;
      take(i);
      continue;
    }
    let runEnd = i;
    while (runEnd < value.length && isWhitespace(value[runEnd])) runEnd++;
    let required = 0;
    for (let a = j; a < atoms.length && (atoms[a]!.fold || isEscapedWhitespace(atoms[a]!)); a++) {
      if (!atoms[a]!.fold) required += atoms[a]!.text.length;
    }
    for (; i < runEnd; i++) {
      if (runEnd - i <= required) {
        while (atoms[j]?.fold) j++;
        required--;
      } else if (atoms[j] && !atoms[j]!.fold && isEscapedWhitespace(atoms[j]!)) {
        required--;
      }
      take(i);
    }
    i--;
  }
  const last = value.length - 1;
  return {
    startOf: (valueOffset) =>
      valueOffset < value.length ? (starts[Math.max(valueOffset, 0)] ?? end) : last >= 0 ? (ends[last] ?? end) : end,
    endOf: (valueOffset) => ends[Math.min(Math.max(valueOffset, 0), last)] ?? end,
  };
}

/**
 * The scenario text as a YAML document that remembers where everything came
 * from, and a reporter that turns "this path / this part of this string is
 * wrong" into located diagnostics. Every later check reports through here, so
 * positions are computed in exactly one way.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic, SourceSpan } from '../diagnostics.js';
import { count, LIMITS } from '../limits.js';
import { duplicateKeys } from './duplicate-keys.js';
import { LineIndex } from './line-index.js';
import { scalarSourceMap } from './scalar-map.js';
import { parseBoundedDocument } from './yaml-document.js';

export type Path = readonly (string | number)[];

export interface SourceDocument {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineIndex;
}

/** A value in the document with the key that introduced it (absent for sequence items and the root). */
export interface Entry {
  readonly key?: Node;
  readonly value?: Node;
}

export function parseSource(text: string, file: string): { source: SourceDocument; diagnostics: Diagnostic[]; fatal: boolean } {
  const lines = new LineIndex(text);
  const at = (start: number, end: number): SourceSpan => spanOfRange({ lines }, start, end);
  if (text.length > LIMITS.scenarioChars) {
    const message = `the scenario has ${count(text.length)} characters; packetwalk reads at most ${count(LIMITS.scenarioChars)}`;
    return { source: { file, text, doc: parseDocument(''), lines }, diagnostics: [{ file, ...at(0, 1), message }], fatal: true };
  }
  const parsed = parseBoundedDocument(text, LIMITS.yamlTokens);
  if ('tooManyTokens' in parsed) {
    const { offset } = parsed.tooManyTokens;
    const message = `the scenario has more than ${count(LIMITS.yamlTokens)} YAML tokens (keys, values, punctuation) by here; packetwalk reads at most that many (an iptables block counts as one)`;
    return { source: { file, text, doc: parseDocument(''), lines }, diagnostics: [{ file, ...at(offset, offset + 1), message }], fatal: true };
  }
  const doc = parsed.doc;
  const source: SourceDocument = { file, text, doc, lines };
  const diagnostics: Diagnostic[] = [];
  let fatal = false;
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const start = pastIndentation(text, problem.pos[0]);
    const end = problem.pos[1];
    const message = `YAML: ${problem.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`;
    // After a syntax error the tree is a guess; checking it further would only add noise.
    if (problem.name === 'YAMLParseError') fatal = true;
    diagnostics.push({ file, ...at(start, Math.max(end, start + 1)), message });
  }
  for (const key of duplicateKeys(doc)) {
    const start = key.range?.[0] ?? 0;
    diagnostics.push({ file, ...at(start, start + 1), message: `duplicate key '${duplicateKeyText(text, start)}' (each key may appear once in a mapping)` });
  }
  return { source, diagnostics, fatal };
}

/** The yaml library points some errors (a key indented wrongly) at the start of the line: the token after the indentation is at fault. */
function pastIndentation(text: string, start: number): number {
  if (start > 0 && text[start - 1] !== '\n') return start;
  let i = start;
  while (text[i] === ' ') i++;
  return i < text.length && text[i] !== '\n' && text[i] !== '\r' ? i : start;
}

function duplicateKeyText(text: string, start: number): string {
  const rest = text.slice(start);
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  if (quoted) return quoted[2] ?? '';
  return (/^[^:\r\n]*/.exec(rest)?.[0] ?? '').trim();
}

/** The 1-based position of a source offset; `end` is exclusive. */
export function spanOfRange(source: Pick<SourceDocument, 'lines'>, start: number, end: number): SourceSpan {
  const from = source.lines.linePos(start);
  const to = source.lines.linePos(Math.max(end, start));
  return { line: Math.max(from.line, 1), column: from.col, endLine: Math.max(to.line, 1), endColumn: to.col };
}

export function spanOfNode(source: SourceDocument, node: Node): SourceSpan {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  return spanOfRange(source, start, valueEnd);
}

function resolve(source: SourceDocument, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(source.doc) as Node | undefined;
  return (node ?? undefined) as Node | undefined;
}

/** Per mapping, its first pair for each key text: a lookup by key must not cost a scan of a mapping of thousands of hosts. */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairsByKey.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isScalar(p.key)) continue;
      const text = String(p.key.value);
      if (!index.has(text)) index.set(text, p);
    }
    pairsByKey.set(map, index);
  }
  return index.get(key);
}

/** Walks `path` through mappings (by key text) and sequences (by index). */
export function entryAt(source: SourceDocument, path: Path): Entry {
  let entry: Entry = { value: resolve(source, source.doc.contents) };
  for (const segment of path) {
    const parent = entry.value;
    if (isMap(parent)) {
      const pair = pairOf(parent, String(segment));
      if (!pair) return { key: entry.key ?? parent };
      entry = { key: pair.key as Node, value: resolve(source, pair.value) };
    } else if (isSeq(parent) && typeof segment === 'number') {
      const item = resolve(source, parent.items[segment]);
      if (!item) return entry;
      entry = { value: item };
    } else {
      return entry;
    }
  }
  return entry;
}

/** An empty value (`key:` with nothing after it) has no text to point at: the key is better. */
function hasText(node: Node | undefined): node is Node {
  if (!node?.range) return false;
  return node.range[1] > node.range[0];
}

/** Collects located diagnostics for one scenario file. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** iptables rule lines every host may still have (LIMITS.rules), shared by the whole scenario. */
  readonly ruleBudget = { remaining: LIMITS.rules as number, exhausted: false };
  constructor(readonly source: SourceDocument) {}

  private push(span: SourceSpan, message: string): void {
    this.diagnostics.push({ file: this.source.file, ...span, message });
  }

  /** Where the value at `path` is (its key when it has no text, or when `on` is 'key'). */
  spanAt(path: Path, on: 'key' | 'value' = 'value'): SourceSpan {
    const { key, value } = entryAt(this.source, path);
    const node = on === 'key' ? (key ?? value) : hasText(value) ? value : (key ?? value);
    return node ? spanOfNode(this.source, node) : { line: 1, column: 1 };
  }

  at(path: Path, message: string, on: 'key' | 'value' = 'value'): void {
    this.push(this.spanAt(path, on), message);
  }

  /**
   * Locates characters [start, end) of the string value at `path`, mapped back
   * through the scalar's quoting, folding or block indentation.
   */
  locatorIn(path: Path): (start: number, end: number) => SourceSpan {
    const { value } = entryAt(this.source, path);
    if (!isScalar(value) || typeof value.value !== 'string') {
      const span = this.spanAt(path);
      return () => span;
    }
    const map = scalarSourceMap(this.source.text, value as Scalar<string>);
    return (start, end) =>
      spanOfRange(this.source, map.startOf(start), end > start ? map.endOf(end - 1) : map.startOf(start));
  }

  in(path: Path, start: number, end: number, message: string): void {
    this.push(this.locatorIn(path)(start, end), message);
  }

  /** A diagnostic whose position was found by other means (the iptables parser). */
  atSpan(span: SourceSpan, message: string): void {
    this.push(span, message);
  }
}

/**
 * Generators of broken scenarios, from valid ones: text mutations (a range
 * deleted, a nasty snippet inserted, a word replaced, lines swapped or
 * re-indented, the text cut short) and value mutations (any value of the
 * document replaced by another JSON value, so every key meets every wrong
 * type). Seeds are generated scenarios and the repository's own scenarios.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { scenarioTextArb } from './scenario.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));

/** content/scenarios and the kernel corpus: hand-written, with every feature the engine has. */
export const corpusTexts: readonly string[] = ['content/scenarios', 'tests/kernel/scenarios'].flatMap((dir) => {
  const path = join(root, dir);
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(path, f), 'utf8'));
});

/** Words and snippets that have broken parsers before: YAML syntax, odd numbers and addresses, control characters, markup. */
export const NASTY = [
  ':', '- ', '-', '{', '}', '[', ']', ',', '"', "'", '|', '>', '#', '&a', '*a', '*nope', '!!binary AAAA', '!!int x', '? ', '---', '...', '%YAML 1.2',
  '\t', '\u0000', '\u001b[31m', '\u00a0', '\ufeff', '\u2028', '\r', '\\', '\\n', 'é', '😀', '<img src=x onerror=alert(1)>', '</script>', 'javascript:alert(1)',
  'null', '~', 'true', 'no', '0x10', '1e9', '-1', '0', '65536', '99999999999999999999', 'NaN', '.inf',
  '300.1.1.1', '10.0.0.1/33', '10.0.0.1/-1', '10.0.0.256', '1.2.3', '0.0.0.0/0', '255.255.255.255', '127.0.0.1', '::1', '10.0.0.1:99999',
  'lo', 'all', 'default', 'eth0.', 'a-very-long-interface-name', 'h0:e0', 'nobody:eth0',
  '-A', '-I', '-N', '-P', '-j', '-g', '-m', '!', '! !', '--dport', '--to-destination', 'DNAT', 'SNAT', 'MASQUERADE', 'REJECT', 'DROP', 'RETURN',
  'COMMIT', '*nat', '*filter', '*bogus', ':INPUT DROP [0:0]', ':LOOP - [0:0]', '-A LOOP -j LOOP', '-m nope', '-j NOPE', '-m comment --comment "x',
  'via', 'dev', 'src', 'metric', 'blackhole', 'onlink', 'default via', 'tcp/', 'udp/0', 'icmp', 'proto: sctp', 'sport: -5',
];

const nasty = fc.constantFrom(...NASTY);

type Edit = (text: string) => string;

/** A position in the text, as a fraction so it works for any length. */
const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const index = (text: string, f: number): number => Math.floor(f * (text.length + 1));

function lineEdit(edit: (lines: string[], i: number, j: number) => void): fc.Arbitrary<Edit> {
  return fc.tuple(at, at).map(([a, b]) => (text) => {
    const lines = text.split('\n');
    edit(lines, Math.floor(a * lines.length), Math.floor(b * lines.length));
    return lines.join('\n');
  });
}

const textEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(at, fc.integer({ min: 1, max: 40 })).map(([f, n]): Edit => (t) => t.slice(0, index(t, f)) + t.slice(index(t, f) + n)),
  fc.tuple(at, nasty).map(([f, s]): Edit => (t) => t.slice(0, index(t, f)) + s + t.slice(index(t, f))),
  fc.tuple(at, fc.string({ maxLength: 8, unit: 'binary' })).map(([f, s]): Edit => (t) => t.slice(0, index(t, f)) + s + t.slice(index(t, f))),
  // A word (address, name, number, option) replaced by a nasty one.
  fc.tuple(at, nasty).map(([f, s]): Edit => (t) => {
    const words = [...t.matchAll(/[A-Za-z0-9_.:/+-]+/g)];
    const word = words[Math.floor(f * words.length)];
    return word === undefined ? t : t.slice(0, word.index) + s + t.slice(word.index + word[0].length);
  }),
  at.map((f): Edit => (t) => t.slice(0, index(t, f))),
  lineEdit((lines, i, j) => {
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
  }),
  lineEdit((lines, i) => {
    lines.splice(i, 0, lines[i] ?? '');
  }),
  fc.tuple(at, fc.constantFrom(' ', '  ', '\t', '- ')).map(([f, indent]): Edit => (t) => {
    const lines = t.split('\n');
    const i = Math.floor(f * lines.length);
    lines[i] = indent + (lines[i] ?? '');
    return lines.join('\n');
  }),
  lineEdit((lines, i) => {
    lines[i] = (lines[i] ?? '').replace(/^ {1,2}/, '');
  }),
);

/** One to four text edits of a valid scenario. */
export const mutatedTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.oneof({ weight: 2, arbitrary: scenarioTextArb }, { weight: 1, arbitrary: fc.constantFrom(...corpusTexts) }), fc.array(textEdit, { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, edit) => edit(t), text));

/** Every path to a value in a plain document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}

function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  if (value !== null && typeof value === 'object') return { ...value, [head]: replaced((value as Record<string, unknown>)[head], rest, by) };
  return value;
}

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nasty,
  fc.constantFrom(null, 0, -1, 1.5, true, [], {}, [1, 2], { a: 1 }, 'x'.repeat(300)),
);

/** A document with one value (or a key's whole value) replaced by a JSON value of any type. */
export const wrongTypeTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(scenarioTextArb, fc.constantFrom(...corpusTexts)), at, wrongValue)
  .map(([text, f, by]) => {
    const doc = parse(text) as unknown;
    const all = paths(doc);
    const path = all[Math.floor(f * all.length)] ?? [];
    return stringify(replaced(doc, path, by));
  });

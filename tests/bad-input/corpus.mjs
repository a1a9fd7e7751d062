// The bad-input corpus: scenario files that must each be refused with exactly
// the diagnostics their header lists, one `# expect: LINE:COLUMN: TEXT` line
// per diagnostic, in order (TEXT is a part of the message). The positions
// were worked out from each file's own text. `node tests/bad-input/corpus.mjs`
// writes index.json, the same expectations as data for other test suites
// (the playground's editor markers); a test checks that it is current.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * @param {string} text
 * @returns {{ description: string, expect: { line: number, column: number, contains: string }[] }}
 */
export function expectationsOf(text) {
  const description = /^# (?!expect:)(.*)$/m.exec(text)?.[1] ?? '';
  const expect = [...text.matchAll(/^# expect: ([0-9]+):([0-9]+): (.+)$/gm)].map((m) => ({ line: Number(m[1]), column: Number(m[2]), contains: m[3] }));
  return { description, expect };
}

/** Every case, by file name, in name order. */
export function readCorpus(dir = CORPUS_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, ...expectationsOf(readFileSync(join(dir, file), 'utf8')) }));
}

export function indexOf(dir = CORPUS_DIR) {
  return {
    about: 'Scenarios packetwalk must refuse, and the diagnostics each gives (line, column, a part of the message). Written by corpus.mjs from the files\' `# expect:` lines; do not edit by hand.',
    cases: readCorpus(dir),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(CORPUS_DIR, 'index.json'), `${JSON.stringify(indexOf(), null, 2)}\n`);
}

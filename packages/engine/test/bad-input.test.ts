/**
 * The bad-input corpus (tests/bad-input): every file is refused with exactly
 * the diagnostics its header lists — by the engine (traceScenarioText, so
 * limits reached while tracing count too) and by the CLI, which exits 2 and
 * prints each as FILE:LINE:COLUMN: message, with no stack trace. The CLI runs
 * in-process for every file (the same `main` bin/packetwalk.js calls) and as
 * the installed command for a sample, when dist/ is built. Inputs too big to
 * keep as files are built by tests/bad-input/oversized.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, indexOf, readCorpus, type Expected } from '../../../tests/bad-input/corpus.mjs';
import { oversizedCases } from '../../../tests/bad-input/oversized.mjs';
import { main } from '../src/cli/main.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { LIMITS, traceScenarioText } from '../src/index.js';

const cases = readCorpus();
const bin = fileURLToPath(new URL('../bin/packetwalk.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)));

function matches(d: Pick<Diagnostic, 'line' | 'column' | 'message'>, e: Expected): boolean {
  return d.line === e.line && (e.column === undefined || d.column === e.column) && d.message.includes(e.contains);
}

function expectDiagnostics(actual: readonly Diagnostic[], expected: readonly Expected[]): void {
  const shown = (ds: readonly Pick<Diagnostic, 'line' | 'column' | 'message'>[]) => ds.map((d) => `${d.line}:${d.column}: ${d.message}`);
  expect(actual.length === expected.length && expected.every((e, i) => matches(actual[i]!, e)), `expected ${JSON.stringify(expected)}\ngot ${JSON.stringify(shown(actual))}`).toBe(true);
}

/** Checks a CLI run: exit 2, nothing on stdout, one located line per expected diagnostic, no stack trace. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, file: string, expected: readonly Expected[]): void {
  expect([r.code, r.stdout]).toEqual([2, '']);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  const located = lines.map((l) => /^(.*):([0-9]+):([0-9]+): (.*)$/.exec(l));
  expect(located.every((m) => m !== null && m[1] === file), r.stderr).toBe(true);
  expectDiagnostics(
    located.map((m) => ({ file, line: Number(m![2]), column: Number(m![3]), message: m![4]! })),
    expected,
  );
}

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      into.push(String(chunk));
      done();
    },
  });
}

async function cli(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdin: Readable.from([stdin]), stdout: sink(out), stderr: sink(err), readFile, env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function spawned(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.PACKETWALK_DEBUG;
    const child = spawn(process.execPath, [bin, 'trace', file], { env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe('the bad-input corpus', () => {
  it('has fifty or more cases, each expecting at least one diagnostic', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const c of cases) expect(c.expect.length, c.file).toBeGreaterThan(0);
  });

  it('index.json is current (node tests/bad-input/corpus.mjs writes it)', () => {
    expect(JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8'))).toEqual(indexOf());
  });

  describe.each(cases)('$file: $description', ({ file, expect: expected }) => {
    const path = join(CORPUS_DIR, file);
    const text = readFileSync(path, 'utf8');

    it('the engine refuses it with exactly these diagnostics', () => {
      const result = traceScenarioText(text, file);
      expect(result.trace).toBeUndefined();
      expectDiagnostics(result.diagnostics, expected);
    });

    it('the CLI exits 2 with FILE:LINE:COLUMN: message for each, and no stack trace', async () => {
      expectRefused(await cli(['trace', path]), path, expected);
    });
  });

  // The command as installed costs a Node start and an engine load per run: a sample of the corpus.
  it.skipIf(!built)('the installed command says the same (every sixth file)', async () => {
    const sample = cases.filter((_, i) => i % 6 === 0);
    const runs = await Promise.all(sample.map((c) => spawned(join(CORPUS_DIR, c.file))));
    sample.forEach((c, i) => expectRefused(runs[i]!, join(CORPUS_DIR, c.file), c.expect));
  }, 60_000);
});

describe('inputs too big to keep as files', () => {
  it.each(oversizedCases(LIMITS))('$name: one located diagnostic', ({ text, expect: expected }) => {
    expectDiagnostics(traceScenarioText(text, 'big.yaml').diagnostics, expected);
  });

  it('the CLI reading one from standard input exits 2 with it', async () => {
    const flows = oversizedCases(LIMITS).find((c) => c.name.includes('flows'))!;
    expectRefused(await cli(['trace', '-'], flows.text), '<stdin>', flows.expect);
  });
});

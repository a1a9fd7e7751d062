/**
 * Nothing in packetwalk turns text into code: no `eval`, no `Function`
 * constructor, no timers given a string, anywhere in our own sources — the
 * engine, the CLI, the benchmark, the site (src/, its config, the posts'
 * MDX) and the tests. Scenario text from a link or a paste is data only.
 * Comments are left out, so that one may still say what is forbidden.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const self = fileURLToPath(import.meta.url);

/** Our sources: trees and single files at the repository root; missing ones are skipped. */
const TREES = ['packages/engine/src', 'packages/engine/bin', 'packages/engine/bench', 'packages/engine/test', 'src', 'tests', 'scripts', 'content'];
const ROOT_FILES = ['astro.config.mjs', 'vitest.config.ts', 'playwright.config.ts'];
const SKIP = new Set(['node_modules', 'dist', '.work', 'test-results', '.astro']);
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|astro|svelte|vue|mdx)$/;

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return CODE.test(path) ? [path] : [];
  return readdirSync(path)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(join(path, name)));
}

/** Block comments, and line comments that start a line or follow a blank (not the `//` of a URL). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
}

const FORBIDDEN: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'eval(…)', pattern: /(?<![\w$])eval\s*\(/ },
  { what: 'new Function(…)', pattern: /\bnew\s+Function\s*\(/ },
  { what: 'Function(…)', pattern: /(?<![\w$])Function\s*\(/ },
  { what: 'a timer given a string', pattern: /\bset(?:Timeout|Interval)\s*\(\s*['"`]/ },
];

const sources = [...TREES.flatMap((t) => files(join(root, t))), ...ROOT_FILES.flatMap((f) => files(join(root, f)))].filter((f) => f !== self);

describe('no code from text', () => {
  it('finds our sources to check (the engine at least)', () => {
    expect(sources.filter((f) => f.includes('packages/engine/src/')).length).toBeGreaterThan(100);
  });

  it('no eval, Function constructor or string timer in any of them', () => {
    const found = sources.flatMap((file) => {
      const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
      return lines.flatMap((line, i) => FORBIDDEN.filter((f) => f.pattern.test(line)).map((f) => `${relative(root, file)}:${i + 1}: ${f.what}`));
    });
    expect(found).toEqual([]);
  });

  it.each([
    { code: 'const f = eval("1 + 1");', found: true },
    { code: 'const f = new Function("return 1");', found: true },
    { code: 'const f = Function("return 1");', found: true },
    { code: 'setTimeout("alert(1)", 10);', found: true },
    { code: 'const f = globalThis.eval("x");', found: true },
    { code: 'const f = window.Function("return 1");', found: true },
    { code: 'interpretEval(x); const evaluate = (x) => x; type F = Function;', found: false },
    { code: '// never eval(text)\nsetTimeout(() => run(), 10);', found: false },
  ])('the check itself: $code', ({ code, found }) => {
    const hit = withoutComments(code)
      .split('\n')
      .some((line) => FORBIDDEN.some((f) => f.pattern.test(line)));
    expect(hit).toBe(found);
  });
});

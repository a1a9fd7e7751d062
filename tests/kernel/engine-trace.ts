/**
 * The engine's side, through its public contract only: the CLI of spec §2
 * run on the scenario file, `--format json`, giving the trace JSON of spec §5.
 * The harness never imports engine code, so it checks exactly what readers
 * and outside tools get.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './exec.js';

export type EngineResult =
  | { readonly ok: true; readonly json: unknown }
  | { readonly ok: false; readonly kind: 'unavailable' | 'rejected' | 'failed'; readonly message: string };

/** The repository root: the nearest folder above this file holding packages/engine. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'packages', 'engine', 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found above tests/kernel');
    dir = parent;
  }
  return dir;
}

export const ENGINE_SEED = 1;

export async function engineTrace(file: string): Promise<EngineResult> {
  const root = repositoryRoot();
  const bin = join(root, 'packages', 'engine', 'bin', 'packetwalk.js');
  const built = join(root, 'packages', 'engine', 'dist', 'cli', 'main.js');
  if (!existsSync(built)) return { ok: false, kind: 'unavailable', message: 'the engine CLI is not built (npm run build:engine)' };
  const result = await run([process.execPath, bin, 'trace', resolve(file), '--format', 'json', '--seed', String(ENGINE_SEED)], {
    allowFailure: true,
  });
  if (result.code === 2) return { ok: false, kind: 'rejected', message: result.stderr.trim() };
  if (result.code !== 0) return { ok: false, kind: 'failed', message: result.stderr.trim() || `exit status ${result.code}` };
  try {
    return { ok: true, json: JSON.parse(result.stdout) };
  } catch (error) {
    return { ok: false, kind: 'failed', message: `not JSON: ${String(error)}` };
  }
}

/**
 * A scenario with a kubernetes section, compiled by the engine (`packetwalk
 * compile`) into the plain hosts, links and rules the kernel side builds.
 * The rules are kube-proxy's and portmap's as the engine writes them; the
 * kernel then runs them, so what is compared is what they do.
 */
export async function engineCompile(file: string): Promise<{ readonly ok: true; readonly text: string } | (EngineResult & { readonly ok: false })> {
  const root = repositoryRoot();
  const bin = join(root, 'packages', 'engine', 'bin', 'packetwalk.js');
  if (!existsSync(join(root, 'packages', 'engine', 'dist', 'cli', 'main.js'))) {
    return { ok: false, kind: 'unavailable', message: 'the engine CLI is not built (npm run build:engine)' };
  }
  const result = await run([process.execPath, bin, 'compile', resolve(file)], { allowFailure: true });
  if (result.code === 2) return { ok: false, kind: 'rejected', message: result.stderr.trim() };
  if (result.code !== 0) return { ok: false, kind: 'failed', message: result.stderr.trim() || `exit status ${result.code}` };
  return { ok: true, text: result.stdout };
}

/**
 * The installed command: bin/packetwalk.js run as a child process, as a user
 * runs it. It needs the compiled engine (dist/), which the root `npm test`
 * builds first (`npm run build:engine`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SPEC_EXAMPLE } from '../testing/scenarios/spec-example.js';

const bin = fileURLToPath(new URL('../../bin/packetwalk.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

function packetwalk(args: string[], input = '') {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.PACKETWALK_DEBUG;
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env, timeout: 30_000 });
}

describe.skipIf(!built)('bin/packetwalk.js (skipped when dist/ is missing: run `npm run build:engine`, as the root `npm test` does)', () => {
  it('traces a scenario from standard input: exit 0, JSON on stdout, nothing on stderr', () => {
    const r = packetwalk(['trace', '-', '--format', 'json'], SPEC_EXAMPLE);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).flows[0].outcome).toBe('connected');
  });

  it('exits 2 with a located error for a bad scenario', () => {
    const r = packetwalk(['trace', '-'], 'hosts:\n  laptop:\n    interfaces:\n      eth0: 192.168.1.300/24\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:4:13: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with one line for a missing file', () => {
    const r = packetwalk(['trace', 'no-such-file.yaml']);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'packetwalk: cannot read no-such-file.yaml: no such file\n']);
  });

  it('exits 2 with the usage line for bad usage', () => {
    const r = packetwalk(['trace']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: packetwalk trace FILE|-');
  });

  it('stays quiet when the reader closes the pipe early, as `| head` does', () => {
    const many = SPEC_EXAMPLE + Array.from({ length: 200 }, (_, i) => `  - {from: laptop, to: 198.51.100.20, proto: icmp, sport: ${i + 1}}\n`).join('');
    const script = `node "$0" trace - | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script, bin], { input: many, encoding: 'utf8', env: { ...process.env, PATH: `${process.execPath.replace(/\/node$/, '')}:${process.env.PATH}` } });
    expect([r.stdout.trim(), r.stderr]).toEqual(['0', '']);
  });

  it('answers --version', () => {
    const r = packetwalk(['--version']);
    expect([r.status, r.stdout]).toEqual([0, 'packetwalk 0.1.0\n']);
  });
});

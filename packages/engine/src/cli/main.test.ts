/**
 * The CLI end to end with the real loader and simulator, on the example of
 * spec §1; expected values are the spec's own (§5) and what Linux does.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SPEC_EXAMPLE, TWO_MISTAKES } from '../testing/scenarios/spec-example.js';
import { main } from './main.js';

async function cli(argv: string[], files: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: sink(out),
    stderr: sink(err),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    env: {},
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const LOCATED = /^(?<file>[^:]+):(?<line>\d+):(?<column>\d+): \S/;

describe('packetwalk trace on the example of spec §1', () => {
  const files = { 'home.yaml': SPEC_EXAMPLE };

  it('--format json gives the JSON of spec §5', async () => {
    const r = await cli(['trace', 'home.yaml', '--format', 'json'], files);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    const flow = json.flows[0];
    expect(flow).toMatchObject({ from: 'laptop', to: '198.51.100.20:80', proto: 'tcp', outcome: 'connected' });
    expect(flow.packets.map((p: { label: string }) => p.label)).toEqual(['SYN', 'SYN-ACK', 'ACK']);
    expect(flow.packets[0].wire[0]).toMatchObject({
      link: 'home',
      from: 'laptop:eth0',
      to: 'router:lan',
      src: '192.168.1.10',
      sport: 40000,
      dst: '198.51.100.20',
      dport: 80,
    });
    const router = flow.packets[0].hops.find((h: { host: string }) => h.host === 'router');
    expect(router.steps).toContainEqual(
      expect.objectContaining({ table: 'nat', chain: 'POSTROUTING', index: 1, rule: '-A POSTROUTING -o wan -j MASQUERADE', verdict: 'MASQUERADE' }),
    );
    expect(flow.packets[0].fate).toMatchObject({ result: 'delivered', host: 'server' });
    expect(json.conntrack.router).toEqual([
      expect.objectContaining({
        proto: 'tcp',
        state: 'ESTABLISHED',
        flags: ['ASSURED'],
        original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40000, dport: 80 },
        reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 80, dport: 40000 },
      }),
    ]);
  });

  it('--format conntrack lists the router entry as conntrack -L would', async () => {
    const r = await cli(['trace', 'home.yaml', '--format', 'conntrack'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^# router\ntcp {6}6 \d+ ESTABLISHED src=192\.168\.1\.10 dst=198\.51\.100\.20 sport=40000 dport=80 src=198\.51\.100\.20 dst=198\.51\.100\.7 sport=80 dport=40000 \[ASSURED\] mark=0 use=1\nconntrack v1\.4\.7 \(conntrack-tools\): 1 flow entries have been shown\.$/m,
    );
    expect(r.stdout).toContain('# laptop: no connection tracking');
  });

  it('the default table shows the masquerade', async () => {
    const r = await cli(['trace', 'home.yaml'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flow 1 {2}laptop → 198\.51\.100\.20:80 {2}tcp {2}sport 40000 {2}connected$/m);
    expect(r.stdout).toMatch(/rule +nat POSTROUTING #1 +-A POSTROUTING -o wan -j MASQUERADE → MASQUERADE/);
    expect(r.stdout).toMatch(/rewrite +src +192\.168\.1\.10 → 198\.51\.100\.7 {2}\(MASQUERADE\)/);
  });
});

describe('packetwalk trace on a scenario with mistakes', () => {
  it('exits 2 and locates every problem', async () => {
    const r = await cli(['trace', 'bad.yaml'], { 'bad.yaml': TWO_MISTAKES });
    expect([r.code, r.stdout]).toEqual([2, '']);
    const lines = r.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(LOCATED);
    expect(lines.some((l) => l.startsWith('bad.yaml:4:13: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('bad.yaml:7:11: '))).toBe(true);
  });

  it('names standard input <stdin>', async () => {
    const r = await cli(['trace', '-'], {}, TWO_MISTAKES);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:4:13: /m);
  });

  it('locates a YAML syntax error', async () => {
    const r = await cli(['trace', 'broken.yaml'], { 'broken.yaml': 'hosts:\n  laptop: [\n' });
    expect(r.code).toBe(2);
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^broken\.yaml:\d+:\d+: /);
  });
});

/**
 * The rules every node of the Kubernetes scenarios (content/scenarios/kubernetes-*)
 * is given — kube-proxy's and portmap's, as iptables-save prints them —
 * snapshot-tested so that a change of a generated rule reads as a diff. They
 * are also what the kernel harness restores (tests/kernel, verified.json).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandScenarioText } from '../src/kubernetes/expand.js';

const dir = join(import.meta.dirname, '../../../content/scenarios');
const files = readdirSync(dir)
  .filter((f) => f.startsWith('kubernetes-') && f.endsWith('.yaml'))
  .sort()
  .filter((f) => (parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>).kubernetes !== undefined);

describe.each(files)('content/scenarios/%s', (file) => {
  const expanded = expandScenarioText(readFileSync(join(dir, file), 'utf8'), `content/scenarios/${file}`);
  const hosts = (parse(expanded.text ?? '') as { hosts?: Record<string, { iptables?: string }> }).hosts ?? {};
  const sectionNodes = Object.keys((parse(readFileSync(join(dir, file), 'utf8')) as { kubernetes: { nodes?: object } }).kubernetes.nodes ?? {});

  it('compiles', () => {
    expect(expanded.diagnostics).toEqual([]);
  });

  it.each(sectionNodes)('gives node %s the rules it always did', async (node) => {
    await expect(hosts[node]?.iptables).toMatchFileSnapshot(`__snapshots__/${basename(file, '.yaml')}.${node}.rules.txt`);
  });
});

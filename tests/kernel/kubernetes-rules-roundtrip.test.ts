/**
 * The rules packetwalk generates for Kubernetes nodes are written exactly as
 * iptables-save prints them: restored into a namespace with iptables-restore
 * and saved back, each node's rules (the engine's snapshots) come back byte
 * for byte. Skipped where namespaces cannot be made.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repositoryRoot } from './engine-trace.js';
import { inNamespace, run } from './exec.js';
import { namespacePrefix } from './names.js';
import { preflight } from './preflight.js';

const machine = await preflight();
const snapshots = join(repositoryRoot(), 'packages', 'engine', 'test', '__snapshots__');
const files = readdirSync(snapshots).filter((f) => f.endsWith('.rules.txt')).sort();
const namespace = `${namespacePrefix()}rules-roundtrip`;

describe.skipIf(!machine.ok)('generated Kubernetes rules survive iptables-restore and iptables-save unchanged', () => {
  afterAll(async () => {
    await run(['ip', 'netns', 'del', namespace], { allowFailure: true });
  });

  test.each(files)('%s', async (file) => {
    const rules = readFileSync(join(snapshots, file), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    await run(['ip', 'netns', 'del', namespace], { allowFailure: true });
    await run(['ip', 'netns', 'add', namespace]);
    await inNamespace(namespace, ['iptables-restore'], { input: rules });
    const saved = await inNamespace(namespace, ['iptables-save']);
    expect(saved.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n')).toBe(rules);
  });
});

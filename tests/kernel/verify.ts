/**
 * `npm run verify:kernel [--show] [files…]`: runs each scenario on the real
 * kernel and through the engine, one after another, prints the differences
 * side by side and writes tests/kernel/verified.json. Without files: every
 * scenario under content/scenarios and tests/kernel/scenarios.
 *
 * Exit status: 0 when every scenario agrees (or the machine cannot run them:
 * one line says why), 1 when any differs or fails.
 * `--show` also prints what the kernel did (for writing scenarios and findings).
 */
import { join, resolve } from 'node:path';
import { run } from './exec.js';
import { repositoryRoot } from './engine-trace.js';
import { observationText } from './format.js';
import { preflight } from './preflight.js';
import { updateRecord, type RecordEntry } from './record.js';
import { allScenarioFiles } from './scenario-files.js';
import { installSignalTeardown, removeStaleNamespaces } from './teardown.js';
import { restoreStaleMachineConntrackMax } from './machine-conntrack-max.js';
import { verifyScenario, type ScenarioResult } from './verify-scenario.js';

async function main(args: string[]): Promise<number> {
  const show = args.includes('--show');
  const files = args.filter((a) => !a.startsWith('--'));
  const ready = await preflight();
  if (!ready.ok) {
    console.log(`verify:kernel skipped: ${ready.reason}`);
    return 0;
  }
  installSignalTeardown();
  const stale = await removeStaleNamespaces();
  await restoreStaleMachineConntrackMax();
  if (stale.length > 0) console.log(`removed ${stale.length} namespaces left by an earlier run`);

  const root = repositoryRoot();
  const targets = files.length > 0 ? files.map((f) => resolve(f)) : allScenarioFiles(root);
  const kernel = (await run(['uname', '-r'])).stdout.trim();
  const width = process.stdout.columns ?? 240;
  const results: ScenarioResult[] = [];
  for (const file of targets) {
    const result = await verifyScenario(file, width);
    results.push(result);
    console.log(result.report);
    if (show && result.kernel) console.log(observationText(result.kernel));
  }

  const date = new Date().toISOString();
  const entries: RecordEntry[] = results.map((r) => ({
    file: r.file,
    ...(r.title ? { title: r.title } : {}),
    verdict: r.verdict,
    differences: r.differences,
    kernel,
    date,
  }));
  await updateRecord(join(root, 'tests', 'kernel', 'verified.json'), kernel, date, entries, files.length > 0);

  const count = (v: ScenarioResult['verdict']): number => results.filter((r) => r.verdict === v).length;
  const failed = count('differs') + count('error');
  console.log(
    `\nLinux ${kernel}: ${count('agrees')} agree, ${count('differs')} differ, ${count('error')} errors, ` +
      `${count('unsupported')} unsupported, ${count('kernel-only')} kernel only (engine not built)`,
  );
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));

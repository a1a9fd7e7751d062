/**
 * Every published scenario and every corpus scenario, run on the real kernel
 * and compared with the engine's trace: one test each. Where the machine
 * cannot (not Linux, not root, a tool missing) or the engine's CLI is not
 * built, the whole suite is skipped with one line saying why.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repositoryRoot } from './engine-trace.js';
import { restoreStaleMachineConntrackMax } from './machine-conntrack-max.js';
import { preflight } from './preflight.js';
import { allScenarioFiles } from './scenario-files.js';
import { removeStaleNamespaces } from './teardown.js';
import { verifyScenario } from './verify-scenario.js';

const root = repositoryRoot();
const machine = await preflight();
const engineBuilt = existsSync(join(root, 'packages', 'engine', 'dist', 'cli', 'main.js'));
const reason = !machine.ok ? machine.reason : engineBuilt ? undefined : 'the engine CLI is not built (npm run build:engine)';
if (reason) console.log(`kernel differential tests skipped: ${reason}`);

/** A scenario takes 1–3 s; a routing loop or many flows a little more. */
const SCENARIO_TIMEOUT_MS = 60_000;

describe.skipIf(reason !== undefined)('the engine agrees with the Linux kernel', () => {
  beforeAll(async () => {
    await removeStaleNamespaces();
    await restoreStaleMachineConntrackMax();
  });
  afterAll(async () => {
    await removeStaleNamespaces();
  });

  for (const file of allScenarioFiles(root)) {
    const name = relative(root, file);
    test(
      name,
      async (context) => {
        const result = await verifyScenario(file, 160);
        if (result.verdict === 'unsupported') context.skip(result.report);
        expect(result.verdict, result.report).toBe('agrees');
      },
      SCENARIO_TIMEOUT_MS,
    );
  }
});

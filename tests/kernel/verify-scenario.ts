/** One scenario file through both sides and the comparison, with a verdict for the record. */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compareObservations, type Comparison } from './compare.js';
import { engineCompile, engineTrace, repositoryRoot } from './engine-trace.js';
import { observationFromEngine } from './from-engine.js';
import { observeOnKernel } from './kernel-run.js';
import type { Observation } from './observation.js';
import { portRules } from './port-variables.js';
import { renderComparison } from './report.js';
import { hasKubernetesSection, readScenario, UnsupportedScenario } from './scenario-file.js';

/**
 * agrees / differs: compared. error: one side could not run it (the kernel
 * refused a route, the engine rejected the file). unsupported: the kernel
 * side cannot build it. kernel-only: no engine to compare with.
 */
export type Verdict = 'agrees' | 'differs' | 'error' | 'unsupported' | 'kernel-only';

export interface ScenarioResult {
  /** Relative to the repository root. */
  readonly file: string;
  readonly title?: string;
  readonly verdict: Verdict;
  readonly differences: number;
  /** What to print. */
  readonly report: string;
  readonly kernel?: Observation;
  readonly comparison?: Comparison;
}

export function workDirFor(file: string): string {
  return join(repositoryRoot(), 'tests', 'kernel', '.work', relative(repositoryRoot(), file).replaceAll('/', '__'));
}

export async function verifyScenario(file: string, width = 200): Promise<ScenarioResult> {
  const name = relative(repositoryRoot(), file);
  let source = await readFile(file, 'utf8');
  if (hasKubernetesSection(source)) {
    const compiled = await engineCompile(file);
    if (!compiled.ok) {
      const verdict = compiled.kind === 'unavailable' ? 'unsupported' : 'error';
      return { file: name, verdict, differences: 0, report: `${verdict === 'unsupported' ? '–' : '✗'} ${name}: packetwalk compile: ${compiled.message}` };
    }
    source = compiled.text;
  }
  let scenario;
  try {
    scenario = readScenario(source, name);
  } catch (error) {
    const verdict = error instanceof UnsupportedScenario ? 'unsupported' : 'error';
    return { file: name, verdict, differences: 0, report: `${verdict === 'unsupported' ? '–' : '✗'} ${name}: ${(error as Error).message}` };
  }
  const title = scenario.title;
  const label = title ? `${name} (${title})` : name;
  let kernel: Observation;
  try {
    kernel = await observeOnKernel(scenario, workDirFor(file));
  } catch (error) {
    const verdict = error instanceof UnsupportedScenario ? 'unsupported' : 'error';
    return { file: name, ...(title ? { title } : {}), verdict, differences: 0, report: `${verdict === 'unsupported' ? '–' : '✗'} ${label}: kernel: ${(error as Error).message}` };
  }
  const engine = await engineTrace(file);
  if (!engine.ok) {
    if (engine.kind === 'unavailable') {
      return { file: name, ...(title ? { title } : {}), verdict: 'kernel-only', differences: 0, report: `– ${label}: ran on the kernel; ${engine.message}`, kernel };
    }
    return { file: name, ...(title ? { title } : {}), verdict: 'error', differences: 1, report: `✗ ${label}: engine ${engine.kind} it:\n${engine.message}`, kernel };
  }
  const comparison = compareObservations(observationFromEngine(engine.json), kernel, portRules(scenario));
  return {
    file: name,
    ...(title ? { title } : {}),
    verdict: comparison.differences === 0 ? 'agrees' : 'differs',
    differences: comparison.differences,
    report: renderComparison(label, comparison, width),
    kernel,
    comparison,
  };
}

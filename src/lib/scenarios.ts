/**
 * Build time: the scenario files the posts and the playground gallery use,
 * their traces, and the kernel-verification record (tests/kernel/verified.json).
 */
import { traceScenarioText, type Trace } from '@packetwalk/engine';
import { parse } from 'yaml';
import verified from '../../tests/kernel/verified.json';

// The engine's checked scenarios, and those written for one post only (beside the posts).
const files = import.meta.glob<string>(['/content/scenarios/*.yaml', '/content/posts/scenarios/*.yaml'], { query: '?raw', import: 'default', eager: true });

/** Scenario name (file name without `.yaml`) → path from the repository root. */
const paths = new Map(Object.keys(files).map((path) => [path.replace(/^.*\//, '').replace(/\.yaml$/, ''), path.slice(1)]));

export interface ScenarioInfo {
  /** File name without `.yaml`, unique over both folders: the name posts use in `<Playground scenario="…" />`. */
  readonly name: string;
  /** Path from the repository root, as the CLI and the kernel record name it. */
  readonly file: string;
  readonly text: string;
  readonly title: string;
  readonly description: string;
  readonly trace: Trace;
  /** "6.18" when the real kernel agreed with the engine on this scenario. */
  readonly verifiedOn?: string;
  readonly kernelRelease?: string;
}

interface VerifiedRecord {
  readonly file: string;
  readonly verdict: string;
  readonly kernel: string;
}

function kernelVersion(release: string): string {
  return /^(\d+\.\d+)/.exec(release)?.[1] ?? release;
}

const cache = new Map<string, ScenarioInfo>();

export function scenarioNames(): string[] {
  return [...paths.keys()].sort();
}

export function loadScenarioInfo(name: string): ScenarioInfo {
  const known = cache.get(name);
  if (known) return known;
  const file = paths.get(name);
  const text = file === undefined ? undefined : files[`/${file}`];
  if (file === undefined || text === undefined) throw new Error(`No scenario named ${name} (known: ${scenarioNames().join(', ')})`);
  const result = traceScenarioText(text, file);
  if (!result.trace) {
    // A post must never ship a scenario the engine rejects: fail the build, located.
    throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  }
  const meta = (parse(text) ?? {}) as { title?: unknown; description?: unknown };
  const record = (verified.scenarios as readonly VerifiedRecord[]).find((r) => r.file === file && r.verdict === 'agrees');
  const info: ScenarioInfo = {
    name,
    file,
    text,
    title: typeof meta.title === 'string' ? meta.title : name,
    description: typeof meta.description === 'string' ? meta.description.trim() : '',
    trace: result.trace,
    ...(record ? { verifiedOn: kernelVersion(record.kernel), kernelRelease: record.kernel } : {}),
  };
  cache.set(name, info);
  return info;
}

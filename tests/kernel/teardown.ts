/**
 * Leaving the machine as it was: end the processes the harness started
 * (by pid), then any process still inside one of its namespaces, then delete
 * the namespaces. Runs in `finally`, on SIGINT/SIGTERM, and for namespaces a
 * dead run of the harness left behind (their owner pid is gone).
 */
import { run } from './exec.js';
import { namespacePrefix, ownerPid } from './names.js';
import type { NamespaceProcess } from './processes.js';

export interface Session {
  readonly namespaces: readonly string[];
  readonly processes: NamespaceProcess[];
}

const active = new Set<Session>();

export function register(session: Session): void {
  active.add(session);
}

async function killInside(namespace: string): Promise<void> {
  const pids = await run(['ip', 'netns', 'pids', namespace], { allowFailure: true });
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export async function deleteNamespaces(namespaces: readonly string[]): Promise<void> {
  for (const ns of [...namespaces].reverse()) {
    await killInside(ns);
    await run(['ip', 'netns', 'del', ns], { allowFailure: true });
  }
}

export async function teardown(session: Session): Promise<void> {
  await Promise.all(session.processes.map((p) => p.stop(500)));
  await deleteNamespaces(session.namespaces);
  active.delete(session);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Namespaces named by this harness whose run has died. */
export async function removeStaleNamespaces(): Promise<string[]> {
  const list = await run(['ip', 'netns', 'list'], { allowFailure: true });
  const stale = list.stdout
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => {
      const pid = ownerPid(name);
      return pid !== undefined && pid !== process.pid && !alive(pid);
    });
  await deleteNamespaces(stale);
  return stale;
}

/** Every namespace of this process, by its name prefix. */
async function removeOwnNamespaces(): Promise<void> {
  const list = await run(['ip', 'netns', 'list'], { allowFailure: true });
  const own = list.stdout
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(namespacePrefix()));
  await deleteNamespaces(own);
}

/** Lets a command in flight (an `ip netns add`) finish before the sweep. */
const IN_FLIGHT_GRACE_MS = 300;

/** On Ctrl-C or SIGTERM: tear down whatever is running, sweep this run's namespaces, then exit. */
export function installSignalTeardown(): void {
  const handler = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: tearing down the namespaces\n`);
    void new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_GRACE_MS))
      .then(() => Promise.all([...active].map(teardown)))
      .then(removeOwnNamespaces)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

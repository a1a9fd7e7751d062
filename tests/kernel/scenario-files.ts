/** Where the scenarios to verify live: every published one and the fidelity corpus. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCENARIO_DIRS: readonly string[] = ['content/scenarios', 'content/posts/scenarios', 'tests/kernel/scenarios'];

export function allScenarioFiles(root: string): string[] {
  return SCENARIO_DIRS.flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      return [];
    }
    return names
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => join(root, dir, f));
  });
}

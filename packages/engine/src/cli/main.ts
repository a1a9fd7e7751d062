/**
 * `packetwalk`: the entry point bin/packetwalk.js calls with the process's
 * arguments and streams. Returns the exit status.
 */
import { expandScenarioText } from '../kubernetes/expand.js';
import { loadScenario } from '../scenario/load.js';
import { explore } from '../sim/explore.js';
import { simulate } from '../sim/simulate.js';
import { run, type CliIo } from './run.js';

export type { CliIo } from './run.js';

export async function main(argv: string[], io: CliIo): Promise<number> {
  return run(argv, io, { loadScenario, simulate, explore, expandScenarioText });
}

/**
 * The command line, parsed without a library: `trace FILE|-` with its
 * options in any order (`--format json` or `--format=json`), `--help`,
 * `--version`. Anything else is a usage error with a message that says what.
 */

export type Format = 'table' | 'json' | 'conntrack';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'trace';
      /** A path, or `-` for standard input. */
      readonly file: string;
      readonly format: Format;
      readonly seed: number;
      /** Undefined: decide from the terminal and NO_COLOR. */
      readonly color?: boolean;
    }
  | { readonly kind: 'usage-error'; readonly message: string };

const FORMATS: readonly Format[] = ['table', 'json', 'conntrack'];
const MAX_SEED = 0xffffffff;

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-V')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return usageError('no command given');
  if (command !== 'trace') return usageError(`unknown command '${command}'`);

  let file: string | undefined;
  let format: Format = 'table';
  let seed = 1;
  let color: boolean | undefined;
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      if (file !== undefined) return usageError(`unexpected argument '${arg}': trace takes one FILE`);
      file = arg;
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const takeValue = (): string | undefined => (eq < 0 ? rest[++i] : arg.slice(eq + 1));
    switch (name) {
      case '--format': {
        const value = takeValue();
        if (value === undefined) return usageError('--format needs a value: table, json or conntrack');
        if (!FORMATS.includes(value as Format)) return usageError(`--format must be table, json or conntrack, not '${value}'`);
        format = value as Format;
        break;
      }
      case '--seed': {
        const value = takeValue();
        if (value === undefined) return usageError('--seed needs a value');
        if (!/^\d+$/.test(value) || Number(value) > MAX_SEED) return usageError(`--seed must be an integer from 0 to ${MAX_SEED}, not '${value}'`);
        seed = Number(value);
        break;
      }
      case '--color':
      case '--no-color':
        if (eq >= 0) return usageError(`${name} takes no value`);
        color = name === '--color';
        break;
      default:
        return usageError(`unknown option '${name}'`);
    }
  }
  if (file === undefined) return usageError('trace needs a FILE, or - to read standard input');
  return { kind: 'trace', file, format, seed, ...(color === undefined ? {} : { color }) };
}

/**
 * The command line, parsed without a library: `trace FILE|-` with its
 * options in any order (`--format json` or `--format=json`), `compile
 * FILE|-`, `--help`, `--version`. Anything else is a usage error with a
 * message that says what.
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
      /** List every branch random rules allow, per flow, instead of the seeded trace. */
      readonly explore?: boolean;
    }
  | { readonly kind: 'compile'; readonly file: string }
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
  if (command === 'compile') return parseCompile(rest);
  if (command !== 'trace') return usageError(`unknown command '${command}'`);

  let file: string | undefined;
  let format: Format = 'table';
  let seed = 1;
  let color: boolean | undefined;
  let explore = false;
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
      case '--explore':
        if (eq >= 0) return usageError('--explore takes no value');
        explore = true;
        break;
      default:
        return usageError(`unknown option '${name}'`);
    }
  }
  if (file === undefined) return usageError('trace needs a FILE, or - to read standard input');
  if (explore && format === 'conntrack') return usageError('--explore lists branches as a table or as JSON, not as conntrack tables');
  return { kind: 'trace', file, format, seed, ...(color === undefined ? {} : { color }), ...(explore ? { explore } : {}) };
}

/** `compile FILE|-`: the scenario with its kubernetes section written out as plain hosts. */
function parseCompile(rest: readonly string[]): Command {
  const files = rest.filter((a) => a === '-' || !a.startsWith('-'));
  const option = rest.find((a) => a !== '-' && a.startsWith('-'));
  if (option !== undefined) return usageError(`unknown option '${option.split('=')[0]}'`);
  if (files.length === 0) return usageError('compile needs a FILE, or - to read standard input');
  if (files.length > 1) return usageError(`unexpected argument '${files[1]}': compile takes one FILE`);
  return { kind: 'compile', file: files[0]! };
}

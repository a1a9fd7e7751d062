/**
 * The CLI's work, with the engine passed in so that tests can drive every
 * exit path: 0 traced (whatever the packets' fate), 2 a bad scenario (every
 * problem as `FILE:LINE:COLUMN: message`) or bad usage, 1 an internal error —
 * one line saying it is a bug, the stack only with PACKETWALK_DEBUG=1. A
 * user's mistake never shows a stack trace.
 */
import { compareDiagnostics, formatDiagnostic, ScenarioError, type Diagnostic } from '../diagnostics.js';
import { renderConntrack } from '../render/conntrack.js';
import { renderExploreJson, renderExploreText } from '../render/explore.js';
import { renderHopTable } from '../render/hop-table.js';
import { renderJson } from '../render/json.js';
import { visible } from '../render/text.js';
import type { Scenario } from '../scenario/types.js';
import type { FlowExploration } from '../sim/explore.js';
import type { Trace } from '../trace/types.js';
import { parseArgs, type Format } from './args.js';
import { HELP, USAGE } from './usage.js';
import { VERSION } from './version.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly readFile: (path: string, enc: 'utf8') => Promise<string>;
  /** The environment (NO_COLOR, PACKETWALK_DEBUG); the process's own when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Engine {
  loadScenario(text: string, file: string): { scenario?: Scenario; diagnostics: Diagnostic[] };
  simulate(scenario: Scenario, options: { seed: number }): Trace;
  /** For `trace --explore`. */
  explore?(scenario: Scenario, options: { seed: number }): FlowExploration[];
  /** For `compile`: the scenario text with its kubernetes section written out. */
  expandScenarioText?(text: string, file: string): { text?: string; diagnostics: Diagnostic[] };
}

export const EXIT_TRACED = 0;
export const EXIT_INTERNAL_ERROR = 1;
export const EXIT_BAD_INPUT = 2;

/** The name diagnostics use for a scenario read from standard input. */
export const STDIN_NAME = '<stdin>';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
};

/** A file the user named could not be read: their mistake, said in one line. */
class UnreadableFile extends Error {}

async function readScenario(file: string, io: CliIo): Promise<string> {
  if (file === '-') return readAll(io.stdin);
  try {
    return await io.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' ? (READ_ERRORS[code] ?? code) : String(error);
    throw new UnreadableFile(`packetwalk: cannot read ${file}: ${why}`);
  }
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function render(trace: Trace, format: Format, color: boolean, width: number | undefined): string {
  switch (format) {
    case 'json':
      return renderJson(trace);
    case 'conntrack':
      return renderConntrack(trace);
    case 'table':
      return renderHopTable(trace, width === undefined ? { color } : { color, width });
  }
}

/** Messages quote scenario text, which may hold control characters: a terminal gets them as `\xNN`, never raw. */
function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): number {
  const lines = [...diagnostics].sort(compareDiagnostics).map((d) => visible(formatDiagnostic(d)));
  io.stderr.write(lines.map((l) => `${l}\n`).join(''));
  return EXIT_BAD_INPUT;
}

/** A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace. */
function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export async function run(argv: readonly string[], io: CliIo, engine: Engine): Promise<number> {
  const env = io.env ?? process.env;
  ignoreClosedPipe(io.stdout);
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(HELP);
        return EXIT_TRACED;
      case 'version':
        io.stdout.write(`packetwalk ${VERSION}\n`);
        return EXIT_TRACED;
      case 'usage-error':
        io.stderr.write(`packetwalk: ${command.message}\n${USAGE}\n`);
        return EXIT_BAD_INPUT;
      case 'compile': {
        if (!engine.expandScenarioText) throw new Error('this engine cannot compile scenarios');
        const file = command.file === '-' ? STDIN_NAME : command.file;
        const expanded = engine.expandScenarioText(await readScenario(command.file, io), file);
        if (expanded.diagnostics.length > 0) return reportDiagnostics(expanded.diagnostics, io);
        if (expanded.text === undefined) throw new Error('compile returned neither a scenario nor a problem');
        io.stdout.write(expanded.text);
        return EXIT_TRACED;
      }
      case 'trace': {
        const file = command.file === '-' ? STDIN_NAME : command.file;
        const text = await readScenario(command.file, io);
        const loaded = engine.loadScenario(text, file);
        if (loaded.diagnostics.length > 0) return reportDiagnostics(loaded.diagnostics, io);
        if (loaded.scenario === undefined) throw new Error('the loader returned neither a scenario nor a problem');
        if (command.explore) {
          if (!engine.explore) throw new Error('this engine cannot explore');
          const explored = engine.explore(loaded.scenario, { seed: command.seed });
          io.stdout.write(command.format === 'json' ? renderExploreJson(explored) : renderExploreText(explored));
          return EXIT_TRACED;
        }
        const trace = engine.simulate(loaded.scenario, { seed: command.seed });
        const terminal = isTerminal(io.stdout);
        const color = command.color ?? (terminal && (env.NO_COLOR ?? '') === '');
        const columns = (io.stdout as { columns?: number }).columns;
        io.stdout.write(render(trace, command.format, color, terminal ? columns : undefined));
        return EXIT_TRACED;
      }
    }
  } catch (error) {
    if (error instanceof UnreadableFile) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof ScenarioError) return reportDiagnostics(error.diagnostics, io);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`packetwalk: internal error: ${message} (this is a bug in packetwalk; PACKETWALK_DEBUG=1 shows where)\n`);
    if (env.PACKETWALK_DEBUG === '1' && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

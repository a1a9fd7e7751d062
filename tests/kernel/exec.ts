/** Running the kernel's own tools: one command, its output, and a readable failure. */
import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly result: CommandResult,
  ) {
    super(`${command.join(' ')} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

export interface RunOptions {
  /** Written to the command's standard input. */
  readonly input?: string;
  /** Resolve with the result instead of throwing when the exit status is not 0. */
  readonly allowFailure?: boolean;
}

export function run(command: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const [file, ...args] = command;
  if (!file) throw new Error('empty command');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(new CommandError(command, result));
      else resolve(result);
    });
    // A command that exits without reading its input closes the pipe early; that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** The same command inside a network namespace. */
export function inNamespace(ns: string, command: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return run(['ip', 'netns', 'exec', ns, ...command], options);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Long-running helpers inside the namespaces (tcpdump, xtables-monitor, the
 * host agents). Each is remembered by its pid so that teardown ends exactly
 * the processes the harness started, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export class NamespaceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number>;
  stdout = '';
  stderr = '';

  constructor(
    readonly namespace: string,
    readonly command: readonly string[],
  ) {
    this.child = spawn('ip', ['netns', 'exec', namespace, ...command], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.child.on('error', () => resolve(-1));
      this.child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once `pattern` shows in stderr (tcpdump's "listening on") or rejects on exit or timeout. */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.command.join(' ')}: no ${pattern} within ${timeoutMs} ms: ${this.stderr.trim()}`));
      }, timeoutMs);
      const check = (): void => {
        if (pattern.test(this.stderr)) {
          cleanup();
          resolve();
        }
      };
      const onExit = (): void => {
        cleanup();
        reject(new Error(`${this.command.join(' ')} exited: ${this.stderr.trim()}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.child.stderr!.off('data', check);
        this.child.off('close', onExit);
      };
      this.child.stderr!.on('data', check);
      this.child.once('close', onExit);
      check();
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after a grace period) and waits for it. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The harness's end of a host agent (agent/agent.ts): start it in the host's namespace, send commands, await answers. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NamespaceProcess } from './processes.js';

/** What the client socket saw. */
export interface SocketResult {
  readonly event: 'connected' | 'answered' | 'error' | 'timeout';
  readonly code?: string;
}

interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly event?: SocketResult['event'];
  readonly code?: string;
}

/** The agent's source beside this file, or its compiled copy beside the compiled harness. */
function agentScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'agent', 'agent.ts'), join(here, 'agent', 'agent.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`agent not found beside ${here}`);
  return found;
}

export class HostAgent {
  readonly process: NamespaceProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  private buffer = '';
  private readonly ready: Promise<void>;

  constructor(readonly host: string, namespace: string) {
    this.process = new NamespaceProcess(namespace, [process.execPath, '--no-warnings', agentScript()]);
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.waiting.set(0, () => markReady());
    this.process.child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const answer = JSON.parse(line) as Answer;
        this.waiting.get(answer.id)?.(answer);
        this.waiting.delete(answer.id);
      }
    });
  }

  private async send(command: object): Promise<Answer> {
    const died = this.process.exited.then((): never => {
      throw new Error(`agent of ${this.host} exited: ${this.process.stderr.trim()}`);
    });
    await Promise.race([this.ready, died]);
    const id = this.nextId++;
    const answered = new Promise<Answer>((resolve) => this.waiting.set(id, resolve));
    this.process.child.stdin!.write(`${JSON.stringify({ id, ...command })}\n`);
    return Promise.race([answered, died]);
  }

  async listen(proto: 'tcp' | 'udp', port: number, addresses: readonly string[]): Promise<void> {
    const answer = await this.send({ op: 'listen', proto, port, addresses });
    if (!answer.ok) throw new Error(`${this.host}: cannot listen on ${proto}/${port}: ${answer.error}`);
  }

  async flow(proto: 'tcp' | 'udp', dst: string, dport: number, sport: number, timeoutMs: number): Promise<SocketResult> {
    const answer = await this.send({ op: 'flow', proto, dst, dport, sport, timeoutMs });
    if (!answer.ok) return { event: 'error', code: answer.error ?? 'unknown' };
    return { event: answer.event!, ...(answer.code ? { code: answer.code } : {}) };
  }

  /** Closing stdin ends the agent and its sockets. */
  async stop(): Promise<void> {
    this.process.child.stdin!.end();
    const timer = setTimeout(() => void this.process.stop(), 2000);
    await this.process.exited;
    clearTimeout(timer);
  }
}

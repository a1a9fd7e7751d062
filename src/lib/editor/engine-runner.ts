/**
 * The engine worker's keeper. A run cannot be interrupted from outside (the
 * engine is synchronous), so a run that no longer matters is ended by
 * terminating its worker: when newer text arrives while it is going, and
 * when it passes the page's time limit. The next run gets a fresh worker.
 * Stale runs thus never hold up the reader's latest text.
 */
import type { EngineRequest, EngineResponse } from './engine.worker';

export interface RunnerEvents {
  /** The engine's answer to the latest request. */
  reply(reply: EngineResponse): void;
  /** The latest request's run was stopped after `ms`; or the worker died (`error` says how). */
  stopped(seq: number, why: { readonly ms: number } | { readonly error: string }): void;
}

/** A request whose answer nobody waits for (the warm-up run): it may finish even when a run is asked for meanwhile. */
export const UNSEEN_SEQ = -1;

export class EngineRunner {
  #worker: Worker | undefined;
  #running: { readonly seq: number; readonly watchdog: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly create: () => Worker,
    private readonly timeLimitMs: number,
    private readonly events: RunnerEvents,
  ) {}

  /** Whether a run of seen text is going. */
  get busy(): boolean {
    return this.#running !== undefined && this.#running.seq !== UNSEEN_SEQ;
  }

  run(request: EngineRequest): void {
    if (this.busy) this.#stop();
    const worker = (this.#worker ??= this.#start());
    if (this.#running) clearTimeout(this.#running.watchdog);
    const started = performance.now();
    const watchdog = setTimeout(() => {
      this.#stop();
      this.events.stopped(request.seq, { ms: performance.now() - started });
    }, this.timeLimitMs);
    this.#running = { seq: request.seq, watchdog };
    worker.postMessage(request);
  }

  #start(): Worker {
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      // A warm-up's answer may come while a newer request waits behind it: only the latest one ends the run.
      if (!this.#running || event.data.seq !== this.#running.seq) return;
      clearTimeout(this.#running.watchdog);
      this.#running = undefined;
      this.events.reply(event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      // Out of memory, or a failure to load the engine: the worker is gone; say so and start afresh next time.
      event.preventDefault();
      const seq = this.#running?.seq;
      this.#stop();
      if (seq !== undefined) this.events.stopped(seq, { error: event.message || 'the engine stopped unexpectedly' });
    };
    return worker;
  }

  #stop(): void {
    if (this.#running) clearTimeout(this.#running.watchdog);
    this.#running = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

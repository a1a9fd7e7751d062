import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineRunner, UNSEEN_SEQ, type RunnerEvents } from './engine-runner';
import type { EngineRequest, EngineResponse } from './engine.worker';

/** A worker that only records what it is sent and whether it was terminated; the test answers for it. */
class FakeWorker {
  readonly sent: EngineRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(request: EngineRequest): void {
    this.sent.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(seq: number): void {
    this.onmessage?.({ data: { seq, ok: true, html: '', flows: 1, ms: 1 } } as MessageEvent<EngineResponse>);
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

function request(seq: number): EngineRequest {
  return { seq, text: `text ${seq}`, file: 'a.yaml', id: 'a', level: 4 };
}

const LIMIT_MS = 1_000;

describe('EngineRunner', () => {
  let workers: FakeWorker[];
  let replies: number[];
  let stops: { seq: number; why: unknown }[];
  let runner: EngineRunner;

  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    replies = [];
    stops = [];
    const events: RunnerEvents = { reply: (r) => replies.push(r.seq), stopped: (seq, why) => stops.push({ seq, why }) };
    runner = new EngineRunner(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w as unknown as Worker;
      },
      LIMIT_MS,
      events,
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes on the answer to a run and keeps its worker for the next', () => {
    runner.run(request(1));
    workers[0]!.answer(1);
    runner.run(request(2));
    workers[0]!.answer(2);
    expect(replies).toEqual([1, 2]);
    expect(workers).toHaveLength(1);
    expect(runner.busy).toBe(false);
  });

  it('ends a run that newer text arrives during: its worker is terminated and a fresh one gets the newer text', () => {
    runner.run(request(1));
    runner.run(request(2));
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.sent.map((r) => r.seq)).toEqual([2]);
    workers[1]!.answer(2);
    expect(replies).toEqual([2]);
  });

  it('lets the unseen warm-up run finish: a request meanwhile waits behind it in the same worker, and only its answer counts', () => {
    runner.run(request(UNSEEN_SEQ));
    expect(runner.busy).toBe(false);
    runner.run(request(1));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.answer(UNSEEN_SEQ);
    expect(replies).toEqual([]);
    workers[0]!.answer(1);
    expect(replies).toEqual([1]);
  });

  it('stops a run that passes the time limit, says so once, and starts afresh for the next run', () => {
    runner.run(request(1));
    vi.advanceTimersByTime(LIMIT_MS - 1);
    expect(stops).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(stops).toHaveLength(1);
    expect(stops[0]!.seq).toBe(1);
    expect((stops[0]!.why as { ms: number }).ms).toBeGreaterThanOrEqual(LIMIT_MS);
    runner.run(request(2));
    expect(workers).toHaveLength(2);
    vi.advanceTimersByTime(LIMIT_MS * 3);
    expect(stops).toHaveLength(2);
  });

  it('does not time out a run that answered', () => {
    runner.run(request(1));
    workers[0]!.answer(1);
    vi.advanceTimersByTime(LIMIT_MS * 2);
    expect(stops).toEqual([]);
  });

  it('reports a worker that died (out of memory) and replaces it on the next run', () => {
    runner.run(request(1));
    workers[0]!.fail('Out of memory');
    expect(stops).toEqual([{ seq: 1, why: { error: 'Out of memory' } }]);
    expect(workers[0]!.terminated).toBe(true);
    runner.run(request(2));
    expect(workers).toHaveLength(2);
    vi.advanceTimersByTime(LIMIT_MS * 2);
    expect(stops.map((s) => s.seq)).toEqual([1, 2]);
  });
});

import type { FlowTrace, Trace } from '@packetwalk/engine';
import { describe, expect, it } from 'vitest';
import { flowsLeftOutNote, flowsToShow, rowsOf } from './page-budget';

/** A flow whose packets' hops record the given numbers of steps; nothing else is read. */
function flow(...hopSteps: number[][]): FlowTrace {
  return { packets: hopSteps.map((hops) => ({ hops: hops.map((n) => ({ steps: Array.from({ length: n }) })) })) } as unknown as FlowTrace;
}

function trace(...flows: FlowTrace[]): Trace {
  return { flows } as unknown as Trace;
}

describe('rowsOf', () => {
  it.each([
    { name: 'no packets', f: flow(), rows: 0 },
    { name: 'one packet, three hops', f: flow([2, 5, 1]), rows: 8 },
    { name: 'two packets', f: flow([2, 2], [4]), rows: 8 },
  ])('$name: $rows rows', ({ f, rows }) => {
    expect(rowsOf(f)).toBe(rows);
  });
});

describe('flowsToShow', () => {
  const limits = { flows: 3, rows: 10 };
  it.each([
    { name: 'a trace without flows shows none', t: trace(), shown: 0 },
    { name: 'small flows within both figures are all shown', t: trace(flow([2]), flow([3])), shown: 2 },
    { name: 'rows exactly at the figure still fit', t: trace(flow([5]), flow([5])), shown: 2 },
    { name: 'the flow that passes the rows figure and all after it are left out', t: trace(flow([5]), flow([6]), flow([1])), shown: 1 },
    { name: 'no more flows than the flows figure', t: trace(flow([1]), flow([1]), flow([1]), flow([1])), shown: 3 },
    { name: 'a first flow too long alone leaves none', t: trace(flow([11])), shown: 0 },
  ])('$name', ({ t, shown }) => {
    expect(flowsToShow(t, limits)).toBe(shown);
  });
});

describe('flowsLeftOutNote', () => {
  it.each([
    { shown: 50, total: 1000, words: 'traced 1,000 flows; the page shows the first 50' },
    { shown: 1, total: 2, words: 'the page shows only the first' },
    { shown: 0, total: 1, words: 'none of them: the first alone is too long' },
  ])('$shown of $total: "$words"', ({ shown, total, words }) => {
    const note = flowsLeftOutNote(shown, total);
    expect(note).toContain(words);
    expect(note).toContain('The CLI prints every flow');
  });
});

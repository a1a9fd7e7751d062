/**
 * A kube-proxy-sized nat table: 10,000 `-A SVC -d … -p tcp --dport … -j DNAT
 * --to-destination …` lines. Checks the result and prints how long parsing
 * and a worst-case traversal took; no assertion on time (machines differ).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { runTable } from './evaluate.js';
import { parseIptablesSave } from './parse.js';
import { context, plainLocate } from './test-support.js';

const LINES = 10_000;

const service = (i: number): string => `10.96.${(i >> 8) & 255}.${i & 255}`;
const port = (i: number): number => 1000 + (i % 50_000);

function bigNatTable(): string {
  const lines = ['*nat', ':SVC - [0:0]', '-A PREROUTING -j SVC'];
  for (let i = 0; i < LINES; i++) {
    lines.push(`-A SVC -d ${service(i)}/32 -p tcp -m tcp --dport ${port(i)} -j DNAT --to-destination 10.244.${(i >> 8) & 255}.${i & 255}:8080`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

describe(`${LINES} DNAT rules`, () => {
  it('parse, and a packet for the last one tries them all', () => {
    const text = bigNatTable();
    const parseStart = performance.now();
    const { ruleset, problems } = parseIptablesSave(text, plainLocate);
    const parseMs = performance.now() - parseStart;
    expect(problems).toEqual([]);

    const last = LINES - 1;
    const ctx = context({ dst: service(last), dport: port(last) });
    const state = { mark: 0, ctmark: 0, nthCounters: new Map() };
    runTable(ruleset, 'nat', 'PREROUTING', ctx, state);
    const runs = 50;
    const runStart = performance.now();
    let result = runTable(ruleset, 'nat', 'PREROUTING', ctx, state);
    for (let i = 1; i < runs; i++) result = runTable(ruleset, 'nat', 'PREROUTING', ctx, state);
    const runMs = (performance.now() - runStart) / runs;

    expect(result.steps.at(-1)).toMatchObject({ chain: 'SVC', index: LINES, verdict: 'DNAT' });
    console.log(`parsed ${LINES} rules in ${parseMs.toFixed(0)} ms; one traversal of all of them takes ${runMs.toFixed(2)} ms`);
  });
});

/**
 * The trace's limits (limits.ts), through simulate(): each ends the trace
 * with one located diagnostic at the flow, or the rule, where it was
 * reached — never an internal error.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../diagnostics.js';
import { traceScenarioText } from '../index.js';
import type { FlowSpec } from '../scenario/types.js';
import type { FlowTrace } from '../trace/types.js';
import { TraceBudget } from './budget.js';

/** A router whose FORWARD jumps `fan` times to C1, each Ci `fan` times to Ci+1 (15 levels); C15 counts tcp. */
function fanOutScenario(fan: number, flows: number): string {
  const rules = ['*filter', ':FORWARD ACCEPT [0:0]'];
  for (let i = 1; i <= 15; i++) rules.push(`:C${i} - [0:0]`);
  for (let f = 0; f < fan; f++) rules.push('-A FORWARD -j C1');
  for (let i = 1; i < 15; i++) for (let f = 0; f < fan; f++) rules.push(`-A C${i} -j C${i + 1}`);
  rules.push('-A C15 -p tcp', 'COMMIT');
  return `hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  router:
    forwarding: true
    interfaces: {a: 10.0.1.1/24, b: 10.0.2.1/24}
    iptables: |
${rules.map((r) => `      ${r}`).join('\n')}
  server:
    interfaces: {eth0: 10.0.2.20/24}
    routes: [default via 10.0.2.1]
    listen: [tcp/80]
links:
  net-a: [client:eth0, router:a]
  net-b: [router:b, server:eth0]
flows:
${Array.from({ length: flows }, (_, i) => `  - {from: client, to: "10.0.2.20:80", sport: ${1000 + i}}`).join('\n')}
`;
}

/** The 1-based line of the first line holding `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('trace limits', () => {
  it('jumps that fan out to 14 million rules: a located problem at a rule, not an internal error', () => {
    const text = fanOutScenario(3, 1);
    const result = traceScenarioText(text, 'fan.yaml');
    expect(result.trace).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d!.file).toBe('fan.yaml');
    expect(d!.message).toMatch(/^one packet has tried 1,000,000 rules in filter FORWARD, here in chain C[0-9]+/);
    expect(text.split('\n')[d!.line - 1]).toMatch(/^ {6}-A (FORWARD|C[0-9]+) /);
  });

  it('a trace past a million steps stops at the flow that passed it', () => {
    // Two jumps a level: a packet through FORWARD records 2 + 2·(2 + 4 + … + 2^14) jumps, 2^15 counted
    // matches and the policy, 98,303 rule steps; SYN, SYN-ACK and ACK cross it, so flow 4 passes 1,000,000.
    const text = fanOutScenario(2, 6);
    const result = traceScenarioText(text, 'steps.yaml');
    expect(result.trace).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      `${lineOf(text, 'flows:') + 4}:5: the trace holds more than 1,000,000 steps by flow 4; packetwalk stops here (fewer flows, or rules that match fewer packets, would fit)`,
    ]);
  });

  it('rules tried by all packets together: stops at the flow that passed the budget', () => {
    const budget = new TraceBudget({ rulesPerTrace: 100, traceSteps: 1_000_000 });
    const flow = { index: 2, at: { line: 40, column: 5 } } as FlowSpec;
    budget.spendRules(60, flow);
    budget.spendRules(40, flow);
    let thrown: unknown;
    try {
      budget.spendRules(1, flow);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ at: { line: 40, column: 5 }, message: expect.stringMatching(/^the trace's packets have tried more than 100 rules by flow 3;/) });
  });

  it('steps are counted over every hop of every packet of a flow', () => {
    const budget = new TraceBudget({ rulesPerTrace: 1_000_000, traceSteps: 5 });
    const flow = { index: 0, at: { line: 7, column: 5 } } as FlowSpec;
    const step = { kind: 'socket', detail: '' } as const;
    const trace = { packets: [{ hops: [{ host: 'a', steps: [step, step] }, { host: 'b', steps: [step] }] }, { hops: [{ host: 'b', steps: [step, step] }] }] } as unknown as FlowTrace;
    budget.spendSteps(trace, flow);
    expect(() => budget.spendSteps(trace, flow)).toThrow(/holds more than 5 steps by flow 1/);
  });

  it('simulate() itself throws the located ScenarioError that traceScenarioText returns', async () => {
    const { loadScenario } = await import('../scenario/load.js');
    const { simulate } = await import('./simulate.js');
    const loaded = loadScenario(fanOutScenario(3, 1), 'fan.yaml');
    expect(() => simulate(loaded.scenario!, { seed: 1 })).toThrow(ScenarioError);
  });
});

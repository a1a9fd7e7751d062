// Benchmark figures for inputs at packetwalk's limits (src/limits.ts): what a
// 5 MB scenario, 200,000 rules, a routing loop and 1,000 flows cost, and how
// long the engine takes to stop at a limit with its message. Each is run
// once or twice (they take seconds), printed, never asserted.
import { performance } from 'node:perf_hooks';
import { LIMITS, loadScenario, simulate } from '../dist/index.js';
import { denseFlows, routerScenario, routingLoop, unmatchedDrops } from './limit-scenarios.mjs';

/** Milliseconds of the faster of `runs` runs, and the last result. */
function timed(run, runs = 2) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

const mb = (text) => `${(text.length / 1e6).toFixed(1)} MB`;
const thousands = (n) => n.toLocaleString('en-US');

/** Loads and traces; returns what happened in words: the trace's size, or the limit's message. */
function outcome(text) {
  const loaded = loadScenario(text, 'bench.yaml');
  if (!loaded.scenario) return `stopped: ${loaded.diagnostics[0].message.slice(0, 60)}…`;
  try {
    const trace = simulate(loaded.scenario, { seed: 1 });
    const steps = trace.flows.reduce((n, f) => n + f.packets.reduce((m, p) => m + p.hops.reduce((k, h) => k + h.steps.length, 0), 0), 0);
    return `${thousands(trace.flows.length)} flows, ${thousands(steps)} steps`;
  } catch (error) {
    return `stopped: ${error.message.replace(/^[^:]*:\d+:\d+: /, '').slice(0, 60)}…`;
  }
}

/** Fifteen chains that each jump three times to the next. */
function fanOut() {
  const rules = [];
  for (let i = 1; i <= 15; i++) rules.push(`:C${i} - [0:0]`);
  rules.push('-A FORWARD -j C1', '-A FORWARD -j C1', '-A FORWARD -j C1');
  for (let i = 1; i < 15; i++) for (let f = 0; f < 3; f++) rules.push(`-A C${i} -j C${i + 1}`);
  rules.push('-A C15 -p tcp');
  return routerScenario(rules, 1);
}

export function limitRows(row) {
  const fiveMbRules = Math.floor(5e6 / 80);
  const rules5 = routerScenario(unmatchedDrops(fiveMbRules), 1);
  const loaded5 = timed(() => loadScenario(rules5, 'bench.yaml'), 1);
  row(`5 MB scenario (${mb(rules5)}, ${thousands(fiveMbRules)} rules): load`, loaded5.ms, 'ms');
  row(`5 MB scenario: its flow traced through all the rules`, timed(() => simulate(loaded5.result.scenario, { seed: 1 })).ms, 'ms');

  const dense = denseFlows(Math.floor(5e6 / 50));
  const denseRun = timed(() => outcome(dense), 1);
  row(`5 MB of YAML keys and lists (${mb(dense)}): ${denseRun.result}`, denseRun.ms, 'ms');

  const rules200k = routerScenario(unmatchedDrops(200_000), 1);
  const loaded200k = timed(() => loadScenario(rules200k, 'bench.yaml'), 1);
  row(`200,000 rules (${mb(rules200k)}): load`, loaded200k.ms, 'ms');
  row(`200,000 rules: one flow traced through all of them`, timed(() => simulate(loaded200k.result.scenario, { seed: 1 })).ms, 'ms');
  const budget = routerScenario(unmatchedDrops(200_000), 1000);
  const budgetRun = timed(() => outcome(budget), 1);
  row(`200,000 rules × 1,000 flows (budget ${thousands(LIMITS.rulesPerTrace)} rules): ${budgetRun.result}`, budgetRun.ms, 'ms');

  const loop1 = loadScenario(routingLoop(1), 'bench.yaml').scenario;
  row('routing loop, one flow (64 hops, then ICMP time exceeded)', timed(() => simulate(loop1, { seed: 1 }), 5).ms, 'ms');
  const loop1000 = routingLoop(1000);
  const loopRun = timed(() => outcome(loop1000), 1);
  row(`routing loop × 1,000 flows: ${loopRun.result}`, loopRun.ms, 'ms');

  const flows1000 = routerScenario(['-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT'], 1000);
  const flowsRun = timed(() => outcome(flows1000), 1);
  row(`1,000 flows through a router: ${flowsRun.result}`, flowsRun.ms, 'ms');

  const fan = timed(() => outcome(fanOut()), 1);
  row(`jumps that fan out: ${fan.result}`, fan.ms, 'ms');
}

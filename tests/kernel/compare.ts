/**
 * The engine's observation against the kernel's: per flow the outcome, the
 * ordered link crossings (tuple, label, TTL, ICMP details), the rules each
 * host applied (table, chain, index, verdict; rule texts differ only in how
 * iptables normalises them); at the end each host's conntrack table (tuples,
 * TCP state, ASSURED/UNREPLIED). Ports the kernel chose itself are variables
 * (port-variables.ts). The result is a list of sections of side-by-side rows.
 */
import { align } from './align.js';
import { conntrackText, crossingText, ruleText } from './format.js';
import type { Crossing, CtEntry, CtTuple, InnerTuple, Observation, ObservedFlow, RuleHit } from './observation.js';
import { PortBindings, type PortRules } from './port-variables.js';

export interface Row {
  readonly engine?: string;
  readonly kernel?: string;
  readonly same: boolean;
}

export interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly differences: number;
}

export interface Comparison {
  readonly sections: readonly Section[];
  readonly differences: number;
}

type PortCheck = (engine: number | undefined, kernel: number | undefined) => boolean;

function innerAgrees(a: InnerTuple | undefined, b: InnerTuple | undefined, port: PortCheck): boolean {
  if (!a || !b) return a === b;
  return a.proto === b.proto && a.src === b.src && a.dst === b.dst && port(a.sport, b.sport) && port(a.dport, b.dport) && port(a.id, b.id);
}

function crossingAgrees(a: Crossing, b: Crossing, port: PortCheck): boolean {
  return (
    a.link === b.link &&
    a.from === b.from &&
    a.to === b.to &&
    a.label === b.label &&
    a.proto === b.proto &&
    a.src === b.src &&
    a.dst === b.dst &&
    a.type === b.type &&
    a.code === b.code &&
    a.flags === b.flags &&
    a.ttl === b.ttl &&
    port(a.sport, b.sport) &&
    port(a.dport, b.dport) &&
    port(a.id, b.id) &&
    innerAgrees(a.inner, b.inner, port)
  );
}

function ruleAgrees(a: RuleHit, b: RuleHit): boolean {
  return a.table === b.table && a.chain === b.chain && a.index === b.index && a.verdict === b.verdict;
}

function tupleAgrees(a: CtTuple, b: CtTuple, port: PortCheck): boolean {
  return (
    a.src === b.src && a.dst === b.dst && a.type === b.type && a.code === b.code && port(a.sport, b.sport) && port(a.dport, b.dport) && port(a.id, b.id)
  );
}

function entryAgrees(a: CtEntry, b: CtEntry, port: PortCheck): boolean {
  return (
    a.proto === b.proto &&
    a.state === b.state &&
    a.flags.join(',') === b.flags.join(',') &&
    tupleAgrees(a.original, b.original, port) &&
    tupleAgrees(a.reply, b.reply, port)
  );
}

/** Aligns two lists, then confirms each aligned pair while binding variable ports. */
function sideBySide<T>(
  title: string,
  engine: readonly T[],
  kernel: readonly T[],
  agrees: (a: T, b: T, port: PortCheck) => boolean,
  text: (t: T) => string,
  bindings: PortBindings,
): Section {
  const rows: Row[] = [];
  for (const row of align(engine, kernel, (a, b) => agrees(a, b, (x, y) => bindings.couldMatch(x, y)))) {
    let same = false;
    if (row.kind === 'match') {
      const trial = bindings.snapshot();
      same = agrees(row.left, row.right, (x, y) => trial.match(x, y));
      if (same) bindings.adopt(trial);
    }
    rows.push({
      ...(row.left !== undefined ? { engine: text(row.left) } : {}),
      ...(row.right !== undefined ? { kernel: text(row.right) } : {}),
      same,
    });
  }
  return { title, rows, differences: rows.filter((r) => !r.same).length };
}

/** Conntrack tables are sets: each engine entry takes the first kernel entry that agrees. */
function conntrackSection(host: string, engine: readonly CtEntry[], kernel: readonly CtEntry[], bindings: PortBindings): Section {
  const left = [...kernel];
  const rows: Row[] = [];
  const unmatched: CtEntry[] = [];
  for (const entry of engine) {
    const index = left.findIndex((k) => {
      const trial = bindings.snapshot();
      if (!entryAgrees(entry, k, (x, y) => trial.match(x, y))) return false;
      bindings.adopt(trial);
      return true;
    });
    if (index < 0) {
      unmatched.push(entry);
      continue;
    }
    rows.push({ engine: conntrackText(entry), kernel: conntrackText(left[index]!), same: true });
    left.splice(index, 1);
  }
  for (let k = 0; k < Math.max(unmatched.length, left.length); k++) {
    const e = unmatched[k];
    const r = left[k];
    rows.push({ ...(e ? { engine: conntrackText(e) } : {}), ...(r ? { kernel: conntrackText(r) } : {}), same: false });
  }
  return { title: `conntrack -L on ${host}`, rows, differences: rows.filter((r) => !r.same).length };
}

function flowTitle(flow: ObservedFlow): string {
  return `flow ${flow.index + 1}: ${flow.from} → ${flow.to} ${flow.proto}`;
}

function compareFlow(engine: ObservedFlow, kernel: ObservedFlow, bindings: PortBindings): Section[] {
  const title = flowTitle(kernel);
  const outcomeText = (f: ObservedFlow): string => (f.error ? `${f.outcome} (${f.error})` : f.outcome);
  const sameOutcome = engine.outcome === kernel.outcome;
  const sections: Section[] = [
    { title: `${title}: outcome`, rows: [{ engine: outcomeText(engine), kernel: outcomeText(kernel), same: sameOutcome }], differences: sameOutcome ? 0 : 1 },
    sideBySide(`${title}: link crossings`, engine.crossings, kernel.crossings, crossingAgrees, crossingText, bindings),
  ];
  const hosts = [...new Set([...Object.keys(engine.rules), ...Object.keys(kernel.rules)])].sort();
  for (const host of hosts) {
    sections.push(sideBySide(`${title}: rules on ${host}`, engine.rules[host] ?? [], kernel.rules[host] ?? [], ruleAgrees, ruleText, bindings));
  }
  return sections;
}

export function compareObservations(engine: Observation, kernel: Observation, rules: PortRules): Comparison {
  const bindings = new PortBindings(rules);
  const sections: Section[] = [];
  const count = Math.max(engine.flows.length, kernel.flows.length);
  for (let i = 0; i < count; i++) {
    const e = engine.flows[i];
    const k = kernel.flows[i];
    if (e && k) sections.push(...compareFlow(e, k, bindings));
    else {
      const only = (e ?? k)!;
      sections.push({
        title: `${flowTitle(only)}: present on one side only`,
        rows: [{ ...(e ? { engine: e.outcome } : {}), ...(k ? { kernel: k.outcome } : {}), same: false }],
        differences: 1,
      });
    }
  }
  const hosts = [...new Set([...Object.keys(engine.conntrack), ...Object.keys(kernel.conntrack)])].sort();
  for (const host of hosts) {
    const e = engine.conntrack[host] ?? [];
    const k = kernel.conntrack[host] ?? [];
    if (e.length > 0 || k.length > 0) sections.push(conntrackSection(host, e, k, bindings));
  }
  return { sections, differences: sections.reduce((sum, s) => sum + s.differences, 0) };
}

/**
 * The views of an exploration (sim/explore.ts): per flow, every branch its
 * random rules allow, with its probability, its outcome, where its first
 * packet ended (the endpoint a Service sent it to) and the choices that led
 * there. As text for the terminal, and as JSON.
 */
import type { Branch, FlowExploration } from '../sim/explore.js';
import type { FlowTrace } from '../trace/types.js';

export interface BranchEnd {
  /** The host the first packet was delivered to, with the address and port it arrived at. */
  readonly delivered?: { readonly host: string; readonly dst: string; readonly dport?: number };
  readonly dropped?: { readonly host: string; readonly reason: string };
}

export function branchEnd(flow: FlowTrace): BranchEnd {
  const first = flow.packets[0];
  if (!first) return {};
  if (first.fate.result === 'dropped') return { dropped: { host: first.fate.host, reason: first.fate.reason } };
  const last = first.wire[first.wire.length - 1];
  return { delivered: { host: first.fate.host, dst: last?.dst ?? '', ...(last?.dport === undefined ? {} : { dport: last.dport }) } };
}

function percent(probability: number): string {
  const value = probability * 100;
  return `${value.toFixed(value >= 10 || value === 0 ? 1 : 2)}%`;
}

function endText(end: BranchEnd): string {
  if (end.delivered) {
    const { host, dst, dport } = end.delivered;
    return `→ ${host} ${dst}${dport === undefined ? '' : `:${dport}`}`;
  }
  if (end.dropped) return `dropped at ${end.dropped.host}: ${end.dropped.reason}`;
  return '';
}

function choicesText(branch: Branch): string {
  if (branch.choices.length === 0) return 'no random rule on the way';
  return branch.choices
    .map((c) => `${c.host} ${c.table} ${c.chain} #${c.index} ${c.below ? 'taken' : 'passed over'} (probability ${c.probability.toFixed(11)})`)
    .join('; ');
}

export function renderExploreText(explorations: readonly FlowExploration[]): string {
  const out: string[] = [];
  for (const exploration of explorations) {
    const flow = exploration.branches[0]?.flow;
    const head = flow ? `flow ${exploration.index + 1}  ${flow.from} → ${flow.to}  ${flow.proto}  sport ${flow.sport}` : `flow ${exploration.index + 1}`;
    const count = exploration.branches.length;
    out.push(`${head}  ${count} branch${count === 1 ? '' : 'es'}${exploration.truncated ? ' (more not shown)' : ''}`);
    const width = Math.max(...exploration.branches.map((b) => percent(b.probability).length));
    for (const branch of exploration.branches) {
      out.push(`  ${percent(branch.probability).padStart(width)}  ${branch.flow.outcome}  ${endText(branchEnd(branch.flow))}`);
      out.push(`  ${' '.repeat(width)}  ${choicesText(branch)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function exploreToJson(explorations: readonly FlowExploration[]): unknown {
  return {
    version: 1,
    explore: explorations.map((exploration) => {
      const flow = exploration.branches[0]?.flow;
      return {
        ...(flow ? { from: flow.from, to: flow.to, proto: flow.proto, sport: flow.sport } : {}),
        index: exploration.index,
        truncated: exploration.truncated,
        branches: exploration.branches.map((branch) => ({
          probability: branch.probability,
          outcome: branch.flow.outcome,
          ...branchEnd(branch.flow),
          choices: branch.choices,
        })),
      };
    }),
  };
}

export function renderExploreJson(explorations: readonly FlowExploration[]): string {
  return `${JSON.stringify(exploreToJson(explorations), null, 2)}\n`;
}

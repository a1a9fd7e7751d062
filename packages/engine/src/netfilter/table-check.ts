/**
 * The checks the kernel makes when a whole table is loaded, which no single
 * line can settle:
 *
 * - a jump loop reachable from a built-in chain is refused (nf_tables'
 *   chain validation: "RULE_APPEND failed (Too many links)"; legacy's
 *   mark_source_chains likewise). Loops among chains no built-in chain
 *   reaches are accepted, as on a real kernel;
 * - nf_tables validates at most 16 levels of jump or goto (NFT_JUMP_STACK_SIZE):
 *   the 16th nested jump is refused with the same error (checked: a chain of
 *   15 user chains loads, 16 do not). iptables-legacy has no such limit;
 * - a target restricted to some hooks (DNAT, SNAT, MASQUERADE, REDIRECT,
 *   REJECT) may not sit in a chain reachable from another hook, through any
 *   chain of jumps (xt_check_target: "used from hooks …, but only usable
 *   from …"); one restricted to a table may not appear in another table at
 *   all ("only valid in nat table, not filter").
 */
import type { SourceSpan } from '../diagnostics.js';
import type { TargetExtension } from './extension.js';
import type { Hook, TableName } from './types.js';

const HOOK_ORDER: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** nf_tables' jump stack: 16 levels, so a 16th nested jump is refused. */
export const MAX_JUMP_DEPTH = 15;

/**
 * The rules that jump (`-j CHAIN`, `-g CHAIN`) or whose target extension may
 * be restricted, as numbered records. Where one is comes from the caller's
 * `locate`, only for a problem: a dump has a jump in most of its rules.
 */
export interface CheckRecords {
  /** The user chain jumped to, as its position in the table's list of chains (-1: none). */
  jump(record: number): number;
  target(record: number): TargetExtension | undefined;
}

export interface CheckedChain {
  readonly name: string;
  /** Set for a built-in chain: the hook it is attached to. */
  readonly hook?: Hook;
  /** The chain's rules in order, each as its record's number (-1: nothing to check). */
  readonly checks: readonly number[];
}

export type TableProblem = { readonly at: SourceSpan; readonly message: string };

/**
 * The walk of one table: its jump graph as flat arrays (chain i's jumps are
 * edges first[i] to first[i + 1] - 1: the chain each leads to and the rule
 * that makes it), what reaches each chain, and what was reported. A hook's
 * walk then reads numbers only, not every chain's rules again.
 */
interface Walk {
  readonly chains: readonly CheckedChain[];
  readonly first: Int32Array;
  readonly to: Int32Array;
  /** The record of the rule that makes each edge. */
  readonly by: Int32Array;
  /** The hooks that reach each chain, one bit each (HOOK_ORDER). */
  readonly hooks: Uint8Array;
  /** The deepest level the walk from the current hook reached each chain at (-1: not yet), so a chain is walked again only when reached deeper. */
  readonly deepest: Int8Array;
  readonly locate: (record: number) => SourceSpan;
  /** Records already reported, and their spans (a locate may give several records the same span). */
  readonly reported: Set<number | SourceSpan>;
  readonly problems: TableProblem[];
}

function walk(state: Walk, chain: number, hook: Hook, depth: number, path: number[]): void {
  if (state.deepest[chain]! >= depth) return;
  state.deepest[chain] = depth;
  state.hooks[chain]! |= 1 << HOOK_ORDER.indexOf(hook);
  path.push(chain);
  for (let edge = state.first[chain]!; edge < state.first[chain + 1]!; edge++) {
    const next = state.to[edge]!;
    if (path.includes(next)) {
      const names = path.map((n) => state.chains[n]!.name);
      const loop = [...names.slice(path.indexOf(next)), state.chains[next]!.name].join(' → ');
      report(state, state.by[edge]!, `jump loop ${loop} (from ${hook}); iptables-restore refuses it: RULE_APPEND failed (Too many links)`);
      continue;
    }
    if (depth + 1 > MAX_JUMP_DEPTH) {
      report(state, state.by[edge]!, `jumps nest ${depth + 1} deep here (from ${hook}); nf_tables allows ${MAX_JUMP_DEPTH}: RULE_APPEND failed (Too many links)`);
      continue;
    }
    walk(state, next, hook, depth + 1, path);
  }
  path.pop();
}

function report(state: Walk, record: number, message: string): void {
  if (state.reported.has(record)) return;
  const at = state.locate(record);
  if (state.reported.has(at)) return;
  state.reported.add(record);
  state.reported.add(at);
  state.problems.push({ at, message });
}

/**
 * The problems of a table whose chains are `chains` (jumps name them by
 * position), each at the span `locate` gives the record of the rule at fault.
 */
export function checkTable(table: TableName, chains: readonly CheckedChain[], records: CheckRecords, locate: (record: number) => SourceSpan): TableProblem[] {
  const problems: TableProblem[] = [];
  const first = new Int32Array(chains.length + 1);
  const to: number[] = [];
  const by: number[] = [];
  chains.forEach((chain, i) => {
    first[i] = to.length;
    for (const record of chain.checks) {
      if (record < 0) continue;
      const jump = records.jump(record);
      if (jump < 0) continue;
      to.push(jump);
      by.push(record);
    }
  });
  first[chains.length] = to.length;
  const state: Walk = {
    chains,
    first,
    to: Int32Array.from(to),
    by: Int32Array.from(by),
    hooks: new Uint8Array(chains.length),
    deepest: new Int8Array(chains.length),
    locate,
    reported: new Set(),
    problems,
  };
  chains.forEach((chain, i) => {
    if (!chain.hook) return;
    state.deepest.fill(-1);
    walk(state, i, chain.hook, 0, []);
  });
  chains.forEach((chain, i) => {
    for (const record of chain.checks) {
      const extension = record < 0 ? undefined : records.target(record);
      if (!extension) continue;
      if (extension.table && extension.table !== table) {
        problems.push({ at: locate(record), message: `${extension.name} target: only valid in ${extension.table} table, not ${table}` });
        continue;
      }
      const allowed = extension.hooks;
      if (!allowed) continue;
      const bad = HOOK_ORDER.filter((h, bit) => (state.hooks[i]! & (1 << bit)) !== 0 && !allowed.includes(h));
      if (bad.length === 0) continue;
      const via = chain.hook ? '' : ` (chain ${chain.name} is reached from ${bad.join('/')})`;
      problems.push({
        at: locate(record),
        message: `${extension.name} target: used from hooks ${bad.join('/')}, but only usable from ${HOOK_ORDER.filter((h) => allowed.includes(h)).join('/')}${via}`,
      });
    }
  });
  return problems;
}

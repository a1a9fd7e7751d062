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

export interface CheckedRule {
  readonly jump?: { readonly chain: string; readonly at: SourceSpan };
  readonly target?: { readonly extension: TargetExtension; readonly at: SourceSpan };
}

export interface CheckedChain {
  readonly name: string;
  /** Set for a built-in chain: the hook it is attached to. */
  readonly hook?: Hook;
  readonly rules: readonly CheckedRule[];
}

export type TableProblem = { readonly at: SourceSpan; readonly message: string };

/** A chain with its jumps resolved once, so that walking it again from another hook looks nothing up. */
interface Node {
  readonly chain: CheckedChain;
  readonly jumps: { readonly next: Node; readonly at: SourceSpan }[];
}

interface Walk {
  readonly reaching: Map<CheckedChain, Set<Hook>>;
  /** The deepest level each chain was reached at, per hook, so a chain is walked again only when reached deeper. */
  readonly deepest: Map<Node, number>;
  readonly reported: Set<SourceSpan>;
  readonly problems: TableProblem[];
}

function walk(state: Walk, node: Node, hook: Hook, depth: number, path: Node[]): void {
  if ((state.deepest.get(node) ?? -1) >= depth) return;
  state.deepest.set(node, depth);
  let hooks = state.reaching.get(node.chain);
  if (!hooks) state.reaching.set(node.chain, (hooks = new Set()));
  hooks.add(hook);
  path.push(node);
  for (const { next, at } of node.jumps) {
    if (path.includes(next)) {
      const names = path.map((n) => n.chain.name);
      const loop = [...names.slice(path.indexOf(next)), next.chain.name].join(' → ');
      report(state, at, `jump loop ${loop} (from ${hook}); iptables-restore refuses it: RULE_APPEND failed (Too many links)`);
      continue;
    }
    if (depth + 1 > MAX_JUMP_DEPTH) {
      report(state, at, `jumps nest ${depth + 1} deep here (from ${hook}); nf_tables allows ${MAX_JUMP_DEPTH}: RULE_APPEND failed (Too many links)`);
      continue;
    }
    walk(state, next, hook, depth + 1, path);
  }
  path.pop();
}

function report(state: Walk, at: SourceSpan, message: string): void {
  if (state.reported.has(at)) return;
  state.reported.add(at);
  state.problems.push({ at, message });
}

function graph(chains: ReadonlyMap<string, CheckedChain>): Node[] {
  const nodes = new Map<string, Node>();
  for (const chain of chains.values()) nodes.set(chain.name, { chain, jumps: [] });
  for (const node of nodes.values()) {
    for (const rule of node.chain.rules) {
      const next = rule.jump && nodes.get(rule.jump.chain);
      if (next) node.jumps.push({ next, at: rule.jump!.at });
    }
  }
  return [...nodes.values()];
}

export function checkTable(table: TableName, chains: ReadonlyMap<string, CheckedChain>): TableProblem[] {
  const problems: TableProblem[] = [];
  const reaching = new Map<CheckedChain, Set<Hook>>();
  const reported = new Set<SourceSpan>();
  for (const node of graph(chains)) {
    if (node.chain.hook) walk({ reaching, deepest: new Map(), reported, problems }, node, node.chain.hook, 0, []);
  }
  for (const chain of chains.values()) {
    for (const rule of chain.rules) {
      if (!rule.target) continue;
      const { extension, at } = rule.target;
      if (extension.table && extension.table !== table) {
        problems.push({ at, message: `${extension.name} target: only valid in ${extension.table} table, not ${table}` });
        continue;
      }
      const allowed = extension.hooks;
      if (!allowed) continue;
      const used = reaching.get(chain) ?? new Set<Hook>();
      const bad = HOOK_ORDER.filter((h) => used.has(h) && !allowed.includes(h));
      if (bad.length === 0) continue;
      const via = chain.hook ? '' : ` (chain ${chain.name} is reached from ${bad.join('/')})`;
      problems.push({
        at,
        message: `${extension.name} target: used from hooks ${bad.join('/')}, but only usable from ${HOOK_ORDER.filter((h) => allowed.includes(h)).join('/')}${via}`,
      });
    }
  }
  return problems;
}

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
 * A rule that jumps (`-j CHAIN`, `-g CHAIN`) or whose target extension may be
 * restricted. Where it is comes from the caller's `locate`, only for a
 * problem: a dump has a jump in most of its rules.
 */
export interface CheckedRule {
  /** The user chain jumped to. */
  readonly jump?: string;
  readonly target?: TargetExtension;
}

export interface CheckedChain<R extends CheckedRule = CheckedRule> {
  readonly name: string;
  /** Set for a built-in chain: the hook it is attached to. */
  readonly hook?: Hook;
  /** In order; rules that neither jump nor have a target extension may be left out. */
  readonly rules: readonly R[];
}

export type TableProblem = { readonly at: SourceSpan; readonly message: string };

/** A chain with its jumps resolved once, so that walking it again from another hook looks nothing up. */
interface Node<R extends CheckedRule> {
  readonly chain: CheckedChain<R>;
  readonly jumps: { readonly next: Node<R>; readonly rule: R }[];
  /** The hooks that reach the chain, one bit each (HOOK_ORDER). */
  hooks: number;
  /** The deepest level the walk from the current hook reached the chain at (-1: not yet), so a chain is walked again only when reached deeper. */
  deepest: number;
}

interface Walk<R extends CheckedRule> {
  readonly locate: (rule: R) => SourceSpan;
  /** Rules already reported, and their spans (a locate may give several rules the same span). */
  readonly reported: Set<R | SourceSpan>;
  readonly problems: TableProblem[];
}

function walk<R extends CheckedRule>(state: Walk<R>, node: Node<R>, hook: Hook, depth: number, path: Node<R>[]): void {
  if (node.deepest >= depth) return;
  node.deepest = depth;
  node.hooks |= 1 << HOOK_ORDER.indexOf(hook);
  path.push(node);
  for (const { next, rule } of node.jumps) {
    if (path.includes(next)) {
      const names = path.map((n) => n.chain.name);
      const loop = [...names.slice(path.indexOf(next)), next.chain.name].join(' → ');
      report(state, rule, `jump loop ${loop} (from ${hook}); iptables-restore refuses it: RULE_APPEND failed (Too many links)`);
      continue;
    }
    if (depth + 1 > MAX_JUMP_DEPTH) {
      report(state, rule, `jumps nest ${depth + 1} deep here (from ${hook}); nf_tables allows ${MAX_JUMP_DEPTH}: RULE_APPEND failed (Too many links)`);
      continue;
    }
    walk(state, next, hook, depth + 1, path);
  }
  path.pop();
}

function report<R extends CheckedRule>(state: Walk<R>, rule: R, message: string): void {
  if (state.reported.has(rule)) return;
  const at = state.locate(rule);
  if (state.reported.has(at)) return;
  state.reported.add(rule);
  state.reported.add(at);
  state.problems.push({ at, message });
}

function graph<R extends CheckedRule>(chains: ReadonlyMap<string, CheckedChain<R>>): Node<R>[] {
  const nodes = new Map<string, Node<R>>();
  for (const chain of chains.values()) nodes.set(chain.name, { chain, jumps: [], hooks: 0, deepest: -1 });
  for (const node of nodes.values()) {
    for (const rule of node.chain.rules) {
      const next = rule.jump === undefined ? undefined : nodes.get(rule.jump);
      if (next) node.jumps.push({ next, rule });
    }
  }
  return [...nodes.values()];
}

/** The problems of a table, each at the span `locate` gives the rule at fault. */
export function checkTable<R extends CheckedRule>(table: TableName, chains: ReadonlyMap<string, CheckedChain<R>>, locate: (rule: R) => SourceSpan): TableProblem[] {
  const problems: TableProblem[] = [];
  const state: Walk<R> = { locate, reported: new Set(), problems };
  const nodes = graph(chains);
  for (const node of nodes) {
    if (!node.chain.hook) continue;
    for (const other of nodes) other.deepest = -1;
    walk(state, node, node.chain.hook, 0, []);
  }
  for (const node of nodes) {
    const chain = node.chain;
    for (const rule of chain.rules) {
      if (!rule.target) continue;
      const extension = rule.target;
      if (extension.table && extension.table !== table) {
        problems.push({ at: locate(rule), message: `${extension.name} target: only valid in ${extension.table} table, not ${table}` });
        continue;
      }
      const allowed = extension.hooks;
      if (!allowed) continue;
      const bad = HOOK_ORDER.filter((h, bit) => (node.hooks & (1 << bit)) !== 0 && !allowed.includes(h));
      if (bad.length === 0) continue;
      const via = chain.hook ? '' : ` (chain ${chain.name} is reached from ${bad.join('/')})`;
      problems.push({
        at: locate(rule),
        message: `${extension.name} target: used from hooks ${bad.join('/')}, but only usable from ${HOOK_ORDER.filter((h) => allowed.includes(h)).join('/')}${via}`,
      });
    }
  }
  return problems;
}

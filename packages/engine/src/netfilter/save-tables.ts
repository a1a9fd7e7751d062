/**
 * The tables and chains of an iptables-save text while it is read: rules
 * are built once, in their final form, as their lines are read (only their
 * index waits for the table's COMMIT, since a later -I moves them), and
 * beside each rule the little the table checks need of it.
 */
import type { SourceSpan } from '../diagnostics.js';
import type { TargetExtension } from './extension.js';
import { chainTarget } from './targets/standard.js';
import type { CheckedRule } from './table-check.js';
import type { Token } from './tokenize.js';
import { BUILTIN_CHAINS, type Chain, type Hook, type Match, type Policy, type Rule, type TableName, type Target } from './types.js';

/** A rule as it is built; its index is set when its table is committed (a later -I moves it). */
export type BuiltRule = { -readonly [K in keyof Rule]: Rule[K] };

/**
 * What the table checks need of a line that jumps or uses a restricted
 * target, with where its target is, as numbers: the span is only made when
 * a check fails. The rules a line makes (one per -s × -d pair) share one.
 */
export interface LineCheck extends CheckedRule {
  readonly lineIndex: number;
  readonly start: number;
  readonly end: number;
}

export interface ChainBuilder {
  readonly name: string;
  /** Where it is in its table's chains (their Map's order): jumps name their chain so (table-check.ts). */
  readonly position: number;
  readonly hook?: Hook;
  policy?: Policy;
  at?: SourceSpan;
  declared: boolean;
  /** Named by the text (`:CHAIN`, `-A`, `-I`, `-P`): iptables-nft creates only those built-in chains. */
  named: boolean;
  readonly rules: BuiltRule[];
  /** Beside each rule, what the table checks need of it (undefined: nothing). */
  readonly checks: (LineCheck | undefined)[];
  /** `-j` and `-g` to this chain, made at the first rule that has one. */
  jumpTarget?: Target;
  gotoTarget?: Target;
}

export interface TableBuilder {
  readonly name: TableName;
  readonly at: SourceSpan;
  readonly chains: Map<string, ChainBuilder>;
}

export function newTable(name: TableName, at: SourceSpan): TableBuilder {
  const chains = new Map<string, ChainBuilder>();
  for (const hook of BUILTIN_CHAINS[name]) {
    chains.set(hook, { name: hook, position: chains.size, hook, policy: 'ACCEPT', declared: false, named: false, rules: [], checks: [] });
  }
  return { name, at, chains };
}

export function buildChain(chain: ChainBuilder): Chain {
  const rules = chain.rules;
  for (let i = 0; i < rules.length; i++) rules[i]!.index = i + 1;
  const { name, at } = chain;
  if (!chain.hook) return at ? { name, rules, at } : { name, rules };
  const policy = chain.policy ?? 'ACCEPT';
  return at ? { name, policy, rules, at } : { name, policy, rules };
}

export function lineCheck(jump: number | undefined, target: TargetExtension | undefined, lineIndex: number, at: Token): LineCheck {
  const check: { -readonly [K in keyof LineCheck]: LineCheck[K] } = { lineIndex, start: at.start, end: at.end };
  if (jump !== undefined) check.jump = jump;
  if (target) check.target = target;
  return check;
}

/** The target of `-j CHAIN` (or `-g CHAIN`): one per chain, shared by every rule that jumps there. */
export function targetOf(chain: ChainBuilder, goto: boolean): Target {
  if (goto) return (chain.gotoTarget ??= chainTarget(chain.name, true));
  return (chain.jumpTarget ??= chainTarget(chain.name, false));
}

/** The header first, then the rest, in an array of the exact size (array literals for the common few). */
function withHeader(header: Match, rest: readonly Match[]): readonly Match[] {
  switch (rest.length) {
    case 0:
      return [header];
    case 1:
      return [header, rest[0]!];
    case 2:
      return [header, rest[0]!, rest[1]!];
    default:
      return [header].concat(rest);
  }
}

/** One rule of a line (a line with `-s`/`-d` lists makes several); keys left out when they hold nothing. */
export function builtRule(
  table: TableName,
  chain: string,
  text: string,
  header: Match | undefined,
  ruleMatches: readonly Match[],
  target: Target | undefined,
  comment: string | undefined,
  at: SourceSpan,
): BuiltRule {
  const matches = header ? withHeader(header, ruleMatches) : ruleMatches;
  // Literals in the order the keys have always had (JSON shows them so).
  if (target && comment !== undefined) return { table, chain, index: 0, text, matches, target, comment, at };
  if (target) return { table, chain, index: 0, text, matches, target, at };
  if (comment !== undefined) return { table, chain, index: 0, text, matches, comment, at };
  return { table, chain, index: 0, text, matches, at };
}

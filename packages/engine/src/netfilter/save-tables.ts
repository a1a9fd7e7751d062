/**
 * The tables and chains of an iptables-save text while it is read: rules
 * are built once, in their final form, as their lines are read (only their
 * index waits for the table's COMMIT, since a later -I moves them), and
 * beside each rule the little the table checks need of it.
 */
import type { SourceSpan } from '../diagnostics.js';
import type { TargetExtension } from './extension.js';
import { chainTarget } from './targets/standard.js';
import type { CheckRecords } from './table-check.js';
import { BUILTIN_CHAINS, type Chain, type Hook, type Match, type Policy, type Rule, type TableName, type Target } from './types.js';

/** A rule as it is built; its index is set when its table is committed (a later -I moves it). */
export type BuiltRule = { -readonly [K in keyof Rule]: Rule[K] };

/**
 * What the table checks need of the lines that jump or use a restricted
 * target, one record each, kept as numbers in arrays for the whole table
 * (a dump has a jump in most of its rules: no object per line stays alive
 * through the parse). A record is four numbers: the line, where its target
 * token starts and ends, and the chain jumped to (-1: none); its target
 * extension sits at the same index of `targets`. The span is only made when
 * a check fails. The rules a line makes (one per -s × -d pair) share one.
 */
export class LineChecks implements CheckRecords {
  private readonly numbers: number[] = [];
  private readonly targets: (TargetExtension | undefined)[] = [];

  /** The new record's number. */
  add(jump: number, target: TargetExtension | undefined, lineIndex: number, start: number, end: number): number {
    const record = this.targets.length;
    this.numbers.push(lineIndex, start, end, jump);
    this.targets.push(target);
    return record;
  }

  jump(record: number): number {
    return this.numbers[record * 4 + 3]!;
  }

  target(record: number): TargetExtension | undefined {
    return this.targets[record];
  }

  lineIndex(record: number): number {
    return this.numbers[record * 4]!;
  }

  start(record: number): number {
    return this.numbers[record * 4 + 1]!;
  }

  end(record: number): number {
    return this.numbers[record * 4 + 2]!;
  }
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
  /** Beside each rule, the number of its record in the table's LineChecks (-1: nothing to check). */
  readonly checks: number[];
  /** `-j` and `-g` to this chain, made at the first rule that has one. */
  jumpTarget?: Target;
  gotoTarget?: Target;
}

export interface TableBuilder {
  readonly name: TableName;
  readonly at: SourceSpan;
  readonly chains: Map<string, ChainBuilder>;
  /** The same chains by position: iptables-save lists the chains' rules in this order too. */
  readonly list: ChainBuilder[];
  readonly checks: LineChecks;
}

export function newTable(name: TableName, at: SourceSpan): TableBuilder {
  const table: TableBuilder = { name, at, chains: new Map(), list: [], checks: new LineChecks() };
  for (const hook of BUILTIN_CHAINS[name]) {
    addChain(table, { name: hook, position: table.list.length, hook, policy: 'ACCEPT', declared: false, named: false, rules: [], checks: [] });
  }
  return table;
}

/** A user chain declared by `:CHAIN` or `-N`, last in its table. */
export function addUserChain(table: TableBuilder, name: string, at: SourceSpan): void {
  addChain(table, { name, position: table.list.length, declared: true, named: true, at, rules: [], checks: [] });
}

function addChain(table: TableBuilder, chain: ChainBuilder): void {
  table.chains.set(chain.name, chain);
  table.list.push(chain);
}

export function buildChain(chain: ChainBuilder): Chain {
  const rules = chain.rules;
  for (let i = 0; i < rules.length; i++) rules[i]!.index = i + 1;
  const { name, at } = chain;
  if (!chain.hook) return at ? { name, rules, at } : { name, rules };
  const policy = chain.policy ?? 'ACCEPT';
  return at ? { name, policy, rules, at } : { name, policy, rules };
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

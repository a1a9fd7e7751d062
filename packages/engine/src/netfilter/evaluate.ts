/**
 * One table at one hook, the way the kernel traverses it (ipt_do_table in
 * net/ipv4/netfilter/ip_tables.c; nft_do_chain behaves the same for
 * iptables-nft): start at the built-in chain, try each rule in turn; a rule
 * matches when all its matches do. ACCEPT, DROP, REJECT and the NAT targets
 * end the table; MARK, CONNMARK, LOG, TRACE and NOTRACK let the walk go on
 * (their effects are visible to the rules after them). `-j` pushes a return
 * point, `-g` does not; RETURN, or the end of a user chain, goes back to the
 * last return point — or, with none left, to the built-in chain's policy.
 *
 * The steps are what the kernel's trace (xtables-monitor --trace) shows:
 * every rule that matched, a rule without a target included (its verdict is
 * ''), and the built-in chain's policy whenever it decides — also for an empty
 * chain, as long as the table's text named it (parse.ts).
 */
import { findMatch, findTarget } from './registry.js';
import { headerTestOf, passesHeader, type HeaderTest } from './matches/ip.js';
import { PROTO_NUMBER } from '../net/packet.js';
import { isCommentMatch } from './matches/comment.js';
import type { EvalContext, RuleScope } from './eval-context.js';
import type { Chain, Hook, Match, MatchContext, Rule, Ruleset, Table, TableName, Target, TargetVerdict } from './types.js';
import type { LogStep, RewriteStep, RuleStep } from '../trace/types.js';
import { ACCEPT_VERDICT, DROP_VERDICT } from './targets/standard.js';
import { MAX_JUMP_DEPTH } from './table-check.js';
import { count, LIMITS, LimitExceeded } from '../limits.js';

export interface TableState {
  readonly mark: number;
  readonly ctmark: number;
  /** Per-rule counters of `statistic --mode nth`; updated in place. */
  readonly nthCounters: Map<Rule, number>;
}

export interface TableRun {
  /** accept, drop, reject or nat: never continue, return or a jump. */
  readonly final: TargetVerdict;
  /** A NOTRACK / CT --notrack rule matched. */
  readonly notrack: boolean;
  readonly mark: number;
  readonly ctmark: number;
  /** Rule decisions, LOG lines, and the mark changes right after the MARK/CONNMARK rule that made them. */
  readonly steps: (RuleStep | LogStep | RewriteStep)[];
  /** How many rules the traversal tried, matched or not: its cost. */
  readonly tried: number;
}

interface CompiledRule {
  readonly rule: Rule;
  /** The `-s -d -p -i -o` test, tried inline first; undefined when the rule has none. */
  readonly header: HeaderTest | undefined;
  /** The rule's other matches, less the comments, which always match. */
  readonly matches: readonly Match[];
  readonly target?: Target;
  /** Index of the chain a jump or goto leads to; -1 otherwise. */
  readonly next: number;
}

interface CompiledChain {
  readonly chain: Chain;
  readonly rules: readonly CompiledRule[];
}

interface CompiledTable {
  readonly chains: readonly CompiledChain[];
  readonly index: ReadonlyMap<string, number>;
}

const compiledTables = new WeakMap<Table, CompiledTable>();

function compile(table: Table): CompiledTable {
  const cached = compiledTables.get(table);
  if (cached) return cached;
  const index = new Map<string, number>();
  [...table.chains.keys()].forEach((name, i) => index.set(name, i));
  const chains = [...table.chains.values()].map((chain) => ({
    chain,
    rules: chain.rules.map((rule): CompiledRule => {
      const jumpsTo = rule.target && !findTarget(rule.target.name) ? index.get(rule.target.name) : undefined;
      const first = rule.matches[0];
      const header = first && headerTestOf(first);
      return {
        rule,
        header,
        matches: rule.matches.filter((m, i) => !(i === 0 && header) && !isCommentMatch(m)),
        ...(rule.target ? { target: rule.target } : {}),
        next: jumpsTo ?? -1,
      };
    }),
  }));
  const compiled = { chains, index };
  compiledTables.set(table, compiled);
  return compiled;
}

/** Marks as iptables prints them. */
function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** The note of a rule without a target: the kernel's trace shows it matched, with verdict CONTINUE. */
const COUNTED = 'no target: the rule only counts the packet';

/**
 * Rules one traversal may try. The loader refuses loops, but 15 levels of
 * chains that each jump to the next several times multiply: three jumps a
 * level are 14 million visits of the deepest chain. The kernel would walk
 * them all; packetwalk stops with a located message (LimitExceeded).
 */
const MAX_RULES_TRIED = LIMITS.rulesPerTraversal;

function runaway(table: TableName, hook: Hook, chain: Chain, rule: Rule): LimitExceeded {
  return new LimitExceeded(
    rule.at,
    `one packet has tried ${count(MAX_RULES_TRIED)} rules in ${table} ${hook}, here in chain ${chain.name}: jumps that fan out multiply the rules below them; packetwalk stops here`,
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function ruleStep(hook: Hook, table: TableName, rule: Rule, verdict: string, note: string | undefined): RuleStep {
  return {
    kind: 'rule',
    hook,
    table,
    chain: rule.chain,
    index: rule.index,
    rule: rule.text,
    verdict,
    line: rule.at.line,
    ...(note === undefined ? {} : { note }),
  };
}

function policyStep(hook: Hook, table: TableName, chain: Chain): RuleStep {
  const policy = chain.policy ?? 'ACCEPT';
  return {
    kind: 'rule',
    hook,
    table,
    chain: chain.name,
    rule: `-P ${chain.name} ${policy}`,
    verdict: policy,
    ...(chain.at ? { line: chain.at.line } : {}),
  };
}

export function runTable(
  ruleset: Ruleset,
  tableName: TableName,
  hook: Hook,
  base: Omit<MatchContext, 'table' | 'mark' | 'hook'>,
  state: TableState,
): TableRun {
  const table = ruleset.tables.get(tableName);
  const compiled = table && compile(table);
  const start = compiled?.index.get(hook);
  if (!compiled || start === undefined) return { final: ACCEPT_VERDICT, notrack: false, mark: state.mark, ctmark: state.ctmark, steps: [], tried: 0 };

  const scope: RuleScope = { rule: undefined, nthCounters: state.nthCounters, note: undefined };
  const ctx: Mutable<EvalContext> = { ...base, table: tableName, hook, mark: state.mark, ctmark: state.ctmark, scope };
  const steps: (RuleStep | LogStep | RewriteStep)[] = [];
  const markChange = (field: 'mark' | 'ctmark', before: number, after: number, by: string): void => {
    if (before !== after) steps.push({ kind: 'rewrite', hook, field, before: hex(before), after: hex(after), by });
  };
  let notrack = false;
  const stack: number[] = [];
  const packet = base.packet;
  const src = packet.src | 0;
  const dst = packet.dst | 0;
  const protocol = PROTO_NUMBER[packet.proto];
  const { inIface, outIface } = base;
  let chainIndex = start;
  let ruleIndex = 0;
  let tried = 0;
  const done = (final: TargetVerdict): TableRun => ({ final, notrack, mark: ctx.mark, ctmark: ctx.ctmark, steps, tried });
  const policy = (): TableRun => {
    const builtin = compiled.chains[start]!.chain;
    steps.push(policyStep(hook, tableName, builtin));
    return done(builtin.policy === 'DROP' ? DROP_VERDICT : ACCEPT_VERDICT);
  };

  for (;;) {
    const chain = compiled.chains[chainIndex]!;
    if (ruleIndex >= chain.rules.length) {
      // The end of a built-in chain is its policy; the end of a user chain returns.
      if (chainIndex === start || stack.length === 0) return policy();
      ruleIndex = stack.pop()!;
      chainIndex = stack.pop()!;
      continue;
    }
    if (++tried > MAX_RULES_TRIED) throw runaway(tableName, hook, chain.chain, chain.rules[ruleIndex]!.rule);
    const compiledRule = chain.rules[ruleIndex++]!;
    const header = compiledRule.header;
    if (header !== undefined && !passesHeader(header, src, dst, protocol, inIface, outIface)) continue;
    scope.rule = compiledRule.rule;
    scope.note = undefined;
    const matches = compiledRule.matches;
    let matched = true;
    for (let i = 0; i < matches.length; i++) {
      if (!matches[i]!.matches(ctx)) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    const target = compiledRule.target;
    if (!target) {
      steps.push(ruleStep(hook, tableName, compiledRule.rule, '', scope.note === undefined ? COUNTED : `${COUNTED}; ${scope.note}`));
      continue;
    }
    const verdict = target.apply(ctx);
    steps.push(ruleStep(hook, tableName, compiledRule.rule, target.name, scope.note));
    switch (verdict.kind) {
      case 'accept':
      case 'drop':
      case 'reject':
      case 'nat':
        return done(verdict);
      case 'continue':
        break;
      case 'mark':
        markChange('mark', ctx.mark, verdict.mark, target.name);
        ctx.mark = verdict.mark;
        break;
      case 'connmark':
        if (verdict.ctmark !== undefined) {
          markChange('ctmark', ctx.ctmark, verdict.ctmark, target.name);
          ctx.ctmark = verdict.ctmark;
        }
        if (verdict.mark !== undefined) {
          markChange('mark', ctx.mark, verdict.mark, target.name);
          ctx.mark = verdict.mark;
        }
        break;
      case 'notrack':
        notrack = true;
        break;
      case 'log':
        steps.push({ kind: 'log', hook, table: tableName, chain: chain.chain.name, prefix: verdict.prefix });
        break;
      case 'jump':
      case 'goto':
        if (compiledRule.next < 0) throw new Error(`${verdict.kind} to unknown chain ${verdict.chain} in ${tableName}`);
        if (verdict.kind === 'jump') {
          if (stack.length / 2 > MAX_JUMP_DEPTH) throw new Error(`jumps nest deeper than ${MAX_JUMP_DEPTH} in ${tableName} ${hook}`);
          stack.push(chainIndex, ruleIndex);
        }
        chainIndex = compiledRule.next;
        ruleIndex = 0;
        break;
      case 'return':
        if (stack.length === 0) return policy();
        ruleIndex = stack.pop()!;
        chainIndex = stack.pop()!;
        break;
    }
  }
}

/**
 * Whether the kernel would run connection tracking in a namespace holding
 * this ruleset. Checked in network namespaces (iptables-nft): conntrack
 * registers as soon as any rule — in any chain, reached or not — uses a
 * module whose checkentry calls nf_ct_netns_get: the conntrack, state and
 * connmark matches and the DNAT, SNAT, MASQUERADE, REDIRECT and CONNMARK
 * targets. A nat table with only policies, plain rules or user chains does
 * not, and neither does NOTRACK / CT --notrack.
 */
export function needsConntrack(ruleset: Ruleset): boolean {
  for (const table of ruleset.tables.values()) {
    for (const chain of table.chains.values()) {
      for (const rule of chain.rules) {
        if (rule.matches.some((m) => findMatch(m.name)?.needsConntrack)) return true;
        if (rule.target && !rule.target.goto && findTarget(rule.target.name)?.needsConntrack) return true;
      }
    }
  }
  return false;
}

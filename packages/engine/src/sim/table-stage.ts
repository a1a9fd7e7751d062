/**
 * One table at one hook: run the rules (netfilter/evaluate.ts), record what
 * decided, and carry out the effects a target asked for — marks, NOTRACK,
 * REJECT's answer. NAT verdicts are the nat stage's business.
 */
import { runTable, type TableRun } from '../netfilter/evaluate.js';
import type { RecentState } from '../netfilter/matches/recent.js';
import type { ChoiceContext, RandomChoice } from '../netfilter/random-choice.js';
import type { Hook, TableName } from '../netfilter/types.js';
import { addressType } from './address-type.js';
import type { HostRuntime, SimContext } from './context.js';
import { sendReject } from './icmp.js';
import type { Skb } from './skb.js';
import { ACCEPT, drop, type HookVerdict } from './verdict.js';

/**
 * Which devices a hook is given (the `in`/`out` of NF_HOOK): `-o` never
 * matches at PREROUTING or INPUT, `-i` never at OUTPUT. POSTROUTING gets the
 * device a forwarded packet came in on (ip_output passes skb->dev as indev),
 * which a user chain's `-i` can test; iptables refuses `-i` in POSTROUTING itself.
 */
const SEES_IN: Readonly<Record<Hook, boolean>> = { PREROUTING: true, INPUT: true, FORWARD: true, OUTPUT: false, POSTROUTING: true };
const SEES_OUT: Readonly<Record<Hook, boolean>> = { PREROUTING: false, INPUT: false, FORWARD: true, OUTPUT: true, POSTROUTING: true };


/** Evaluates `table` at `hook` for the packet and applies marks and NOTRACK; the caller handles the final verdict. */
export function evaluateTable(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook, table: TableName): TableRun {
  const entry = skb.ct.entry;
  // Besides the MatchContext, -m recent reads the host's lists and the clock (recentStateOf), -m statistic a chooser (chooserOf).
  const choose = ctx.choose;
  const base: Parameters<typeof runTable>[3] & RecentState & ChoiceContext = {
    packet: skb.packet,
    ...(skb.inIface === undefined || !SEES_IN[hook] ? {} : { inIface: skb.inIface }),
    ...(skb.outIface === undefined || !SEES_OUT[hook] ? {} : { outIface: skb.outIface }),
    ct: skb.ct,
    addressType: (address) => addressType(rt.host, address),
    random: () => ctx.random.next(),
    recent: rt.recent,
    now: ctx.now(),
    ...(choose ? { choose: (choice: RandomChoice) => choose({ ...choice, flowIndex: ctx.flow.index, host: rt.host.name }) } : {}),
  };
  const result = runTable(rt.host.spec.ruleset, table, hook, base, { mark: skb.mark, ctmark: entry?.mark ?? 0, nthCounters: rt.nthCounters });
  ctx.spendRules(result.tried);
  for (const step of result.steps) skb.hop.steps.push(step.kind === 'rule' ? { ...step, order: ctx.nextOrder() } : step);
  skb.mark = result.mark;
  if (entry) entry.mark = result.ctmark;
  if (result.notrack) skb.untracked = true;
  return result;
}

/** Why the packet died, in the words of the step that killed it. */
export function dropReason(run: TableRun, table: TableName, hook: Hook): string {
  const last = run.steps.findLast((s) => s.kind === 'rule');
  if (!last) return `dropped in ${table} ${hook}`;
  return last.index === undefined
    ? `policy ${last.verdict} of ${table} ${last.chain}`
    : `${last.verdict} by ${table} ${last.chain} rule ${last.index}`;
}

export function runTableStage(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook, table: TableName): HookVerdict {
  if (!rt.host.spec.ruleset.tables.has(table)) return ACCEPT;
  const run = evaluateTable(ctx, rt, skb, hook, table);
  switch (run.final.kind) {
    case 'drop':
      return drop(dropReason(run, table, hook));
    case 'reject': {
      // The kernel records the REJECT rule once its target has run, after the answer it sent.
      const at = skb.hop.steps.findLastIndex((s) => s.kind === 'rule');
      const [rejecting] = skb.hop.steps.splice(at, 1);
      sendReject(ctx, rt, skb, run.final.with);
      if (rejecting?.kind === 'rule') skb.hop.steps.push({ ...rejecting, order: ctx.nextOrder() });
      return drop(dropReason(run, table, hook));
    }
    default:
      return ACCEPT;
  }
}

/**
 * The netfilter hook order, in one place. Priorities as the kernel registers
 * them (include/uapi/linux/netfilter_ipv4.h: NF_IP_PRI_*):
 *
 *  in ─▶ PREROUTING ───────────────▶ routing ─┬─▶ INPUT ────────────────────▶ socket
 *        nat1to1 in (untracked)               │   mangle -150, filter 0,
 *        raw -300, conntrack -200,            │   nat (SNAT) 100, confirm
 *        mangle -150, nat (DNAT) -100         │
 *                                             └─▶ FORWARD ──────────┐
 *                                                 mangle, filter     │
 *  socket ─▶ routing ─▶ OUTPUT ─▶ reroute if changed ───────────────┴─▶ POSTROUTING ─▶ out
 *                       raw, conntrack, mangle,                         mangle, nat (SNAT),
 *                       nat (DNAT), filter                              nat1to1 out, confirm
 *
 * The nat table is consulted only for the first packet of a connection, once
 * per direction of rewrite; every later packet, and every reply, is rewritten
 * from the conntrack entry (nf_nat_inet_fn in net/netfilter/nf_nat_core.c).
 */
import type { Hook, TableName } from '../netfilter/types.js';
import type { HostRuntime, SimContext } from './context.js';
import { confirmStage, natStage, trackStage } from './conntrack-stages.js';
import { nat1to1In, nat1to1Out } from './nat1to1.js';
import { runTableStage } from './table-stage.js';
import type { Skb } from './skb.js';
import { ACCEPT, type HookVerdict } from './verdict.js';

type Stage = TableName | 'conntrack' | 'confirm' | 'nat1to1-in' | 'nat1to1-out';

export const HOOK_STAGES: Readonly<Record<Hook, readonly Stage[]>> = {
  PREROUTING: ['nat1to1-in', 'raw', 'conntrack', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat', 'confirm'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'conntrack', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat', 'nat1to1-out', 'confirm'],
};

function runStage(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook, stage: Stage): HookVerdict {
  switch (stage) {
    case 'nat1to1-in':
      return nat1to1In(rt, skb, hook);
    case 'nat1to1-out':
      return nat1to1Out(rt, skb, hook);
    case 'conntrack':
      return trackStage(ctx, rt, skb, hook);
    case 'confirm':
      return confirmStage(ctx, rt, skb, hook);
    case 'nat':
      return natStage(ctx, rt, skb, hook);
    default:
      return runTableStage(ctx, rt, skb, hook, stage);
  }
}

/** Runs every stage of `hook` in order; the first drop ends the walk here. */
export function runHook(ctx: SimContext, rt: HostRuntime, skb: Skb, hook: Hook): HookVerdict {
  for (const stage of HOOK_STAGES[hook]) {
    const result = runStage(ctx, rt, skb, hook, stage);
    if (result.verdict === 'drop') return result;
  }
  return ACCEPT;
}

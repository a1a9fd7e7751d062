/**
 * `-j NOTRACK` and `-j CT --notrack` (net/netfilter/xt_CT.c): the packet
 * skips connection tracking. The kernel allows them in the raw table only
 * ("CT target: only valid in raw table"). Unlike the other conntrack
 * targets they do not make the kernel load conntrack (xt_ct_tg_check returns
 * before nf_ct_netns_get for --notrack; checked in a namespace). CT's other
 * uses (zones, helpers, timeouts) are not modelled and refused.
 */
import type { ExtensionInstance, OptionUse, Report, TargetExtension } from '../extension.js';
import type { Target, TargetVerdict } from '../types.js';
import type { Token } from '../tokenize.js';

const NOTRACK_VERDICT: TargetVerdict = Object.freeze({ kind: 'notrack' });

export function buildNotrackTarget(name: 'NOTRACK' | 'CT'): Target {
  return { name, apply: () => NOTRACK_VERDICT };
}

class NotrackParser implements ExtensionInstance<Target> {
  finish(): Target {
    return buildNotrackTarget('NOTRACK');
  }
  option(): void {}
}

class CtParser implements ExtensionInstance<Target> {
  private notrack = false;

  option(use: OptionUse, report: Report): void {
    if (use.spec.name === 'notrack') this.notrack = true;
    else report(use.flag, `CT --${use.spec.name} is not supported here; only CT --notrack is`);
  }

  finish(_facts: unknown, at: Token, report: Report): Target | undefined {
    if (!this.notrack) {
      report(at, 'CT without --notrack is not supported here; only CT --notrack is');
      return undefined;
    }
    return buildNotrackTarget('CT');
  }
}

export const notrackTarget: TargetExtension = {
  name: 'NOTRACK',
  options: [],
  needsConntrack: false,
  table: 'raw',
  create: () => new NotrackParser(),
};

export const ctTarget: TargetExtension = {
  name: 'CT',
  options: [
    { name: 'notrack', args: 0 },
    { name: 'helper', args: 1 },
    { name: 'ctevents', args: 1 },
    { name: 'expevents', args: 1 },
    { name: 'zone-orig', args: 1 },
    { name: 'zone-reply', args: 1 },
    { name: 'zone', args: 1 },
    { name: 'timeout', args: 1 },
  ],
  needsConntrack: false,
  table: 'raw',
  create: () => new CtParser(),
};

/**
 * `-m statistic` (net/netfilter/xt_statistic.c, extensions/libxt_statistic.c).
 *
 * random: iptables stores round(P * 2^31) and the kernel matches when
 * `(prandom_u32() & 0x7fffffff) < stored`; we draw from the scenario's seeded
 * generator once per evaluation and compare the same way — unless a chooser
 * (random-choice.ts) decides the branch instead.
 *
 * nth: iptables stores every-1 and starts the rule's counter at
 * (every-1) - packet; each evaluation moves the counter on (wrapping from
 * every-1 to 0) and matches when it lands on 0. So `--every 3 --packet 0`
 * matches the 1st, 4th, 7th… packet that reaches it (checked on a real
 * kernel). The counter lives in the evaluator's per-rule map.
 */
import { addNote, scopeOf } from '../eval-context.js';
import { chooserOf } from '../random-choice.js';
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { arg, badValueMessage, conflictMessage, mandatoryMessage } from '../extension.js';
import type { Match, MatchContext } from '../types.js';
import type { Token } from '../tokenize.js';
import { parseNumber, UINT32_MAX } from '../values.js';

const TWO_TO_31 = 0x80000000;

export type StatisticSpec =
  | { readonly mode: 'random'; readonly probability: number; readonly inverted: boolean }
  | { readonly mode: 'nth'; readonly every: number; readonly packet: number; readonly inverted: boolean };

/** The probability as iptables-save prints it (`%.11f` of the stored value). */
export function formatProbability(stored: number): string {
  return (stored / TWO_TO_31).toFixed(11);
}

/** What iptables stores for `--probability P`: lround(0x80000000 * P). */
export function storedProbability(probability: number): number {
  return Math.round(TWO_TO_31 * probability);
}

function randomMatch(stored: number, inverted: boolean): (ctx: MatchContext) => boolean {
  const shown = formatProbability(stored);
  return (ctx) => {
    const rule = scopeOf(ctx)?.rule;
    const forced = chooserOf(ctx)?.({ probability: stored / TWO_TO_31, ...(rule ? { rule } : {}) });
    if (forced !== undefined) {
      addNote(ctx, `branch chosen: the draw ${forced ? '<' : '≥'} probability ${shown}${inverted ? ' (inverted)' : ''}`);
      return forced !== inverted;
    }
    const draw = ctx.random();
    const hit = Math.floor(draw * TWO_TO_31) < stored;
    addNote(ctx, `random ${draw.toFixed(5)} ${hit ? '<' : '≥'} probability ${shown}${inverted ? ' (inverted)' : ''}`);
    return hit !== inverted;
  };
}

function nthMatch(every: number, packet: number, inverted: boolean): (ctx: MatchContext) => boolean {
  const last = every - 1;
  const initial = last - packet;
  return (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope?.rule) throw new Error('statistic --mode nth evaluated outside a rule traversal');
    const previous = scope.nthCounters.get(scope.rule) ?? initial;
    const next = previous === last ? 0 : previous + 1;
    scope.nthCounters.set(scope.rule, next);
    return (next === 0) !== inverted;
  };
}

export interface StatisticMatch extends Match {
  readonly name: 'statistic';
  readonly mode: 'random' | 'nth';
}

export function isStatisticMatch(match: Match): match is StatisticMatch {
  return match.name === 'statistic';
}

export function buildStatisticMatch(spec: StatisticSpec): StatisticMatch {
  const matches =
    spec.mode === 'random'
      ? randomMatch(storedProbability(spec.probability), spec.inverted)
      : nthMatch(spec.every, spec.packet, spec.inverted);
  return { name: 'statistic', mode: spec.mode, matches };
}

const DECIMAL = /^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

class StatisticParser implements ExtensionInstance<Match> {
  private mode: 'random' | 'nth' | undefined;
  private probability: number | undefined;
  private every: number | undefined;
  private packet: number | undefined;
  private inverted = false;
  private readonly seen = new Set<string>();

  option(use: OptionUse, report: Report): void {
    const name = use.spec.name;
    const exclusive = name === 'probability' ? ['every', 'packet'] : name === 'mode' ? [] : ['probability'];
    const clash = exclusive.find((other) => this.seen.has(other));
    if (clash) {
      // libxtables names the option that comes first in the module's table: --probability.
      report(use.flag, name === 'probability' ? conflictMessage('statistic', name, clash) : conflictMessage('statistic', clash, name));
      return;
    }
    this.seen.add(name);
    if (use.inverted) this.inverted = true;
    const token = arg(use);
    switch (name) {
      case 'mode':
        if (token.text === 'random' || token.text === 'nth') this.mode = token.text;
        else report(token, `Bad mode "${token.text}"`);
        return;
      case 'probability': {
        const value = DECIMAL.test(token.text) ? Number(token.text) : NaN;
        if (!(value >= 0 && value <= 1)) report(token, badValueMessage('statistic', 'probability', '0-1'));
        else this.probability = value;
        return;
      }
      case 'every': {
        const value = parseNumber(token.text, 1, UINT32_MAX);
        if (value === undefined) report(token, badValueMessage('statistic', 'every', `1-${UINT32_MAX}`));
        else this.every = value;
        return;
      }
      case 'packet': {
        const value = parseNumber(token.text, 0, UINT32_MAX);
        if (value === undefined) report(token, badValueMessage('statistic', 'packet', `0-${UINT32_MAX}`));
        else this.packet = value;
      }
    }
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    const fail = (message: string): undefined => {
      report(at, message);
      return undefined;
    };
    if (!this.seen.has('mode')) return fail(mandatoryMessage('statistic', 'mode'));
    if (this.mode === 'random') {
      if (this.probability === undefined) return fail('--probability must be specified when using random mode');
      return buildStatisticMatch({ mode: 'random', probability: this.probability, inverted: this.inverted });
    }
    if (this.mode !== 'nth') return undefined;
    if (!this.seen.has('every') && !this.seen.has('packet')) return fail('--every and --packet must be specified when using nth mode');
    // libxt_statistic checks the packet against every-1 (0 when --every is missing) before the generic "also requires".
    if ((this.packet ?? 0) > (this.every ?? 1) - 1) return fail('the --packet p must be 0 <= p <= n-1');
    if (!this.seen.has('packet')) return fail('statistic: option "--every" also requires "--packet".');
    if (this.every === undefined || this.packet === undefined) return undefined;
    return buildStatisticMatch({ mode: 'nth', every: this.every, packet: this.packet, inverted: this.inverted });
  }
}

export const statisticMatch: MatchExtension = {
  name: 'statistic',
  options: [
    { name: 'mode', args: 1 },
    { name: 'probability', args: 1, invertible: true },
    { name: 'every', args: 1, invertible: true },
    { name: 'packet', args: 1 },
  ],
  needsConntrack: false,
  create: () => new StatisticParser(),
};

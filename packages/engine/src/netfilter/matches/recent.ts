/**
 * `-m recent` (net/netfilter/xt_recent.c recent_mt, extensions/libxt_recent.c):
 * remembers addresses in named lists. --set adds the packet's source (or,
 * with --rdest, destination) address and always matches; --rcheck matches
 * when the address is listed (with --seconds, seen within that many seconds;
 * with --hitcount, at least that many times); --update is --rcheck that also
 * stamps the entry when it matches; --remove drops the entry and matches when
 * there was one. kube-proxy uses it for sessionAffinity: ClientIP.
 *
 * The lists live with the host (the kernel keeps them per network
 * namespace), so the simulator hands them in, with the virtual clock,
 * beside the MatchContext (recentStateOf). --rttl is not modelled.
 *
 * Checked against iptables-restore 1.8.9 on Linux 6.18: one command only
 * ("cannot be used together with"), --reap needs --seconds, the kernel
 * refuses --seconds or --hitcount beside --set or --remove (EINVAL) and a
 * list name containing '/'.
 */
import type { Ipv4 } from '../../net/ipv4.js';
import { formatIpv4, parseIpv4 } from '../../net/ipv4.js';
import { addNote } from '../eval-context.js';
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { arg, badValueMessage, conflictMessage } from '../extension.js';
import type { Token } from '../tokenize.js';
import type { Match, MatchContext } from '../types.js';
import { parseNumber, UINT32_MAX } from '../values.js';
import type { RecentLists } from './recent-table.js';

export type RecentCommand = 'set' | 'rcheck' | 'update' | 'remove';

export interface RecentSpec {
  readonly command: RecentCommand;
  readonly inverted: boolean;
  readonly name: string;
  readonly mask: Ipv4;
  /** Which address is remembered: the packet's source (--rsource, the default) or destination. */
  readonly side: 'source' | 'dest';
  /** 0: no limit. */
  readonly seconds: number;
  readonly reap: boolean;
  readonly hitcount: number;
}

/** What the simulator hands a recent match beside the MatchContext: the host's lists and the time. */
export interface RecentState {
  readonly recent: RecentLists;
  /** Virtual milliseconds. */
  readonly now: number;
}

export function recentStateOf(ctx: MatchContext): RecentState | undefined {
  const state = ctx as Partial<RecentState>;
  return state.recent && state.now !== undefined ? { recent: state.recent, now: state.now } : undefined;
}

const RECENT_NAME_MAX = 199;
/** XT_RECENT_MAX_NSTAMPS - 1 */
const MAX_HITCOUNT = 255;
const COMMANDS: readonly RecentCommand[] = ['set', 'rcheck', 'update', 'remove'];

function evaluate(spec: RecentSpec, ctx: MatchContext): boolean {
  const state = recentStateOf(ctx);
  if (!state) throw new Error('-m recent evaluated without the host\'s recent lists');
  const list = state.recent.get(spec.name, spec.mask, spec.hitcount);
  const raw = spec.side === 'dest' ? ctx.packet.dst : ctx.packet.src;
  const address = (raw & list.mask) >>> 0;
  const shown = `${formatIpv4(address)} in list ${spec.name}`;
  let hit = spec.inverted;
  const entry = list.lookup(address);
  if (!entry) {
    if (spec.command !== 'set') {
      addNote(ctx, `recent: ${shown}: not listed`);
      return hit;
    }
    list.touch(address, state.now);
    addNote(ctx, `recent: ${shown}: added`);
    return !hit;
  }
  if (spec.command === 'set') {
    addNote(ctx, `recent: ${shown}: seen again`);
    hit = !hit;
  } else if (spec.command === 'remove') {
    list.remove(address);
    hit = !hit;
  } else {
    const since = state.now - spec.seconds * 1000;
    const recent = entry.stamps.filter((t) => spec.seconds === 0 || t >= since).length;
    if (recent > 0 && recent >= spec.hitcount) hit = !hit;
    const last = entry.stamps[entry.stamps.length - 1]!;
    addNote(ctx, `recent: ${shown}: last seen ${((state.now - last) / 1000).toFixed(1)} s ago${spec.seconds ? ` (limit ${spec.seconds} s)` : ''}`);
    if (spec.reap) list.reap(since, spec.command === 'update' && hit ? address : undefined);
  }
  if (spec.command === 'set' || (spec.command === 'update' && hit)) list.touch(address, state.now);
  return hit;
}

export function buildRecentMatch(spec: RecentSpec): Match {
  return { name: 'recent', matches: (ctx) => evaluate(spec, ctx) };
}

class RecentParser implements ExtensionInstance<Match> {
  private command: RecentCommand | undefined;
  private inverted = false;
  private name = 'DEFAULT';
  private mask: Ipv4 = UINT32_MAX;
  private side: 'source' | 'dest' = 'source';
  private seconds: { value: number; flag: Token } | undefined;
  private hitcount: { value: number; flag: Token } | undefined;
  private reap: Token | undefined;
  private bad = false;

  option(use: OptionUse, report: Report): void {
    const name = use.spec.name;
    const fail = (at: Token, message: string): void => {
      report(at, message);
      this.bad = true;
    };
    if ((COMMANDS as readonly string[]).includes(name)) {
      if (this.command) return fail(use.flag, conflictMessage('recent', this.command, name));
      this.command = name as RecentCommand;
      this.inverted = use.inverted;
      return;
    }
    switch (name) {
      case 'seconds':
      case 'hitcount': {
        const token = arg(use);
        const value = parseNumber(token.text, 1, UINT32_MAX);
        if (value === undefined) return fail(token, badValueMessage('recent', name, `1-${UINT32_MAX}`));
        if (name === 'hitcount' && value > MAX_HITCOUNT) return fail(token, `recent: the kernel refuses --hitcount above ${MAX_HITCOUNT} (Invalid argument)`);
        this[name] = { value, flag: use.flag };
        return;
      }
      case 'reap':
        this.reap = use.flag;
        return;
      case 'rttl':
        return fail(use.flag, 'recent: --rttl is not modelled by packetwalk');
      case 'name': {
        const token = arg(use);
        if (token.text === '' || token.text.includes('/')) return fail(token, `recent: the kernel refuses the list name '${token.text}' (Invalid argument)`);
        if (token.text.length > RECENT_NAME_MAX) return fail(token, `recent: a list name has at most ${RECENT_NAME_MAX} characters; iptables would cut this one`);
        this.name = token.text;
        return;
      }
      case 'mask': {
        const token = arg(use);
        const mask = parseIpv4(token.text);
        if (mask === undefined) return fail(token, badValueMessage('recent', 'mask'));
        this.mask = mask;
        return;
      }
      case 'rsource':
        this.side = 'source';
        return;
      case 'rdest':
        this.side = 'dest';
    }
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (this.bad) return undefined;
    if (!this.command) {
      report(at, "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
      return undefined;
    }
    if (this.reap && !this.seconds) {
      report(this.reap, 'recent: option "--reap" also requires "--seconds".');
      return undefined;
    }
    const modifier = this.seconds?.flag ?? this.hitcount?.flag ?? this.reap;
    if ((this.command === 'set' || this.command === 'remove') && modifier) {
      report(modifier, `recent: the kernel refuses ${modifier.text} with --${this.command} (RULE_APPEND failed: Invalid argument)`);
      return undefined;
    }
    return buildRecentMatch({
      command: this.command,
      inverted: this.inverted,
      name: this.name,
      mask: this.mask,
      side: this.side,
      seconds: this.seconds?.value ?? 0,
      reap: this.reap !== undefined,
      hitcount: this.hitcount?.value ?? 0,
    });
  }
}

export const recentMatch: MatchExtension = {
  name: 'recent',
  options: [
    { name: 'set', args: 0, invertible: true },
    { name: 'rcheck', args: 0, invertible: true },
    { name: 'update', args: 0, invertible: true },
    { name: 'remove', args: 0, invertible: true },
    { name: 'seconds', args: 1 },
    { name: 'reap', args: 0 },
    { name: 'hitcount', args: 1 },
    { name: 'rttl', args: 0 },
    { name: 'name', args: 1 },
    { name: 'mask', args: 1 },
    { name: 'rsource', args: 0 },
    { name: 'rdest', args: 0 },
  ],
  needsConntrack: false,
  create: () => new RecentParser(),
};

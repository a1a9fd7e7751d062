/**
 * `-m conntrack` and `-m state` (net/netfilter/xt_conntrack.c conntrack_mt,
 * extensions/libxt_conntrack.c, which also provides `state`).
 *
 * The state tested is NEW, ESTABLISHED or RELATED for a packet with an entry,
 * UNTRACKED after NOTRACK, INVALID otherwise; SNAT and DNAT are added when
 * the entry's NAT status bits are set. A packet without an entry fails every
 * other test — unless the rule also has `--ctstate`, in which case the kernel
 * returns the state test's answer alone (`if (ct == NULL) return
 * info->match_flags & XT_CONNTRACK_STATE`).
 *
 * iptables reads a few values more loosely than we do (state names by any
 * prefix, ports above 65535 wrapped, `1.2.3` as an address); we take full
 * names, valid ports and dotted quads only.
 */
import type { ConntrackEntry, CtStatus, Tuple } from '../../conntrack/types.js';
import { PROTO_NUMBER } from '../../net/packet.js';
import { ctEntryOf } from '../eval-context.js';
import type { ExtensionInstance, MatchExtension, OptionSpec, OptionUse, Report } from '../extension.js';
import { arg, mandatoryMessage } from '../extension.js';
import type { Match, MatchContext } from '../types.js';
import type { Token } from '../tokenize.js';
import { addressMatches, parseAddressMask, parseNumber, parseProtocol, portInRange, type AddressMask, type PortRange } from '../values.js';
import type { Inverted } from './ip.js';

export type CtStateName = 'INVALID' | 'NEW' | 'ESTABLISHED' | 'RELATED' | 'UNTRACKED' | 'SNAT' | 'DNAT';
export type CtStatusName = 'NONE' | 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';

const CT_STATES: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const STATE_STATES: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
const CT_STATUSES: readonly CtStatusName[] = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];

const STATUS_FIELD: Readonly<Record<Exclude<CtStatusName, 'NONE'>, keyof CtStatus>> = {
  EXPECTED: 'expected',
  SEEN_REPLY: 'seenReply',
  ASSURED: 'assured',
  CONFIRMED: 'confirmed',
};

type TupleField = 'origsrc' | 'origdst' | 'replsrc' | 'repldst';

export interface ConntrackSpec {
  readonly state?: Inverted<ReadonlySet<CtStateName>>;
  readonly proto?: Inverted<number>;
  readonly addresses: Partial<Record<TupleField, Inverted<AddressMask>>>;
  readonly ports: Partial<Record<TupleField, Inverted<PortRange>>>;
  /** `NONE` sets no bit: a status test of NONE alone never matches, as in the kernel. */
  readonly status?: Inverted<ReadonlySet<CtStatusName>>;
  readonly direction?: 'original' | 'reply';
}

function stateHit(ctx: MatchContext, entry: ConntrackEntry | undefined, names: ReadonlySet<CtStateName>): boolean {
  if (!entry) return names.has(ctx.ct.state === 'UNTRACKED' ? 'UNTRACKED' : 'INVALID');
  return names.has(ctx.ct.state) || (entry.status.srcNat && names.has('SNAT')) || (entry.status.dstNat && names.has('DNAT'));
}

interface TupleTest<T> {
  readonly original: boolean;
  readonly side: 'src' | 'dst';
  readonly test: Inverted<T>;
}

function tupleTests<T>(tests: Partial<Record<TupleField, Inverted<T>>>): TupleTest<T>[] {
  return (Object.entries(tests) as [TupleField, Inverted<T>][]).map(([field, test]) => ({
    original: field.startsWith('orig'),
    side: field.endsWith('src') ? 'src' : 'dst',
    test,
  }));
}

/** The tuple's "port" as the kernel's src.u.all/dst.u.all: the echo id, or type and code, for ICMP. */
function tuplePort(tuple: Tuple, side: 'src' | 'dst'): number {
  if (tuple.proto === 'icmp') return side === 'src' ? tuple.id : tuple.type * 256 + tuple.code;
  return side === 'src' ? tuple.sport : tuple.dport;
}

/** The status fields a --ctstatus list names; NONE names none. */
function statusFields(names: ReadonlySet<CtStatusName>): (keyof CtStatus)[] {
  return [...names].flatMap((name) => (name === 'NONE' ? [] : [STATUS_FIELD[name]]));
}

function statusHit(entry: ConntrackEntry, fields: readonly (keyof CtStatus)[]): boolean {
  for (let i = 0; i < fields.length; i++) if (entry.status[fields[i]!]) return true;
  return false;
}

export function buildConntrackMatch(name: 'conntrack' | 'state', spec: ConntrackSpec): Match {
  const addresses = tupleTests(spec.addresses);
  const ports = tupleTests(spec.ports);
  const { state, proto, status, direction } = spec;
  const statuses = status && statusFields(status.value);
  const tuplesPass = (entry: ConntrackEntry): boolean => {
    for (let i = 0; i < addresses.length; i++) {
      const { original, side, test } = addresses[i]!;
      const tuple = original ? entry.original : entry.reply;
      if (addressMatches(test.value, tuple[side]) === test.inverted) return false;
    }
    if (proto && (PROTO_NUMBER[entry.original.proto] === proto.value) === proto.inverted) return false;
    for (let i = 0; i < ports.length; i++) {
      const { original, side, test } = ports[i]!;
      if (portInRange(test.value, tuplePort(original ? entry.original : entry.reply, side)) === test.inverted) return false;
    }
    return true;
  };
  return {
    name,
    matches: (ctx) => {
      const entry = ctEntryOf(ctx);
      if (state && stateHit(ctx, entry, state.value) === state.inverted) return false;
      if (!entry) return state !== undefined;
      if (direction && (ctx.ct.direction ?? 'original') !== direction) return false;
      if (!tuplesPass(entry)) return false;
      if (status && statusHit(entry, statuses!) === status.inverted) return false;
      return true;
    },
  };
}

function parseNames<T extends string>(token: Token, known: readonly T[], bad: string, report: Report): Set<T> | undefined {
  const names = new Set<T>();
  for (const part of token.text.split(',')) {
    const name = known.find((k) => k === part.toUpperCase());
    if (!name) {
      report(token, `${bad} "${part}"`);
      return undefined;
    }
    names.add(name);
  }
  return names;
}

function parseCtPort(token: Token, report: Report): PortRange | undefined {
  const colon = token.text.indexOf(':');
  const min = parseNumber(colon < 0 ? token.text : token.text.slice(0, colon), 0, 65535);
  const max = colon < 0 ? min : parseNumber(token.text.slice(colon + 1), 0, 65535);
  if (min === undefined || max === undefined || min > max) {
    report(token, `conntrack: bad port or port range "${token.text}" (ports are 0-65535, low:high)`);
    return undefined;
  }
  return { min, max };
}

interface MutableSpec {
  state?: Inverted<ReadonlySet<CtStateName>>;
  proto?: Inverted<number>;
  addresses: Partial<Record<TupleField, Inverted<AddressMask>>>;
  ports: Partial<Record<TupleField, Inverted<PortRange>>>;
  status?: Inverted<ReadonlySet<CtStatusName>>;
  direction?: 'original' | 'reply';
}

class ConntrackParser implements ExtensionInstance<Match> {
  private readonly spec: MutableSpec = { addresses: {}, ports: {} };
  private given = false;

  constructor(private readonly module: 'conntrack' | 'state') {}

  option(use: OptionUse, report: Report): void {
    this.given = true;
    const token = arg(use);
    const inverted = use.inverted;
    const name = use.spec.name;
    switch (name) {
      case 'state':
      case 'ctstate': {
        const known = this.module === 'state' ? STATE_STATES : CT_STATES;
        const value = parseNames(token, known, this.module === 'state' ? 'Bad state' : 'Bad ctstate', report);
        if (value) this.spec.state = { value, inverted };
        return;
      }
      case 'ctstatus': {
        const value = parseNames(token, CT_STATUSES, 'Bad ctstatus', report);
        if (value) this.spec.status = { value, inverted };
        return;
      }
      case 'ctproto': {
        const value = parseProtocol(token.text);
        if (value === undefined) report(token, `unknown protocol "${token.text}" specified`);
        else this.spec.proto = { value, inverted };
        return;
      }
      case 'ctdir': {
        if (token.text === 'ORIGINAL' || token.text === 'REPLY') this.spec.direction = token.text === 'ORIGINAL' ? 'original' : 'reply';
        else report(token, `conntrack: Bad value for "--ctdir" option: "${token.text}"`);
        return;
      }
      case 'ctorigsrc':
      case 'ctorigdst':
      case 'ctreplsrc':
      case 'ctrepldst': {
        const parsed = parseAddressMask(token.text);
        if (parsed.error !== undefined) report(token, parsed.error);
        else this.spec.addresses[name.slice(2) as TupleField] = { value: parsed.value, inverted };
        return;
      }
      default: {
        const range = parseCtPort(token, report);
        if (range) this.spec.ports[name.slice(2, -4) as TupleField] = { value: range, inverted };
      }
    }
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (!this.given) {
      report(at, this.module === 'state' ? mandatoryMessage('state', 'state') : 'conntrack: At least one option is required');
      return undefined;
    }
    return buildConntrackMatch(this.module, this.spec);
  }
}

const TUPLE_OPTIONS: OptionSpec[] = (['origsrc', 'origdst', 'replsrc', 'repldst'] as const).flatMap((field) => [
  { name: `ct${field}`, args: 1, invertible: true },
  { name: `ct${field}port`, args: 1, invertible: true },
]);

export const conntrackMatch: MatchExtension = {
  name: 'conntrack',
  options: [
    { name: 'ctstate', args: 1, invertible: true },
    { name: 'ctproto', args: 1, invertible: true },
    { name: 'ctstatus', args: 1, invertible: true },
    { name: 'ctdir', args: 1 },
    ...TUPLE_OPTIONS,
  ],
  needsConntrack: true,
  create: () => new ConntrackParser('conntrack'),
};

export const stateMatch: MatchExtension = {
  name: 'state',
  options: [{ name: 'state', args: 1, invertible: true }],
  needsConntrack: true,
  create: () => new ConntrackParser('state'),
};

/** Helpers the netfilter tests share: parsing with plain positions, packets and contexts. */
import type { ConntrackEntry, CtInfo, CtStatus, Tuple } from '../conntrack/types.js';
import type { SourceSpan } from '../diagnostics.js';
import { parseIpv4, type Ipv4 } from '../net/ipv4.js';
import { TCP_FLAG, type Packet } from '../net/packet.js';
import { parseIptablesSave } from './parse.js';
import type { AddressType, Hook, MatchContext, Rule, Ruleset, TableName } from './types.js';

/** Line and column as 1-based positions in the text itself; a one-character span. */
export function plainLocate(lineIndex: number, column: number): SourceSpan {
  return { line: lineIndex + 1, column: column + 1, endLine: lineIndex + 1, endColumn: column + 2 };
}

export interface PlainProblem {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number | undefined;
  readonly message: string;
}

export function problemsOf(text: string): PlainProblem[] {
  return parseIptablesSave(text, plainLocate).problems.map((p) => ({
    line: p.at.line,
    column: p.at.column,
    endColumn: p.at.endColumn,
    message: p.message,
  }));
}

export function parseOk(text: string): Ruleset {
  const { ruleset, problems } = parseIptablesSave(text, plainLocate);
  if (problems.length > 0) throw new Error(`unexpected problems:\n${problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`).join('\n')}`);
  return ruleset;
}

/** The one rule of `-A CHAIN …` parsed in `table`. */
export function ruleOf(line: string, table: TableName = 'filter'): Rule {
  const ruleset = parseOk(`*${table}\n${line}\nCOMMIT\n`);
  const rules = [...ruleset.tables.get(table)!.chains.values()].flatMap((c) => c.rules);
  if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}`);
  return rules[0]!;
}

export function ip(text: string): Ipv4 {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad address in test: ${text}`);
  return value;
}

export interface PacketSpec {
  readonly proto?: Packet['proto'];
  readonly src?: string;
  readonly dst?: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly flags?: number;
  readonly type?: number;
  readonly code?: number;
}

export function packet(spec: PacketSpec = {}): Packet {
  const proto = spec.proto ?? 'tcp';
  return {
    src: ip(spec.src ?? '10.0.0.1'),
    dst: ip(spec.dst ?? '10.0.0.2'),
    proto,
    ttl: 64,
    sport: proto === 'icmp' ? 0 : (spec.sport ?? 40000),
    dport: proto === 'icmp' ? 0 : (spec.dport ?? 80),
    ...(proto === 'tcp' ? { tcp: { flags: spec.flags ?? TCP_FLAG.SYN, seq: 1, ack: 0 } } : {}),
    ...(proto === 'icmp' ? { icmp: { type: spec.type ?? 8, code: spec.code ?? 0, id: 7 } } : {}),
  };
}

export interface ContextSpec extends PacketSpec {
  readonly hook?: Hook;
  readonly table?: TableName;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly mark?: number;
  readonly ct?: CtInfo;
  readonly local?: readonly string[];
  readonly draws?: number[];
}

/** A MatchContext where the addresses in `local` are LOCAL, everything else UNICAST. */
export function context(spec: ContextSpec = {}): MatchContext {
  const local = new Set((spec.local ?? []).map(ip));
  const draws = [...(spec.draws ?? [])];
  return {
    packet: packet(spec),
    hook: spec.hook ?? 'INPUT',
    table: spec.table ?? 'filter',
    ...(spec.inIface === undefined ? {} : { inIface: spec.inIface }),
    ...(spec.outIface === undefined ? {} : { outIface: spec.outIface }),
    mark: spec.mark ?? 0,
    ct: spec.ct ?? { state: 'INVALID' },
    addressType: (address): AddressType => (local.has(address) ? 'LOCAL' : 'UNICAST'),
    random: () => {
      const next = draws.shift();
      if (next === undefined) throw new Error('the test ran out of random draws');
      return next;
    },
  };
}

/** Whether every match of the rule holds (no target applied). */
export function ruleMatches(rule: Rule, ctx: MatchContext): boolean {
  return rule.matches.every((m) => m.matches(ctx));
}

export interface EntrySpec {
  readonly original?: Partial<Extract<Tuple, { proto: 'tcp' | 'udp' }>> & { readonly src?: Ipv4; readonly dst?: Ipv4 };
  readonly reply?: Partial<Extract<Tuple, { proto: 'tcp' | 'udp' }>>;
  readonly status?: Partial<CtStatus>;
  readonly mark?: number;
}

/** A tcp conntrack entry 10.0.0.1:40000 → 10.0.0.2:80 (reply the inverse) unless told otherwise. */
export function entry(spec: EntrySpec = {}): ConntrackEntry {
  const original: Tuple = { proto: 'tcp', src: ip('10.0.0.1'), dst: ip('10.0.0.2'), sport: 40000, dport: 80, ...spec.original };
  const reply: Tuple = { proto: original.proto, src: original.dst, dst: original.src, sport: original.dport, dport: original.sport, ...spec.reply };
  return {
    id: 1,
    original,
    reply,
    status: { expected: false, seenReply: false, assured: false, confirmed: false, srcNat: false, dstNat: false, srcNatDone: false, dstNatDone: false, ...spec.status },
    mark: spec.mark ?? 0,
    timeout: 120,
    refreshedAt: 0,
  };
}

/**
 * Rulesets as `iptables-save` describes them, and the two small interfaces
 * every match and target implements. Matches and targets are pure with
 * respect to the packet: a target reports what it wants done (a verdict, a
 * NAT range, a mark) and the evaluator and the hook code carry it out, so the
 * trace can show every effect.
 */
import type { SourceSpan } from '../diagnostics.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { Packet } from '../net/packet.js';
import type { CtInfo } from '../conntrack/types.js';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** Built-in chains per table, as the kernel registers them (iptable_*.c valid_hooks). */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export type Policy = 'ACCEPT' | 'DROP';

export interface Rule {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in its chain, as `iptables -L --line-numbers` counts. */
  readonly index: number;
  /** The rule exactly as written, starting with `-A CHAIN`. */
  readonly text: string;
  readonly matches: readonly Match[];
  /** Undefined for a rule without `-j`/`-g`: it only counts packets. */
  readonly target?: Target;
  /** `-m comment --comment`, when present. */
  readonly comment?: string;
  readonly at: SourceSpan;
}

export interface Chain {
  readonly name: string;
  /** Built-in chains have a policy; user chains return to their caller at the end. */
  readonly policy?: Policy;
  readonly rules: readonly Rule[];
  readonly at?: SourceSpan;
}

export interface Table {
  readonly name: TableName;
  readonly chains: ReadonlyMap<string, Chain>;
}

export interface Ruleset {
  readonly tables: ReadonlyMap<TableName, Table>;
}

export const EMPTY_RULESET: Ruleset = { tables: new Map() };

/** What `-m addrtype` distinguishes (the kernel's RTN_* route types). */
export type AddressType =
  | 'UNSPEC'
  | 'UNICAST'
  | 'LOCAL'
  | 'BROADCAST'
  | 'ANYCAST'
  | 'MULTICAST'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'THROW'
  | 'NAT'
  | 'XRESOLVE';

/** What a match may look at: the packet as it is now, and the host's view of it. */
export interface MatchContext {
  readonly packet: Packet;
  readonly hook: Hook;
  readonly table: TableName;
  /** Interface the packet came in on (PREROUTING, INPUT, FORWARD). */
  readonly inIface?: string;
  /** Interface the packet will leave by (FORWARD, OUTPUT, POSTROUTING). */
  readonly outIface?: string;
  /** The skb mark (`-m mark`, `MARK`). */
  readonly mark: number;
  /** Conntrack's view of the packet (state INVALID when untracked by failure, UNTRACKED after NOTRACK). */
  readonly ct: CtInfo;
  /** The route type of an address in this host's tables, for `-m addrtype`. */
  addressType(address: Ipv4): AddressType;
  /** A float in [0, 1) from the scenario's seeded generator (`-m statistic --mode random`). */
  random(): number;
}

export interface Match {
  /** The module name as `-m` takes it, or `ip` for the built-in `-s -d -p -i -o`. */
  readonly name: string;
  matches(ctx: MatchContext): boolean;
}

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

/** A NAT range as the kernel's `struct nf_nat_range2` holds it. */
export interface NatRange {
  readonly minAddress?: Ipv4;
  readonly maxAddress?: Ipv4;
  readonly minPort?: number;
  readonly maxPort?: number;
  readonly random: boolean;
  readonly randomFully: boolean;
  readonly persistent: boolean;
}

/**
 * What a target asks for. NAT targets name a range; `MASQUERADE` and
 * `REDIRECT` leave the address to the hook code, which knows the interfaces.
 */
export type TargetVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'return' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  | { readonly kind: 'reject'; readonly with: RejectWith }
  | { readonly kind: 'nat'; readonly target: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'; readonly range: NatRange }
  | { readonly kind: 'notrack' }
  | { readonly kind: 'mark'; readonly mark: number }
  | { readonly kind: 'connmark'; readonly ctmark?: number; readonly mark?: number }
  | { readonly kind: 'log'; readonly prefix: string };

export interface TargetContext extends MatchContext {
  /** The conntrack mark of the packet's entry, 0 without one. */
  readonly ctmark: number;
}

export interface Target {
  /** As written after `-j`/`-g`: `ACCEPT`, `DNAT`, `KUBE-SERVICES` … */
  readonly name: string;
  /** Set for `-g CHAIN`. */
  readonly goto?: boolean;
  apply(ctx: TargetContext): TargetVerdict;
}

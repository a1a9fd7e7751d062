/**
 * Rules written exactly as `iptables-save` (iptables-nft 1.8) prints them, so
 * the text a reader sees can be pasted into iptables-restore and matches a
 * real node's dump: each table lists its built-in chains, then its user chains
 * sorted by name, then the rules chain by chain in that order; a rule's
 * addresses come first (`-s`, `-d`, with their /32), then `-p`, then each
 * match module in the order it was given, then the target. Checked on
 * Linux 6.18 by restoring kube-proxy's own restore input and saving it back.
 *
 * Every line remembers the scenario text that caused it (the Service, the
 * Pod, the node), so a rule in a trace points back to the YAML it came from.
 */
import type { SourceSpan } from '../diagnostics.js';
import { formatPrefix, type Prefix } from '../net/ipv4.js';
import { BUILTIN_CHAINS, type TableName } from '../netfilter/types.js';

const NO_QUOTE = /^[A-Za-z0-9_-]+$/;

/** How iptables-save prints a string argument (libxtables' xtables_save_string): bare when safe, else quoted with \ before " \ '. */
export function saveString(text: string): string {
  if (NO_QUOTE.test(text)) return text;
  return `"${text.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

export function comment(text: string): string {
  return `-m comment --comment ${saveString(text)}`;
}

export interface SaveRule {
  readonly chain: string;
  readonly src?: Prefix;
  readonly notSrc?: boolean;
  readonly dst?: Prefix;
  readonly notDst?: boolean;
  readonly proto?: 'tcp' | 'udp';
  /** Match modules in order, each written `-m NAME …`. */
  readonly matches?: readonly string[];
  /** What follows the matches: `-j TARGET …`, or nothing for a rule that only counts. */
  readonly target?: string;
  readonly at: SourceSpan;
}

function ruleText(rule: SaveRule): string {
  const parts = [`-A ${rule.chain}`];
  if (rule.src) parts.push(`${rule.notSrc ? '! ' : ''}-s ${formatPrefix(rule.src)}`);
  if (rule.dst) parts.push(`${rule.notDst ? '! ' : ''}-d ${formatPrefix(rule.dst)}`);
  if (rule.proto) parts.push(`-p ${rule.proto}`);
  parts.push(...(rule.matches ?? []));
  if (rule.target !== undefined) parts.push(rule.target);
  return parts.join(' ');
}

export interface SaveLine {
  readonly text: string;
  readonly at: SourceSpan;
}

/** One table of a dump, filled in any order and printed in iptables-save's. */
export class SaveTable {
  private readonly userChains = new Map<string, SourceSpan>();
  private readonly rules = new Map<string, SaveLine[]>();

  constructor(
    readonly name: TableName,
    private readonly at: SourceSpan,
  ) {}

  /** Declares a user chain (again is harmless: the first declaration's place is kept). */
  chain(name: string, at: SourceSpan): void {
    if (!this.userChains.has(name)) this.userChains.set(name, at);
  }

  hasChain(name: string): boolean {
    return this.userChains.has(name);
  }

  /** Appends, as `iptables -A`; `insert` puts the rule first, as `iptables -I` (portmap's POSTROUTING jump). */
  add(rule: SaveRule, insert = false): void {
    const list = this.rules.get(rule.chain) ?? [];
    const line = { text: ruleText(rule), at: rule.at };
    if (insert) list.unshift(line);
    else list.push(line);
    this.rules.set(rule.chain, list);
  }

  lines(): SaveLine[] {
    const builtins = BUILTIN_CHAINS[this.name];
    const users = [...this.userChains.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: SaveLine[] = [{ text: `*${this.name}`, at: this.at }];
    for (const hook of builtins) out.push({ text: `:${hook} ACCEPT [0:0]`, at: this.at });
    for (const name of users) out.push({ text: `:${name} - [0:0]`, at: this.userChains.get(name)! });
    for (const name of [...builtins, ...users]) out.push(...(this.rules.get(name) ?? []));
    out.push({ text: 'COMMIT', at: this.at });
    return out;
  }
}

/** The dump's text and, per line (0-based), the span of the scenario text it came from. */
export interface SaveDump {
  readonly text: string;
  readonly origins: readonly SourceSpan[];
}

export function saveDump(header: SaveLine, tables: readonly SaveTable[]): SaveDump {
  const lines = [header, ...tables.flatMap((t) => t.lines())];
  return { text: `${lines.map((l) => l.text).join('\n')}\n`, origins: lines.map((l) => l.at) };
}

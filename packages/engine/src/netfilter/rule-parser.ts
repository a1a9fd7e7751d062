/**
 * Reads the options of one rule (everything after `-A CHAIN`) the way
 * iptables' do_parse does with getopt_long:
 *
 * - options are looked up among the built-in ones and those of every module
 *   loaded so far (`-m NAME`, then `-j NAME`); a long option may be
 *   abbreviated to any unambiguous prefix (`--dest`, `--to`), and an
 *   ambiguous or unknown one is "unknown option";
 * - an option no module owns makes iptables load the match named by `-p`
 *   once (`-p tcp --dport 80` loads `tcp`), then look again;
 * - a second `-m NAME` starts a new instance and closes the earlier one of
 *   the same name;
 * - `!` goes before the option it negates.
 *
 * Each module checks its own options and the rule as a whole. `-s`/`-d` lists
 * make one header match per combination: iptables adds one rule for each.
 */
import type { ExtensionInstance, MatchExtension, OptionSpec, OptionUse, Report, RuleFacts, TargetExtension } from './extension.js';
import { buildIpMatch, isEmptyIpMatch, parseAddressList, parseInterface, parseProtocolOption, type InterfacePattern, type Inverted, type IpMatchSpec } from './matches/ip.js';
import { isCommentMatch } from './matches/comment.js';
import { isStatisticMatch } from './matches/statistic.js';
import { findMatch, findTarget, isUnsupportedMatch, isUnsupportedTarget, STANDARD_TARGETS } from './registry.js';
import { chainTarget } from './targets/standard.js';
import type { Token } from './tokenize.js';
import type { Match, TableName, Target } from './types.js';
import type { AddressMask } from './values.js';

export interface RuleBody {
  /** One header match per `-s` × `-d` combination (undefined: the rule tests no header field). */
  readonly headers: readonly (Match | undefined)[];
  /** The `-m` matches, in order. */
  readonly matches: readonly Match[];
  readonly target?: Target;
  /** The token naming the target (after `-j`/`-g`). */
  readonly targetToken?: Token;
  readonly targetExtension?: TargetExtension;
  /** `-j CHAIN` / `-g CHAIN` to a user chain; the caller checks that it exists. */
  readonly jump?: { readonly chain: string; readonly goto: boolean; readonly token: Token };
  readonly comment?: string;
  /** A module that makes the kernel load conntrack in the namespace. */
  readonly needsConntrack: boolean;
}

/** Built-in long options (xshared.c) by the short letter they stand for. */
const GLOBAL_LONG: Readonly<Record<string, string>> = {
  append: 'A', delete: 'D', check: 'C', insert: 'I', replace: 'R', list: 'L', 'list-rules': 'S', flush: 'F', zero: 'Z',
  'new-chain': 'N', 'delete-chain': 'X', 'rename-chain': 'E', policy: 'P', source: 's', src: 's', destination: 'd', dst: 'd',
  protocol: 'p', 'in-interface': 'i', jump: 'j', table: 't', match: 'm', numeric: 'n', 'out-interface': 'o', verbose: 'v',
  wait: 'w', 'wait-interval': 'W', exact: 'x', fragment: 'f', version: 'V', help: 'h', 'line-numbers': '0', modprobe: 'M',
  'set-counters': 'c', goto: 'g', ipv4: '4', ipv6: '6',
};

/** iptables refuses DROP in the nat table, as a rule's verdict or through -P (a `:CHAIN DROP` line is let through). */
export const NAT_DROP = 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.';

const COMMAND_LETTERS = new Set(['A', 'D', 'C', 'I', 'R', 'L', 'S', 'F', 'Z', 'N', 'X', 'E', 'P']);

interface Instance {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly instance: ExtensionInstance<Match> | ExtensionInstance<Target>;
  readonly at: Token;
  /** The options given so far (few: a list is lighter than a set). */
  readonly seen: OptionSpec[];
  completed: boolean;
}

type Resolved = { readonly global: string; readonly name: string } | { readonly owner: Instance; readonly spec: OptionSpec };

class Stop extends Error {}

export class RuleParser {
  private readonly tokens: readonly Token[];
  private index = 0;
  private invert: Token | undefined;
  private readonly ip: {
    src?: Inverted<AddressMask[]>;
    dst?: Inverted<AddressMask[]>;
    protocol?: Inverted<number> & { token: Token };
    inIface?: Inverted<InterfacePattern> & { token: Token };
    outIface?: Inverted<InterfacePattern> & { token: Token };
  } = {};
  private readonly matches: Instance[] = [];
  private target: Instance | undefined;
  private targetExtension: TargetExtension | undefined;
  private targetToken: Token | undefined;
  private jump: RuleBody['jump'];
  private protoLoaded = false;
  private failed = false;
  private needsConntrack = false;

  constructor(
    tokens: readonly Token[],
    private readonly table: TableName,
    private readonly chain: string,
    private readonly report: Report,
    /** The line's command (`-A`, `-I`), for "Cannot use -I with -A". */
    private readonly command: string,
  ) {
    this.tokens = tokens;
  }

  private fail(at: Token, message: string): void {
    this.failed = true;
    this.report(at, message);
  }

  /** What modules report through: one function per rule rather than one per option. */
  private readonly reportFailure: Report = (at, message) => this.fail(at, message);

  private stop(at: Token, message: string): never {
    this.fail(at, message);
    throw new Stop();
  }

  parse(): RuleBody | undefined {
    try {
      while (this.index < this.tokens.length) this.step();
      if (this.invert) this.stop(this.invert, 'nothing appropriate following !');
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      return undefined;
    }
    if (this.failed) return undefined;
    return this.finish();
  }

  private step(): void {
    const token = this.tokens[this.index++]!;
    if (token.text === '!') {
      if (this.invert) this.stop(token, 'multiple consecutive ! not allowed');
      this.invert = token;
      return;
    }
    if (token.text.startsWith('--') && token.text.length > 2) return this.longOption(token);
    if (token.text.startsWith('-') && token.text.length === 2) return this.global(token.text[1]!, token, undefined);
    this.stop(token, `Bad argument \`${token.text}'`);
  }

  private longOption(token: Token): void {
    const eq = token.text.indexOf('=');
    const name = token.text.slice(2, eq < 0 ? undefined : eq);
    const inline: Token | undefined =
      eq < 0 ? undefined : { text: token.text.slice(eq + 1), start: token.start + eq + 1, end: token.end };
    let resolved = this.resolve(name);
    if (!resolved && this.loadProtocolMatch()) resolved = this.resolve(name);
    if (!resolved) this.stop(token, `unknown option "${token.text}"`);
    if ('global' in resolved) return this.global(resolved.global, token, inline);
    this.moduleOption(resolved.owner, resolved.spec, token, inline);
  }

  /** The option of that exact name in one module, if it has it. */
  private static exact(owner: Instance, name: string): Resolved | undefined {
    for (const spec of owner.options) if (spec.name === name || spec.aliases?.includes(name)) return { owner, spec };
    return undefined;
  }

  /** Exact names first (newest module first), then a unique prefix over everything loaded. */
  private resolve(name: string): Resolved | undefined {
    // The common case, an exact name, without building the list of scopes.
    let found = this.target && RuleParser.exact(this.target, name);
    for (let i = this.matches.length - 1; !found && i >= 0; i--) if (!this.matches[i]!.completed) found = RuleParser.exact(this.matches[i]!, name);
    if (found) return found;
    if (Object.hasOwn(GLOBAL_LONG, name)) return { global: GLOBAL_LONG[name]!, name };
    const scopes: Instance[] = this.target ? [this.target] : [];
    for (let i = this.matches.length - 1; i >= 0; i--) if (!this.matches[i]!.completed) scopes.push(this.matches[i]!);
    const candidates: Resolved[] = [];
    const letters = new Set<string>();
    for (const [long, letter] of Object.entries(GLOBAL_LONG)) {
      if (long.startsWith(name) && !letters.has(letter)) {
        letters.add(letter);
        candidates.push({ global: letter, name: long });
      }
    }
    for (const owner of scopes) {
      for (const spec of owner.options) {
        if ([spec.name, ...(spec.aliases ?? [])].some((n) => n.startsWith(name))) candidates.push({ owner, spec });
      }
    }
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** iptables loads the match named after `-p` once per rule when an option is unknown. */
  private loadProtocolMatch(): boolean {
    const protocol = this.ip.protocol;
    if (this.protoLoaded || !protocol) return false;
    const name = protocol.value === 6 ? 'tcp' : protocol.value === 17 ? 'udp' : protocol.value === 1 ? 'icmp' : undefined;
    const extension = name === undefined ? undefined : findMatch(name);
    if (!extension) return false;
    this.protoLoaded = true;
    this.addMatch(extension, protocol.token);
    return true;
  }

  private takeArgs(count: number, flag: Token, inline: Token | undefined, label: string): Token[] {
    const args: Token[] = inline ? [inline] : [];
    while (args.length < count) {
      const next = this.tokens[this.index];
      // A second argument is taken by hand, not by getopt, and may not look like an option (libxt_tcp).
      const looksLikeOption = args.length === 1 && next !== undefined && (next.text.startsWith('-') || next.text.startsWith('!'));
      if (!next || looksLikeOption) this.stop(flag, count === 2 ? `${label} requires two args.` : `option "${label}" requires an argument`);
      args.push(next);
      this.index++;
    }
    return args;
  }

  private takeInvert(): boolean {
    const inverted = this.invert !== undefined;
    this.invert = undefined;
    return inverted;
  }

  private moduleOption(owner: Instance, spec: OptionSpec, flag: Token, inline: Token | undefined): void {
    if (this.invert && !spec.invertible) this.stop(this.invert, `${owner.name}: option "--${spec.name}" cannot be inverted.`);
    if (inline && spec.args === 0) this.stop(flag, `unknown option "${flag.text}"`);
    const args = this.takeArgs(spec.args, flag, inline, `--${spec.name}`);
    const inverted = this.takeInvert();
    if (owner.seen.includes(spec) && !spec.repeatable) {
      return this.fail(flag, spec.duplicateMessage ?? `${owner.name}: option "--${spec.name}" can only be used once.`);
    }
    owner.seen.push(spec);
    const use: OptionUse = { spec, flag, args, inverted };
    owner.instance.option(use, this.reportFailure);
  }

  private addMatch(extension: MatchExtension, at: Token): void {
    for (const earlier of this.matches) if (earlier.name === extension.name) earlier.completed = true;
    this.needsConntrack ||= extension.needsConntrack;
    this.matches.push({ name: extension.name, options: extension.options, instance: extension.create(), at, seen: [], completed: false });
  }

  private global(letter: string, flag: Token, inline: Token | undefined): void {
    const short = `-${letter}`;
    switch (letter) {
      case 's':
      case 'd':
        return this.address(letter, flag, inline);
      case 'p': {
        if (this.ip.protocol) this.stop(flag, 'multiple -p flags not allowed');
        const [value] = this.takeArgs(1, flag, inline, short) as [Token];
        const inverted = this.takeInvert();
        const parsed = parseProtocolOption(value.text, inverted);
        if (parsed.error !== undefined) return this.fail(value, parsed.error);
        this.ip.protocol = { value: parsed.value, inverted, token: value };
        return;
      }
      case 'i':
      case 'o': {
        const key = letter === 'i' ? 'inIface' : 'outIface';
        if (this.ip[key]) this.stop(flag, `multiple ${short} flags not allowed`);
        const [value] = this.takeArgs(1, flag, inline, short) as [Token];
        const inverted = this.takeInvert();
        const parsed = parseInterface(value.text);
        if (parsed.error !== undefined) return this.fail(value, parsed.error);
        this.ip[key] = { value: parsed.value, inverted, token: flag };
        return;
      }
      case 'm': {
        if (this.invert) this.stop(this.invert, 'unexpected ! flag before --match');
        const [name] = this.takeArgs(1, flag, inline, short) as [Token];
        const extension = findMatch(name.text);
        if (!extension) {
          this.stop(name, isUnsupportedMatch(name.text) ? `match \`${name.text}' is not supported here` : `Couldn't load match \`${name.text}':No such file or directory`);
        }
        return this.addMatch(extension, name);
      }
      case 'j':
      case 'g':
        return this.jumpOption(letter, flag, inline);
      case 'c':
        // Counters (`-c PACKETS BYTES`) only preset what `iptables -v` shows.
        this.takeArgs(2, flag, inline, short);
        return;
      case 'f':
        this.stop(flag, '-f (fragments) is not supported here');
        break;
      case 't':
        this.stop(flag, 'The -t option cannot be used in iptables-restore.');
        break;
      default:
        if (COMMAND_LETTERS.has(letter)) this.stop(flag, `Cannot use -${letter} with ${this.command}`);
        this.stop(flag, GLOBAL_LONG_LETTERS.has(letter) ? `Illegal option \`-${letter}' with this command` : `unknown option "${flag.text}"`);
    }
  }

  private address(letter: 's' | 'd', flag: Token, inline: Token | undefined): void {
    const key = letter === 's' ? 'src' : 'dst';
    if (this.ip[key]) this.stop(flag, `multiple -${letter} flags not allowed`);
    const [value] = this.takeArgs(1, flag, inline, `-${letter}`) as [Token];
    const inverted = this.takeInvert();
    if (value.text === '!') this.stop(value, `! goes before the option: write "! -${letter} ADDRESS"`);
    const parsed = parseAddressList(value.text);
    if (parsed.error !== undefined) return this.fail(value, parsed.error);
    if (inverted && parsed.value.length > 1) return this.fail(value, '! not allowed with multiple source or destination IP addresses');
    if (inverted && parsed.value[0]!.mask === 0) {
      return this.fail(value, `! -${letter} ${value.text} can never match; iptables-nft refuses it (RULE_APPEND failed: Invalid argument)`);
    }
    this.ip[key] = { value: parsed.value, inverted };
  }

  private jumpOption(letter: 'j' | 'g', flag: Token, inline: Token | undefined): void {
    if (this.invert) this.stop(this.invert, `cannot have ! before -${letter}`);
    if (this.targetToken) this.stop(flag, 'multiple -j flags not allowed');
    const [name] = this.takeArgs(1, flag, inline, `-${letter}`) as [Token];
    if (this.table === 'nat' && name.text === 'DROP') this.stop(name, NAT_DROP);
    this.targetToken = name;
    const extension = findTarget(name.text);
    if (extension || STANDARD_TARGETS.has(name.text) || isUnsupportedTarget(name.text)) {
      if (letter === 'g') this.stop(name, `goto '${name.text}' is not a chain`);
      if (!extension) this.stop(name, `target \`${name.text}' is not supported here`);
      this.targetExtension = extension;
      this.needsConntrack ||= extension.needsConntrack;
      this.target = { name: extension.name, options: extension.options, instance: extension.create(), at: name, seen: [], completed: false };
      return;
    }
    this.jump = { chain: name.text, goto: letter === 'g', token: name };
  }

  private finish(): RuleBody | undefined {
    const facts: RuleFacts = {
      table: this.table,
      chain: this.chain,
      ...(this.ip.protocol ? { protocol: { number: this.ip.protocol.value, inverted: this.ip.protocol.inverted } } : {}),
    };
    this.checkInterfaces();
    const report = this.reportFailure;
    const matches: Match[] = [];
    let nth = 0;
    for (const instance of this.matches) {
      const match = (instance.instance as ExtensionInstance<Match>).finish(facts, instance.at, report);
      if (!match) continue;
      matches.push(match);
      if (isStatisticMatch(match) && match.mode === 'nth') nth++;
    }
    const target = this.target ? (this.target.instance as ExtensionInstance<Target>).finish(facts, this.target.at, report) : undefined;
    if (nth > 1) this.fail(this.matches.find((m) => m.name === 'statistic')!.at, 'one rule may hold one statistic --mode nth match here (its counter is kept per rule)');
    if (this.failed) return undefined;
    const comment = matches.find(isCommentMatch)?.comment;
    return {
      headers: this.headers(),
      matches,
      ...(target ? { target } : this.jump ? { target: chainTarget(this.jump.chain, this.jump.goto), jump: this.jump } : {}),
      ...(this.targetToken ? { targetToken: this.targetToken } : {}),
      ...(this.targetExtension ? { targetExtension: this.targetExtension } : {}),
      ...(comment === undefined ? {} : { comment }),
      needsConntrack: this.needsConntrack,
    };
  }

  /** xshared.c: no input interface at OUTPUT/POSTROUTING, no output interface at PREROUTING/INPUT. */
  private checkInterfaces(): void {
    const { inIface, outIface } = this.ip;
    if (inIface && (this.chain === 'OUTPUT' || this.chain === 'POSTROUTING')) this.fail(inIface.token, `Can't use -i with ${this.chain}`);
    if (outIface && (this.chain === 'PREROUTING' || this.chain === 'INPUT')) this.fail(outIface.token, `Can't use -o with ${this.chain}`);
  }

  private headers(): (Match | undefined)[] {
    const { src, dst, protocol, inIface, outIface } = this.ip;
    const srcs = src ? src.value : [undefined];
    const dsts = dst ? dst.value : [undefined];
    const headers: (Match | undefined)[] = [];
    for (const s of srcs) {
      for (const d of dsts) {
        const spec: IpMatchSpec = {
          ...(s && src ? { src: { value: s, inverted: src.inverted } } : {}),
          ...(d && dst ? { dst: { value: d, inverted: dst.inverted } } : {}),
          ...(protocol ? { protocol: { value: protocol.value, inverted: protocol.inverted } } : {}),
          ...(inIface ? { inIface: { value: inIface.value, inverted: inIface.inverted } } : {}),
          ...(outIface ? { outIface: { value: outIface.value, inverted: outIface.inverted } } : {}),
        };
        headers.push(isEmptyIpMatch(spec) ? undefined : buildIpMatch(spec));
      }
    }
    return headers;
  }
}

const GLOBAL_LONG_LETTERS = new Set(Object.values(GLOBAL_LONG));

export function parseRuleBody(tokens: readonly Token[], table: TableName, chain: string, command: string, report: Report): RuleBody | undefined {
  return new RuleParser(tokens, table, chain, report, command).parse();
}

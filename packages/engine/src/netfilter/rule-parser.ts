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
import { parseAddressList, parseInterface, parseProtocolOption } from './matches/ip.js';
import { exactSpec, GLOBAL_LONG_LETTERS, resolveOption, type Instance } from './option-lookup.js';
import { headerMatches, type HeaderOptions } from './rule-headers.js';
import { isCommentMatch } from './matches/comment.js';
import { isStatisticMatch } from './matches/statistic.js';
import { findMatch, findTarget, isUnsupportedMatch, isUnsupportedTarget, STANDARD_TARGETS } from './registry.js';
import { optionKey, protocolKey, type ModuleCache, type ParseCache } from './parse-cache.js';
import type { Token } from './tokenize.js';
import type { Match, TableName, Target } from './types.js';

/** Every field is always present (undefined when absent): one object shape for every rule. */
export interface RuleBody {
  /** One header match per `-s` × `-d` combination (undefined: the rule tests no header field). */
  readonly headers: readonly (Match | undefined)[];
  /** The `-m` matches, in order. */
  readonly matches: readonly Match[];
  /** A target extension's; for a jump to a chain the caller makes it, once it has found the chain. */
  readonly target: Target | undefined;
  /** The token naming the target (after `-j`/`-g`). */
  readonly targetToken: Token | undefined;
  readonly targetExtension: TargetExtension | undefined;
  /** `-j CHAIN` / `-g CHAIN` to a user chain; the caller checks that it exists. */
  readonly jump: { readonly chain: string; readonly goto: boolean; readonly token: Token } | undefined;
  readonly comment: string | undefined;
  /** A module that makes the kernel load conntrack in the namespace. */
  readonly needsConntrack: boolean;
}

/** iptables refuses DROP in the nat table, as a rule's verdict or through -P (a `:CHAIN DROP` line is let through). */
export const NAT_DROP = 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.';

const COMMAND_LETTERS = new Set(['A', 'D', 'C', 'I', 'R', 'L', 'S', 'F', 'Z', 'N', 'X', 'E', 'P']);

class Stop extends Error {}

/**
 * One parser reads every rule of a text, one after the other (`read`
 * starts afresh): a dump has a hundred thousand rules, and the parser's
 * state need not be made anew for each.
 */
export class RuleParser {
  private tokens: readonly Token[] = [];
  private index = 0;
  private invert: Token | undefined;
  private ip: HeaderOptions = {};
  /** Emptied for each rule; nothing keeps it. */
  private readonly matches: Instance[] = [];
  private target: Instance | undefined;
  private targetExtension: TargetExtension | undefined;
  private targetToken: Token | undefined;
  private jump: RuleBody['jump'];
  private protoLoaded = false;
  private failed = false;
  private needsConntrack = false;
  private cache!: ParseCache;
  private table: TableName = 'filter';
  private chain = '';
  /** The line's command (`-A`, `-I`), for "Cannot use -I with -A". */
  private command = '';

  constructor(private readonly report: Report) {}

  /** The rule whose options are `tokens` from `start` on, in `chain` of `table`, added by `command`. */
  read(tokens: readonly Token[], start: number, cache: ParseCache, table: TableName, chain: string, command: string): RuleBody | undefined {
    this.tokens = tokens;
    this.index = start;
    this.invert = undefined;
    this.ip = {};
    this.matches.length = 0;
    this.target = undefined;
    this.targetExtension = undefined;
    this.targetToken = undefined;
    this.jump = undefined;
    this.protoLoaded = false;
    this.failed = false;
    this.needsConntrack = false;
    this.cache = cache;
    this.table = table;
    this.chain = chain;
    this.command = command;
    return this.parse();
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

  private parse(): RuleBody | undefined {
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
    if (eq < 0 && this.exactModuleOption(token)) return;
    const name = token.text.slice(2, eq < 0 ? undefined : eq);
    const inline: Token | undefined =
      eq < 0 ? undefined : { text: token.text.slice(eq + 1), start: token.start + eq + 1, end: token.end };
    let resolved = resolveOption(name, this.target, this.matches);
    if (!resolved && this.loadProtocolMatch()) resolved = resolveOption(name, this.target, this.matches);
    if (!resolved) this.stop(token, `unknown option "${token.text}"`);
    if ('global' in resolved) return this.global(resolved.global, token, inline);
    this.moduleOption(resolved.owner, resolved.spec, token, inline);
  }

  /**
   * The common case, `--NAME` naming an option of a loaded module exactly,
   * found without cutting NAME out of the token; false when it is not that.
   */
  private exactModuleOption(flag: Token): boolean {
    let owner = this.target;
    let spec = owner && exactSpec(owner, flag.text);
    for (let i = this.matches.length - 1; !spec && i >= 0; i--) {
      owner = this.matches[i]!;
      if (!owner.completed) spec = exactSpec(owner, flag.text);
    }
    if (!spec) return false;
    this.moduleOption(owner!, spec, flag, undefined);
    return true;
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

  private takeArgs(count: number, flag: Token, inline: Token | undefined, label: string): readonly Token[] {
    if (count === 0 && !inline) return NO_ARGS;
    if (count === 1 && !inline) return [this.takeArg(flag, undefined, label)];
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

  /** The one argument of a built-in option (given inline after `=`, or the next token). */
  private takeArg(flag: Token, inline: Token | undefined, label: string): Token {
    if (inline) return inline;
    const next = this.tokens[this.index];
    if (!next) this.stop(flag, `option "${label}" requires an argument`);
    this.index++;
    return next;
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
    if (owner.seen?.includes(spec) && !spec.repeatable) {
      return this.fail(flag, spec.duplicateMessage ?? `${owner.name}: option "--${spec.name}" can only be used once.`);
    }
    if (owner.seen) owner.seen.push(spec);
    else owner.seen = [spec];
    owner.key += optionKey(spec.name, inverted, args);
    const use: OptionUse = { spec, flag, args, inverted };
    owner.instance.option(use, this.reportFailure);
  }

  private addMatch(extension: MatchExtension, at: Token): void {
    for (const earlier of this.matches) if (earlier.name === extension.name) earlier.completed = true;
    this.needsConntrack ||= extension.needsConntrack;
    this.matches.push({ name: extension.name, options: extension.options, module: extension, instance: extension.create(), at, seen: undefined, key: '', completed: false });
  }

  private global(letter: string, flag: Token, inline: Token | undefined): void {
    switch (letter) {
      case 's':
      case 'd':
        return this.address(letter, flag, inline);
      case 'p': {
        if (this.ip.protocol) this.stop(flag, 'multiple -p flags not allowed');
        const value = this.takeArg(flag, inline, '-p');
        const inverted = this.takeInvert();
        const parsed = parseProtocolOption(value.text, inverted);
        if (parsed.error !== undefined) return this.fail(value, parsed.error);
        this.ip.protocol = { value: parsed.value, inverted, token: value };
        return;
      }
      case 'i':
      case 'o': {
        const key = letter === 'i' ? 'inIface' : 'outIface';
        const short = letter === 'i' ? '-i' : '-o';
        if (this.ip[key]) this.stop(flag, `multiple ${short} flags not allowed`);
        const value = this.takeArg(flag, inline, short);
        const inverted = this.takeInvert();
        const parsed = parseInterface(value.text);
        if (parsed.error !== undefined) return this.fail(value, parsed.error);
        this.ip[key] = { value: parsed.value, inverted, token: flag };
        return;
      }
      case 'm': {
        if (this.invert) this.stop(this.invert, 'unexpected ! flag before --match');
        const name = this.takeArg(flag, inline, '-m');
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
        this.takeArgs(2, flag, inline, '-c');
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
    const value = this.takeArg(flag, inline, letter === 's' ? '-s' : '-d');
    const inverted = this.takeInvert();
    if (value.text === '!') this.stop(value, `! goes before the option: write "! -${letter} ADDRESS"`);
    const parsed = parseAddressList(value.text);
    if (parsed.error !== undefined) return this.fail(value, parsed.error);
    if (inverted && parsed.value.length > 1) return this.fail(value, '! not allowed with multiple source or destination IP addresses');
    if (inverted && parsed.value[0]!.mask === 0) {
      return this.fail(value, `! -${letter} ${value.text} can never match; iptables-nft refuses it (RULE_APPEND failed: Invalid argument)`);
    }
    this.ip[key] = { value: parsed.value, inverted, text: value.text };
  }

  private jumpOption(letter: 'j' | 'g', flag: Token, inline: Token | undefined): void {
    if (this.invert) this.stop(this.invert, `cannot have ! before -${letter}`);
    if (this.targetToken) this.stop(flag, 'multiple -j flags not allowed');
    const name = this.takeArg(flag, inline, letter === 'j' ? '-j' : '-g');
    if (this.table === 'nat' && name.text === 'DROP') this.stop(name, NAT_DROP);
    this.targetToken = name;
    const extension = findTarget(name.text);
    if (extension || STANDARD_TARGETS.has(name.text) || isUnsupportedTarget(name.text)) {
      if (letter === 'g') this.stop(name, `goto '${name.text}' is not a chain`);
      if (!extension) this.stop(name, `target \`${name.text}' is not supported here`);
      this.targetExtension = extension;
      this.needsConntrack ||= extension.needsConntrack;
      this.target = { name: extension.name, options: extension.options, module: extension, instance: extension.create(), at: name, seen: undefined, key: '', completed: false };
      return;
    }
    this.jump = { chain: name.text, goto: letter === 'g', token: name };
  }

  private finish(): RuleBody | undefined {
    const protocol = this.ip.protocol;
    const facts: RuleFacts = protocol
      ? { table: this.table, chain: this.chain, protocol: { number: protocol.value, inverted: protocol.inverted } }
      : { table: this.table, chain: this.chain };
    this.checkInterfaces();
    // An array of the exact size: the rule keeps it.
    const protocolAt = protocolKey(facts.protocol);
    const built = this.matches.map((instance) =>
      this.finishModule(this.cache.built<Match>(instance.module, protocolAt), instance, instance.instance as ExtensionInstance<Match>, facts),
    );
    const matches = built.includes(undefined) ? built.filter((m) => m !== undefined) : (built as Match[]);
    let nth = 0;
    for (const match of matches) if (isStatisticMatch(match) && match.mode === 'nth') nth++;
    const target = this.target
      ? this.finishModule(this.cache.built<Target>(this.target.module, protocolAt), this.target, this.target.instance as ExtensionInstance<Target>, facts)
      : undefined;
    if (nth > 1) this.fail(this.matches.find((m) => m.name === 'statistic')!.at, 'one rule may hold one statistic --mode nth match here (its counter is kept per rule)');
    if (this.failed) return undefined;
    const comment = matches.find(isCommentMatch)?.comment;
    return {
      headers: headerMatches(this.ip, this.cache),
      matches,
      target,
      targetToken: this.targetToken,
      targetExtension: this.targetExtension,
      jump: target ? undefined : this.jump,
      comment,
      needsConntrack: this.needsConntrack,
    };
  }

  /**
   * The module's Match or Target: the one built earlier from the same
   * options, or a new one (kept for later rules when nothing failed so far).
   */
  private finishModule<T>(cache: ModuleCache<T>, owner: Instance, instance: ExtensionInstance<T>, facts: RuleFacts): T | undefined {
    const cached = this.failed ? undefined : cache.get(owner.key);
    if (cached) return cached;
    const built = instance.finish(facts, owner.at, this.reportFailure);
    if (built && !this.failed) cache.keep(owner.key, built);
    return built;
  }

  /** xshared.c: no input interface at OUTPUT/POSTROUTING, no output interface at PREROUTING/INPUT. */
  private checkInterfaces(): void {
    const { inIface, outIface } = this.ip;
    if (inIface && (this.chain === 'OUTPUT' || this.chain === 'POSTROUTING')) this.fail(inIface.token, `Can't use -i with ${this.chain}`);
    if (outIface && (this.chain === 'PREROUTING' || this.chain === 'INPUT')) this.fail(outIface.token, `Can't use -o with ${this.chain}`);
  }
}

const NO_ARGS: readonly Token[] = [];

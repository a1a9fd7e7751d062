/**
 * Reads `iptables-save` output (and the commands iptables-restore also takes
 * in a rule line: -A, -I, -N, -P) into a Ruleset, reporting every problem
 * with the span of the token at fault, in the words iptables-restore or the
 * kernel use where they have them.
 *
 * Like iptables-nft, a table holds only the built-in chains its text names
 * (a `:CHAIN` line, `-A`, `-I` or `-P`): the others are never created in the
 * kernel, so no packet meets them (iptables-save still lists them).
 *
 * Where iptables-restore is laxer than we are, we say so in the message:
 * leading blanks and trailing blanks are tolerated here (iptables-restore
 * refuses `  COMMIT`); duplicate tables and chains, unclosed quotes, user
 * chains with a policy and built-in chain names in the wrong table are
 * refused here (iptables-nft quietly does something surprising with each).
 */
import type { SourceSpan } from '../diagnostics.js';
import { NAT_DROP, RuleParser } from './rule-parser.js';
import { findTarget, LONGEST_TARGET_NAME, STANDARD_TARGETS } from './registry.js';
import { ParseCache } from './parse-cache.js';
import { addUserChain, buildChain, builtRule, newTable, targetOf, type BuiltRule, type ChainBuilder, type TableBuilder } from './save-tables.js';
import { checkTable } from './table-check.js';
import { tokenizeLine, type Token } from './tokenize.js';
import { BUILTIN_CHAINS, type Chain, type Ruleset, type Table, type TableName } from './types.js';

export interface ParseProblem {
  readonly at: SourceSpan;
  readonly message: string;
}

type Locate = (lineIndex: number, column: number) => SourceSpan;

const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];
const ALL_BUILTINS = new Set<string>(Object.values(BUILTIN_CHAINS).flat());
const LONGEST_RESERVED_NAME = Math.max(LONGEST_TARGET_NAME, ...[...STANDARD_TARGETS, ...ALL_BUILTINS].map((n) => n.length));
/** iptables-nft: "chain name `…' too long (must be under 29 chars)". */
const CHAIN_NAME_MAX = 28;

/** Whitespace-separated words with their columns (iptables-restore reads `*` and `:` lines with strtok). */
function words(line: string): Token[] {
  const found: Token[] = [];
  const length = line.length;
  let i = 0;
  while (i < length) {
    if (isBlank(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && !isBlank(line.charCodeAt(i))) i++;
    found.push({ text: line.slice(start, i), start, end: i });
  }
  return found;
}

/** Where the line's text ends, trailing blanks left out (no trimmed copy for a line that has none). */
function textEnd(line: string): number {
  return isVisibleAscii(line.charCodeAt(line.length - 1)) ? line.length : line.trimEnd().length;
}

/** A printable ASCII character other than the space: never trimmed, never a blank. */
function isVisibleAscii(ch: number): boolean {
  return ch > 32 && ch < 127;
}

/** What `\s` matches among the characters of one line (a line has no \n). */
function isBlank(ch: number): boolean {
  if (ch === 32 || (ch >= 9 && ch <= 13)) return true;
  if (ch < 128) return false;
  return /\s/.test(String.fromCharCode(ch));
}

class SaveParser {
  readonly problems: ParseProblem[] = [];
  private readonly tables = new Map<TableName, Table>();
  private readonly seenTables = new Set<TableName>();
  /** Tables already committed: their chains explain a jump that tries to leave its table. */
  private readonly committed: TableBuilder[] = [];
  private current: TableBuilder | undefined;
  /** The chain the last rule line went to, and the last one a rule jumped to (both reset with each table). */
  private lastChain: ChainBuilder | undefined;
  private lastJump: ChainBuilder | undefined;
  /** Inside a table whose header was refused: its lines are skipped. */
  private skipping = false;
  private lineIndex = 0;

  constructor(private readonly locate: Locate) {}

  private span(start: number, end: number, lineIndex = this.lineIndex): SourceSpan {
    const from = this.locate(lineIndex, start);
    const to = this.locate(lineIndex, Math.max(start, end - 1));
    // A locate that gives whole spans (generated rules point at the YAML that made them) is used as it is.
    if (from === to && from.endLine !== undefined && from.endColumn !== undefined) return from;
    return { line: from.line, column: from.column, endLine: to.endLine ?? to.line, endColumn: to.endColumn ?? to.column };
  }

  private report(at: Token, message: string): void {
    this.problems.push({ at: this.span(at.start, at.end), message });
  }

  private readonly reportAt = (at: Token, message: string): void => this.report(at, message);

  private readonly ruleParser = new RuleParser(this.reportAt);

  /** What the rules of the current table share (parse-cache.ts). */
  private cache = new ParseCache();

  parse(text: string): Ruleset {
    // Line by line, each cut out as it comes: no array of every line of a dump is kept while it is read.
    this.lineIndex = 0;
    for (let start = 0; start <= text.length; this.lineIndex++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      this.line(text.slice(start, cut));
      start = end + 1;
    }
    if (this.current) {
      this.problems.push({ at: this.current.at, message: `COMMIT expected: table ${this.current.name} is never committed` });
      this.commit();
    }
    return { tables: this.tables };
  }

  private line(line: string): void {
    // Rule lines come by the hundred thousand in a node's dump: they go straight to the command.
    if (line.startsWith('-') && this.current && !this.skipping) return this.command(line);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('*')) return this.tableHeader(line);
    if (trimmed === 'COMMIT' || trimmed.startsWith('COMMIT ') || trimmed.startsWith('COMMIT\t')) return this.commitLine(line);
    if (this.skipping) return;
    if (!this.current) return this.report(words(line)[0]!, 'this line is outside a table: start one with *raw, *mangle, *nat or *filter');
    if (trimmed.startsWith(':')) return this.chainDeclaration(line);
    this.command(line);
  }

  private tableHeader(line: string): void {
    const found = words(line);
    const header = found[0]!;
    const extra = found.slice(1);
    if (this.current) {
      this.report(header, `COMMIT expected before ${header.text}: table ${this.current.name} is still open`);
      this.commit();
    }
    this.skipping = true;
    const name = header.text.slice(1);
    const nameToken = { text: name, start: header.start + 1, end: header.end };
    if (name === '') return this.report(header, 'table name invalid');
    if (!TABLE_NAMES.includes(name as TableName)) {
      return this.report(nameToken, `table name '${name}' invalid (the tables are raw, mangle, nat and filter)`);
    }
    if (extra.length > 0) this.report(extra[0]!, 'unexpected text after the table name');
    const table = name as TableName;
    if (this.seenTables.has(table)) this.report(nameToken, `table ${table} appears twice; iptables-restore would keep only the last one`);
    this.seenTables.add(table);
    this.skipping = false;
    this.current = newTable(table, this.span(header.start, header.end));
    this.cache = new ParseCache();
  }

  private commitLine(line: string): void {
    const found = words(line);
    const commit = found[0]!;
    const extra = found.slice(1);
    if (extra.length > 0) this.report(extra[0]!, 'unexpected text after COMMIT');
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    if (!this.current) return this.report(commit, 'COMMIT outside a table');
    this.commit();
  }

  private commit(): void {
    const table = this.current!;
    this.current = undefined;
    this.lastChain = undefined;
    this.lastJump = undefined;
    this.committed.push(table);
    const records = table.checks;
    const checkAt = (record: number): SourceSpan => this.span(records.start(record), records.end(record), records.lineIndex(record));
    for (const problem of checkTable(table.name, table.list, records, checkAt)) this.problems.push(problem);
    const chains = new Map<string, Chain>();
    for (const chain of table.list) if (chain.named) chains.set(chain.name, buildChain(chain));
    this.tables.set(table.name, { name: table.name, chains });
  }

  /** Problems with a new chain's name, as iptables-nft's assert_valid_chain_name and nft_chain_user_add see them. */
  private chainNameProblem(name: string): string | undefined {
    if (name.length > CHAIN_NAME_MAX) return `chain name \`${name}' too long (must be under ${CHAIN_NAME_MAX + 1} chars)`;
    if (name.startsWith('-')) return "chain name not allowed to start with `-'";
    if (name.startsWith('!')) return "chain name not allowed to start with `!'";
    // No target or built-in chain has a name this long (kube-proxy's chain names all are): nothing to look up.
    if (name.length > LONGEST_RESERVED_NAME) return undefined;
    if (STANDARD_TARGETS.has(name)) return 'chain name may not clash with target name';
    if (findTarget(name)) return `chain name \`${name}' is also a target's name: -j ${name} would reach the target, not the chain`;
    if (ALL_BUILTINS.has(name)) {
      return `${name} is not a built-in chain of the ${this.current!.name} table (it has ${BUILTIN_CHAINS[this.current!.name].join(', ')}); iptables-nft would quietly make it a user chain no packet reaches`;
    }
    return undefined;
  }

  private chainDeclaration(line: string): void {
    const found = words(line);
    const head = found[0]!;
    const policyToken = found[1];
    const counters = found[2];
    const extra = found[3];
    const table = this.current!;
    const name = head.text.slice(1);
    const nameToken = { text: name, start: head.start + 1, end: head.end };
    if (name === '') return this.report(head, 'chain name invalid');
    if (!policyToken) return this.report(head, 'policy invalid');
    if (counters && counters.text !== '[0:0]' && !/^\[[0-9]+:[0-9]+\]$/.test(counters.text)) return this.report(counters, `invalid policy counters for chain '${name}'`);
    if (extra) return this.report(extra, 'unexpected text after the chain counters');
    const existing = table.chains.get(name);
    if (existing?.declared) return this.report(nameToken, `chain ${name} declared twice (iptables-nft would empty it and start again)`);
    const at = this.span(0, textEnd(line));
    if (existing?.hook) {
      if (policyToken.text !== '-' && policyToken.text !== 'ACCEPT' && policyToken.text !== 'DROP') return this.report(policyToken, 'Bad policy name');
      existing.policy = policyToken.text === 'DROP' ? 'DROP' : 'ACCEPT';
      existing.declared = true;
      existing.named = true;
      existing.at = at;
      return;
    }
    const problem = this.chainNameProblem(name);
    if (problem) return this.report(nameToken, problem);
    if (policyToken.text !== '-') {
      return this.report(policyToken, `Can't set policy \`${policyToken.text}' on \`${name}': Bad built-in chain name (a user chain's policy is written "-")`);
    }
    addUserChain(table, name, at);
  }

  private command(line: string): void {
    const { tokens, unterminatedQuote } = tokenizeLine(line);
    if (unterminatedQuote !== undefined) {
      return this.report({ text: '"', start: unterminatedQuote, end: unterminatedQuote + 1 }, 'this quote is never closed');
    }
    // `[PACKETS:BYTES] -A …`: counters as `iptables-save -c` prints them.
    if (tokens[0] && tokens[0].text.startsWith('[') && /^\[[0-9]+:[0-9]+\]$/.test(tokens[0].text)) tokens.shift();
    const command = tokens[0]!;
    const table = this.current!;
    const chainToken = tokens[1];
    // The common line first: `-A CHAIN …`, most often into the chain of the line before.
    if (command.text === '-A' && chainToken) {
      const chain = this.chainOf(chainToken.text);
      if (chain) {
        chain.named = true;
        return this.rule(line, tokens, 2, chain, chain.rules.length, '-A');
      }
    }
    const needChain = (): Token | undefined => {
      if (!chainToken) this.report(command, `option "${command.text}" requires an argument`);
      return chainToken;
    };
    switch (command.text) {
      case '-A':
      case '--append':
      case '-I':
      case '--insert': {
        const chainName = needChain();
        if (!chainName) return;
        const chain = table.chains.get(chainName.text);
        if (!chain) {
          return this.report(chainName, `chain ${chainName.text} does not exist in table ${table.name}: declare it first (:${chainName.text} - [0:0])`);
        }
        chain.named = true;
        const insert = command.text === '-I' || command.text === '--insert';
        let position = chain.rules.length;
        let bodyStart = 2;
        const indexToken = tokens[2];
        if (insert) {
          position = 0;
          if (indexToken && !indexToken.text.startsWith('-') && !indexToken.text.startsWith('!')) {
            bodyStart = 3;
            const number = /^[0-9]+$/.test(indexToken.text) ? Number(indexToken.text) : 0;
            if (number < 1) return this.report(indexToken, `Invalid rule number \`${indexToken.text}'`);
            if (number > chain.rules.length + 1) return this.report(indexToken, `Index of insertion too big: ${chain.name} has ${chain.rules.length} rules`);
            position = number - 1;
          }
        }
        return this.rule(line, tokens, bodyStart, chain, position, insert ? '-I' : '-A');
      }
      case '-N':
      case '--new-chain': {
        const chainName = needChain();
        if (!chainName) return;
        if (tokens[2]) return this.report(tokens[2], `Bad argument \`${tokens[2].text}'`);
        if (table.chains.has(chainName.text)) return this.report(chainName, 'Chain already exists');
        const problem = this.chainNameProblem(chainName.text);
        if (problem) return this.report(chainName, problem);
        return addUserChain(table, chainName.text, this.span(0, textEnd(line)));
      }
      case '-P':
      case '--policy': {
        const chainName = needChain();
        if (!chainName) return;
        const policy = tokens[2];
        if (!policy) return this.report(command, '-P requires a chain and a policy');
        if (tokens[3]) return this.report(tokens[3], `Bad argument \`${tokens[3].text}'`);
        const chain = table.chains.get(chainName.text);
        if (!chain?.hook) return this.report(chainName, 'Bad built-in chain name');
        if (policy.text !== 'ACCEPT' && policy.text !== 'DROP') return this.report(policy, 'Bad policy name');
        if (policy.text === 'DROP' && table.name === 'nat') return this.report(policy, NAT_DROP);
        chain.policy = policy.text;
        chain.named = true;
        chain.at = this.span(0, textEnd(line));
        return;
      }
      default:
        if (/^-[A-Z]$/.test(command.text) || /^--[a-z-]+$/.test(command.text)) {
          return this.report(command, `command ${command.text} is not supported here: write the table as iptables-save prints it (-A, -I, -N, -P)`);
        }
        return this.report(command, `Bad argument \`${command.text}': a rule line starts with its command (-A CHAIN …)`);
    }
  }

  private rule(line: string, tokens: Token[], bodyStart: number, chain: ChainBuilder, position: number, command: string): void {
    const table = this.current!;
    const body = this.ruleParser.read(tokens, bodyStart, this.cache, table.name, chain.name, command);
    if (!body) return;
    let target = body.target;
    let jump: number | undefined;
    if (body.jump) {
      const next = this.jumpTarget(body.jump.chain, body.jump.token);
      if (!next) return;
      target = targetOf(next, body.jump.goto);
      if (body.targetToken) jump = next.position;
    }
    // Most lines have no blank at either end: no trimmed copy is made of them.
    const plain = isVisibleAscii(line.charCodeAt(0)) && isVisibleAscii(line.charCodeAt(line.length - 1));
    const trimmedStart = plain ? 0 : line.length - line.trimStart().length;
    const text = plain ? line : line.trim();
    const at = this.span(trimmedStart, trimmedStart + text.length);
    const targetToken = body.targetToken;
    const extension = body.targetExtension && targetToken ? body.targetExtension : undefined;
    const check = jump === undefined && extension === undefined ? -1 : table.checks.add(jump ?? -1, extension, this.lineIndex, targetToken!.start, targetToken!.end);
    const headers = body.headers;
    if (headers.length === 1 && position === chain.rules.length) {
      chain.rules.push(builtRule(table.name, chain.name, text, headers[0], body.matches, target, body.comment, at));
      chain.checks.push(check);
      return;
    }
    const rules: BuiltRule[] = [];
    const checks: number[] = [];
    for (const header of headers) {
      rules.push(builtRule(table.name, chain.name, text, header, body.matches, target, body.comment, at));
      checks.push(check);
    }
    chain.rules.splice(position, 0, ...rules);
    chain.checks.splice(position, 0, ...checks);
  }

  /** The table committed last that has a user chain of that name. */
  private homeOf(name: string): TableName | undefined {
    for (let i = this.committed.length - 1; i >= 0; i--) {
      const chain = this.committed[i]!.chains.get(name);
      if (chain && !chain.hook) return this.committed[i]!.name;
    }
    return undefined;
  }

  /**
   * The chain of the current table by that name. Rule lines mostly name the
   * chain of the line before, else the chain declared after it (iptables-save
   * lists the chains' rules in the order of its `:CHAIN` lines): no lookup
   * among a dump's tens of thousands of chains for either.
   */
  private chainOf(name: string): ChainBuilder | undefined {
    const last = this.lastChain;
    if (last !== undefined) {
      if (last.name === name) return last;
      const next = this.current!.list[last.position + 1];
      if (next !== undefined && next.name === name) return (this.lastChain = next);
    }
    const chain = this.current!.chains.get(name);
    if (chain) this.lastChain = chain;
    return chain;
  }

  /** The user chain a rule jumps to, or undefined after saying why it cannot. */
  private jumpTarget(name: string, token: Token): ChainBuilder | undefined {
    const table = this.current!;
    const last = this.lastJump;
    const chain = last !== undefined && last.name === name ? last : table.chains.get(name);
    if (chain) this.lastJump = chain;
    if (chain?.hook) {
      this.report(token, `cannot jump to the built-in chain ${name}; iptables-restore refuses it: RULE_APPEND failed (No such file or directory)`);
      return undefined;
    }
    if (chain) return chain;
    const home = this.homeOf(name);
    const hint = home && home !== table.name ? ` (it is a chain of table ${home}; a jump cannot leave its table)` : `: declare it first (:${name} - [0:0]), or check the target's spelling`;
    this.report(token, `Chain '${name}' does not exist${hint}`);
    return undefined;
  }
}

export function parseIptablesSave(text: string, locate: Locate): { ruleset: Ruleset; problems: ParseProblem[] } {
  const parser = new SaveParser(locate);
  const ruleset = parser.parse(text);
  return { ruleset, problems: parser.problems };
}

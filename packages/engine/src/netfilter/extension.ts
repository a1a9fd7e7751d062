/**
 * How a match or target module plugs into the rule parser, modelled on
 * libxtables: a module declares its long options; the parser hands it every
 * option it owns, in order, then asks it to check the whole (xtables'
 * final_check) and build its Match or Target.
 */
import type { Hook, Match, TableName, Target } from './types.js';
import type { Token } from './tokenize.js';

export interface OptionSpec {
  /** The long name without dashes, as iptables-save prints it: `dport`. */
  readonly name: string;
  /** Other spellings iptables accepts for the same option: `destination-port`. */
  readonly aliases?: readonly string[];
  /** How many arguments follow the option (`--tcp-flags MASK COMP` takes two). */
  readonly args: 0 | 1 | 2;
  /** Whether `!` may precede it. */
  readonly invertible?: boolean;
  /** Whether it may be given twice in one module instance (most may not). */
  readonly repeatable?: boolean;
  /** The module's own wording when it is given twice (older modules have their own). */
  readonly duplicateMessage?: string;
}

/** One occurrence of an option in a rule. */
export interface OptionUse {
  readonly spec: OptionSpec;
  readonly flag: Token;
  readonly args: readonly Token[];
  readonly inverted: boolean;
}

export type Report = (at: Token, message: string) => void;

/** What the rule says besides the module itself: what iptables' final checks consult. */
export interface RuleFacts {
  readonly table: TableName;
  readonly chain: string;
  /** `-p` as given: its number (0 for `all`) and whether it was inverted. */
  readonly protocol?: { readonly number: number; readonly inverted: boolean };
}

export interface ExtensionInstance<T> {
  option(use: OptionUse, report: Report): void;
  /** Checks the instance as a whole; `at` is the module's name token (after `-m`, `-j` or `-p`). */
  finish(facts: RuleFacts, at: Token, report: Report): T | undefined;
}

export interface MatchExtension {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  /** Loading it makes the kernel register conntrack in the namespace (its checkentry calls nf_ct_netns_get). */
  readonly needsConntrack: boolean;
  create(): ExtensionInstance<Match>;
}

export interface TargetExtension {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly needsConntrack: boolean;
  /** The kernel's restriction (struct xt_target .table): usable in this table only. */
  readonly table?: TableName;
  /** The kernel's restriction (struct xt_target .hooks): reachable from these hooks only. */
  readonly hooks?: readonly Hook[];
  create(): ExtensionInstance<Target>;
}

/** libxtables' wording for two options that exclude each other. */
export function conflictMessage(module: string, a: string, b: string): string {
  return `${module}: option "--${a}" cannot be used together with "--${b}".`;
}

export function mandatoryMessage(module: string, option: string): string {
  return `${module}: option "--${option}" must be specified`;
}

export function badValueMessage(module: string, option: string, range?: string): string {
  return `${module}: bad value for option "--${option}"${range === undefined ? '' : `, or out of range (${range})`}.`;
}

/** The first argument of an option use (every option with `args >= 1` has one). */
export function arg(use: OptionUse, index = 0): Token {
  const token = use.args[index];
  if (!token) throw new Error(`option --${use.spec.name} was handed without its argument`);
  return token;
}

/** Splits `a,b,c` into its parts with their columns, for messages that point at one part. */
export function splitList(token: Token, separator = ','): Token[] {
  const parts: Token[] = [];
  let start = 0;
  const text = token.text;
  // Columns are only exact when the token was not quoted; a quoted token keeps the whole span.
  const exact = token.end - token.start === text.length;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === separator) {
      parts.push({
        text: text.slice(start, i),
        start: exact ? token.start + start : token.start,
        end: exact ? token.start + i : token.end,
      });
      start = i + 1;
    }
  }
  return parts;
}

/**
 * How a long option finds its owner, the way getopt_long and libxtables do
 * for iptables: the built-in options (xshared.c) and those of every module
 * loaded so far, by exact name or by an unambiguous prefix.
 */
import type { ExtensionInstance, MatchExtension, OptionSpec, TargetExtension } from './extension.js';
import type { Token } from './tokenize.js';
import type { Match, Target } from './types.js';

/** Built-in long options (xshared.c) by the short letter they stand for. */
export const GLOBAL_LONG: Readonly<Record<string, string>> = {
  append: 'A', delete: 'D', check: 'C', insert: 'I', replace: 'R', list: 'L', 'list-rules': 'S', flush: 'F', zero: 'Z',
  'new-chain': 'N', 'delete-chain': 'X', 'rename-chain': 'E', policy: 'P', source: 's', src: 's', destination: 'd', dst: 'd',
  protocol: 'p', 'in-interface': 'i', jump: 'j', table: 't', match: 'm', numeric: 'n', 'out-interface': 'o', verbose: 'v',
  wait: 'w', 'wait-interval': 'W', exact: 'x', fragment: 'f', version: 'V', help: 'h', 'line-numbers': '0', modprobe: 'M',
  'set-counters': 'c', goto: 'g', ipv4: '4', ipv6: '6',
};

export const GLOBAL_LONG_LETTERS = new Set(Object.values(GLOBAL_LONG));

/** A module of the rule being read (`-m NAME`, `-j NAME`), with the options it was given. */
export interface Instance {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly module: MatchExtension | TargetExtension;
  readonly instance: ExtensionInstance<Match> | ExtensionInstance<Target>;
  readonly at: Token;
  /** The options given so far (few: a list is lighter than a set; made at the first). */
  seen: OptionSpec[] | undefined;
  /** The options given so far as text (optionKey), to find an identical module built earlier. */
  key: string;
  completed: boolean;
}

export type Resolved = { readonly global: string; readonly name: string } | { readonly owner: Instance; readonly spec: OptionSpec };

/** Is `flag` exactly `--name`? */
function isFlagFor(flag: string, name: string): boolean {
  return flag.length === name.length + 2 && flag.startsWith(name, 2);
}

/** The spec of one module that `--NAME` names exactly. */
export function exactSpec(owner: Instance, flag: string): OptionSpec | undefined {
  for (const spec of owner.options) {
    if (isFlagFor(flag, spec.name)) return spec;
    if (spec.aliases) for (const alias of spec.aliases) if (isFlagFor(flag, alias)) return spec;
  }
  return undefined;
}

/** The option of that exact name in one module, if it has it. */
function exact(owner: Instance, name: string): Resolved | undefined {
  for (const spec of owner.options) if (spec.name === name || spec.aliases?.includes(name)) return { owner, spec };
  return undefined;
}

/** Exact names first (newest module first), then a unique prefix over everything loaded. */
export function resolveOption(name: string, target: Instance | undefined, matches: readonly Instance[]): Resolved | undefined {
  // The common case, an exact name, without building the list of scopes.
  let found = target && exact(target, name);
  for (let i = matches.length - 1; !found && i >= 0; i--) if (!matches[i]!.completed) found = exact(matches[i]!, name);
  if (found) return found;
  if (Object.hasOwn(GLOBAL_LONG, name)) return { global: GLOBAL_LONG[name]!, name };
  const scopes: Instance[] = target ? [target] : [];
  for (let i = matches.length - 1; i >= 0; i--) if (!matches[i]!.completed) scopes.push(matches[i]!);
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

/**
 * What one parse of an iptables-save text shares between its rules. A
 * node's dump repeats the same option text thousands of times (`-p tcp`,
 * `-m tcp --dport 80`, `-m statistic --probability 0.2…`, a Service's
 * comment); the match or target built from it is immutable — state a rule keeps while packets
 * pass, such as statistic's nth counter, is kept per Rule by the evaluator —
 * so rules written alike can share one object instead of each holding its
 * own copy. A cache lives for one table of one parse: nothing is kept
 * between texts.
 *
 * Only what a rule built without any problem is stored: an option text that
 * once went through cleanly goes through cleanly again, so taking the stored
 * result skips no message.
 */
import type { MatchExtension, TargetExtension } from './extension.js';
import type { Token } from './tokenize.js';
import type { Match, Target } from './types.js';

/**
 * One option as a module received it: its long name, `!`, and its
 * arguments, each closed by a line break — which no argument can hold (the
 * text is split into lines first), so no text of any argument can make two
 * different uses look alike (an option's name fixes how many arguments follow).
 */
export function optionKey(name: string, inverted: boolean, args: readonly Token[]): string {
  let key = inverted ? `${name}!\n` : `${name}\n`;
  for (const arg of args) key += `${arg.text}\n`;
  return key;
}

/**
 * What a module's final check may depend on besides its options: `-p`
 * (RuleFacts), as a number: its protocol, or -1 - protocol when inverted,
 * or -1000 without one. The table is the cache's own; the chain is left out
 * (no module looks at it), so that rules of different chains share.
 */
export function protocolKey(protocol: { readonly number: number; readonly inverted: boolean } | undefined): number {
  if (protocol === undefined) return -1000;
  return protocol.inverted ? -1 - protocol.number : protocol.number;
}

type Module = MatchExtension | TargetExtension;

/** How many misses a module's cache takes before it judges whether keeping more is worth it. */
const TRIAL = 1000;

/**
 * What one module built for one protocolKey, by its options' text. Some
 * modules are written differently in nearly every rule (kube-proxy's DNAT
 * names each endpoint): once most lookups miss, new results are no longer
 * kept, which spares the map their keys (what is kept is still used).
 */
export class ModuleCache<T> {
  private readonly built = new Map<string, T>();
  private hits = 0;
  private misses = 0;

  get(key: string): T | undefined {
    const found = this.built.get(key);
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  keep(key: string, value: T): void {
    if (this.misses > TRIAL && this.hits * 4 < this.misses) return;
    this.built.set(key, value);
  }
}

export class ParseCache {
  /** Built matches and targets by module, then protocolKey. */
  private readonly modules = new Map<Module, Map<number, ModuleCache<Match | Target>>>();
  /** Header matches without addresses (`-p -i -o`) by those options; undefined: a header that tests nothing. */
  readonly headers = new Map<string, Match | undefined>();

  /** The matches (or targets) that `module` built for rules with this protocolKey, by their options' text. */
  built<T extends Match | Target>(module: Module, protocol: number): ModuleCache<T> {
    let byProtocol = this.modules.get(module);
    if (!byProtocol) this.modules.set(module, (byProtocol = new Map()));
    let byOptions = byProtocol.get(protocol);
    if (!byOptions) byProtocol.set(protocol, (byOptions = new ModuleCache()));
    return byOptions as ModuleCache<T>;
  }
}

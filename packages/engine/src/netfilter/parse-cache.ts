/**
 * What one parse of an iptables-save text shares between its rules. A
 * node's dump repeats the same option text thousands of times (`-p tcp`,
 * `-m tcp --dport 80`, `-m statistic --probability 0.2…`, a Service's
 * comment); the match or target built from it is immutable — state a rule keeps while packets
 * pass, such as statistic's nth counter, is kept per Rule by the evaluator —
 * so rules written alike can share one object instead of each holding its
 * own copy. A cache lives for one parse only: nothing is kept between texts.
 *
 * Only what a rule built without any problem is stored: an option text that
 * once went through cleanly goes through cleanly again, so taking the stored
 * result skips no message.
 */
import type { Token } from './tokenize.js';
import type { Match, TableName, Target } from './types.js';

/**
 * One option as a module received it: its long name, `!`, and its arguments,
 * each prefixed by its length so that no text of any argument can make two
 * different uses look alike.
 */
export function optionKey(name: string, inverted: boolean, args: readonly Token[]): string {
  let key = inverted ? `${name}! ` : `${name} `;
  for (const arg of args) key += `${arg.text.length}:${arg.text}`;
  return `${key};`;
}

/**
 * What a module's final check may depend on besides its options: the table
 * and `-p` (RuleFacts). The chain is left out (no module looks at it), so
 * that rules of different chains share.
 */
export function moduleKey(module: string, table: TableName, protocol: { readonly number: number; readonly inverted: boolean } | undefined, options: string): string {
  const p = protocol === undefined ? '' : protocol.inverted ? `!${protocol.number}` : `${protocol.number}`;
  return `${module} ${table} ${p} ${options}`;
}

export class ParseCache {
  /** `-m` matches by moduleKey. */
  readonly matches = new Map<string, Match>();
  /** `-j` target extensions (DNAT, MARK …) by moduleKey. */
  readonly targets = new Map<string, Target>();
  /** Header matches without addresses (`-p -i -o`) by those options; undefined: a header that tests nothing. */
  readonly headers = new Map<string, Match | undefined>();
}

/**
 * iptables-nft stores each iptables rule as an nftables rule with a handle;
 * `xtables-monitor --trace` names a rule by that handle. Reading
 * `nft -a list ruleset` gives each handle's chain and position, which is the
 * rule's index as `iptables -L --line-numbers` counts it.
 */

export interface RulePosition {
  readonly table: string;
  readonly chain: string;
  /** 1-based. */
  readonly index: number;
}

/** Keyed by `table/handle` (handles are unique within a table). */
export type RuleHandles = ReadonlyMap<string, RulePosition>;

export function handleKey(table: string, handle: number): string {
  return `${table}/${handle}`;
}

export function parseRuleHandles(listing: string, skipTables: readonly string[] = []): RuleHandles {
  const handles = new Map<string, RulePosition>();
  let table: string | undefined;
  let chain: string | undefined;
  let index = 0;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const tableMatch = /^table ip (\S+) \{/.exec(line);
    if (tableMatch) {
      table = skipTables.includes(tableMatch[1]!) ? undefined : tableMatch[1];
      chain = undefined;
      continue;
    }
    if (/^table /.test(line)) {
      table = undefined;
      continue;
    }
    const chainMatch = /^chain (\S+) \{/.exec(line);
    if (chainMatch) {
      chain = chainMatch[1];
      index = 0;
      continue;
    }
    if (line === '}') {
      if (chain !== undefined) chain = undefined;
      else table = undefined;
      continue;
    }
    const ruleMatch = /# handle (\d+)$/.exec(line);
    if (table !== undefined && chain !== undefined && ruleMatch) {
      index += 1;
      handles.set(handleKey(table, Number(ruleMatch[1])), { table, chain, index });
    }
  }
  return handles;
}

/**
 * `xtables-monitor --trace` output to rule hits. With `meta nftrace set 1`
 * on every packet (nft-tables.ts), the kernel reports each base chain a packet
 * enters and every rule that matched it:
 *
 *   PACKET: 2 4789be3c IN=lan OUT=wan … SPORT=40000 DPORT=80 SYN
 *    TRACE: 2 4789be3c filter:FORWARD:rule:0x2:ACCEPT  -4 -t filter -A FORWARD -p tcp -m tcp --dport 80 -j ACCEPT
 *    TRACE: 2 4789be3c nat:POSTROUTING:policy:ACCEPT
 *    TRACE: 2 4789be3c filter:USER:return:
 *
 * A `rule` line is a rule that matched (its verdict may be CONTINUE for a
 * non-terminal target such as MARK or LOG), `policy` the chain's policy,
 * `return` the end of a user chain (not a decision; left out). The verdict
 * compared is the rule's target name, as the engine names it: the kernel's
 * own word is ACCEPT for DNAT and DROP for REJECT.
 */
import type { RuleHit } from './observation.js';
import { handleKey, type RuleHandles } from './rule-handles.js';

const TRACE_LINE = /^\s*TRACE: \d+ [0-9a-f]+ ([^:\s]+):(\S+?):(rule|policy|return):(.*)$/;
const RULE_REST = /^0x([0-9a-f]+):(\S+)\s*(.*)$/;

/** The `-j`/`-g` target of an iptables rule as iptables prints it; '' for a rule that only counts. */
export function targetOf(ruleText: string): string {
  const unquoted = ruleText.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const match = /(?:^|\s)-[jg]\s+(\S+)/.exec(unquoted);
  return match ? match[1]! : '';
}

/** `-4 -t nat -A POSTROUTING -o wan -j MASQUERADE` → `-A POSTROUTING -o wan -j MASQUERADE`. */
function ruleBody(text: string): string {
  return text.replace(/^-4\s+-t\s+\S+\s+/, '').trim();
}

export function parseTrace(output: string, handles: RuleHandles, skipTables: readonly string[]): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const line of output.split('\n')) {
    const match = TRACE_LINE.exec(line);
    if (!match) continue;
    const [, table, chain, kind, rest] = match as unknown as [string, string, string, string, string];
    if (skipTables.includes(table) || kind === 'return') continue;
    if (kind === 'policy') {
      const policy = rest.trim();
      hits.push({ table, chain, verdict: policy, rule: `-P ${chain} ${policy}` });
      continue;
    }
    const ruleMatch = RULE_REST.exec(rest.trim());
    if (!ruleMatch) continue;
    const [, handle, , text] = ruleMatch as unknown as [string, string, string, string];
    const position = handles.get(handleKey(table, parseInt(handle, 16)));
    const body = ruleBody(text);
    hits.push({ table, chain, ...(position ? { index: position.index } : {}), verdict: targetOf(body), rule: body });
  }
  return hits;
}

/**
 * `-m icmp --icmp-type TYPE[/CODE]|NAME` (icmp_match in
 * net/ipv4/netfilter/ip_tables.c). A name stands for a type and a code range;
 * a bare type number means every code; `any` (type 255) matches every ICMP
 * packet. Names may be abbreviated to any unambiguous prefix, as
 * libxt_icmp's strncasecmp lookup allows.
 */
import type { ExtensionInstance, MatchExtension, OptionUse, Report, RuleFacts } from '../extension.js';
import { arg } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';
import { parseNumber } from '../values.js';

export interface IcmpTest {
  readonly type: number;
  readonly minCode: number;
  readonly maxCode: number;
  readonly inverted: boolean;
}

/** ICMP type names (RFC 792, RFC 1812) with the code range each stands for. */
const ICMP_NAMES: readonly (readonly [name: string, type: number, minCode: number, maxCode: number])[] = [
  ['any', 255, 0, 255],
  ['echo-reply', 0, 0, 255],
  ['pong', 0, 0, 255],
  ['destination-unreachable', 3, 0, 255],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255],
  ['redirect', 5, 0, 255],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 255],
  ['ping', 8, 0, 255],
  ['router-advertisement', 9, 0, 255],
  ['router-solicitation', 10, 0, 255],
  ['time-exceeded', 11, 0, 255],
  ['ttl-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 255],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 255],
  ['timestamp-reply', 14, 0, 255],
  ['address-mask-request', 17, 0, 255],
  ['address-mask-reply', 18, 0, 255],
];

export function parseIcmpType(text: string): { type: number; minCode: number; maxCode: number } | { error: string } {
  let found: (typeof ICMP_NAMES)[number] | undefined;
  const lower = text.toLowerCase();
  for (const entry of ICMP_NAMES) {
    if (!entry[0].toLowerCase().startsWith(lower)) continue;
    if (found) return { error: `Ambiguous ICMP type \`${text}': \`${found[0]}' or \`${entry[0]}'?` };
    found = entry;
  }
  if (found && text !== '') return { type: found[1], minCode: found[2], maxCode: found[3] };
  const slash = text.indexOf('/');
  const type = parseNumber(slash < 0 ? text : text.slice(0, slash), 0, 255);
  if (type === undefined) return { error: `Unknown ICMP type \`${text}'` };
  if (slash < 0) return { type, minCode: 0, maxCode: 255 };
  const code = parseNumber(text.slice(slash + 1), 0, 255);
  if (code === undefined) return { error: `Unknown ICMP code \`${text}'` };
  return { type, minCode: code, maxCode: code };
}

export function buildIcmpMatch(test: IcmpTest | undefined): Match {
  return {
    name: 'icmp',
    matches: (ctx) => {
      const packet = ctx.packet;
      if (packet.proto !== 'icmp') return false;
      if (!test) return true;
      const type = packet.icmp?.type ?? 0;
      const code = packet.icmp?.code ?? 0;
      const hit = test.type === 255 || (type === test.type && code >= test.minCode && code <= test.maxCode);
      return hit !== test.inverted;
    },
  };
}

class IcmpParser implements ExtensionInstance<Match> {
  private test: IcmpTest | undefined;

  option(use: OptionUse, report: Report): void {
    const token = arg(use);
    const parsed = parseIcmpType(token.text);
    if ('error' in parsed) report(token, parsed.error);
    else this.test = { ...parsed, inverted: use.inverted };
  }

  finish(facts: RuleFacts, at: Token, report: Report): Match | undefined {
    // The kernel refuses the icmp match without `-p icmp` (xt_check_match: "icmp match: only valid for protocol 1").
    if (facts.protocol?.number !== 1 || facts.protocol.inverted) {
      report(at, 'icmp match: only valid for protocol 1 (write -p icmp before it)');
      return undefined;
    }
    return buildIcmpMatch(this.test);
  }
}

export const icmpMatch: MatchExtension = {
  name: 'icmp',
  options: [{ name: 'icmp-type', args: 1, invertible: true }],
  needsConntrack: false,
  create: () => new IcmpParser(),
};

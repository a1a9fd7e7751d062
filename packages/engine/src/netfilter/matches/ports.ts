/**
 * What the tcp and udp matches share: `--sport`/`--dport` with ranges and
 * `!`, and their rule that they only make sense under `-p tcp` / `-p udp`
 * (the kernel's xt_match .proto check in xt_check_match).
 */
import type { OptionSpec, OptionUse, Report, RuleFacts } from '../extension.js';
import { arg } from '../extension.js';
import type { Token } from '../tokenize.js';
import { parsePortRange, portInRange, type PortProto, type PortRange } from '../values.js';
import { IPPROTO } from '../values.js';

export interface PortTest {
  readonly range: PortRange;
  readonly inverted: boolean;
}

/** `--sport`/`--dport` and their long spellings, with the module's words for a repeated one. */
export function portOptions(sourceTwice: string, destinationTwice: string): OptionSpec[] {
  return [
    { name: 'sport', aliases: ['source-port'], args: 1, invertible: true, duplicateMessage: sourceTwice },
    { name: 'dport', aliases: ['destination-port'], args: 1, invertible: true, duplicateMessage: destinationTwice },
  ];
}

export function parsePortOption(use: OptionUse, proto: PortProto, report: Report): PortTest | undefined {
  const token = arg(use);
  const parsed = parsePortRange(token.text, proto);
  if (parsed.error !== undefined) {
    report(token, parsed.error);
    return undefined;
  }
  return { range: parsed.value, inverted: use.inverted };
}

export function portTestPasses(test: PortTest | undefined, port: number): boolean {
  return test === undefined || portInRange(test.range, port) !== test.inverted;
}

/**
 * `-m tcp` needs `-p tcp` (libxt_tcp: "TCP match requires '-p tcp'"). With
 * `! -p tcp` iptables-nft accepts the rule but legacy's kernel check refuses
 * it ("tcp match: only valid for protocol 6"); its meaning would be muddled,
 * so we refuse it too.
 */
export function checkProtocol(proto: PortProto, facts: RuleFacts, at: Token, report: Report): boolean {
  const number = IPPROTO[proto];
  if (facts.protocol?.number !== number) {
    report(at, `${proto.toUpperCase()} match requires '-p ${proto}'`);
    return false;
  }
  if (facts.protocol.inverted) {
    report(at, `${proto} match: only valid for protocol ${number}, not with \`! -p ${proto}'`);
    return false;
  }
  return true;
}

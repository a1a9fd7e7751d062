/**
 * `-j REJECT [--reject-with TYPE]` (net/ipv4/netfilter/ipt_REJECT.c,
 * extensions/libipt_REJECT.c): drops the packet and answers with the chosen
 * ICMP error or a TCP reset; the default is icmp-port-unreachable. Only the
 * filter table may use it, and `tcp-reset` only under `-p tcp`.
 */
import type { ExtensionInstance, OptionUse, Report, RuleFacts, TargetExtension } from '../extension.js';
import { arg } from '../extension.js';
import type { RejectWith, Target, TargetVerdict } from '../types.js';
import type { Token } from '../tokenize.js';

/** Each type with the short alias libipt_REJECT also accepts. */
const REJECT_TYPES: readonly (readonly [RejectWith, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

export function parseRejectWith(text: string): RejectWith | undefined {
  return REJECT_TYPES.find(([name, alias]) => text === name || text === alias)?.[0];
}

export function buildRejectTarget(type: RejectWith): Target {
  const verdict: TargetVerdict = Object.freeze({ kind: 'reject', with: type });
  return { name: 'REJECT', apply: () => verdict };
}

class RejectParser implements ExtensionInstance<Target> {
  private type: RejectWith = 'icmp-port-unreachable';

  option(use: OptionUse, report: Report): void {
    const token = arg(use);
    const type = parseRejectWith(token.text);
    if (type) this.type = type;
    else report(token, `unknown reject type "${token.text}"`);
  }

  finish(facts: RuleFacts, at: Token, report: Report): Target | undefined {
    if (this.type === 'tcp-reset' && (facts.protocol?.number !== 6 || facts.protocol.inverted)) {
      // ipt_REJECT's checkentry: "TCP_RESET invalid for non-tcp".
      report(at, 'REJECT --reject-with tcp-reset needs -p tcp (kernel: "TCP_RESET invalid for non-tcp")');
      return undefined;
    }
    return buildRejectTarget(this.type);
  }
}

export const rejectTarget: TargetExtension = {
  name: 'REJECT',
  options: [{ name: 'reject-with', args: 1 }],
  needsConntrack: false,
  table: 'filter',
  hooks: ['INPUT', 'FORWARD', 'OUTPUT'],
  create: () => new RejectParser(),
};

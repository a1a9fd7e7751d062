/**
 * The NAT targets (net/netfilter/xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c;
 * option syntax from extensions/libxt_NAT.c). Each names a range and ends the
 * nat table's traversal; the nat hook sets up the binding. MASQUERADE and
 * REDIRECT leave the address out of the range: the hook picks it (the
 * outgoing interface's address; the incoming interface's first address, or
 * 127.0.0.1 for locally generated packets).
 *
 * Ports need `-p tcp|udp|icmp` (also sctp, dccp): "Need TCP, UDP, SCTP or DCCP
 * with port specification". iptables takes `-p` with or without `!` here.
 */
import { parseIpv4 } from '../../net/ipv4.js';
import type { ExtensionInstance, OptionUse, Report, RuleFacts, TargetExtension } from '../extension.js';
import { arg, mandatoryMessage } from '../extension.js';
import type { Hook, NatRange, Target, TargetVerdict } from '../types.js';
import type { Token } from '../tokenize.js';
import { parsePort, type Parsed, fail, ok } from '../values.js';

type NatTargetName = 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';

/** Protocols whose NAT ranges may carry ports (tcp, udp, icmp ids, sctp, dccp). */
const PORT_PROTOCOLS = new Set([6, 17, 1, 132, 33]);

interface PortPart {
  readonly minPort: number;
  readonly maxPort: number;
}

const NUMBER_PREFIX = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;

function leadingNumber(text: string): { value: number; rest: string } | undefined {
  const found = NUMBER_PREFIX.exec(text);
  if (!found) return undefined;
  const digits = found[0];
  const value = digits.startsWith('0x') || digits.startsWith('0X') ? parseInt(digits.slice(2), 16) : digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  return value > 65535 ? undefined : { value, rest: text.slice(digits.length) };
}

/** `PORT[-PORT]` as libxt_NAT's parse_ports reads it. */
export function parseNatPorts(text: string): Parsed<PortPart> {
  let first = leadingNumber(text);
  if (!first) {
    const service = parsePort(text, 'tcp') ?? parsePort(text, 'udp');
    if (service === undefined) return fail(`Port \`${text}' not valid`);
    first = { value: service, rest: '' };
  }
  if (first.rest === '') return ok({ minPort: first.value, maxPort: first.value });
  if (first.rest.startsWith(':')) return fail('Invalid port:port syntax - use dash');
  if (!first.rest.startsWith('-')) return fail(`Garbage after port value: \`${first.rest}'`);
  const maxText = first.rest.slice(1);
  const second = leadingNumber(maxText);
  if (!second) return fail(`Port \`${maxText}' not valid`);
  if (second.value < first.value) return fail(`Port range \`${maxText}' funky`);
  if (second.rest.startsWith('/')) return fail('shifted port maps (PORT-PORT/BASE) are not supported');
  if (second.rest !== '') return fail(`Garbage after port range: \`${second.rest}'`);
  return ok({ minPort: first.value, maxPort: second.value });
}

/** `[ADDR[-ADDR]][:PORT[-PORT]]` as libxt_NAT's parse_to reads it (IPv4). */
export function parseNatTo(text: string, portsAllowed: boolean): Parsed<Omit<NatRange, 'random' | 'randomFully' | 'persistent'>> {
  const colon = text.indexOf(':');
  let ports: PortPart | undefined;
  if (colon >= 0) {
    if (!portsAllowed) return fail('Need TCP, UDP, SCTP or DCCP with port specification');
    const parsed = parseNatPorts(text.slice(colon + 1));
    if (parsed.error !== undefined) return fail(parsed.error);
    ports = parsed.value;
    if (colon === 0) return ok({ ...ports });
  }
  const addressText = colon < 0 ? text : text.slice(0, colon);
  const dash = addressText.indexOf('-');
  const minText = dash < 0 ? addressText : addressText.slice(0, dash);
  const minAddress = parseIpv4(minText);
  if (minAddress === undefined) return fail(`Bad IP address "${minText}"`);
  let maxAddress = minAddress;
  if (dash >= 0) {
    const maxText = addressText.slice(dash + 1);
    const parsed = parseIpv4(maxText);
    if (parsed === undefined) return fail(`Bad IP address "${maxText}"`);
    // iptables accepts a reversed range; the kernel's pick from it would then be meaningless.
    if (parsed < minAddress) return fail(`address range ${addressText} runs backwards (iptables takes it, but the kernel's choice from it is arbitrary)`);
    maxAddress = parsed;
  }
  return ok({ minAddress, maxAddress, ...ports });
}

/** A NAT target and its one verdict; a method rather than a closure (a dump has a DNAT per endpoint). */
class NatTarget implements Target {
  constructor(
    readonly name: NatTargetName,
    private readonly verdict: TargetVerdict,
  ) {}

  apply(): TargetVerdict {
    return this.verdict;
  }
}

export function buildNatTarget(name: NatTargetName, range: NatRange): Target {
  return new NatTarget(name, Object.freeze({ kind: 'nat', target: name, range: Object.freeze({ ...range }) }));
}

class NatParser implements ExtensionInstance<Target> {
  private readonly uses: OptionUse[] = [];

  constructor(private readonly name: NatTargetName) {}

  option(use: OptionUse): void {
    this.uses.push(use);
  }

  finish(facts: RuleFacts, at: Token, report: Report): Target | undefined {
    const portsAllowed = facts.protocol !== undefined && PORT_PROTOCOLS.has(facts.protocol.number);
    let range: Omit<NatRange, 'random' | 'randomFully' | 'persistent'> = {};
    const flags = { random: false, randomFully: false, persistent: false };
    let failed = false;
    for (const use of this.uses) {
      const option = use.spec.name;
      if (option === 'to-destination' || option === 'to-source' || option === 'to-ports') {
        const token = arg(use);
        const parsed =
          option === 'to-ports'
            ? portsAllowed
              ? parseNatPorts(token.text)
              : fail<PortPart>('Need TCP, UDP, SCTP or DCCP with port specification')
            : parseNatTo(token.text, portsAllowed);
        if (parsed.error !== undefined) {
          report(token, parsed.error);
          failed = true;
        } else range = parsed.value;
      } else if (option === 'random') flags.random = true;
      else if (option === 'random-fully') flags.randomFully = true;
      else flags.persistent = true;
    }
    const mandatory = this.name === 'DNAT' ? 'to-destination' : this.name === 'SNAT' ? 'to-source' : undefined;
    if (mandatory && !this.uses.some((u) => u.spec.name === mandatory)) {
      report(at, mandatoryMessage(this.name, mandatory));
      return undefined;
    }
    return failed ? undefined : buildNatTarget(this.name, { ...range, ...flags });
  }
}

function natTarget(name: NatTargetName, hooks: readonly Hook[], options: TargetExtension['options']): TargetExtension {
  return { name, options, needsConntrack: true, table: 'nat', hooks, create: () => new NatParser(name) };
}

export const dnatTarget = natTarget('DNAT', ['PREROUTING', 'OUTPUT'], [
  { name: 'to-destination', args: 1 },
  { name: 'random', args: 0 },
  { name: 'persistent', args: 0 },
]);

export const snatTarget = natTarget('SNAT', ['INPUT', 'POSTROUTING'], [
  { name: 'to-source', args: 1 },
  { name: 'random', args: 0 },
  { name: 'random-fully', args: 0 },
  { name: 'persistent', args: 0 },
]);

export const masqueradeTarget = natTarget('MASQUERADE', ['POSTROUTING'], [
  { name: 'to-ports', args: 1 },
  { name: 'random', args: 0 },
  { name: 'random-fully', args: 0 },
]);

export const redirectTarget = natTarget('REDIRECT', ['PREROUTING', 'OUTPUT'], [
  { name: 'to-ports', args: 1 },
  { name: 'random', args: 0 },
]);

/**
 * The built-in header match: `-s`, `-d`, `-p`, `-i`, `-o` (ip_packet_match
 * in net/ipv4/netfilter/ip_tables.c). The kernel tests it before any `-m`
 * match, so it always comes first in a rule's matches.
 */
import { PROTO_NUMBER } from '../../net/packet.js';
import type { Match, MatchContext } from '../types.js';
import { fail, ok, parseAddressMask, parseProtocol, type AddressMask, type Parsed } from '../values.js';

export interface Inverted<T> {
  readonly value: T;
  readonly inverted: boolean;
}

/** An interface name as iptables stores it: a trailing `+` makes it a prefix. */
export interface InterfacePattern {
  readonly name: string;
  readonly prefix: boolean;
}

export interface IpMatchSpec {
  readonly src?: Inverted<AddressMask>;
  readonly dst?: Inverted<AddressMask>;
  /** 0 means every protocol (`-p all`). */
  readonly protocol?: Inverted<number>;
  readonly inIface?: Inverted<InterfacePattern>;
  readonly outIface?: Inverted<InterfacePattern>;
}

/** `-s`/`-d` take a comma-separated list; iptables adds one rule per combination. */
export function parseAddressList(text: string): Parsed<AddressMask[]> {
  if (!text.includes(',')) {
    const parsed = parseAddressMask(text);
    return parsed.error !== undefined ? parsed : ok([parsed.value]);
  }
  const list: AddressMask[] = [];
  for (const part of text.split(',')) {
    const parsed = parseAddressMask(part);
    if (parsed.error !== undefined) return fail(parsed.error);
    list.push(parsed.value);
  }
  return ok(list);
}

export function parseProtocolOption(text: string, inverted: boolean): Parsed<number> {
  const number = parseProtocol(text);
  if (number === undefined) return fail(`unknown protocol "${text}" specified`);
  // xshared.c: "! -p all" can match nothing and is refused.
  if (number === 0 && inverted) return fail('rule would never match protocol');
  return ok(number);
}

const IFACE_NAME = /^[A-Za-z0-9_.-]+$/;

/** `-i`/`-o` names: at most 15 characters (IFNAMSIZ - 1), optionally ending in `+`. */
export function parseInterface(text: string): Parsed<InterfacePattern> {
  if (text === '') return fail('Empty interface is likely to be undesired');
  if (text.length > 15) return fail(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  const prefix = text.endsWith('+');
  const name = prefix ? text.slice(0, -1) : text;
  if (name !== '' && !IFACE_NAME.test(name)) {
    return fail(`interface name \`${text}' has characters an interface name cannot have (letters, digits, '-', '_', '.' and a final '+')`);
  }
  return ok({ name, prefix });
}

function interfaceMatches(pattern: InterfacePattern, iface: string | undefined): boolean {
  const name = iface ?? '';
  return pattern.prefix ? name.startsWith(pattern.name) : name === pattern.name;
}

/** True when the spec tests nothing (`-s 0/0`, `-p all`, `-i +`): the rule needs no header match. */
export function isEmptyIpMatch(spec: IpMatchSpec): boolean {
  const wildcardIface = (i?: Inverted<InterfacePattern>): boolean => !i || (i.value.prefix && i.value.name === '' && !i.inverted);
  const anyAddress = (a?: Inverted<AddressMask>): boolean => !a || (a.value.mask === 0 && !a.inverted);
  return anyAddress(spec.src) && anyAddress(spec.dst) && (!spec.protocol || spec.protocol.value === 0) && wildcardIface(spec.inIface) && wildcardIface(spec.outIface);
}

/**
 * The header test as plain numbers, for the evaluator's inner loop: like the
 * kernel's ip_packet_match, it is tried before any other match, and most
 * rules of a long chain fail it, so it must not allocate or call. Addresses
 * are compared as signed 32-bit integers (`a & mask` is one in JavaScript).
 */
export interface HeaderTest {
  readonly srcMask: number;
  readonly srcAddress: number;
  readonly srcInverted: boolean;
  readonly dstMask: number;
  readonly dstAddress: number;
  readonly dstInverted: boolean;
  /** 0: any protocol. */
  readonly protocol: number;
  readonly protocolInverted: boolean;
  readonly inIface: Inverted<InterfacePattern> | undefined;
  readonly outIface: Inverted<InterfacePattern> | undefined;
}

/**
 * The header match of a rule, held as its header test: one object per rule,
 * every field always present, so all share one shape (monomorphic in the
 * evaluator's loop) and a dump's hundred thousand headers cost little.
 */
class IpHeaderMatch implements Match, HeaderTest {
  readonly name = 'ip';
  readonly srcMask: number;
  readonly srcAddress: number;
  readonly srcInverted: boolean;
  readonly dstMask: number;
  readonly dstAddress: number;
  readonly dstInverted: boolean;
  readonly protocol: number;
  readonly protocolInverted: boolean;
  readonly inIface: Inverted<InterfacePattern> | undefined;
  readonly outIface: Inverted<InterfacePattern> | undefined;
  /** `! -s 0/0` or `! -d 0/0`: the parser refuses them, but a spec built by hand may say so. */
  private readonly never: boolean;

  constructor(spec: IpMatchSpec) {
    this.srcMask = (spec.src?.value.mask ?? 0) | 0;
    this.srcAddress = (spec.src?.value.address ?? 0) | 0;
    this.srcInverted = spec.src?.inverted ?? false;
    this.dstMask = (spec.dst?.value.mask ?? 0) | 0;
    this.dstAddress = (spec.dst?.value.address ?? 0) | 0;
    this.dstInverted = spec.dst?.inverted ?? false;
    this.protocol = spec.protocol?.value ?? 0;
    this.protocolInverted = spec.protocol?.inverted ?? false;
    this.inIface = spec.inIface;
    this.outIface = spec.outIface;
    this.never = (this.srcMask === 0 && this.srcInverted) || (this.dstMask === 0 && this.dstInverted);
  }

  matches(ctx: MatchContext): boolean {
    const packet = ctx.packet;
    return !this.never && passesHeader(this, packet.src | 0, packet.dst | 0, PROTO_NUMBER[packet.proto], ctx.inIface, ctx.outIface);
  }
}

/** The header test of a rule's first match, when that match is its header. */
export function headerTestOf(match: Match): HeaderTest | undefined {
  return match instanceof IpHeaderMatch ? match : undefined;
}

/** Does the packet (addresses as signed 32-bit, protocol number) pass the header test? */
export function passesHeader(
  test: HeaderTest,
  src: number,
  dst: number,
  protocol: number,
  inIface: string | undefined,
  outIface: string | undefined,
): boolean {
  if (test.srcMask !== 0 && ((src & test.srcMask) === test.srcAddress) === test.srcInverted) return false;
  if (test.dstMask !== 0 && ((dst & test.dstMask) === test.dstAddress) === test.dstInverted) return false;
  if (test.protocol !== 0 && (protocol === test.protocol) === test.protocolInverted) return false;
  if (test.inIface && interfaceMatches(test.inIface.value, inIface) === test.inIface.inverted) return false;
  if (test.outIface && interfaceMatches(test.outIface.value, outIface) === test.outIface.inverted) return false;
  return true;
}

export function buildIpMatch(spec: IpMatchSpec): Match {
  return new IpHeaderMatch(spec);
}

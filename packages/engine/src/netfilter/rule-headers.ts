/**
 * The header match of a rule (`-s -d -p -i -o`): one per `-s` × `-d` pair,
 * as iptables adds one rule for each. A header without addresses is made
 * once per parse for each text of its options (ParseCache): a dump repeats
 * `-p tcp` thousands of times, while its addresses are mostly each a pod's
 * or a Service's own.
 */
import { buildIpMatch, isEmptyIpMatch, type InterfacePattern, type Inverted, type IpMatchSpec } from './matches/ip.js';
import type { ParseCache } from './parse-cache.js';
import type { Token } from './tokenize.js';
import type { Match } from './types.js';
import type { AddressMask } from './values.js';

/** The header options of one rule as read, with their text and the tokens messages point at. */
export interface HeaderOptions {
  src?: Inverted<AddressMask[]> & { text: string };
  dst?: Inverted<AddressMask[]> & { text: string };
  protocol?: Inverted<number> & { token: Token };
  inIface?: Inverted<InterfacePattern> & { token: Token };
  outIface?: Inverted<InterfacePattern> & { token: Token };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The rule's header matches, one per `-s` × `-d` pair (undefined: the pair tests nothing). */
export function headerMatches(ip: HeaderOptions, cache: ParseCache): (Match | undefined)[] {
  const { src, dst, protocol, inIface, outIface } = ip;
  if (!src && !dst) {
    // The options' values (each already checked: no name holds a `|`) name the header.
    const key = `${protocol ? (protocol.inverted ? '!' : '') + protocol.value : ''}|${iface(inIface)}|${iface(outIface)}`;
    const headers = cache.headers;
    if (headers.has(key)) return [headers.get(key)];
    const built = header(ip, undefined, undefined);
    headers.set(key, built);
    return [built];
  }
  if ((!src || src.value.length === 1) && (!dst || dst.value.length === 1)) return [header(ip, src?.value[0], dst?.value[0])];
  const srcs = src ? src.value : [undefined];
  const dsts = dst ? dst.value : [undefined];
  const headers: (Match | undefined)[] = [];
  for (const s of srcs) for (const d of dsts) headers.push(header(ip, s, d));
  return headers;
}

/** The header match of one `-s` × `-d` pair. */
function header(ip: HeaderOptions, s: AddressMask | undefined, d: AddressMask | undefined): Match | undefined {
  const { src, dst, protocol, inIface, outIface } = ip;
  const spec: Mutable<IpMatchSpec> = {};
  if (s && src) spec.src = { value: s, inverted: src.inverted };
  if (d && dst) spec.dst = { value: d, inverted: dst.inverted };
  if (protocol) spec.protocol = { value: protocol.value, inverted: protocol.inverted };
  if (inIface) spec.inIface = { value: inIface.value, inverted: inIface.inverted };
  if (outIface) spec.outIface = { value: outIface.value, inverted: outIface.inverted };
  return isEmptyIpMatch(spec) ? undefined : buildIpMatch(spec);
}

function iface(option: Inverted<InterfacePattern> | undefined): string {
  if (!option) return '';
  return `${option.inverted ? '!' : ''}${option.value.name}${option.value.prefix ? '+' : ''}`;
}

/**
 * The header match of a rule (`-s -d -p -i -o`): one per `-s` × `-d` pair,
 * as iptables adds one rule for each. A header is made once per parse for
 * each text of those options (ParseCache): a dump repeats `-p tcp` and its
 * cluster's ranges thousands of times.
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
  // The options' text (each already checked, none can hold a `|`) names the header.
  const base =
    `${src ? (src.inverted ? '!' : '') + src.text : ''}|${dst ? (dst.inverted ? '!' : '') + dst.text : ''}|` +
    `${protocol ? (protocol.inverted ? '!' : '') + protocol.value : ''}|${iface(inIface)}|${iface(outIface)}`;
  if ((!src || src.value.length === 1) && (!dst || dst.value.length === 1)) return [header(ip, cache, base, src?.value[0], dst?.value[0])];
  const srcs = src ? src.value : [undefined];
  const dsts = dst ? dst.value : [undefined];
  const headers: (Match | undefined)[] = [];
  for (let i = 0; i < srcs.length; i++) for (let j = 0; j < dsts.length; j++) headers.push(header(ip, cache, `${base}|${i}|${j}`, srcs[i], dsts[j]));
  return headers;
}

/** The header match of one `-s` × `-d` pair, made once per parse for each `key`. */
function header(ip: HeaderOptions, cache: ParseCache, key: string, s: AddressMask | undefined, d: AddressMask | undefined): Match | undefined {
  const headers = cache.headers;
  if (headers.has(key)) return headers.get(key);
  const { src, dst, protocol, inIface, outIface } = ip;
  const spec: Mutable<IpMatchSpec> = {};
  if (s && src) spec.src = { value: s, inverted: src.inverted };
  if (d && dst) spec.dst = { value: d, inverted: dst.inverted };
  if (protocol) spec.protocol = { value: protocol.value, inverted: protocol.inverted };
  if (inIface) spec.inIface = { value: inIface.value, inverted: inIface.inverted };
  if (outIface) spec.outIface = { value: outIface.value, inverted: outIface.inverted };
  const built = isEmptyIpMatch(spec) ? undefined : buildIpMatch(spec);
  headers.set(key, built);
  return built;
}

function iface(option: Inverted<InterfacePattern> | undefined): string {
  if (!option) return '';
  return `${option.inverted ? '!' : ''}${option.value.name}${option.value.prefix ? '+' : ''}`;
}

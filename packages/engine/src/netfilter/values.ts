/**
 * The value syntaxes iptables options share (libxtables/xtables.c,
 * xtoptions.c): numbers as strtoul reads them with base 0, marks with an
 * optional mask, ports and service names, protocols, addresses with a mask.
 * Each parser returns the value or the message iptables would print.
 */
import { parseIpv4, type Ipv4 } from '../net/ipv4.js';

export type Parsed<T> = { readonly value: T; readonly error?: undefined } | { readonly error: string };

export function ok<T>(value: T): Parsed<T> {
  return { value };
}

export function fail<T>(error: string): Parsed<T> {
  return { error };
}

/** `[1-9][0-9]*`: a decimal number without a leading zero. */
function isPlainDecimal(text: string): boolean {
  const length = text.length;
  if (length === 0) return false;
  const first = text.charCodeAt(0);
  if (first < 49 || first > 57) return false;
  for (let i = 1; i < length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
  }
  return true;
}

/**
 * An unsigned number as strtoul(…, 0) reads it: `0x` hexadecimal, a leading
 * `0` octal, else decimal (so `010` is 8, as iptables takes it).
 */
export function parseNumber(text: string, min: number, max: number): number | undefined {
  let value: number;
  // Plain decimal first, without a regular expression: the common case by far.
  if (isPlainDecimal(text)) value = Number(text);
  else if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) value = parseInt(text, 8);
  else return undefined;
  return value >= min && value <= max ? value : undefined;
}

export const UINT32_MAX = 0xffffffff;

/** `VALUE[/MASK]` (XTTYPE_MARKMASK32); the mask defaults to all ones. */
export function parseMarkMask(text: string): { value: number; mask: number } | undefined {
  const slash = text.indexOf('/');
  const value = parseNumber(slash < 0 ? text : text.slice(0, slash), 0, UINT32_MAX);
  if (value === undefined) return undefined;
  if (slash < 0) return { value, mask: UINT32_MAX };
  const mask = parseNumber(text.slice(slash + 1), 0, UINT32_MAX);
  return mask === undefined ? undefined : { value, mask };
}

/** A few well-known entries of /etc/services, which getservbyname(3) would consult. */
const SERVICES: Readonly<Record<string, { readonly tcp?: number; readonly udp?: number }>> = {
  'ftp-data': { tcp: 20 },
  ftp: { tcp: 21 },
  ssh: { tcp: 22 },
  telnet: { tcp: 23 },
  smtp: { tcp: 25 },
  domain: { tcp: 53, udp: 53 },
  bootps: { udp: 67 },
  bootpc: { udp: 68 },
  tftp: { udp: 69 },
  http: { tcp: 80 },
  www: { tcp: 80 },
  pop3: { tcp: 110 },
  ntp: { udp: 123 },
  imap: { tcp: 143 },
  imap2: { tcp: 143 },
  snmp: { tcp: 161, udp: 161 },
  ldap: { tcp: 389, udp: 389 },
  https: { tcp: 443, udp: 443 },
  syslog: { udp: 514 },
  submission: { tcp: 587 },
  imaps: { tcp: 993 },
  pop3s: { tcp: 995 },
  mysql: { tcp: 3306 },
  postgresql: { tcp: 5432 },
  redis: { tcp: 6379 },
  'http-alt': { tcp: 8080 },
};

export type PortProto = 'tcp' | 'udp';

/** A port number or service name (xtables_parse_port). */
export function parsePort(text: string, proto: PortProto): number | undefined {
  const number = parseNumber(text, 0, 65535);
  if (number !== undefined) return number;
  return Object.hasOwn(SERVICES, text) ? SERVICES[text]![proto] : undefined;
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** `PORT`, `MIN:MAX`, `MIN:` or `:MAX`, as the tcp and udp matches take them (parse_tcp_ports). */
export function parsePortRange(text: string, proto: PortProto): Parsed<PortRange> {
  const colon = text.indexOf(':');
  const port = (part: string, fallback: number): Parsed<number> => {
    if (part === '' && colon >= 0) return ok(fallback);
    const value = parsePort(part, proto);
    return value === undefined ? fail(`invalid port/service \`${part}' specified`) : ok(value);
  };
  const min = port(colon < 0 ? text : text.slice(0, colon), 0);
  if (min.error !== undefined) return fail(min.error);
  if (colon < 0) return ok({ min: min.value, max: min.value });
  const max = port(text.slice(colon + 1), 0xffff);
  if (max.error !== undefined) return fail(max.error);
  if (min.value > max.value) return fail('invalid portrange (min > max)');
  return ok({ min: min.value, max: max.value });
}

export function portInRange(range: PortRange, port: number): boolean {
  return port >= range.min && port <= range.max;
}

/** Protocol numbers by the names /etc/protocols gives them (the ones a scenario may plausibly name). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
  udplite: 136,
};

/** `-p NAME|NUMBER` (xtables_parse_protocol); names are case-insensitive. */
export function parseProtocol(text: string): number | undefined {
  const number = parseNumber(text, 0, 255);
  if (number !== undefined) return number;
  const lower = text.toLowerCase();
  return Object.hasOwn(PROTOCOLS, lower) ? PROTOCOLS[lower] : undefined;
}

export const IPPROTO = { icmp: 1, tcp: 6, udp: 17 } as const;

export interface AddressMask {
  readonly address: Ipv4;
  readonly mask: number;
}

function cidrMask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/**
 * `ADDR[/BITS|/DOTTED-MASK]`. iptables would also resolve host names and read
 * abbreviated or octal forms (`10.1`, `010.0.0.1`); we take dotted quads
 * only, and the idiom `0/0`.
 */
export function parseAddressMask(text: string): Parsed<AddressMask> {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = addressText === '0' && slash >= 0 ? 0 : parseIpv4(addressText);
  if (address === undefined) {
    return fail(`host/network \`${addressText}' not found: write a dotted-quad IPv4 address like 10.0.0.1`);
  }
  if (slash < 0) return ok({ address, mask: 0xffffffff });
  const maskText = text.slice(slash + 1);
  let mask: number | undefined;
  if (maskText.includes('.')) mask = parseIpv4(maskText);
  else {
    const bits = parseNumber(maskText, 0, 32);
    mask = bits === undefined ? undefined : cidrMask(bits);
  }
  if (mask === undefined) return fail(`invalid mask \`${maskText}' specified`);
  return ok({ address: (address & mask) >>> 0, mask });
}

export function addressMatches(spec: AddressMask, address: Ipv4): boolean {
  return ((address & spec.mask) >>> 0) === spec.address;
}

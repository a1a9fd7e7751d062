/**
 * IPv4 addresses as unsigned 32-bit numbers, prefixes, and `ip addr` notation.
 * Everything here is pure and total: parsers return `undefined` for bad text
 * and leave the wording of the error to the caller, who knows where the text was.
 */

/** An IPv4 address as an unsigned 32-bit integer (network order read as a number). */
export type Ipv4 = number;

/** A network: the address has every host bit cleared. */
export interface Prefix {
  readonly address: Ipv4;
  readonly length: number;
}

/** An address assigned to an interface, as `ip addr add 192.168.1.10/24` writes it. */
export interface InterfaceAddress {
  readonly address: Ipv4;
  readonly prefixLength: number;
}

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * A dotted quad: four decimal octets of one to three digits, no leading
 * zero (`01` is refused rather than read as octal), each at most 255.
 * Read character by character: a node's dump holds hundreds of thousands.
 */
export function parseIpv4(text: string): Ipv4 | undefined {
  const length = text.length;
  let value = 0;
  let octets = 0;
  let i = 0;
  for (;;) {
    const start = i;
    let octet = 0;
    while (i < length) {
      const ch = text.charCodeAt(i);
      if (ch < ZERO || ch > NINE) break;
      octet = octet * 10 + (ch - ZERO);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === ZERO) || octet > 255) return undefined;
    value = value * 256 + octet;
    if (++octets === 4) return i === length ? value >>> 0 : undefined;
    if (i === length || text.charCodeAt(i) !== DOT) return undefined;
    i++;
  }
}

export function formatIpv4(address: Ipv4): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

export function netmask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export function networkOf(address: Ipv4, length: number): Ipv4 {
  return (address & netmask(length)) >>> 0;
}

export function prefixContains(prefix: Prefix, address: Ipv4): boolean {
  return networkOf(address, prefix.length) === prefix.address;
}

function splitSlash(text: string): { address: Ipv4; length: number | undefined } | undefined {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  if (slash < 0) return { address, length: undefined };
  const lengthText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]?)$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  return length > 32 ? undefined : { address, length };
}

/**
 * `10.0.0.0/8`, or a bare address meaning /32. Host bits are cleared, as
 * `ip route` and iptables do (`-s 10.1.2.3/8` is listed as `10.0.0.0/8`).
 */
export function parsePrefix(text: string): Prefix | undefined {
  const parsed = splitSlash(text);
  if (!parsed) return undefined;
  const length = parsed.length ?? 32;
  return { address: networkOf(parsed.address, length), length };
}

/** True when `text` names a network with no host bits set (what `ip route` insists on). */
export function isExactPrefix(text: string): boolean {
  const parsed = splitSlash(text);
  if (!parsed) return false;
  const length = parsed.length ?? 32;
  return networkOf(parsed.address, length) === parsed.address;
}

/** `192.168.1.10/24` as `ip addr` takes it; a bare address is /32. */
export function parseInterfaceAddress(text: string): InterfaceAddress | undefined {
  const parsed = splitSlash(text);
  if (!parsed) return undefined;
  return { address: parsed.address, prefixLength: parsed.length ?? 32 };
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIpv4(prefix.address)}/${prefix.length}`;
}

export function formatInterfaceAddress(value: InterfaceAddress): string {
  return `${formatIpv4(value.address)}/${value.prefixLength}`;
}

export function prefixOfInterfaceAddress(value: InterfaceAddress): Prefix {
  return { address: networkOf(value.address, value.prefixLength), length: value.prefixLength };
}

/** The subnet-directed broadcast address of an interface address (none for /31 and /32). */
export function broadcastOf(value: InterfaceAddress): Ipv4 | undefined {
  if (value.prefixLength >= 31) return undefined;
  return (networkOf(value.address, value.prefixLength) | ~netmask(value.prefixLength)) >>> 0;
}

export const LIMITED_BROADCAST: Ipv4 = 0xffffffff;
export const LOOPBACK_PREFIX: Prefix = { address: 0x7f000000, length: 8 };
export const LOOPBACK_ADDRESS: Ipv4 = 0x7f000001;

export function isLoopback(address: Ipv4): boolean {
  return address >>> 24 === 127;
}

export function isMulticast(address: Ipv4): boolean {
  return address >>> 28 === 0xe;
}

export function isZeronet(address: Ipv4): boolean {
  return address >>> 24 === 0;
}

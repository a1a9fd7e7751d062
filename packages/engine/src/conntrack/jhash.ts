/**
 * Bob Jenkins' lookup3 hash over 32-bit words (public domain), as the
 * kernel's jhash2() in include/linux/jhash.h computes it. NAT uses it,
 * unseeded, to pick an address from a range, so the same client always gets
 * the same address (find_best_ips_proto in net/netfilter/nf_nat_core.c).
 */
import type { Ipv4 } from '../net/ipv4.js';

const INITVAL = 0xdeadbeef;

function rotate(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

type State = [number, number, number];

/** lookup3's mix(): three words mixed reversibly. */
function mix([a, b, c]: State): State {
  a = (a - c) >>> 0; a = (a ^ rotate(c, 4)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rotate(a, 6)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rotate(b, 8)) >>> 0; b = (b + a) >>> 0;
  a = (a - c) >>> 0; a = (a ^ rotate(c, 16)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rotate(a, 19)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rotate(b, 4)) >>> 0; b = (b + a) >>> 0;
  return [a, b, c];
}

/** lookup3's final(): folds the three words into c. */
function final([a, b, c]: State): number {
  c = (c ^ b) >>> 0; c = (c - rotate(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rotate(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rotate(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rotate(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rotate(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rotate(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rotate(b, 24)) >>> 0;
  return c;
}

/** jhash2(k, length, initval): hashes `words` (unsigned 32-bit) with `initval`. */
export function jhash2(words: readonly number[], initval: number): number {
  let length = words.length;
  const start = (INITVAL + length * 4 + initval) >>> 0;
  let state: State = [start, start, start];
  let at = 0;
  while (length > 3) {
    state = mix([(state[0] + words[at]!) >>> 0, (state[1] + words[at + 1]!) >>> 0, (state[2] + words[at + 2]!) >>> 0]);
    length -= 3;
    at += 3;
  }
  if (length === 0) return state[2];
  const [a, b, c] = state;
  return final([
    (a + words[at]!) >>> 0,
    length >= 2 ? (b + words[at + 1]!) >>> 0 : b,
    length === 3 ? (c + words[at + 2]!) >>> 0 : c,
  ]);
}

/**
 * An IPv4 address as the kernel's hash reads it: the four bytes in network
 * order, loaded as a 32-bit word by a little-endian CPU (x86, arm64).
 */
export function hostWordOf(address: Ipv4): number {
  return (((address & 0xff) << 24) | (((address >>> 8) & 0xff) << 16) | (((address >>> 16) & 0xff) << 8) | (address >>> 24)) >>> 0;
}

/** reciprocal_scale(value, range): maps a 32-bit value onto [0, range) by its high bits. */
export function reciprocalScale(value: number, range: number): number {
  return Number((BigInt(value >>> 0) * BigInt(range >>> 0)) >> 32n);
}

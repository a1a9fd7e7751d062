/** Digests against the published test vectors (FIPS 180-4 examples, RFC 4648 §10). */
import { describe, expect, it } from 'vitest';
import { base32, hex, sha256, sha512 } from './hash.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('of %j', (text, digest) => {
    expect(hex(sha256(text))).toBe(digest);
  });
});

describe('sha512', () => {
  it.each([
    ['', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
    ['abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ])('of %j', (text, digest) => {
    expect(hex(sha512(text))).toBe(digest);
  });

  it('of a message that needs a second block', () => {
    expect(hex(sha512('a'.repeat(112)))).toBe(
      'c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568b88fd2d970929b719ecbb152f58f130a407c8830604b70ca',
    );
  });
});

describe('base32', () => {
  it.each([
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('of %j (RFC 4648, padding left off)', (text, encoded) => {
    expect(base32(ascii(text))).toBe(encoded);
  });
});

describe('sha256 beyond the FIPS examples (reference: node:crypto)', () => {
  it.each([
    ['é', '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c'],
    ['a'.repeat(200), 'c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5'],
  ])('of %j, its UTF-8 bytes, over several blocks', (text, digest) => {
    expect(hex(sha256(text))).toBe(digest);
  });

  it('gives the same digest when called again (its scratch space is reset)', () => {
    const first = hex(sha256('ns1/svc1:p80tcp'));
    sha256('a'.repeat(300));
    expect(hex(sha256('ns1/svc1:p80tcp'))).toBe(first);
  });
});

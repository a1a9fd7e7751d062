import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  formatIpv4,
  formatPrefix,
  isExactPrefix,
  parseInterfaceAddress,
  parseIpv4,
  parsePrefix,
  prefixContains,
} from './ipv4.js';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    ['192.168.1.10', 0xc0a8010a],
    ['100.200.9.250', 0x64c809fa],
    ['1.0.0.0', 0x01000000],
  ])('reads %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.-4',
    '',
    'a.b.c.d',
    '1..2.3',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.4.',
    '.1.2.3',
    '1.2.3.0255',
    '1.2.3.1000',
    '0.0.0.00',
    '+1.2.3.4',
    '1.2.3.4/32',
    '1.2.3.２',
  ])(
    'rejects %j',
    (text) => expect(parseIpv4(text)).toBeUndefined(),
  );
});

describe('prefixes', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.1.2.3/8', '10.0.0.0/8', false],
    ['10.1.2.3', '10.1.2.3/32', true],
    ['0.0.0.0/0', '0.0.0.0/0', true],
  ])('%s reads as %s (exact: %s)', (text, canonical, exact) => {
    expect(formatPrefix(parsePrefix(text)!)).toBe(canonical);
    expect(isExactPrefix(text)).toBe(exact);
  });

  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1'])('rejects %j', (text) =>
    expect(parsePrefix(text)).toBeUndefined(),
  );

  it.each([
    ['192.168.1.0/24', '192.168.1.255', true],
    ['192.168.1.0/24', '192.168.2.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['10.0.0.5/32', '10.0.0.5', true],
    ['10.0.0.5/32', '10.0.0.4', false],
  ])('%s contains %s: %s', (prefix, address, expected) => {
    expect(prefixContains(parsePrefix(prefix)!, parseIpv4(address)!)).toBe(expected);
  });
});

describe('interface addresses', () => {
  it('keeps the host part, as ip addr does', () => {
    expect(parseInterfaceAddress('192.168.1.10/24')).toEqual({ address: 0xc0a8010a, prefixLength: 24 });
  });

  it.each([
    ['192.168.1.10/24', '192.168.1.255'],
    ['10.0.0.1/8', '10.255.255.255'],
    ['10.0.0.1/31', undefined],
    ['10.0.0.1/32', undefined],
  ])('broadcast of %s is %s', (text, expected) => {
    const value = broadcastOf(parseInterfaceAddress(text)!);
    expect(value === undefined ? undefined : formatIpv4(value)).toBe(expected);
  });
});

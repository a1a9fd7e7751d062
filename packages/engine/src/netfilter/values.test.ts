import { describe, expect, it } from 'vitest';
import { ip } from './test-support.js';
import { parseAddressMask, parseMarkMask, parseNumber, parsePort, parsePortRange, parseProtocol } from './values.js';

describe('parseNumber reads like strtoul with base 0', () => {
  it.each([
    ['decimal', '80', 80],
    ['hexadecimal', '0x4000', 0x4000],
    ['upper-case hex prefix', '0X1f', 31],
    ['octal after a leading zero', '010', 8],
    ['zero', '0', 0],
    ['the largest 32-bit value', '4294967295', 0xffffffff],
  ])('%s: %s is %d', (_name, text, value) => {
    expect(parseNumber(text, 0, 0xffffffff)).toBe(value);
  });

  it.each([['-1'], [''], ['08'], ['1e3'], [' 1'], ['1 '], ['+1'], ['1.5'], ['12a'], ['0x'], ['4294967296']])('refuses %j', (text) => {
    expect(parseNumber(text, 0, 0xffffffff)).toBeUndefined();
  });
});

describe('parseMarkMask', () => {
  it.each([
    ['a bare value has a full mask', '5', { value: 5, mask: 0xffffffff }],
    ['value and mask', '0x4000/0x4000', { value: 0x4000, mask: 0x4000 }],
    ['a value outside its mask is kept as given', '0x5/0x4', { value: 5, mask: 4 }],
  ])('%s', (_name, text, expected) => {
    expect(parseMarkMask(text)).toEqual(expected);
  });

  it.each([['foo'], ['1/'], ['0x100000000']])('refuses %j', (text) => {
    expect(parseMarkMask(text)).toBeUndefined();
  });
});

describe('ports', () => {
  it.each([
    ['a number', '443', 'tcp', 443],
    ['a service name, as /etc/services has it', 'http', 'tcp', 80],
    ['a udp-only service under udp', 'ntp', 'udp', 123],
  ] as const)('%s', (_name, text, proto, port) => {
    expect(parsePort(text, proto)).toBe(port);
  });

  it('does not know a udp-only service under tcp (getservbyname is per protocol)', () => {
    expect(parsePort('ntp', 'tcp')).toBeUndefined();
  });

  it.each([
    ['one port', '80', { min: 80, max: 80 }],
    ['a range', '1000:2000', { min: 1000, max: 2000 }],
    ['an open top', '1024:', { min: 1024, max: 65535 }],
    ['an open bottom', ':1023', { min: 0, max: 1023 }],
  ])('port range: %s', (_name, text, range) => {
    expect(parsePortRange(text, 'tcp')).toEqual({ value: range });
  });

  it('refuses a reversed range with iptables’ words', () => {
    expect(parsePortRange('90:80', 'tcp')).toEqual({ error: 'invalid portrange (min > max)' });
  });
});

describe('parseProtocol', () => {
  it.each([
    ['tcp', 6],
    ['TCP', 6],
    ['udp', 17],
    ['icmp', 1],
    ['all', 0],
    ['6', 6],
    ['0', 0],
    ['47', 47],
    ['gre', 47],
  ])('%s is %d', (text, number) => {
    expect(parseProtocol(text)).toBe(number);
  });

  it.each([['foo'], ['256']])('refuses %s', (text) => {
    expect(parseProtocol(text)).toBeUndefined();
  });
});

describe('parseAddressMask', () => {
  it.each([
    ['a bare address is /32', '10.0.0.1', '10.0.0.1', 0xffffffff],
    ['a prefix', '10.0.0.0/8', '10.0.0.0', 0xff000000],
    ['host bits are cleared, as iptables-save shows (-s 10.1.2.3/8 → 10.0.0.0/8)', '10.1.2.3/8', '10.0.0.0', 0xff000000],
    ['a dotted mask', '10.0.0.0/255.255.0.0', '10.0.0.0', 0xffff0000],
    ['a non-contiguous dotted mask is kept', '10.0.0.0/255.0.255.0', '10.0.0.0', 0xff00ff00],
    ['/0 matches everything', '0.0.0.0/0', '0.0.0.0', 0],
    ['any address with /0 is everything', '1.2.3.4/0', '0.0.0.0', 0],
    ['the idiom 0/0', '0/0', '0.0.0.0', 0],
  ])('%s', (_name, text, address, mask) => {
    expect(parseAddressMask(text)).toEqual({ value: { address: ip(address), mask } });
  });
});

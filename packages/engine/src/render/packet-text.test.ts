import { describe, expect, it } from 'vitest';
import { ctTupleText, errnoText, headerText, icmpName, packetKind } from './packet-text.js';

describe('icmpName', () => {
  // RFC 792 types and codes; the numbers as `-m icmp --icmp-type TYPE/CODE` takes them.
  it.each([
    [8, 0, 'echo request'],
    [0, 0, 'echo reply'],
    [3, 0, 'net unreachable (3/0)'],
    [3, 1, 'host unreachable (3/1)'],
    [3, 3, 'port unreachable (3/3)'],
    [3, 4, 'fragmentation needed (3/4)'],
    [3, 13, 'admin prohibited (3/13)'],
    [11, 0, 'time exceeded in transit (11/0)'],
    [5, 1, 'redirect host (5/1)'],
    [13, 0, 'icmp type 13 code 0'],
  ])('type %i code %i is %s', (type, code, words) => {
    expect(icmpName(type, code)).toBe(words);
  });
});

describe('headerText and packetKind', () => {
  it.each([
    ['tcp', { proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'SYN-ACK' }, '10.0.0.1:40000 → 10.0.0.2:80', 'SYN-ACK'],
    ['udp', { proto: 'udp', src: '10.0.0.1', dst: '10.0.0.2', sport: 5353, dport: 53 }, '10.0.0.1:5353 → 10.0.0.2:53', 'udp'],
    ['echo', { proto: 'icmp', src: '10.0.0.1', dst: '10.0.0.2', type: 8, code: 0, id: 7 }, '10.0.0.1 → 10.0.0.2 echo request id 7', ''],
    [
      'an error names the packet it is about',
      { proto: 'icmp', src: '10.0.0.254', dst: '10.0.0.1', type: 11, code: 0, inner: { proto: 'tcp', src: '10.0.0.1', dst: '10.9.9.9', sport: 40000, dport: 443 } },
      '10.0.0.254 → 10.0.0.1 time exceeded in transit (11/0) for tcp 10.0.0.1:40000 → 10.9.9.9:443',
      '',
    ],
  ])('%s', (_name, header, text, kind) => {
    expect(headerText(header)).toBe(text);
    expect(packetKind(header)).toBe(kind);
  });
});

describe('ctTupleText and errnoText', () => {
  it('writes conntrack tuples in arrow form', () => {
    expect(ctTupleText({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2 })).toBe('10.0.0.1:1 → 10.0.0.2:2');
    expect(ctTupleText({ src: '10.0.0.1', dst: '10.0.0.2', type: 8, code: 0, id: 9 })).toBe('10.0.0.1 → 10.0.0.2 id 9');
  });

  it("adds strerror()'s words to the errno names a socket reports", () => {
    expect(errnoText('EHOSTUNREACH')).toBe('EHOSTUNREACH (No route to host)');
    expect(errnoText('EWHATEVER')).toBe('EWHATEVER');
  });
});

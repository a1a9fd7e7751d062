import { describe, expect, it } from 'vitest';
import { echo, icmpError, ip, tcp, udp } from './packets.fixture.js';
import { icmpCanOpen, invertTuple, isIcmpErrorType, tupleKey, tupleOf, tuplesEqual } from './tuple.js';

describe('tupleOf', () => {
  it.each([
    ['tcp', tcp('10.0.0.1:40000', '10.0.0.2:80', 'S', 1), { proto: 'tcp', src: ip('10.0.0.1'), dst: ip('10.0.0.2'), sport: 40000, dport: 80 }],
    ['udp', udp('10.0.0.1:5353', '10.0.0.2:53'), { proto: 'udp', src: ip('10.0.0.1'), dst: ip('10.0.0.2'), sport: 5353, dport: 53 }],
    ['icmp echo request', echo('10.0.0.1', '10.0.0.2', 7), { proto: 'icmp', src: ip('10.0.0.1'), dst: ip('10.0.0.2'), id: 7, type: 8, code: 0 }],
  ])('%s: addresses and ports (icmp: id, type, code)', (_name, packet, expected) => {
    expect(tupleOf(packet)).toEqual(expected);
  });
});

describe('invertTuple', () => {
  it('swaps addresses and ports of tcp/udp', () => {
    expect(invertTuple(tupleOf(udp('10.0.0.1:5353', '10.0.0.2:53'))!)).toEqual(tupleOf(udp('10.0.0.2:53', '10.0.0.1:5353')));
  });

  // nf_conntrack_proto_icmp.c invmap: request <-> reply, the id stays.
  it.each([
    [8, 0],
    [0, 8],
    [13, 14],
    [15, 16],
    [17, 18],
  ])('icmp type %i turns into type %i with the same id', (type, inverse) => {
    const inverted = invertTuple(tupleOf(echo('10.0.0.1', '10.0.0.2', 9, type))!);
    expect(inverted).toEqual({ proto: 'icmp', src: ip('10.0.0.2'), dst: ip('10.0.0.1'), id: 9, type: inverse, code: 0 });
  });

  it.each([3, 5, 9, 11])('icmp type %i has no inverse', (type) => {
    expect(invertTuple({ proto: 'icmp', src: 1, dst: 2, id: 0, type, code: 0 })).toBeUndefined();
  });
});

describe('tuple identity', () => {
  it('equal tuples share a key; a different port makes a different key', () => {
    const a = tupleOf(tcp('10.0.0.1:40000', '10.0.0.2:80', 'S', 1))!;
    const b = tupleOf(tcp('10.0.0.1:40000', '10.0.0.2:80', 'A', 99))!;
    const c = tupleOf(tcp('10.0.0.1:40001', '10.0.0.2:80', 'S', 1))!;
    expect(tupleKey(a)).toBe(tupleKey(b));
    expect(tuplesEqual(a, b)).toBe(true);
    expect(tuplesEqual(a, c)).toBe(false);
  });

  it('an icmp error has a tuple of its own but is not a connection opener', () => {
    const error = icmpError('10.0.0.9', '10.0.0.1', 3, 3, udp('10.0.0.1:5353', '10.0.0.2:53'));
    expect(tupleOf(error)).toMatchObject({ proto: 'icmp', type: 3, code: 3, id: 0 });
    expect(isIcmpErrorType(3)).toBe(true);
    expect(icmpCanOpen(3)).toBe(false);
  });
});

describe('ICMP types (icmp_is_err, valid_new)', () => {
  it.each([
    [0, false, false],
    [3, true, false],
    [4, true, false],
    [5, true, false],
    [8, false, true],
    [11, true, false],
    [12, true, false],
    [13, false, true],
  ])('type %i: error %s, opens a connection %s', (type, error, opens) => {
    expect(isIcmpErrorType(type)).toBe(error);
    expect(icmpCanOpen(type)).toBe(opens);
  });
});

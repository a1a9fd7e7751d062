/** -m icmp --icmp-type (icmp_match in ip_tables.c). */
import { describe, expect, it } from 'vitest';
import { context, ruleMatches, ruleOf } from '../test-support.js';
import { parseIcmpType } from './icmp.js';

describe('icmp match', () => {
  it.each<[string, string, number, number, boolean]>([
    ['by name', 'echo-request', 8, 0, true],
    ['by name, another type', 'echo-request', 0, 0, false],
    ['the alias ping', 'ping', 8, 0, true],
    ['an abbreviation', 'echo-req', 8, 0, true],
    ['a name standing for one code', 'port-unreachable', 3, 3, true],
    ['a name standing for one code, another code', 'port-unreachable', 3, 1, false],
    ['a name standing for every code', 'destination-unreachable', 3, 13, true],
    ['a number means every code', '3', 3, 9, true],
    ['type/code', '3/4', 3, 4, true],
    ['type/code, another code', '3/4', 3, 3, false],
    ['any', 'any', 11, 0, true],
    ['names are case-insensitive', 'Echo-Reply', 0, 0, true],
  ])('%s', (_name, type, packetType, packetCode, expected) => {
    const rule = ruleOf(`-A INPUT -p icmp --icmp-type ${type} -j ACCEPT`);
    expect(ruleMatches(rule, context({ proto: 'icmp', type: packetType, code: packetCode }))).toBe(expected);
  });

  it('negates with !', () => {
    const rule = ruleOf('-A INPUT -p icmp -m icmp ! --icmp-type 8 -j ACCEPT');
    expect(ruleMatches(rule, context({ proto: 'icmp', type: 0 }))).toBe(true);
    expect(ruleMatches(rule, context({ proto: 'icmp', type: 8 }))).toBe(false);
  });

  it('matches every icmp packet without --icmp-type', () => {
    expect(ruleMatches(ruleOf('-A INPUT -p icmp -m icmp -j ACCEPT'), context({ proto: 'icmp', type: 11 }))).toBe(true);
  });

  it('says which names an ambiguous prefix could be (iptables-restore: the same words)', () => {
    expect(parseIcmpType('p')).toEqual({ error: "Ambiguous ICMP type `p': `pong' or `protocol-unreachable'?" });
  });
});

/** -m multiport (xt_multiport.c revision 1). */
import { describe, expect, it } from 'vitest';
import { context, ruleMatches, ruleOf, type ContextSpec } from '../test-support.js';

describe('multiport match', () => {
  it.each<[string, string, ContextSpec, boolean]>([
    ['--dports list, listed', '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT', { dport: 443 }, true],
    ['--dports list, not listed', '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT', { dport: 8080 }, false],
    ['--dports with a range', '-A INPUT -p tcp -m multiport --dports 80,8000:8080 -j ACCEPT', { dport: 8042 }, true],
    ['long spelling --destination-ports', '-A INPUT -p tcp -m multiport --destination-ports 22 -j ACCEPT', { dport: 22 }, true],
    ['--sports', '-A INPUT -p udp -m multiport --sports 53,123 -j ACCEPT', { proto: 'udp', sport: 123 }, true],
    ['! --sports', '-A INPUT -p udp -m multiport ! --sports 53 -j ACCEPT', { proto: 'udp', sport: 53 }, false],
    ['--ports takes the source port', '-A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT', { sport: 2, dport: 80 }, true],
    ['--ports takes the destination port', '-A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT', { sport: 40000, dport: 1 }, true],
    ['--ports, neither', '-A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT', { sport: 40000, dport: 80 }, false],
    ['15 slots with one range is allowed', '-A INPUT -p tcp -m multiport --dports 1:2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT', { dport: 15 }, true],
  ])('%s', (_name, line, spec, expected) => {
    expect(ruleMatches(ruleOf(line), context(spec))).toBe(expected);
  });
});

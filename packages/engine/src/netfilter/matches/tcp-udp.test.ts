/** -m tcp and -m udp, explicit or loaded by -p (xt_tcpudp.c). */
import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../../net/packet.js';
import { context, ruleMatches, ruleOf, type ContextSpec } from '../test-support.js';

const { SYN, ACK, RST, FIN, PSH, URG } = TCP_FLAG;

describe('tcp match', () => {
  it.each<[string, string, ContextSpec, boolean]>([
    ['--dport loaded by -p tcp', '-A INPUT -p tcp --dport 80 -j ACCEPT', { dport: 80 }, true],
    ['--dport, other port', '-A INPUT -p tcp --dport 80 -j ACCEPT', { dport: 81 }, false],
    ['explicit -m tcp', '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT', { dport: 80 }, true],
    ['long spelling --destination-port', '-A INPUT -p tcp --destination-port 80 -j ACCEPT', { dport: 80 }, true],
    ['abbreviated --dp', '-A INPUT -p tcp --dp 80 -j ACCEPT', { dport: 80 }, true],
    ['--dport=80', '-A INPUT -p tcp --dport=80 -j ACCEPT', { dport: 80 }, true],
    ['a service name', '-A INPUT -p tcp --dport https -j ACCEPT', { dport: 443 }, true],
    ['a range, low end', '-A INPUT -p tcp --dport 1000:2000 -j ACCEPT', { dport: 1000 }, true],
    ['a range, high end', '-A INPUT -p tcp --dport 1000:2000 -j ACCEPT', { dport: 2000 }, true],
    ['a range, beyond', '-A INPUT -p tcp --dport 1000:2000 -j ACCEPT', { dport: 2001 }, false],
    ['an open range 80: as iptables-save shows 80:65535', '-A INPUT -p tcp --dport 80: -j ACCEPT', { dport: 65535 }, true],
    ['! --sport range', '-A INPUT -p tcp ! --sport 1:1023 -j ACCEPT', { sport: 40000 }, true],
    ['! --sport range, inside', '-A INPUT -p tcp ! --sport 1:1023 -j ACCEPT', { sport: 22 }, false],
    ['both ports', '-A INPUT -p tcp --sport 22 --dport 80 -j ACCEPT', { sport: 22, dport: 80 }, true],
    ['--syn on SYN', '-A INPUT -p tcp --syn -j ACCEPT', { flags: SYN }, true],
    ['--syn on SYN-ACK', '-A INPUT -p tcp --syn -j ACCEPT', { flags: SYN | ACK }, false],
    ['! --syn on ACK', '-A INPUT -p tcp ! --syn -j ACCEPT', { flags: ACK }, true],
    ['--syn ignores PSH (not under the mask)', '-A INPUT -p tcp --syn -j ACCEPT', { flags: SYN | PSH }, true],
    ['--tcp-flags SYN,ACK SYN,ACK on SYN-ACK', '-A INPUT -p tcp --tcp-flags SYN,ACK SYN,ACK -j ACCEPT', { flags: SYN | ACK }, true],
    ['--tcp-flags ALL NONE on a null scan', '-A INPUT -p tcp --tcp-flags ALL NONE -j DROP', { flags: 0 }, true],
    ['! --tcp-flags ALL NONE on SYN', '-A INPUT -p tcp ! --tcp-flags ALL NONE -j DROP', { flags: SYN }, true],
    ['ALL is FIN..URG', '-A INPUT -p tcp --tcp-flags ALL FIN,SYN,RST,PSH,ACK,URG -j DROP', { flags: FIN | SYN | RST | PSH | ACK | URG }, true],
    ['flag names are case-insensitive', '-A INPUT -p tcp --tcp-flags syn,rst rst -j DROP', { flags: RST }, true],
    ['a udp packet never meets the tcp match', '-A INPUT -p tcp -j ACCEPT', { proto: 'udp' }, false],
  ])('%s', (_name, line, spec, expected) => {
    expect(ruleMatches(ruleOf(line), context(spec))).toBe(expected);
  });
});

describe('udp match', () => {
  it.each<[string, string, ContextSpec, boolean]>([
    ['--dport loaded by -p udp', '-A INPUT -p udp --dport 53 -j ACCEPT', { proto: 'udp', dport: 53 }, true],
    ['--sport', '-A INPUT -p udp -m udp --sport 53 -j ACCEPT', { proto: 'udp', sport: 53 }, true],
    ['a service name', '-A INPUT -p udp --dport domain -j ACCEPT', { proto: 'udp', dport: 53 }, true],
    ['an open bottom :100, as iptables-save shows 0:100', '-A INPUT -p udp --sport :100 -j ACCEPT', { proto: 'udp', sport: 0 }, true],
    ['! --dport', '-A INPUT -p udp ! --dport 53 -j ACCEPT', { proto: 'udp', dport: 53 }, false],
  ])('%s', (_name, line, spec, expected) => {
    expect(ruleMatches(ruleOf(line), context(spec))).toBe(expected);
  });
});

describe('which match an option lands in', () => {
  it('loads the protocol match once, for the first option nothing else owns', () => {
    expect(ruleOf('-A INPUT -p tcp --dport 3 -m comment --comment x --sport 4 -j ACCEPT').matches.map((m) => m.name)).toEqual(['ip', 'tcp', 'comment']);
  });

  it('starts a new instance for a second -m tcp', () => {
    const rule = ruleOf('-A INPUT -p tcp -m tcp --dport 1 -m tcp --dport 2 -j ACCEPT');
    expect(rule.matches.map((m) => m.name)).toEqual(['ip', 'tcp', 'tcp']);
    expect(ruleMatches(rule, context({ dport: 1 }))).toBe(false);
  });

  it('hands --dport to multiport when multiport is loaded: it abbreviates --dports', () => {
    expect(ruleOf('-A INPUT -p tcp -m multiport --dport 1,2 -j ACCEPT').matches.map((m) => m.name)).toEqual(['ip', 'multiport']);
  });
});

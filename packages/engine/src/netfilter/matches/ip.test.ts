/** The built-in header match: -s, -d, -p, -i, -o (ip_packet_match). */
import { describe, expect, it } from 'vitest';
import { context, ruleMatches, ruleOf, type ContextSpec } from '../test-support.js';

describe('header match', () => {
  it.each<[string, string, ContextSpec, boolean]>([
    ['-s prefix, inside', '-A INPUT -s 10.0.0.0/8 -j ACCEPT', { src: '10.1.2.3' }, true],
    ['-s prefix, outside', '-A INPUT -s 10.0.0.0/8 -j ACCEPT', { src: '11.0.0.1' }, false],
    ['! -s prefix, outside', '-A INPUT ! -s 10.0.0.0/8 -j ACCEPT', { src: '11.0.0.1' }, true],
    ['! -s prefix, inside', '-A INPUT ! -s 10.0.0.0/8 -j ACCEPT', { src: '10.0.0.1' }, false],
    ['-d bare address is /32', '-A INPUT -d 192.168.1.1 -j ACCEPT', { dst: '192.168.1.1' }, true],
    ['-d bare address, neighbour', '-A INPUT -d 192.168.1.1 -j ACCEPT', { dst: '192.168.1.2' }, false],
    ['canonical /32 form', '-A INPUT -d 192.168.1.1/32 -j ACCEPT', { dst: '192.168.1.1' }, true],
    ['dotted non-contiguous mask, inside', '-A INPUT -s 10.0.0.0/255.0.255.0 -j ACCEPT', { src: '10.5.0.7' }, true],
    ['dotted non-contiguous mask, outside', '-A INPUT -s 10.0.0.0/255.0.255.0 -j ACCEPT', { src: '10.5.1.7' }, false],
    ['-p tcp on tcp', '-A INPUT -p tcp -j ACCEPT', { proto: 'tcp' }, true],
    ['-p tcp on udp', '-A INPUT -p tcp -j ACCEPT', { proto: 'udp' }, false],
    ['-p 17 on udp', '-A INPUT -p 17 -j ACCEPT', { proto: 'udp' }, true],
    ['-p 1 on icmp', '-A INPUT -p 1 -j ACCEPT', { proto: 'icmp' }, true],
    ['! -p icmp on tcp', '-A INPUT ! -p icmp -j ACCEPT', { proto: 'tcp' }, true],
    ['! -p icmp on icmp', '-A INPUT ! -p icmp -j ACCEPT', { proto: 'icmp' }, false],
    ['-p all on icmp', '-A INPUT -p all -j ACCEPT', { proto: 'icmp' }, true],
    ['-p gre never meets tcp', '-A INPUT -p gre -j ACCEPT', { proto: 'tcp' }, false],
    ['-i prefix', '-A INPUT -i eth+ -j ACCEPT', { inIface: 'eth0' }, true],
    ['-i prefix, other name', '-A INPUT -i eth+ -j ACCEPT', { inIface: 'wlan0' }, false],
    ['-i exact', '-A INPUT -i eth0 -j ACCEPT', { inIface: 'eth0' }, true],
    ['-i exact is not a prefix', '-A INPUT -i eth -j ACCEPT', { inIface: 'eth0' }, false],
    ['-i exact, longer name', '-A INPUT -i eth0 -j ACCEPT', { inIface: 'eth00' }, false],
    ['! -i with no input interface (an empty name differs)', '-A FORWARD ! -i eth0 -j ACCEPT', {}, true],
    ['-i with no input interface', '-A FORWARD -i eth0 -j ACCEPT', {}, false],
    ['-o exact', '-A FORWARD -o wan -j ACCEPT', { outIface: 'wan' }, true],
    ['! -o prefix', '-A FORWARD ! -o br-+ -j ACCEPT', { outIface: 'br-lan' }, false],
    ['everything at once', '-A FORWARD -s 10.0.0.0/8 -d 1.2.3.4 -i lan -o wan -p udp -j ACCEPT', { src: '10.9.9.9', dst: '1.2.3.4', inIface: 'lan', outIface: 'wan', proto: 'udp' }, true],
    ['everything but one', '-A FORWARD -s 10.0.0.0/8 -d 1.2.3.4 -i lan -o wan -p udp -j ACCEPT', { src: '10.9.9.9', dst: '1.2.3.4', inIface: 'lan', outIface: 'wan', proto: 'tcp' }, false],
  ])('%s', (_name, line, spec, expected) => {
    expect(ruleMatches(ruleOf(line), context(spec))).toBe(expected);
  });

  it.each([['-A INPUT -s 0/0 -j ACCEPT'], ['-A INPUT -p all -j ACCEPT'], ['-A INPUT -i + -j ACCEPT'], ['-A INPUT -j ACCEPT']])(
    'adds no header test when %s tests nothing',
    (line) => {
      expect(ruleOf(line).matches).toEqual([]);
    },
  );

  it('puts the header test before every -m match, as the kernel tests it first', () => {
    expect(ruleOf('-A INPUT -m comment --comment x -s 1.2.3.4 -j ACCEPT').matches.map((m) => m.name)).toEqual(['ip', 'comment']);
  });
});

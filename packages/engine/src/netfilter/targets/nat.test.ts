/** DNAT, SNAT, MASQUERADE, REDIRECT: the range each names (libxt_NAT.c syntax). */
import { describe, expect, it } from 'vitest';
import { context, ip, ruleOf } from '../test-support.js';
import type { NatRange } from '../types.js';

const FLAGS = { random: false, randomFully: false, persistent: false };

function rangeOf(line: string): unknown {
  return ruleOf(line, 'nat').target!.apply({ ...context(), ctmark: 0 });
}

describe('NAT targets', () => {
  it.each<[string, string, 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT', NatRange]>([
    ['DNAT to an address and port', '-A PREROUTING -p tcp -j DNAT --to-destination 10.244.1.5:8080', 'DNAT', { minAddress: ip('10.244.1.5'), maxAddress: ip('10.244.1.5'), minPort: 8080, maxPort: 8080, ...FLAGS }],
    ['DNAT to an address only keeps the port', '-A PREROUTING -j DNAT --to-destination 1.2.3.4', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), ...FLAGS }],
    ['DNAT to ranges', '-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-1.2.3.9:80-90', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.9'), minPort: 80, maxPort: 90, ...FLAGS }],
    ['DNAT to a port only', '-A PREROUTING -p tcp -j DNAT --to-destination :80', 'DNAT', { minPort: 80, maxPort: 80, ...FLAGS }],
    ['DNAT with --random --persistent', '-A PREROUTING -p udp -j DNAT --to-destination 1.2.3.4:53 --random --persistent', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), minPort: 53, maxPort: 53, random: true, randomFully: false, persistent: true }],
    ['DNAT abbreviated --to', '-A OUTPUT -j DNAT --to 1.2.3.4', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), ...FLAGS }],
    ['DNAT of ICMP may map the echo id', '-A PREROUTING -p icmp -j DNAT --to-destination 1.2.3.4:80', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), minPort: 80, maxPort: 80, ...FLAGS }],
    ['a port as a service name', '-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:http', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), minPort: 80, maxPort: 80, ...FLAGS }],
    ['a port in hexadecimal, as strtoul reads it', '-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0x50', 'DNAT', { minAddress: ip('1.2.3.4'), maxAddress: ip('1.2.3.4'), minPort: 80, maxPort: 80, ...FLAGS }],
    ['SNAT with a port range', '-A POSTROUTING -p tcp -j SNAT --to-source 5.6.7.8:1000-2000 --random-fully', 'SNAT', { minAddress: ip('5.6.7.8'), maxAddress: ip('5.6.7.8'), minPort: 1000, maxPort: 2000, random: false, randomFully: true, persistent: false }],
    ['SNAT to an address range', '-A POSTROUTING -j SNAT --to-source 5.6.7.8-5.6.7.10', 'SNAT', { minAddress: ip('5.6.7.8'), maxAddress: ip('5.6.7.10'), ...FLAGS }],
    ['SNAT at nat INPUT', '-A INPUT -j SNAT --to-source 5.6.7.8', 'SNAT', { minAddress: ip('5.6.7.8'), maxAddress: ip('5.6.7.8'), ...FLAGS }],
    ['MASQUERADE leaves the address to the hook', '-A POSTROUTING -o wan -j MASQUERADE', 'MASQUERADE', { ...FLAGS }],
    ['MASQUERADE with ports', '-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000 --random', 'MASQUERADE', { minPort: 1000, maxPort: 2000, random: true, randomFully: false, persistent: false }],
    ['MASQUERADE --random-fully', '-A POSTROUTING -j MASQUERADE --random-fully', 'MASQUERADE', { random: false, randomFully: true, persistent: false }],
    ['REDIRECT to a port', '-A PREROUTING -p tcp -j REDIRECT --to-ports 8080', 'REDIRECT', { minPort: 8080, maxPort: 8080, ...FLAGS }],
    ['REDIRECT keeping the port', '-A OUTPUT -p tcp -j REDIRECT', 'REDIRECT', { ...FLAGS }],
  ])('%s', (_name, line, target, range) => {
    expect(rangeOf(line)).toEqual({ kind: 'nat', target, range });
  });
});

import { describe, expect, it } from 'vitest';
import { host, ip } from '../testing/hosts.js';
import { routeInput } from './route-input.js';

const router = host({
  forwarding: true,
  interfaces: { lan: '192.168.1.1/24', wan: '198.51.100.7/24' },
  routes: ['default via 198.51.100.1', 'unreachable 10.66.0.0/16', 'prohibit 10.77.0.0/16', 'blackhole 10.88.0.0/16', '10.99.0.0/16 via 192.168.1.254'],
});
const workstation = host({ interfaces: { eth0: '192.168.1.10/24' }, routes: ['default via 192.168.1.1'] });

describe('routeInput on a forwarding router', () => {
  it.each([
    ['lan', '192.168.1.10', '198.51.100.7', 'local'],
    ['wan', '203.0.113.5', '192.168.1.1', 'local'],
    ['lan', '192.168.1.10', '8.8.8.8', 'forward'],
    ['lan', '192.168.1.10', '10.66.0.1', 'unreachable'],
    ['lan', '192.168.1.10', '10.88.0.1', 'unreachable'],
    ['lan', '192.168.1.1', '8.8.8.8', 'drop'],
    ['wan', '127.0.0.1', '192.168.1.1', 'drop'],
    ['wan', '8.8.8.8', '127.0.0.1', 'drop'],
    ['lan', '0.0.0.0', '192.168.1.1', 'drop'],
    ['lan', '192.168.1.10', '192.168.1.255', 'drop'],
  ])('in %s, %s → %s: %s', (iface, src, dst, kind) => {
    expect(routeInput(router, iface, ip(src), ip(dst)).kind).toBe(kind);
  });

  it.each<[string, number | undefined, string]>([
    ['10.66.0.1', 1, 'unreachable route: ICMP host unreachable'],
    ['10.77.0.1', 13, 'prohibit route: ICMP communication administratively prohibited'],
    ['10.88.0.1', undefined, 'blackhole route: silence'],
  ])('%s answers with code %s (%s)', (dst, code) => {
    const decision = routeInput(router, 'lan', ip('192.168.1.10'), ip(dst));
    expect(decision.kind === 'unreachable' ? decision.code : 'not unreachable').toBe(code);
  });

  it('answers a destination with no route at all with net unreachable', () => {
    const isolated = host({ forwarding: true, interfaces: { a: '10.0.0.1/24', b: '10.0.1.1/24' } });
    const decision = routeInput(isolated, 'a', ip('10.0.0.9'), ip('192.0.2.1'));
    expect(decision).toMatchObject({ kind: 'unreachable', code: 0 });
  });

  it('asks for a redirect when the packet leaves by the interface it came in on towards an on-link gateway', () => {
    expect(routeInput(router, 'lan', ip('192.168.1.10'), ip('10.99.1.1'))).toMatchObject({ kind: 'forward', redirect: true });
    expect(routeInput(router, 'lan', ip('192.168.1.10'), ip('8.8.8.8'))).toMatchObject({ kind: 'forward', redirect: false });
  });
});

describe('routeInput on a host that does not forward', () => {
  it('drops what is not addressed to it', () => {
    expect(routeInput(workstation, 'eth0', ip('192.168.1.20'), ip('8.8.8.8'))).toMatchObject({ kind: 'drop', reason: expect.stringContaining('forwarding is off') });
  });

  it('drops silently even without a route', () => {
    const isolated = host({ interfaces: { eth0: '10.0.0.5/24' } });
    expect(routeInput(isolated, 'eth0', ip('10.0.0.9'), ip('192.0.2.1')).kind).toBe('drop');
  });
});

describe('source validation', () => {
  it.each([
    [0, 'wan', '192.168.1.10', 'local'],
    [1, 'wan', '192.168.1.10', 'drop'],
    [1, 'lan', '192.168.1.10', 'local'],
    [2, 'wan', '192.168.1.10', 'local'],
  ])('rp_filter=%s: %s from %s is %s', (rpFilter, iface, src, kind) => {
    const h = host({ forwarding: true, interfaces: { lan: '192.168.1.1/24', wan: '198.51.100.7/24' }, routes: ['default via 198.51.100.1'], sysctl: { rpFilter: { all: rpFilter as 0 | 1 | 2 } } });
    expect(routeInput(h, iface, ip(src), ip('198.51.100.7')).kind).toBe(kind);
  });

  it('rp_filter=2 drops a source with no route back', () => {
    const h = host({ forwarding: true, interfaces: { lan: '192.168.1.1/24' }, sysctl: { rpFilter: { lan: 2 } } });
    expect(routeInput(h, 'lan', ip('203.0.113.1'), ip('192.168.1.1')).kind).toBe('drop');
  });

  it('treats a packet carrying one of our own addresses as martian unless accept_local', () => {
    expect(routeInput(router, 'lan', ip('198.51.100.7'), ip('192.168.1.1')).kind).toBe('drop');
    const lenient = host({ forwarding: true, interfaces: { lan: '192.168.1.1/24', wan: '198.51.100.7/24' }, sysctl: { acceptLocal: true } });
    expect(routeInput(lenient, 'lan', ip('198.51.100.7'), ip('192.168.1.1')).kind).toBe('local');
  });
});

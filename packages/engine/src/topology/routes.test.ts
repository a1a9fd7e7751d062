import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../net/ipv4.js';
import { host, ip } from '../testing/hosts.js';
import { lookupRoute } from './routes.js';
import { selectSourceAddress } from './source-address.js';

const router = host({
  interfaces: { eth0: ['10.0.0.5/24', '10.0.0.6/24', '192.168.7.1/24'], eth1: '172.16.0.1/16', eth2: '203.0.113.9/32' },
  routes: [
    'default via 10.0.0.1',
    '10.20.0.0/16 via 172.16.0.254',
    '10.20.30.0/24 via 10.0.0.2 src 192.168.7.1',
    '10.20.30.0/24 via 10.0.0.3 metric 5',
    'unreachable 10.66.0.0/16',
    '198.51.100.0/24 dev eth2',
  ],
});

describe('lookupRoute: longest prefix, then metric, local table first', () => {
  it.each([
    ['8.8.8.8', 'default via 10.0.0.1 dev eth0'],
    ['10.0.0.77', '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5'],
    ['10.20.1.1', '10.20.0.0/16 via 172.16.0.254 dev eth1'],
    ['10.20.30.4', '10.20.30.0/24 via 10.0.0.2 dev eth0 src 192.168.7.1'],
    ['10.66.1.1', 'unreachable 10.66.0.0/16'],
    ['10.0.0.6', 'local 10.0.0.6 dev eth0 table local proto kernel scope host src 10.0.0.6'],
    ['127.3.4.5', 'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1'],
    ['10.0.0.255', 'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.5'],
    ['198.51.100.3', '198.51.100.0/24 dev eth2'],
  ])('%s → %s', (dst, text) => {
    expect(lookupRoute(router.routes, ip(dst))?.text).toBe(text);
  });

  it('adds no prefix route for a secondary address or a /32', () => {
    const connected = router.routes.main.filter((r) => r.text.includes('proto kernel')).map((r) => r.text);
    expect(connected).toEqual([
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5',
      '192.168.7.0/24 dev eth0 proto kernel scope link src 192.168.7.1',
      '172.16.0.0/16 dev eth1 proto kernel scope link src 172.16.0.1',
    ]);
  });

  it('finds nothing without a matching route', () => {
    const lonely = host({ interfaces: { eth0: '10.0.0.5/24' } });
    expect(lookupRoute(lonely.routes, ip('8.8.8.8'))).toBeUndefined();
  });
});

describe('selectSourceAddress: route src, else the device address on the next hop subnet', () => {
  it.each([
    ['8.8.8.8', '10.0.0.5', 'the primary address of the gateway subnet'],
    ['10.0.0.77', '10.0.0.5', 'the connected route src, never the secondary'],
    ['10.20.30.4', '192.168.7.1', 'the route src'],
    ['10.20.1.1', '172.16.0.1', 'the address on the gateway device'],
    ['198.51.100.3', '203.0.113.9', 'a /32 on the device still serves as its first address'],
    ['10.0.0.6', '10.0.0.6', 'a local destination gets itself'],
  ])('%s leaves from %s (%s)', (dst, expected) => {
    const r = lookupRoute(router.routes, ip(dst))!;
    expect(formatIpv4(selectSourceAddress(router, r, ip(dst))!)).toBe(expected);
  });

  it('falls back to another interface when the device has no address', () => {
    const h = host({ interfaces: { eth0: [], eth1: '10.9.0.1/24' }, routes: ['192.0.2.0/24 dev eth0'] });
    const r = lookupRoute(h.routes, ip('192.0.2.7'))!;
    expect(formatIpv4(selectSourceAddress(h, r, ip('192.0.2.7'))!)).toBe('10.9.0.1');
  });
});

import { describe, expect, it } from 'vitest';
import { parseInterfaceAddress, parseIpv4, type InterfaceAddress } from '../net/ipv4.js';
import { checkRoutes, type RouteHost } from './routes.js';

const addresses = (...texts: string[]): InterfaceAddress[] => texts.map((t) => parseInterfaceAddress(t)!);

/** The namespace the expectations were observed in (Linux 6.18, `ip route add` one line at a time). */
const HOST: RouteHost = {
  name: 'r',
  interfaces: [
    { name: 'eth0', addresses: addresses('10.0.0.1/24') },
    { name: 'eth1', addresses: addresses('192.168.1.1/24') },
    { name: 'eth2', addresses: addresses('172.16.0.1/32') },
  ],
};

type Expectation = { dev?: string } | { word: string; message: string };
interface Case {
  name: string;
  routes: string[];
  /** About the last route; the earlier ones must be accepted. */
  expect: Expectation;
}

const accepted = (dev?: string): Expectation => (dev === undefined ? {} : { dev });
const refused = (word: string, message: string): Expectation => ({ word, message });

const INVALID_GATEWAY = 'Nexthop has invalid gateway';

const cases: Case[] = [
  { name: 'default route through a neighbour', routes: ['default via 10.0.0.2'], expect: accepted('eth0') },
  { name: 'host bits set in the prefix', routes: ['10.1.0.1/16 via 10.0.0.2'], expect: refused('10.1.0.1/16', 'Invalid prefix for given prefix length') },
  { name: 'prefix length 33', routes: ['10.25.0.0/33 via 10.0.0.2'], expect: refused('10.25.0.0/33', 'is not a destination') },
  { name: 'second default with the same metric, another gateway', routes: ['default via 10.0.0.2', 'default via 10.0.0.3'], expect: refused('default', 'File exists') },
  { name: 'second default with another metric', routes: ['default via 10.0.0.2', 'default via 10.0.0.3 metric 10'], expect: accepted('eth0') },
  { name: 'gateway on no connected subnet', routes: ['10.9.0.0/16 via 8.8.8.8'], expect: refused('8.8.8.8', INVALID_GATEWAY) },
  { name: 'gateway on no subnet of the named device', routes: ['10.9.0.0/16 via 8.8.8.8 dev eth0'], expect: refused('8.8.8.8', INVALID_GATEWAY) },
  { name: 'onlink takes any unicast gateway', routes: ['10.9.0.0/16 via 8.8.8.8 dev eth0 onlink'], expect: accepted('eth0') },
  { name: "gateway in another interface's subnet than dev", routes: ['10.9.0.0/16 via 192.168.1.5 dev eth0'], expect: refused('192.168.1.5', INVALID_GATEWAY) },
  { name: 'unknown device', routes: ['10.9.0.0/16 dev eth9'], expect: refused('eth9', 'Cannot find device "eth9"') },
  { name: 'loopback device', routes: ['10.36.0.0/16 dev lo'], expect: refused('lo', 'not modelled') },
  { name: 'src that is no address of the host', routes: ['10.10.0.0/16 dev eth0 src 1.2.3.4'], expect: refused('1.2.3.4', 'Invalid prefsrc address') },
  { name: "src of another interface is fine", routes: ['10.10.0.0/16 dev eth0 src 192.168.1.1'], expect: accepted('eth0') },
  { name: 'src in 127.0.0.0/8 is local', routes: ['10.31.0.0/16 via 10.0.0.2 src 127.0.0.1'], expect: accepted('eth0') },
  { name: 'src is a network address', routes: ['10.98.0.0/16 dev eth0 src 10.0.0.0'], expect: refused('10.0.0.0', 'Invalid prefsrc address') },
  { name: 'src is a broadcast address', routes: ['10.100.0.0/16 via 10.0.0.2 src 10.0.0.255'], expect: refused('10.0.0.255', 'Invalid prefsrc address') },
  { name: 'same as the connected route', routes: ['10.0.0.0/24 dev eth0'], expect: refused('10.0.0.0/24', 'File exists') },
  { name: 'connected prefix on another device', routes: ['10.0.0.0/24 dev eth1'], expect: refused('10.0.0.0/24', 'File exists') },
  { name: 'connected prefix through a gateway', routes: ['10.0.0.0/24 via 10.0.0.9'], expect: refused('10.0.0.0/24', 'File exists') },
  { name: 'connected prefix with another metric', routes: ['10.0.0.0/24 dev eth0 metric 5'], expect: accepted('eth0') },
  { name: 'gateway is an address of the host itself', routes: ['10.11.0.0/16 via 10.0.0.1'], expect: accepted('eth0') },
  { name: "gateway is the host's own /32 address", routes: ['10.12.0.0/16 via 172.16.0.1'], expect: accepted('eth2') },
  { name: 'gateway is the network address of a subnet', routes: ['10.13.0.0/16 via 10.0.0.0'], expect: accepted('eth0') },
  { name: 'gateway is a subnet broadcast', routes: ['10.14.0.0/16 via 10.0.0.255'], expect: refused('10.0.0.255', INVALID_GATEWAY) },
  { name: "gateway is another subnet's broadcast", routes: ['10.79.0.0/16 via 192.168.1.255'], expect: refused('192.168.1.255', INVALID_GATEWAY) },
  { name: 'gateway is multicast', routes: ['10.15.0.0/16 via 224.0.0.1'], expect: refused('224.0.0.1', INVALID_GATEWAY) },
  { name: 'blackhole then unreachable for the same prefix', routes: ['blackhole 10.20.0.0/16', 'unreachable 10.20.0.0/16'], expect: refused('10.20.0.0/16', 'File exists') },
  { name: 'prohibit route', routes: ['prohibit 10.21.0.0/16'], expect: accepted() },
  { name: 'unreachable default', routes: ['unreachable default'], expect: accepted() },
  { name: 'blackhole with a device', routes: ['blackhole 10.22.0.0/16 dev eth0'], expect: refused('dev', 'Gateway, device and multipath can not be specified') },
  { name: 'blackhole with a gateway', routes: ['blackhole 10.23.0.0/16 via 10.0.0.2'], expect: refused('via', 'Gateway, device and multipath can not be specified') },
  { name: 'blackhole src is not checked', routes: ['blackhole 10.75.0.0/16 src 1.1.1.1'], expect: accepted() },
  { name: 'blackhole ignores onlink', routes: ['blackhole 10.120.0.0/16 onlink'], expect: accepted() },
  { name: 'two gateways', routes: ['10.24.0.0/16 via 10.0.0.2 via 10.0.0.3'], expect: refused('via', 'appears twice') },
  { name: 'negative metric', routes: ['10.26.0.0/16 via 10.0.0.2 metric -1'], expect: refused('-1', 'not a whole number') },
  { name: 'largest metric', routes: ['10.27.0.0/16 via 10.0.0.2 metric 4294967295'], expect: accepted('eth0') },
  { name: 'metric beyond 32 bits', routes: ['10.28.0.0/16 via 10.0.0.2 metric 4294967296'], expect: refused('4294967296', 'not a whole number') },
  { name: 'neither gateway nor device', routes: ['10.32.0.0/16'], expect: refused('10.32.0.0/16', 'No such device') },
  { name: 'gateway 0.0.0.0 is no gateway', routes: ['10.35.0.0/16 via 0.0.0.0'], expect: refused('10.35.0.0/16 via 0.0.0.0', 'No such device') },
  { name: 'gateway 0.0.0.0 with a device is a device route', routes: ['10.121.0.0/16 via 0.0.0.0 dev eth0'], expect: accepted('eth0') },
  { name: 'gateway of eth0 with dev eth1', routes: ['10.33.0.0/16 via 10.0.0.2 dev eth1'], expect: refused('10.0.0.2', INVALID_GATEWAY) },
  { name: 'onlink without a device', routes: ['10.34.0.0/16 via 10.0.0.2 onlink'], expect: refused('onlink', 'Nexthop device required for onlink') },
  { name: 'onlink without a gateway', routes: ['10.77.0.0/16 dev eth0 onlink'], expect: refused('onlink', 'PERVASIVE and ONLINK can not be set') },
  { name: 'everything at once', routes: ['10.78.0.0/16 via 10.0.0.2 dev eth0 metric 3 src 10.0.0.1 onlink'], expect: accepted('eth0') },
  { name: 'onlink gateway in 0.0.0.0/8', routes: ['10.81.0.0/16 via 0.1.2.3 dev eth0 onlink'], expect: accepted('eth0') },
  { name: 'onlink multicast gateway', routes: ['10.82.0.0/16 via 224.1.1.1 dev eth0 onlink'], expect: refused('224.1.1.1', INVALID_GATEWAY) },
  { name: 'onlink broadcast gateway', routes: ['10.83.0.0/16 via 10.0.0.255 dev eth0 onlink'], expect: refused('10.0.0.255', INVALID_GATEWAY) },
  { name: 'onlink gateway is an address of the host', routes: ['10.84.0.0/16 via 10.0.0.1 dev eth0 onlink'], expect: refused('10.0.0.1', INVALID_GATEWAY) },
  { name: "onlink gateway is another interface's address", routes: ['10.92.0.0/16 via 192.168.1.1 dev eth0 onlink'], expect: refused('192.168.1.1', INVALID_GATEWAY) },
  { name: 'onlink loopback gateway', routes: ['10.85.0.0/16 via 127.0.0.1 dev eth0 onlink'], expect: refused('127.0.0.1', INVALID_GATEWAY) },
  { name: "own address of another interface with dev", routes: ['10.90.0.0/16 via 192.168.1.1 dev eth0'], expect: refused('192.168.1.1', INVALID_GATEWAY) },
  { name: 'own address of the same interface with dev', routes: ['10.91.0.0/16 via 10.0.0.1 dev eth0'], expect: accepted('eth0') },
  { name: 'gateway through an earlier dev route', routes: ['10.50.0.0/16 dev eth1', '10.60.0.0/16 via 10.50.0.7'], expect: accepted('eth1') },
  { name: 'gateway through an earlier dev route, other dev named', routes: ['10.50.0.0/16 dev eth1', '10.61.0.0/16 via 10.50.0.7 dev eth0'], expect: refused('10.50.0.7', INVALID_GATEWAY) },
  { name: 'gateway only reachable through another gateway', routes: ['10.70.0.0/16 via 10.0.0.2', '10.71.0.0/16 via 10.70.0.5'], expect: refused('10.70.0.5', 'does not count') },
  { name: 'gateway inside a blackhole', routes: ['blackhole 10.72.0.0/16', '10.73.0.0/16 via 10.72.0.1'], expect: refused('10.72.0.1', INVALID_GATEWAY) },
  { name: 'longest dev route decides the device', routes: ['10.0.0.128/25 dev eth1', '10.96.0.0/16 via 10.0.0.130'], expect: accepted('eth1') },
  { name: 'dev restricts the lookup to its routes', routes: ['10.0.0.128/25 dev eth1', '10.97.0.0/16 via 10.0.0.130 dev eth0'], expect: accepted('eth0') },
  { name: 'same prefix and metric as a dev route', routes: ['10.123.0.0/16 dev eth0 metric 7 src 10.0.0.1', '10.123.0.0/16 via 10.0.0.2 metric 7'], expect: refused('10.123.0.0/16', 'File exists') },
  { name: 'a bare address is a /32', routes: ['10.38.1.1 via 10.0.0.2', '10.38.1.1/32 dev eth0'], expect: refused('10.38.1.1/32', 'File exists') },
  { name: 'gateway that is not an address', routes: ['10.38.0.0/16 via 10.0.0.2.5'], expect: refused('10.0.0.2.5', 'is not an IPv4 address') },
  { name: 'a word ip route does not know', routes: ['10.39.0.0/16 via 10.0.0.2 bogus'], expect: refused('bogus', "unexpected 'bogus'") },
  { name: 'a keyword without its value', routes: ['10.40.0.0/16 via 10.0.0.2 src'], expect: refused('src', "'src' needs an address") },
  { name: 'an ip route option that is not modelled', routes: ['10.41.0.0/16 via 10.0.0.2 table 5'], expect: refused('table', 'does not model') },
  { name: 'a route type that is not modelled', routes: ['throw 10.42.0.0/16'], expect: refused('throw', "route type 'throw' is not supported") },
  { name: 'an empty route', routes: [''], expect: refused('', 'empty route') },
];

describe('checkRoutes, as ip route add would on the host', () => {
  it.each(cases)('$name', ({ routes, expect: expectation }) => {
    const { routes: checked, problems } = checkRoutes(HOST, routes);
    const last = routes.length - 1;
    expect(problems.filter((p) => p.index !== last)).toEqual([]);
    if ('word' in expectation) {
      const text = routes[last]!;
      const start = text.lastIndexOf(expectation.word);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ index: last, start, end: start + expectation.word.length });
      expect(problems[0]!.message).toContain(expectation.message);
      expect(checked[last]).toBeUndefined();
    } else {
      expect(problems).toEqual([]);
      expect(checked[last]?.dev).toBe(expectation.dev);
    }
  });

  it('returns the typed route', () => {
    const { routes } = checkRoutes(HOST, ['10.78.0.0/16 via 10.0.0.2 dev eth0 metric 3 src 10.0.0.1 onlink']);
    expect(routes[0]).toEqual({
      text: '10.78.0.0/16 via 10.0.0.2 dev eth0 metric 3 src 10.0.0.1 onlink',
      type: 'unicast',
      prefix: { address: parseIpv4('10.78.0.0'), length: 16 },
      via: parseIpv4('10.0.0.2'),
      dev: 'eth0',
      src: parseIpv4('10.0.0.1'),
      metric: 3,
    });
  });

  it('leaves a refused route out, so a later route may take its place', () => {
    const { problems } = checkRoutes(HOST, ['default via 8.8.8.8', 'default via 10.0.0.2']);
    expect(problems.map((p) => p.index)).toEqual([0]);
  });

  it('gives secondary and /32 addresses no connected route, as fib_add_ifaddr() does', () => {
    const host: RouteHost = {
      name: 'h',
      interfaces: [{ name: 'eth0', addresses: addresses('10.0.0.1/24', '10.0.0.2/24', '10.9.9.9/32', '5.0.0.1/4') }],
    };
    // 0.0.0.0/4 (the network of 5.0.0.1/4) lies in 0.0.0.0/8: the kernel adds no route for it either.
    const { problems } = checkRoutes(host, ['10.9.9.9/32 dev eth0', '0.0.0.0/4 dev eth0', '10.0.0.0/24 dev eth0']);
    expect(problems.map((p) => [p.index, p.message.includes('File exists')])).toEqual([[2, true]]);
  });
});

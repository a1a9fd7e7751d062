import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { hostWordOf, jhash2, reciprocalScale } from './jhash.js';
import { DNAT_PICKS, FIRST_ROUND, PERSISTENT, SECOND_ROUND } from './nat-kernel-runs.fixture.js';
import { range, route } from './nat-router.fixture.js';
import { pickAddress } from './nat-tuple.js';
import { ip, udp } from './packets.fixture.js';
import { ConntrackTable } from './table.js';
import { tupleOf } from './tuple.js';

const POOL = range('198.51.100.10-198.51.100.20');

describe('jhash2 building blocks', () => {
  it('reads an address the way a little-endian CPU loads its network-order bytes', () => {
    expect(hostWordOf(ip('10.0.0.5'))).toBe(0x0500000a);
  });

  it('reciprocal_scale maps onto the range by the high bits', () => {
    expect([reciprocalScale(0, 11), reciprocalScale(0x80000000, 11), reciprocalScale(0xffffffff, 11)]).toEqual([0, 5, 10]);
  });

  it('an empty key returns the initial value, as jhash2 with length 0 does', () => {
    expect(jhash2([], 0)).toBe(0xdeadbeef);
  });
});

// Expected addresses: a real kernel's choices, see nat-kernel-runs.fixture.ts.
describe('address picks match the kernel (find_best_ips_proto)', () => {
  it.each(FIRST_ROUND.map(([client, address]) => [client, address] as const))('%s to 203.0.113.100 gets %s', (client, address) => {
    const tuple = tupleOf(udp(`${client}:5000`, '203.0.113.100:9'))!;
    expect(pickAddress(tuple, POOL, 'src').src).toBe(ip(address));
  });

  it.each(DNAT_PICKS)('DNAT: %s to 10.1.0.1:8080 is sent to %s', (client, address) => {
    const tuple = tupleOf(udp(`${client}:44000`, '10.1.0.1:8080'))!;
    expect(pickAddress(tuple, range('203.0.113.100-203.0.113.102:9'), 'dst').dst).toBe(ip(address));
  });
});

describe('whole SNAT runs replayed in the kernel run order', () => {
  it('first round: same addresses, ports kept exactly where the kernel kept them', () => {
    const table = new ConntrackTable();
    const random = seededRandom(3);
    const got = FIRST_ROUND.map(([client]) => route(table, udp(`${client}:5000`, '203.0.113.100:9'), { snat: POOL }, random).packet);
    expect(got.map((p) => [p.src, p.sport === 5000])).toEqual(FIRST_ROUND.map(([, address, port]) => [ip(address), port === 5000]));
  });

  it('later destinations reuse each client mapping, port included (find_appropriate_src)', () => {
    const table = new ConntrackTable();
    const random = seededRandom(3);
    const first = FIRST_ROUND.map(([client]) => route(table, udp(`${client}:5000`, '203.0.113.100:9'), { snat: POOL }, random).packet);
    for (const server of ['203.0.113.101', '203.0.113.102']) {
      const again = FIRST_ROUND.map(([client]) => route(table, udp(`${client}:5000`, `${server}:9`), { snat: POOL }, random).packet);
      expect(again.map((p) => [p.src, p.sport])).toEqual(first.map((p) => [p.src, p.sport]));
    }
  });

  it.each([
    ['the destination seeds the hash', SECOND_ROUND, POOL],
    ['--persistent: the destination does not matter', PERSISTENT, range('198.51.100.10-198.51.100.20', { persistent: true })],
  ] as const)('%s', (_name, rows, pool) => {
    const table = new ConntrackTable();
    const random = seededRandom(5);
    const got = rows.map(([client, server, port]) => {
      const packet = route(table, udp(`${client}:${port}`, `${server}:9`), { snat: pool }, random).packet;
      return [packet.src, packet.sport === port];
    });
    expect(got).toEqual(rows.map(([, , , address, kept]) => [ip(address), kept]));
  });
});

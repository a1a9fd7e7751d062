import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { natIcmpRelated, setupNat } from './nat.js';
import { ends, range, route } from './nat-router.fixture.js';
import { echo, icmpError, ip, tcp, udp } from './packets.fixture.js';
import { ConntrackTable } from './table.js';

describe('DNAT (a port forward) and its reply', () => {
  const rules = { dnat: range('10.0.0.5:80') };

  it('rewrites the destination of the first packet and records the reply tuple', () => {
    const table = new ConntrackTable();
    const out = route(table, tcp('198.51.100.20:40000', '203.0.113.1:8080', 'S', 1), rules);
    expect(out.changes).toEqual([
      { field: 'dst', before: '203.0.113.1', after: '10.0.0.5' },
      { field: 'dport', before: '8080', after: '80' },
    ]);
    const entry = out.track.info.entry!;
    expect([ends(entry.original), ends(entry.reply)]).toEqual(['198.51.100.20:40000 > 203.0.113.1:8080', '10.0.0.5:80 > 198.51.100.20:40000']);
    expect(entry.status).toMatchObject({ dstNat: true, srcNat: false, dstNatDone: true, srcNatDone: true });
  });

  it('undoes it on the reply: the source becomes the address the client talked to', () => {
    const table = new ConntrackTable();
    route(table, tcp('198.51.100.20:40000', '203.0.113.1:8080', 'S', 1), rules);
    const back = route(table, tcp('10.0.0.5:80', '198.51.100.20:40000', 'SA', 9, 2), {});
    expect(back.changes).toEqual([
      { field: 'src', before: '10.0.0.5', after: '203.0.113.1' },
      { field: 'sport', before: '80', after: '8080' },
    ]);
  });

  // Observed: DNAT --to-destination 203.0.113.100:9000-9005, one client port 44000 to
  // router ports 8080, 8081, 8082 got 9000, 9001, 9002; another client got 9000.
  it('searches a destination port range from its start when the first port is taken', () => {
    const table = new ConntrackTable();
    const forward = { dnat: range('203.0.113.100:9000-9005') };
    const ports = [
      ['10.1.0.2:44000', '10.1.0.1:8080'],
      ['10.1.0.2:44000', '10.1.0.1:8081'],
      ['10.1.0.2:44000', '10.1.0.1:8082'],
      ['10.1.0.3:44000', '10.1.0.1:8080'],
    ].map(([from, to]) => route(table, udp(from!, to!), forward).packet.dport);
    expect(ports).toEqual([9000, 9001, 9002, 9000]);
  });
});

describe('SNAT / MASQUERADE', () => {
  const masquerade = { snat: range('198.51.100.7') };

  it('keeps the source port when it is free', () => {
    const table = new ConntrackTable();
    const out = route(table, tcp('10.1.0.2:40000', '203.0.113.100:80', 'S', 1), masquerade);
    expect(out.changes).toEqual([{ field: 'src', before: '10.1.0.2', after: '198.51.100.7' }]);
    expect(out.clashes).toEqual([]);
    const back = route(table, tcp('203.0.113.100:80', '198.51.100.7:40000', 'SA', 9, 2), {});
    expect(back.changes).toEqual([{ field: 'dst', before: '198.51.100.7', after: '10.1.0.2' }]);
  });

  // Observed with SNAT --to-source 198.51.100.7 and three clients sending from the same
  // port to the same server: the first kept it, the others got ports from the same class:
  // 100 -> 413, 154; 700 -> 697, 699; 1000 -> 895, 911; 40000 -> 24079, 7733.
  it.each([
    [100, 1, 511],
    [700, 600, 1023],
    [1000, 600, 1023],
    [40000, 1024, 65535],
  ])('source port %i taken: another port between %i and %i', (port, low, high) => {
    const table = new ConntrackTable();
    const random = seededRandom(7);
    const sent = ['10.1.0.2', '10.1.0.3', '10.1.0.4'].map((client) => route(table, udp(`${client}:${port}`, '203.0.113.100:9'), masquerade, random));
    const ports = sent.map((passage) => passage.packet.sport);
    expect(ports[0]).toBe(port);
    for (const other of ports.slice(1)) {
      expect(other).toBeGreaterThanOrEqual(low);
      expect(other).toBeLessThanOrEqual(high);
      expect(other).not.toBe(port);
    }
    expect(new Set(ports).size).toBe(3);
    expect(sent[1]!.clashes).toEqual([`source 198.51.100.7:${port} is in use by another connection, 198.51.100.7:${ports[1]} chosen`]);
  });

  it('the reply to the remapped connection gets its own port back', () => {
    const table = new ConntrackTable();
    route(table, udp('10.1.0.2:40000', '203.0.113.100:9'), masquerade);
    const second = route(table, udp('10.1.0.3:40000', '203.0.113.100:9'), masquerade);
    const back = route(table, udp('203.0.113.100:9', `198.51.100.7:${second.packet.sport}`), {});
    expect(back.packet).toMatchObject({ dst: ip('10.1.0.3'), dport: 40000 });
  });

  it('--to-ports limits the search; --random picks a port even when the own one is free', () => {
    const table = new ConntrackTable();
    const ranged = route(table, udp('10.1.0.2:40000', '203.0.113.100:9'), { snat: range('198.51.100.7:5000-5009') });
    expect(ranged.packet.sport).toBeGreaterThanOrEqual(5000);
    expect(ranged.packet.sport).toBeLessThanOrEqual(5009);
    const random = route(table, udp('10.1.0.2:40001', '203.0.113.100:9'), { snat: range('198.51.100.7', { randomFully: true }) });
    expect(random.packet.sport).not.toBe(40001);
    expect(random.clashes).toEqual([]);
  });
});

// Observed: the router's own connection from 203.0.113.1:40000 while a masqueraded client
// connection 10.1.0.2:40000 -> 203.0.113.100:9 held 203.0.113.1:40000: with no rule for it,
// the router's connection left with source port 37043 (UDP) / 65532 (TCP).
describe('null binding: the source-port clash', () => {
  it.each([
    ['udp', (from: string) => udp(from, '203.0.113.100:9')],
    ['tcp', (from: string) => tcp(from, '203.0.113.100:9', 'S', 1)],
  ])('%s: a local connection reusing a masqueraded port gets another source port', (_proto, make) => {
    const table = new ConntrackTable();
    route(table, make('10.1.0.2:40000'), { snat: range('203.0.113.1') });
    const local = route(table, make('203.0.113.1:40000'), {});
    expect(local.packet.sport).not.toBe(40000);
    expect(local.packet.sport).toBeGreaterThanOrEqual(1024);
    expect(local.clashes).toHaveLength(1);
    const entry = local.track.info.entry!;
    expect(entry.status).toMatchObject({ srcNat: true, dstNat: false });
  });

  it('with no clash a null binding changes nothing and sets no SNAT status', () => {
    const table = new ConntrackTable();
    const out = route(table, udp('10.1.0.2:40000', '203.0.113.100:9'), {});
    expect(out.changes).toEqual([]);
    expect(out.track.info.entry!.status).toMatchObject({ srcNat: false, dstNat: false, srcNatDone: true, dstNatDone: true });
  });
});

describe('ICMP echo ids', () => {
  // Observed: two clients pinging with id 777 through SNAT: the first kept 777, the second got 51284.
  it('a taken id is replaced, and the echo reply gets the client id back', () => {
    const table = new ConntrackTable();
    const snat = { snat: range('198.51.100.7') };
    const first = route(table, echo('10.1.0.2', '203.0.113.100', 777), snat);
    const second = route(table, echo('10.1.0.3', '203.0.113.100', 777), snat);
    expect(first.packet.icmp?.id).toBe(777);
    const id = second.packet.icmp!.id!;
    expect(id).not.toBe(777);
    expect(second.changes).toEqual([
      { field: 'src', before: '10.1.0.3', after: '198.51.100.7' },
      { field: 'id', before: '777', after: String(id) },
    ]);
    const reply = route(table, echo('203.0.113.100', '198.51.100.7', id, 0), {});
    expect(reply.changes).toEqual([
      { field: 'dst', before: '198.51.100.7', after: '10.1.0.3' },
      { field: 'id', before: String(id), after: '777' },
    ]);
  });
});

describe('ICMP errors about NATed connections (nf_nat_icmp_reply_translation)', () => {
  // Observed with tcpdump: the server's port unreachable to 198.51.100.7 quoting
  // 198.51.100.7.43000 > 203.0.113.100.9999 reached the client as 203.0.113.100 > 10.1.0.2
  // quoting 10.1.0.2.43000 > 203.0.113.100.9999.
  it('SNAT: outer destination and quoted source go back to the client', () => {
    const table = new ConntrackTable();
    route(table, udp('10.1.0.2:43000', '203.0.113.100:9999'), { snat: range('198.51.100.7') });
    const error = icmpError('203.0.113.100', '198.51.100.7', 3, 3, udp('198.51.100.7:43000', '203.0.113.100:9999'));
    const out = route(table, error, {});
    expect(out.track.info).toMatchObject({ state: 'RELATED', direction: 'reply' });
    expect(out.changes).toEqual([
      { field: 'dst', before: '198.51.100.7', after: '10.1.0.2' },
      { field: 'inner.src', before: '198.51.100.7', after: '10.1.0.2' },
    ]);
    expect(out.packet.icmp?.inner).toMatchObject({ src: ip('10.1.0.2'), sport: 43000, dst: ip('203.0.113.100'), dport: 9999 });
  });

  it('DNAT: an error about the de-NATed reply is sent on to the real server, quoting its own packet', () => {
    const table = new ConntrackTable();
    route(table, tcp('198.51.100.20:40000', '203.0.113.1:8080', 'S', 1), { dnat: range('10.0.0.5:80') });
    route(table, tcp('10.0.0.5:80', '198.51.100.20:40000', 'SA', 9, 2), {});
    const error = icmpError('198.51.100.20', '203.0.113.1', 3, 1, tcp('203.0.113.1:8080', '198.51.100.20:40000', 'SA', 9, 2));
    const out = route(table, error, {});
    expect(out.track.info).toMatchObject({ state: 'RELATED', direction: 'original' });
    expect(out.changes).toEqual([
      { field: 'dst', before: '203.0.113.1', after: '10.0.0.5' },
      { field: 'inner.src', before: '203.0.113.1', after: '10.0.0.5' },
      { field: 'inner.sport', before: '8080', after: '80' },
    ]);
  });

  it('an ICMP redirect about a NATed connection is dropped', () => {
    const table = new ConntrackTable();
    const entry = route(table, udp('10.1.0.2:43000', '203.0.113.100:9999'), { snat: range('198.51.100.7') }).track.info.entry!;
    const redirect = icmpError('203.0.113.9', '198.51.100.7', 5, 1, udp('198.51.100.7:43000', '203.0.113.100:9999'));
    expect(natIcmpRelated(entry, 'reply', 'dst', redirect).drop).toBe('ICMP redirect about a NATed connection');
  });
});

describe('setupNat preconditions', () => {
  it('does nothing to a confirmed entry or a manip already done', () => {
    const table = new ConntrackTable();
    const entry = route(table, udp('10.1.0.2:43000', '203.0.113.100:9999'), {}).track.info.entry!;
    expect(setupNat(table, entry, 'src', range('198.51.100.7'), seededRandom(1))).toEqual({ changed: false });
    expect(ends(entry.reply)).toBe('203.0.113.100:9999 > 10.1.0.2:43000');
  });
});

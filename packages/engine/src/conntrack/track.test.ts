import { describe, expect, it } from 'vitest';
import type { Packet } from '../net/packet.js';
import { seededRandom } from '../random.js';
import { setupNat } from './nat.js';
import { echo, icmpError, ip, tcp, udp } from './packets.fixture.js';
import { ConntrackTable } from './table.js';
import { attachRelated, confirm, conntrackIn, type TrackResult } from './track.js';
import type { ConntrackEntry } from './types.js';
import { toView } from './view.js';

/** A forwarding host: conntrack at PREROUTING, confirmation at POSTROUTING. */
function forward(table: ConntrackTable, packet: Packet, nowMs: number): TrackResult {
  const result = conntrackIn(table, packet, { nowMs });
  if (result.created) expect(confirm(table, result.created, nowMs).confirmed).toBe(true);
  return result;
}

function listing(table: ConntrackTable, nowMs: number) {
  return table.entries(nowMs).map((entry) => {
    const view = toView(entry, nowMs);
    return { state: view.state, timeout: view.timeout, flags: view.flags };
  });
}

const CLIENT = '10.1.0.2';
const SERVER = '203.0.113.100';

// Expected listings below were observed with `conntrack -L` on a Linux 6.18
// router between two namespaces (ctk-c 10.1.0.2 -- ctk-r -- ctk-s 203.0.113.100),
// about half a second after the last packet.
describe('TCP through a forwarding host', () => {
  it('handshake: NEW, ESTABLISHED reply, ESTABLISHED; listed ESTABLISHED [ASSURED] 431999', () => {
    const table = new ConntrackTable();
    const states = [
      forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'S', 1000), 0),
      forward(table, tcp(`${SERVER}:80`, `${CLIENT}:40000`, 'SA', 5000, 1001), 1),
      forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'A', 1001, 5001), 2),
    ].map((r) => [r.info.state, r.info.direction, r.tcpStateBefore, r.tcpStateAfter]);
    expect(states).toEqual([
      ['NEW', 'original', 'NONE', 'SYN_SENT'],
      ['ESTABLISHED', 'reply', 'SYN_SENT', 'SYN_RECV'],
      ['ESTABLISHED', 'original', 'SYN_RECV', 'ESTABLISHED'],
    ]);
    expect(listing(table, 502)).toEqual([{ state: 'ESTABLISHED', timeout: 431999, flags: ['ASSURED'] }]);
  });

  it('SYN answered by RST: the entry is deleted, the RST still belongs to it', () => {
    const table = new ConntrackTable();
    forward(table, tcp(`${CLIENT}:40002`, `${SERVER}:81`, 'S', 1000), 0);
    const rst = forward(table, tcp(`${SERVER}:81`, `${CLIENT}:40002`, 'RA', 0, 1001), 1);
    expect(rst).toMatchObject({ info: { state: 'ESTABLISHED', direction: 'reply' }, destroyed: true, tcpStateBefore: 'SYN_SENT' });
    expect(rst.info.entry?.tcpState).toBe('CLOSE');
    expect(table.entries(2)).toEqual([]);
  });

  it('unanswered SYN: SYN_SENT [UNREPLIED], 119 s left a second later', () => {
    const table = new ConntrackTable();
    forward(table, tcp(`${CLIENT}:40003`, `${SERVER}:82`, 'S', 1000), 0);
    expect(listing(table, 1000)).toEqual([{ state: 'SYN_SENT', timeout: 119, flags: ['UNREPLIED'] }]);
  });

  it('a SYN-ACK with no entry is INVALID and creates nothing (iptables --ctstate INVALID counted it)', () => {
    const table = new ConntrackTable();
    const result = forward(table, tcp(`${SERVER}:80`, `${CLIENT}:41000`, 'SA', 1000, 2000), 0);
    expect(result).toMatchObject({ info: { state: 'INVALID' }, reason: 'invalid new' });
    expect(result.created).toBeUndefined();
    expect(table.count).toBe(0);
  });

  it.each([
    [true, 'NEW', [{ state: 'ESTABLISHED', timeout: 299, flags: ['UNREPLIED'] }]],
    [false, 'INVALID', []],
  ])('a bare ACK with nf_conntrack_tcp_loose=%s is %s', (loose, state, listed) => {
    const table = new ConntrackTable({ tcpLoose: loose });
    const result = forward(table, tcp(`${CLIENT}:41001`, `${SERVER}:80`, 'A', 5000, 7000), 0);
    expect(result.info.state).toBe(state);
    expect(listing(table, 500)).toEqual(listed);
  });

  it('a SYN reusing a closed connection deletes the old entry and starts a new one', () => {
    const table = new ConntrackTable();
    const first = forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'S', 1000), 0).created!;
    forward(table, tcp(`${SERVER}:80`, `${CLIENT}:40000`, 'SA', 5000, 1001), 1);
    forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'A', 1001, 5001), 2);
    forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'R', 1001), 3);
    const again = forward(table, tcp(`${CLIENT}:40000`, `${SERVER}:80`, 'S', 9000), 4);
    expect(again).toMatchObject({ info: { state: 'NEW' }, replaced: first });
    expect(listing(table, 4)).toEqual([{ state: 'SYN_SENT', timeout: 120, flags: ['UNREPLIED'] }]);
  });
});

describe('UDP', () => {
  it.each<[string, number[], { timeout: number; flags: string[] }]>([
    ['a request alone stays [UNREPLIED], 30 s', [0], { timeout: 29, flags: ['UNREPLIED'] }],
    ['request and reply: no flag, still 30 s', [0, 1], { timeout: 29, flags: [] }],
    ['another exchange within two seconds: still 30 s, not ASSURED', [0, 1, 1001, 1002], { timeout: 29, flags: [] }],
    ['another packet 2.2 s later: a stream, [ASSURED] 120 s', [0, 1, 2201, 2202], { timeout: 119, flags: ['ASSURED'] }],
  ])('%s', (_name, times, expected) => {
    const table = new ConntrackTable();
    times.forEach((time, i) => {
      const packet = i % 2 === 0 ? udp(`${CLIENT}:42000`, `${SERVER}:53`) : udp(`${SERVER}:53`, `${CLIENT}:42000`);
      forward(table, packet, time);
    });
    const last = times[times.length - 1]!;
    expect(listing(table, last + 500)).toEqual([{ state: undefined, ...expected }]);
  });
});

describe('ICMP', () => {
  it('echo request NEW, echo reply ESTABLISHED, listed for 30 s without flags', () => {
    const table = new ConntrackTable();
    expect(forward(table, echo(CLIENT, SERVER, 7), 0).info.state).toBe('NEW');
    expect(forward(table, echo(SERVER, CLIENT, 7, 0), 1).info).toMatchObject({ state: 'ESTABLISHED', direction: 'reply' });
    expect(listing(table, 501)).toEqual([{ state: undefined, timeout: 29, flags: [] }]);
  });

  it('an echo reply with no request seen is INVALID', () => {
    const table = new ConntrackTable();
    expect(forward(table, echo(SERVER, CLIENT, 7, 0), 0).info.state).toBe('INVALID');
    expect(table.count).toBe(0);
  });

  it('a router advertisement (type 9) has no reply type and is INVALID', () => {
    const table = new ConntrackTable();
    expect(forward(table, echo(SERVER, CLIENT, 0, 9), 0).info.state).toBe('INVALID');
  });
});

describe('ICMP errors', () => {
  function withUdpEntry(): { table: ConntrackTable; entry: ConntrackEntry } {
    const table = new ConntrackTable();
    const entry = forward(table, udp(`${CLIENT}:43000`, `${SERVER}:9999`), 0).created!;
    return { table, entry };
  }

  it('port unreachable quoting the datagram is RELATED, in the reply direction; the entry stays [UNREPLIED]', () => {
    const { table, entry } = withUdpEntry();
    const error = icmpError(SERVER, CLIENT, 3, 3, udp(`${CLIENT}:43000`, `${SERVER}:9999`));
    expect(forward(table, error, 1).info).toEqual({ state: 'RELATED', entry, direction: 'reply' });
    expect(listing(table, 500)[0]?.flags).toEqual(['UNREPLIED']);
  });

  it('time exceeded from a router on the way is RELATED too (the outer source does not matter)', () => {
    const { table, entry } = withUdpEntry();
    const error = icmpError('198.18.0.1', CLIENT, 11, 0, udp(`${CLIENT}:43000`, `${SERVER}:9999`));
    expect(forward(table, error, 1).info).toEqual({ state: 'RELATED', entry, direction: 'reply' });
  });

  it('an error about the reply direction is RELATED in the original direction', () => {
    const { table, entry } = withUdpEntry();
    const error = icmpError(CLIENT, SERVER, 3, 3, udp(`${SERVER}:9999`, `${CLIENT}:43000`));
    expect(forward(table, error, 1).info).toEqual({ state: 'RELATED', entry, direction: 'original' });
  });

  it.each([
    ['quoting an unknown connection', icmpError(SERVER, CLIENT, 3, 3, udp(`${CLIENT}:43001`, `${SERVER}:9999`)), 'ICMP error about no known connection'],
    ['sent to another address than the connection', icmpError(SERVER, '10.1.0.3', 3, 3, udp(`${CLIENT}:43000`, `${SERVER}:9999`)), 'outer daddr 10.1.0.3 != inner 10.1.0.2'],
  ])('an error %s is INVALID', (_name, error, reason) => {
    const { table } = withUdpEntry();
    expect(forward(table, error, 1)).toMatchObject({ info: { state: 'INVALID' }, reason });
  });
});

describe('the table', () => {
  it('full at nf_conntrack_max: the new packet is dropped, known connections go on', () => {
    const table = new ConntrackTable({ conntrackMax: 1 });
    forward(table, udp(`${CLIENT}:1000`, `${SERVER}:53`), 0);
    const second = conntrackIn(table, udp(`${CLIENT}:1001`, `${SERVER}:53`), { nowMs: 1 });
    expect(second).toMatchObject({ drop: true, reason: 'nf_conntrack: table full, dropping packet' });
    expect(forward(table, udp(`${SERVER}:53`, `${CLIENT}:1000`), 2).info.state).toBe('ESTABLISHED');
  });

  it('an entry expires when its timeout has run out; the next packet is NEW again', () => {
    const table = new ConntrackTable();
    forward(table, udp(`${CLIENT}:1000`, `${SERVER}:53`), 0);
    expect(table.entries(29_999)).toHaveLength(1);
    expect(table.entries(30_000)).toHaveLength(0);
    expect(forward(table, udp(`${CLIENT}:1000`, `${SERVER}:53`), 30_001).info.state).toBe('NEW');
  });

  it('NOTRACK: UNTRACKED, nothing created', () => {
    const table = new ConntrackTable();
    expect(conntrackIn(table, udp(`${CLIENT}:1000`, `${SERVER}:53`), { nowMs: 0, untracked: true }).info).toEqual({ state: 'UNTRACKED' });
    expect(table.count).toBe(0);
  });
});

describe('confirmation clashes (__nf_conntrack_confirm)', () => {
  it('udp, same original tuple but another NAT binding: kept for replies only, hidden, gone after a second', () => {
    const table = new ConntrackTable();
    const packet = udp(`${CLIENT}:1000`, `${SERVER}:53`);
    const random = seededRandom(9);
    const pool = { minAddress: ip('198.51.100.7'), maxAddress: ip('198.51.100.7'), random: false, randomFully: true, persistent: false };
    const [a, b] = [0, 1].map(() => {
      const entry = conntrackIn(table, packet, { nowMs: 0 }).created!;
      setupNat(table, entry, 'src', pool, random);
      return entry;
    });
    expect(confirm(table, a!, 0)).toEqual({ confirmed: true, entry: a });
    expect(confirm(table, b!, 0)).toEqual({ confirmed: true, entry: b, clash: 'reply-only' });
    expect(table.entries(0)).toEqual([a]);
    expect(table.lookup(b!.original)?.entry).toBe(a);
    expect(table.lookup(b!.reply)).toEqual({ entry: b, direction: 'reply' });
    expect(table.count).toBe(2);
    table.advanceTo(1000);
    expect(table.lookup(b!.reply)).toBeUndefined();
  });

  it.each([
    ['udp', udp(`${CLIENT}:1000`, `${SERVER}:53`), { confirmed: true, clash: 'merged' }],
    ['tcp', tcp(`${CLIENT}:1000`, `${SERVER}:80`, 'S', 1), { confirmed: false }],
  ])('%s: two new entries for one flow, the second one to confirm', (_proto, packet, expected) => {
    const table = new ConntrackTable();
    const a = conntrackIn(table, packet, { nowMs: 0 }).created!;
    const b = conntrackIn(table, packet, { nowMs: 0 }).created!;
    expect(confirm(table, a, 0)).toEqual({ confirmed: true, entry: a });
    expect(confirm(table, b, 0)).toMatchObject(expected);
    expect(table.entries(0)).toEqual([a]);
  });
});

describe('REJECT answers (nf_conntrack_attach)', () => {
  // Observed: with FORWARD -j REJECT (port unreachable, and --reject-with tcp-reset), the
  // router's answers were counted by an OUTPUT rule `--ctstate RELATED`, and no entry remained.
  it('carry the rejected packet entry, RELATED, in the reply direction', () => {
    const table = new ConntrackTable();
    const rejected = conntrackIn(table, udp(`${CLIENT}:45000`, `${SERVER}:7777`), { nowMs: 0 });
    expect(attachRelated(rejected.info)).toEqual({ state: 'RELATED', entry: rejected.created, direction: 'reply' });
    expect(table.entries(0)).toEqual([]);
  });

  it('nothing to attach to an INVALID packet', () => {
    expect(attachRelated({ state: 'INVALID' })).toBeUndefined();
  });
});

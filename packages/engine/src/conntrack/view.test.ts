import { describe, expect, it } from 'vitest';
import { echo, tcp } from './packets.fixture.js';
import { ConntrackTable } from './table.js';
import { confirm, conntrackIn } from './track.js';
import { toView } from './view.js';

describe('toView: an entry as conntrack -L shows it', () => {
  // conntrack -L on Linux 6.18, one second after an unanswered SYN:
  // tcp 6 119 SYN_SENT src=10.1.0.2 dst=203.0.113.100 sport=40003 dport=82 [UNREPLIED] src=203.0.113.100 dst=10.1.0.2 sport=82 dport=40003 mark=0 use=1
  it('tcp: protocol, seconds left rounded down, state, tuples, UNREPLIED', () => {
    const table = new ConntrackTable();
    const entry = conntrackIn(table, tcp('10.1.0.2:40003', '203.0.113.100:82', 'S', 1000), { nowMs: 0 }).created!;
    confirm(table, entry, 0);
    expect(toView(entry, 1000)).toEqual({
      proto: 'tcp',
      protonum: 6,
      timeout: 119,
      state: 'SYN_SENT',
      flags: ['UNREPLIED'],
      original: { src: '10.1.0.2', dst: '203.0.113.100', sport: 40003, dport: 82 },
      reply: { src: '203.0.113.100', dst: '10.1.0.2', sport: 82, dport: 40003 },
      mark: 0,
    });
  });

  // icmp 1 29 src=10.1.0.2 dst=203.0.113.100 type=8 code=0 id=16745 src=203.0.113.100 dst=10.1.0.2 type=0 code=0 id=16745 mark=0 use=1
  it('icmp: type, code and id on each side, no state', () => {
    const table = new ConntrackTable();
    const entry = conntrackIn(table, echo('10.1.0.2', '203.0.113.100', 16745), { nowMs: 0 }).created!;
    confirm(table, entry, 0);
    conntrackIn(table, echo('203.0.113.100', '10.1.0.2', 16745, 0), { nowMs: 1 });
    const view = toView(entry, 500);
    expect(view).toMatchObject({ proto: 'icmp', protonum: 1, timeout: 29, flags: [] });
    expect(view.state).toBeUndefined();
    expect([view.original, view.reply]).toEqual([
      { src: '10.1.0.2', dst: '203.0.113.100', type: 8, code: 0, id: 16745 },
      { src: '203.0.113.100', dst: '10.1.0.2', type: 0, code: 0, id: 16745 },
    ]);
  });

  it('an unconfirmed entry shows its whole timeout (its timer has not started)', () => {
    const table = new ConntrackTable();
    const entry = conntrackIn(table, tcp('10.1.0.2:40003', '203.0.113.100:82', 'S', 1000), { nowMs: 0 }).created!;
    expect(toView(entry, 5000).timeout).toBe(120);
  });
});

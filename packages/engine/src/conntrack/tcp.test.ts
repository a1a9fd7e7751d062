import { describe, expect, it } from 'vitest';
import { flags } from './packets.fixture.js';
import { tcpError, tcpNew, tcpPacket, type TcpSettings, type TcpVerdict } from './tcp.js';
import { segmentKind, tcpFlagsValid, transition } from './tcp-table.js';
import type { Direction, TcpCtState } from './types.js';

const STRICT: TcpSettings = { tcpLoose: true, tcpBeLiberal: false };

/** One segment: direction, tcpdump flags, seq, ack. */
type Segment = readonly [Direction, string, number, number];
/** What the tracker must conclude: action, state afterwards, and the timeout it applies (undefined: timer left alone). */
type Expect = { action: TcpVerdict['action']; state: TcpCtState; timeout?: number; assured?: boolean; kill?: boolean };

/** Feeds segments to a new entry the way nf_conntrack_in does, tracking SEEN_REPLY and ASSURED. */
function run(segments: readonly Segment[], settings: TcpSettings = STRICT): TcpVerdict[] {
  const [first] = segments;
  const track = tcpNew({ flags: flags(first![1]), seq: first![2], ack: first![3] }, settings);
  if (!track) throw new Error('tcpNew refused the first segment');
  let seenReply = false;
  let assured = false;
  return segments.map(([direction, letters, seq, ack]) => {
    const verdict = tcpPacket(track, direction, { flags: flags(letters), seq, ack }, { seenReply, assured, remaining: 100 }, settings);
    if (verdict.action !== 'invalid' && direction === 'reply') seenReply = true;
    if (verdict.assured) assured = true;
    return verdict;
  });
}

function summary(verdict: TcpVerdict): Expect {
  return {
    action: verdict.action,
    state: verdict.after,
    ...(verdict.timeout === undefined ? {} : { timeout: verdict.timeout }),
    ...(verdict.assured ? { assured: true } : {}),
    ...(verdict.kill ? { kill: true } : {}),
  };
}

const SYN: Segment = ['original', 'S', 1000, 0];
const SYN_ACK: Segment = ['reply', 'SA', 5000, 1001];
const ACK: Segment = ['original', 'A', 1001, 5001];

describe('the transition table (tcp_conntracks)', () => {
  it.each([
    ['original', 'SYN', 'NONE', 'SYN_SENT'],
    ['reply', 'SYN-ACK', 'SYN_SENT', 'SYN_RECV'],
    ['original', 'ACK', 'SYN_RECV', 'ESTABLISHED'],
    ['original', 'ACK', 'NONE', 'ESTABLISHED'],
    ['original', 'SYN-ACK', 'NONE', 'INVALID'],
    ['original', 'FIN', 'NONE', 'INVALID'],
    ['original', 'RST', 'NONE', 'INVALID'],
    ['original', 'SYN', 'ESTABLISHED', 'IGNORE'],
    ['reply', 'SYN', 'SYN_SENT', 'SYN_SENT2'],
    ['reply', 'ACK', 'SYN_SENT', 'IGNORE'],
    ['reply', 'RST', 'SYN_SENT', 'CLOSE'],
    ['original', 'SYN', 'TIME_WAIT', 'SYN_SENT'],
    ['reply', 'SYN', 'TIME_WAIT', 'SYN_SENT'],
    ['original', 'FIN', 'ESTABLISHED', 'FIN_WAIT'],
    ['reply', 'ACK', 'FIN_WAIT', 'CLOSE_WAIT'],
    ['reply', 'FIN', 'CLOSE_WAIT', 'LAST_ACK'],
    ['original', 'ACK', 'LAST_ACK', 'TIME_WAIT'],
  ] as const)('%s %s in %s -> %s', (direction, kind, state, next) => {
    expect(transition(direction, kind, state)).toBe(next);
  });

  it.each([
    ['RA', 'RST'],
    ['SA', 'SYN-ACK'],
    ['FA', 'FIN'],
    ['PA', 'ACK'],
    ['', 'NONE'],
  ])('flags %s select the %s row', (letters, kind) => {
    expect(segmentKind(flags(letters))).toBe(kind);
  });

  it.each([
    ['S', true],
    ['SA', true],
    ['A', true],
    ['R', true],
    ['RA', true],
    ['FA', true],
    ['PA', true],
    ['F', false],
    ['SF', false],
    ['SR', false],
    ['', false],
  ])('flags %s valid: %s (tcp_valid_flags)', (letters, valid) => {
    expect(tcpFlagsValid(flags(letters))).toBe(valid);
    expect(tcpError({ flags: flags(letters), seq: 0, ack: 0 }) === undefined).toBe(valid);
  });
});

describe('tcp_new: which segment may create an entry', () => {
  it.each([
    ['S', true, true],
    ['A', true, true],
    ['A', false, false],
    ['SA', true, false],
    ['R', true, false],
    ['RA', true, false],
    ['FA', true, false],
  ])('%s with tcp_loose=%s creates an entry: %s', (letters, loose, creates) => {
    const track = tcpNew({ flags: flags(letters), seq: 1, ack: 1 }, { tcpLoose: loose, tcpBeLiberal: false });
    expect(track !== undefined).toBe(creates);
  });
});

// Timeouts and flags below were also watched on Linux 6.18 in namespaces
// (client, router with MASQUERADE, server; `conntrack -L` / `conntrack -E` on the router).
describe('segment sequences', () => {
  it.each<[string, Segment[], Expect[]]>([
    [
      'three-way handshake: ASSURED on the third packet, 5 days',
      [SYN, SYN_ACK, ACK],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
      ],
    ],
    [
      'SYN answered by RST: CLOSE and the entry is deleted at once (conntrack -E: NEW SYN_SENT, DESTROY CLOSE)',
      [SYN, ['reply', 'RA', 0, 1001]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'CLOSE', kill: true },
      ],
    ],
    [
      'a retransmitted SYN does not renew the timer',
      [SYN, SYN],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_SENT' },
      ],
    ],
    [
      'SYN-ACK acknowledging what was never sent is INVALID (ACK over upper bound)',
      [SYN, ['reply', 'SA', 5000, 2000]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'invalid', state: 'SYN_SENT' },
      ],
    ],
    [
      'an ACK from the server before its SYN-ACK is ignored (half-open connection)',
      [SYN, ['reply', 'A', 5000, 1001]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'ignore', state: 'SYN_SENT' },
      ],
    ],
    [
      'loose pickup: a bare ACK starts ESTABLISHED, capped at 300 s until a reply, ASSURED on the third packet',
      [
        ['original', 'A', 5000, 7000],
        ['reply', 'A', 7000, 5000],
        ['original', 'A', 5000, 7000],
      ],
      [
        { action: 'accept', state: 'ESTABLISHED', timeout: 300 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 300 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
      ],
    ],
    [
      'RST in ESTABLISHED at the acknowledged sequence closes: 10 s',
      [SYN, SYN_ACK, ACK, ['reply', 'R', 5001, 0]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
        { action: 'accept', state: 'CLOSE', timeout: 10 },
      ],
    ],
    [
      'RST with a sequence below what was acknowledged is INVALID (invalid rst)',
      [SYN, SYN_ACK, ACK, ['reply', 'R', 4000, 0]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
        { action: 'invalid', state: 'ESTABLISHED' },
      ],
    ],
    [
      'orderly close: FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, then a new SYN reopens',
      [SYN, SYN_ACK, ACK, ['original', 'FA', 1001, 5001], ['reply', 'A', 5001, 1002], ['reply', 'FA', 5001, 1002], ['original', 'A', 1002, 5002], ['original', 'S', 90000, 0]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
        { action: 'accept', state: 'FIN_WAIT', timeout: 120 },
        { action: 'accept', state: 'CLOSE_WAIT', timeout: 60 },
        { action: 'accept', state: 'LAST_ACK', timeout: 30 },
        { action: 'accept', state: 'TIME_WAIT', timeout: 120 },
        { action: 'reopen', state: 'TIME_WAIT' },
      ],
    ],
    [
      'a new SYN on an ESTABLISHED entry is ignored; the SYN-ACK answering it resyncs to SYN_RECV',
      [SYN, SYN_ACK, ACK, ['original', 'S', 70000, 0], ['reply', 'SA', 80000, 70001], ['original', 'A', 70001, 80001]],
      [
        { action: 'accept', state: 'SYN_SENT', timeout: 120 },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000, assured: true },
        { action: 'ignore', state: 'ESTABLISHED' },
        { action: 'accept', state: 'SYN_RECV', timeout: 60 },
        { action: 'accept', state: 'ESTABLISHED', timeout: 432000 },
      ],
    ],
  ])('%s', (_name, segments, expected) => {
    expect(run(segments).map(summary)).toEqual(expected);
  });

  it('with nf_conntrack_tcp_be_liberal the bad SYN-ACK passes (observed: SYN_RECV, 59 s left)', () => {
    const liberal = { tcpLoose: true, tcpBeLiberal: true };
    expect(run([SYN, ['reply', 'SA', 5000, 2000]], liberal).map(summary)).toEqual([
      { action: 'accept', state: 'SYN_SENT', timeout: 120 },
      { action: 'accept', state: 'SYN_RECV', timeout: 60 },
    ]);
  });
});

import { expect, test } from 'vitest';
import { parseConntrackLine, parseConntrackList } from './conntrack-list.js';

// Lines as `conntrack -L` (conntrack-tools 1.4.7) printed them in the corpus runs.
test.each([
  {
    what: 'an established, masqueraded TCP connection',
    line: 'tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=198.51.100.20 sport=40000 dport=80 src=198.51.100.20 dst=198.51.100.7 sport=80 dport=40000 [ASSURED] mark=0 use=1',
    entry: {
      proto: 'tcp',
      state: 'ESTABLISHED',
      flags: ['ASSURED'],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40000, dport: 80 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 80, dport: 40000 },
    },
  },
  {
    what: 'a SYN that got no answer',
    line: 'tcp      6 119 SYN_SENT src=10.0.1.10 dst=10.0.2.20 sport=40000 dport=80 [UNREPLIED] src=10.0.2.20 dst=10.0.1.10 sport=80 dport=40000 mark=0 use=1',
    entry: {
      proto: 'tcp',
      state: 'SYN_SENT',
      flags: ['UNREPLIED'],
      original: { src: '10.0.1.10', dst: '10.0.2.20', sport: 40000, dport: 80 },
      reply: { src: '10.0.2.20', dst: '10.0.1.10', sport: 80, dport: 40000 },
    },
  },
  {
    what: 'a UDP exchange (no state word)',
    line: 'udp      17 29 src=10.0.1.10 dst=10.0.2.20 sport=40001 dport=53 src=10.0.2.20 dst=10.0.1.10 sport=53 dport=40001 mark=0 use=1',
    entry: {
      proto: 'udp',
      flags: [],
      original: { src: '10.0.1.10', dst: '10.0.2.20', sport: 40001, dport: 53 },
      reply: { src: '10.0.2.20', dst: '10.0.1.10', sport: 53, dport: 40001 },
    },
  },
  {
    what: 'an echo exchange keyed by type, code and id',
    line: 'icmp     1 29 src=192.168.1.10 dst=198.51.100.20 type=8 code=0 id=7 src=198.51.100.20 dst=198.51.100.7 type=0 code=0 id=7 mark=0 use=1',
    entry: {
      proto: 'icmp',
      flags: [],
      original: { src: '192.168.1.10', dst: '198.51.100.20', type: 8, code: 0, id: 7 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', type: 0, code: 0, id: 7 },
    },
  },
])('$what', ({ line, entry }) => {
  expect(parseConntrackLine(line)).toEqual(entry);
});

test('flags other than ASSURED and UNREPLIED are not compared', () => {
  const line = 'tcp 6 10 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 [OFFLOAD] [ASSURED] mark=0 use=1';
  expect(parseConntrackLine(line)?.flags).toEqual(['ASSURED']);
});

test('the summary line and blank lines are not entries', () => {
  expect(parseConntrackList('\nconntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n')).toEqual([]);
});

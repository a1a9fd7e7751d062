import { describe, expect, it } from 'vitest';
import type { ConntrackEntryView, Trace } from '../trace/types.js';
import { conntrackLine, renderConntrack } from './conntrack.js';
import { homeRouterTrace } from '../testing/traces/home-router.js';
import { noRouteTrace } from '../testing/traces/no-route.js';

/**
 * Each expected line was printed by the real `conntrack -L` (conntrack-tools
 * 1.4.7, kernel 6.18) in network namespaces: a laptop behind a router with
 * `-A POSTROUTING -o wan -j MASQUERADE`, talking to a server, and a port
 * forward with `CONNMARK --set-mark 0x2a`.
 */
const seenOnLinux: { name: string; entry: ConntrackEntryView; line: string }[] = [
  {
    name: 'an established TCP connection through MASQUERADE, assured',
    entry: {
      proto: 'tcp',
      protonum: 6,
      timeout: 431998,
      state: 'ESTABLISHED',
      flags: ['ASSURED'],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40010, dport: 80 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 80, dport: 40010 },
      mark: 0,
    },
    line: 'tcp      6 431998 ESTABLISHED src=192.168.1.10 dst=198.51.100.20 sport=40010 dport=80 src=198.51.100.20 dst=198.51.100.7 sport=80 dport=40010 [ASSURED] mark=0 use=1',
  },
  {
    name: 'a SYN nobody answered: [UNREPLIED] after the original tuple',
    entry: {
      proto: 'tcp',
      protonum: 6,
      timeout: 118,
      state: 'SYN_SENT',
      flags: ['UNREPLIED'],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40011, dport: 82 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 82, dport: 40011 },
      mark: 0,
    },
    line: 'tcp      6 118 SYN_SENT src=192.168.1.10 dst=198.51.100.20 sport=40011 dport=82 [UNREPLIED] src=198.51.100.20 dst=198.51.100.7 sport=82 dport=40011 mark=0 use=1',
  },
  {
    name: 'a UDP exchange: no state, no flags',
    entry: {
      proto: 'udp',
      protonum: 17,
      timeout: 29,
      flags: [],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40002, dport: 53 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 53, dport: 40002 },
      mark: 0,
    },
    line: 'udp      17 29 src=192.168.1.10 dst=198.51.100.20 sport=40002 dport=53 src=198.51.100.20 dst=198.51.100.7 sport=53 dport=40002 mark=0 use=1',
  },
  {
    name: 'a UDP datagram answered by ICMP port unreachable stays unreplied',
    entry: {
      proto: 'udp',
      protonum: 17,
      timeout: 29,
      flags: ['UNREPLIED'],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40003, dport: 54 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 54, dport: 40003 },
      mark: 0,
    },
    line: 'udp      17 29 src=192.168.1.10 dst=198.51.100.20 sport=40003 dport=54 [UNREPLIED] src=198.51.100.20 dst=198.51.100.7 sport=54 dport=40003 mark=0 use=1',
  },
  {
    name: 'a ping: type, code and id, echo reply type in the reply tuple',
    entry: {
      proto: 'icmp',
      protonum: 1,
      timeout: 29,
      flags: [],
      original: { src: '192.168.1.10', dst: '198.51.100.20', type: 8, code: 0, id: 7 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', type: 0, code: 0, id: 7 },
      mark: 0,
    },
    line: 'icmp     1 29 src=192.168.1.10 dst=198.51.100.20 type=8 code=0 id=7 src=198.51.100.20 dst=198.51.100.7 type=0 code=0 id=7 mark=0 use=1',
  },
  {
    name: 'a DNAT port forward with a connection mark, printed in decimal',
    entry: {
      proto: 'tcp',
      protonum: 6,
      timeout: 431999,
      state: 'ESTABLISHED',
      flags: ['ASSURED'],
      original: { src: '198.51.100.20', dst: '198.51.100.7', sport: 45000, dport: 8080 },
      reply: { src: '192.168.1.10', dst: '198.51.100.20', sport: 80, dport: 45000 },
      mark: 0x2a,
    },
    line: 'tcp      6 431999 ESTABLISHED src=198.51.100.20 dst=198.51.100.7 sport=45000 dport=8080 src=192.168.1.10 dst=198.51.100.20 sport=80 dport=45000 [ASSURED] mark=42 use=1',
  },
];

describe('conntrackLine prints an entry exactly as conntrack -L does', () => {
  it.each(seenOnLinux)('$name', ({ entry, line }) => {
    expect(conntrackLine(entry)).toBe(line);
  });

  it('prints only the status bits conntrack -L shows', () => {
    const entry = { ...seenOnLinux[0]!.entry, flags: ['SEEN_REPLY', 'ASSURED', 'CONFIRMED', 'SRC_NAT'] };
    expect(conntrackLine(entry)).toBe(seenOnLinux[0]!.line);
  });
});

describe('renderConntrack', () => {
  it('lists every host in order, with the summary conntrack writes after the entries', () => {
    const text = renderConntrack(homeRouterTrace);
    const blocks = text.trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([
      '# laptop: no connection tracking (no rule needs it)',
      '# router',
      '# server: no connection tracking (no rule needs it)',
    ]);
    const router = blocks[1]!.split('\n');
    expect(router).toHaveLength(1 + 3 + 1);
    expect(router[4]).toBe('conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.');
  });

  it('shows the router table of the home scenario: the refused connection is gone, the datagram unreplied', () => {
    expect(renderConntrack(homeRouterTrace)).toMatchInlineSnapshot(`
      "# laptop: no connection tracking (no rule needs it)
      conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.

      # router
      tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=198.51.100.20 sport=40000 dport=80 src=198.51.100.20 dst=198.51.100.7 sport=80 dport=40000 [ASSURED] mark=0 use=1
      udp      17 29 src=192.168.1.10 dst=198.51.100.20 sport=40002 dport=54 [UNREPLIED] src=198.51.100.20 dst=198.51.100.7 sport=54 dport=40002 mark=0 use=1
      icmp     1 29 src=192.168.1.10 dst=198.51.100.20 type=8 code=0 id=40003 src=198.51.100.20 dst=198.51.100.7 type=0 code=0 id=40003 mark=0 use=1
      conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.

      # server: no connection tracking (no rule needs it)
      conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.
      "
    `);
  });

  it('says plainly that a host without connection tracking lists nothing', () => {
    expect(renderConntrack(noRouteTrace)).toBe(
      '# isolated: no connection tracking (no rule needs it)\nconntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n',
    );
  });

  it('prints a tracking host with an empty table as the tool does', () => {
    const trace: Trace = { ...noRouteTrace, conntrack: { isolated: [] } };
    expect(renderConntrack(trace)).toBe('# isolated\nconntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
  });
});

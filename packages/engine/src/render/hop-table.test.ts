import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace/types.js';
import { renderHopTable } from './hop-table.js';
import { homeRouterTrace } from '../testing/traces/home-router.js';
import { noRouteTrace } from '../testing/traces/no-route.js';
import { portForwardTrace } from '../testing/traces/port-forward.js';
import { log, route } from '../testing/traces/builders.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const traces: [string, Trace][] = [
  ['home router', homeRouterTrace],
  ['port forward', portForwardTrace],
  ['no route', noRouteTrace],
];

/** The lines of `text` that contain every one of `parts`, whitespace runs collapsed. */
function linesWith(text: string, ...parts: string[]): string[] {
  return text.split('\n').filter((line) => parts.every((p) => line.replace(/ +/g, ' ').includes(p)));
}

describe('renderHopTable: what a reader needs to see', () => {
  const home = renderHopTable(homeRouterTrace);
  const forward = renderHopTable(portForwardTrace);

  it.each([
    ['the flow heading with outcome', home, ['flow 1', 'laptop → 198.51.100.20:80', 'tcp', 'sport 40000', 'connected']],
    ['the socket error of a refused flow', home, ['flow 2', 'refused', 'error ECONNREFUSED (Connection refused)']],
    ['a packet with its label, id and tuple as it left its sender', home, ['#1 SYN', '192.168.1.10:40000 → 198.51.100.20:80']],
    ['which packet a reply answers', home, ['#2 SYN-ACK', 'answers #1']],
    ['the route decision like ip route get', home, ['route output 198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10 (default)']],
    ['the rule that decided', home, ['rule nat POSTROUTING #1 -A POSTROUTING -o wan -j MASQUERADE → MASQUERADE']],
    ['the rewrite as before → after', home, ['rewrite src 192.168.1.10 → 198.51.100.7 (MASQUERADE)']],
    ['a link crossing with the headers on the wire', home, ['── home: laptop:eth0 → router:lan', '192.168.1.10:40000 → 198.51.100.20:80 SYN ttl 64']],
    ['the host with its interfaces', home, ['router lan → wan']],
    ['the conntrack binding when the entry is confirmed', home, ['ct confirmed orig 192.168.1.10:40000 → 198.51.100.20:80 reply 198.51.100.20:80 → 198.51.100.7:40000']],
    ['the TCP state change seen on a reply', home, ['ct established ctdir REPLY', 'SYN_SENT → SYN_RECV']],
    ['an ICMP error with the packet it is about', home, ['#7 icmp-unreachable', 'port unreachable (3/3) for udp 198.51.100.7:40002 → 198.51.100.20:54']],
    ['the embedded packet de-SNATed', home, ['rewrite inner.src 198.51.100.7 → 192.168.1.10 (de-SNAT)']],
    ['the fate', home, ['delivered to server', 'socket tcp 0.0.0.0:80']],
    ['the de-DNAT of the reply at POSTROUTING', forward, ['rewrite sport 80 → 8080 (de-DNAT)']],
    ['a chain policy without an arrow repeating it', forward, ['rule filter INPUT policy -P INPUT DROP']],
    ['a drop with its reason', forward, ['drop filter INPUT policy DROP']],
    // nf_log_syslog.c: the prefix, then IN= and OUT=, then the IP and TCP fields, flags by name.
    ['a LOG line as the kernel writes it', forward, ['port-forward: IN=wan OUT=lan SRC=198.51.100.20 DST=192.168.1.10 PROTO=TCP SPT=45000 DPT=80 SYN']],
  ])('shows %s', (_name, text, parts) => {
    expect(linesWith(text, ...parts)).not.toEqual([]);
  });

  it('aims the route lookup at the address after DNAT, as the kernel routes after PREROUTING', () => {
    expect(linesWith(forward, 'route forward 192.168.1.10 dev lan')).toHaveLength(2);
  });

  it('ends each packet with its fate, not repeating a reason or socket the last step just gave', () => {
    const fates = (text: string) => text.split('\n').filter((l) => /^ {4}(delivered|dropped) /.test(l));
    expect(fates(forward)).toEqual([
      '    delivered to laptop  socket tcp 0.0.0.0:80',
      '    delivered to client  socket tcp 198.51.100.20:45000',
      '    delivered to laptop  socket tcp 192.168.1.10:80',
      '    dropped at router',
    ]);
    expect(fates(renderHopTable(noRouteTrace))).toEqual(['    dropped at isolated: no route to host 203.0.113.9']);
  });

  it('shows a sender without a route: nothing on the wire', () => {
    const text = renderHopTable(noRouteTrace);
    expect(linesWith(text, '#1 SYN never left isolated')).toHaveLength(1);
    expect(linesWith(text, 'route unreachable no route to 203.0.113.9')).toHaveLength(1);
    expect(linesWith(text, 'error ENETUNREACH (Network is unreachable)')).toHaveLength(1);
    expect(text).not.toContain('──');
  });
});

describe('renderHopTable: form', () => {
  it.each(traces)('%s: no trailing spaces, ends with one newline, no colour by default', (_name, trace) => {
    const text = renderHopTable(trace);
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    expect(text.split('\n').filter((l) => / $/.test(l))).toEqual([]);
    expect(text).not.toMatch(ANSI);
  });

  it.each(traces)('%s: colour adds escapes and nothing else', (_name, trace) => {
    const colored = renderHopTable(trace, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, '')).toBe(renderHopTable(trace));
  });

  it.each([60, 80, 100])('wraps to %i columns at spaces, losing no word', (width) => {
    const wide = renderHopTable(portForwardTrace);
    const narrow = renderHopTable(portForwardTrace, { width });
    // A word may overrun the width only when it did not fit on a line of its own; none may start beyond it.
    for (const line of narrow.split('\n')) {
      for (const word of line.matchAll(/\S+/g)) expect(word.index).toBeLessThan(width);
    }
    expect(narrow.split(/\s+/)).toEqual(wide.split(/\s+/));
    expect(narrow.split('\n').length).toBeGreaterThan(wide.split('\n').length);
  });

  it('leaves a table that fits alone when wrapping', () => {
    expect(renderHopTable(noRouteTrace, { width: 200 })).toBe(renderHopTable(noRouteTrace));
  });

  it('aligns the detail column of every step row across the whole trace', () => {
    // 6 of indent, the widest kind (`rewrite`) and two spaces, the widest qualifier (`nat POSTROUTING #1`) and two.
    const detailAt = 6 + 'rewrite'.length + 2 + 'nat POSTROUTING #1'.length + 2;
    const rows = renderHopTable(homeRouterTrace)
      .split('\n')
      .filter((l) => /^ {6}(route|ct|rule|rewrite) /.test(l));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) expect([row.slice(detailAt - 2, detailAt), row[detailAt]]).toEqual(['  ', expect.stringMatching(/\S/)]);
  });

  it('never lets a control character from the scenario reach the terminal', () => {
    const flow = portForwardTrace.flows[1]!;
    const packet = flow.packets[0]!;
    const hop = packet.hops[1]!;
    const trace: Trace = {
      ...portForwardTrace,
      flows: [{ ...flow, packets: [{ ...packet, hops: [packet.hops[0]!, { ...hop, steps: [log('INPUT', 'filter', 'INPUT', '\u001b[2Jgotcha ')] }] }] }],
    };
    const text = renderHopTable(trace);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[2Jgotcha IN=wan OUT= SRC=198.51.100.20 DST=198.51.100.7 PROTO=TCP SPT=45001 DPT=22 SYN');
  });

  it('says so when a flow sent nothing and when there are no flows', () => {
    const silent: Trace = { ...noRouteTrace, flows: [{ ...noRouteTrace.flows[0]!, packets: [] }] };
    expect(renderHopTable(silent)).toContain('\n  nothing was sent\n');
    expect(renderHopTable({ ...noRouteTrace, flows: [] })).toBe('no flows\n');
  });

  it('shows a reroute after OUTPUT changed the destination', () => {
    const flow = noRouteTrace.flows[0]!;
    const packet = flow.packets[0]!;
    const hop = { host: 'isolated', steps: [route('reroute', 'unreachable')] };
    const text = renderHopTable({ ...noRouteTrace, flows: [{ ...flow, packets: [{ ...packet, hops: [hop] }] }] });
    expect(linesWith(text, 'reroute unreachable no route to 203.0.113.9')).toHaveLength(1);
  });
});

describe('renderHopTable snapshots', () => {
  it('home router: masquerade, refused, port unreachable, ping', () => {
    expect(renderHopTable(homeRouterTrace)).toMatchInlineSnapshot(`
      "Home router masquerade

      flow 1  laptop → 198.51.100.20:80  tcp  sport 40000  connected
        #1 SYN  192.168.1.10:40000 → 198.51.100.20:80
          laptop  (local) → eth0
            route    output              198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10:40000 → 198.51.100.20:80 SYN  ttl 64
          router  lan → wan
            ct       new                 orig 192.168.1.10:40000 → 198.51.100.20:80  SYN_SENT
            route    forward             198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                 64 → 63  (forward)
            rule     nat POSTROUTING #1  -A POSTROUTING -o wan -j MASQUERADE → MASQUERADE
            rewrite  src                 192.168.1.10 → 198.51.100.7  (MASQUERADE)
            ct       confirmed           orig 192.168.1.10:40000 → 198.51.100.20:80  reply 198.51.100.20:80 → 198.51.100.7:40000
          ── internet: router:wan → server:eth0  198.51.100.7:40000 → 198.51.100.20:80 SYN  ttl 63
          server  eth0 → (local)
            route    local               198.51.100.20 dev lo src 198.51.100.20
            socket   tcp 0.0.0.0:80 listening: SYN_RECV, answers SYN-ACK
          delivered to server  socket tcp 0.0.0.0:80

        #2 SYN-ACK  198.51.100.20:80 → 198.51.100.7:40000  answers #1
          server  (local) → eth0
            route    output              198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: server:eth0 → router:wan  198.51.100.20:80 → 198.51.100.7:40000 SYN-ACK  ttl 64
          router  wan → lan
            ct       established         ctdir REPLY  orig 192.168.1.10:40000 → 198.51.100.20:80  SYN_SENT → SYN_RECV
            rewrite  dst                 198.51.100.7 → 192.168.1.10  (de-SNAT)
            route    forward             192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                 64 → 63  (forward)
          ── home: router:lan → laptop:eth0      198.51.100.20:80 → 192.168.1.10:40000 SYN-ACK  ttl 63
          laptop  eth0 → (local)
            route    local               192.168.1.10 dev lo src 192.168.1.10
            socket   connect() 192.168.1.10:40000 → 198.51.100.20:80: ESTABLISHED, sends ACK
          delivered to laptop  socket tcp 192.168.1.10:40000

        #3 ACK  192.168.1.10:40000 → 198.51.100.20:80  answers #2
          laptop  (local) → eth0
            route    output              198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10:40000 → 198.51.100.20:80 ACK  ttl 64
          router  lan → wan
            ct       established         orig 192.168.1.10:40000 → 198.51.100.20:80  SYN_RECV → ESTABLISHED  assured
            route    forward             198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                 64 → 63  (forward)
            rewrite  src                 192.168.1.10 → 198.51.100.7  (MASQUERADE)
          ── internet: router:wan → server:eth0  198.51.100.7:40000 → 198.51.100.20:80 ACK  ttl 63
          server  eth0 → (local)
            route    local               198.51.100.20 dev lo src 198.51.100.20
            socket   tcp 0.0.0.0:80 accepted 198.51.100.7:40000: ESTABLISHED
          delivered to server  socket tcp 198.51.100.20:80

      flow 2  laptop → 198.51.100.20:81  tcp  sport 40001  refused  error ECONNREFUSED (Connection refused)
        #4 SYN  192.168.1.10:40001 → 198.51.100.20:81
          laptop  (local) → eth0
            route    output              198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10:40001 → 198.51.100.20:81 SYN  ttl 64
          router  lan → wan
            ct       new                 orig 192.168.1.10:40001 → 198.51.100.20:81  SYN_SENT
            route    forward             198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                 64 → 63  (forward)
            rule     nat POSTROUTING #1  -A POSTROUTING -o wan -j MASQUERADE → MASQUERADE
            rewrite  src                 192.168.1.10 → 198.51.100.7  (MASQUERADE)
            ct       confirmed           orig 192.168.1.10:40001 → 198.51.100.20:81  reply 198.51.100.20:81 → 198.51.100.7:40001
          ── internet: router:wan → server:eth0  198.51.100.7:40001 → 198.51.100.20:81 SYN  ttl 63
          server  eth0 → (local)
            route    local               198.51.100.20 dev lo src 198.51.100.20
            socket   no socket for tcp 198.51.100.20:81: answers RST
          delivered to server

        #5 RST  198.51.100.20:81 → 198.51.100.7:40001  resets #4
          server  (local) → eth0
            route    output              198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: server:eth0 → router:wan  198.51.100.20:81 → 198.51.100.7:40001 RST-ACK  ttl 64
          router  wan → lan
            ct       established         ctdir REPLY  orig 192.168.1.10:40001 → 198.51.100.20:81  SYN_SENT → CLOSE  RST before any reply: entry deleted
            rewrite  dst                 198.51.100.7 → 192.168.1.10  (de-SNAT)
            route    forward             192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                 64 → 63  (forward)
          ── home: router:lan → laptop:eth0      198.51.100.20:81 → 192.168.1.10:40001 RST-ACK  ttl 63
          laptop  eth0 → (local)
            route    local               192.168.1.10 dev lo src 192.168.1.10
            socket   connect() 192.168.1.10:40001 → 198.51.100.20:81: ECONNREFUSED
          delivered to laptop  socket tcp 192.168.1.10:40001

      flow 3  laptop → 198.51.100.20:54  udp  sport 40002  unreachable  error ECONNREFUSED (Connection refused)
        #6 datagram  192.168.1.10:40002 → 198.51.100.20:54
          laptop  (local) → eth0
            route    output              198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10:40002 → 198.51.100.20:54 udp  ttl 64
          router  lan → wan
            ct       new                 orig 192.168.1.10:40002 → 198.51.100.20:54
            route    forward             198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                 64 → 63  (forward)
            rule     nat POSTROUTING #1  -A POSTROUTING -o wan -j MASQUERADE → MASQUERADE
            rewrite  src                 192.168.1.10 → 198.51.100.7  (MASQUERADE)
            ct       confirmed           orig 192.168.1.10:40002 → 198.51.100.20:54  reply 198.51.100.20:54 → 198.51.100.7:40002
          ── internet: router:wan → server:eth0  198.51.100.7:40002 → 198.51.100.20:54 udp  ttl 63
          server  eth0 → (local)
            route    local               198.51.100.20 dev lo src 198.51.100.20
            socket   no socket for udp 198.51.100.20:54: answers ICMP port unreachable
          delivered to server

        #7 icmp-unreachable  198.51.100.20 → 198.51.100.7 port unreachable (3/3) for udp 198.51.100.7:40002 → 198.51.100.20:54  about #6
          server  (local) → eth0
            route    output              198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: server:eth0 → router:wan  198.51.100.20 → 198.51.100.7 port unreachable (3/3) for udp 198.51.100.7:40002 → 198.51.100.20:54  ttl 64
          router  wan → lan
            ct       related             ctdir REPLY  orig 192.168.1.10:40002 → 198.51.100.20:54
            rewrite  dst                 198.51.100.7 → 192.168.1.10  (de-SNAT)
            rewrite  inner.src           198.51.100.7 → 192.168.1.10  (de-SNAT)
            route    forward             192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                 64 → 63  (forward)
          ── home: router:lan → laptop:eth0      198.51.100.20 → 192.168.1.10 port unreachable (3/3) for udp 192.168.1.10:40002 → 198.51.100.20:54  ttl 63
          laptop  eth0 → (local)
            route    local               192.168.1.10 dev lo src 192.168.1.10
            socket   udp 192.168.1.10:40002 connected to 198.51.100.20:54: ECONNREFUSED
          delivered to laptop  socket udp 192.168.1.10:40002

      flow 4  laptop → 198.51.100.20  icmp  id 40003  answered
        #8 echo-request  192.168.1.10 → 198.51.100.20 echo request id 40003
          laptop  (local) → eth0
            route    output              198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10 → 198.51.100.20 echo request id 40003  ttl 64
          router  lan → wan
            ct       new                 orig 192.168.1.10 → 198.51.100.20 id 40003
            route    forward             198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                 64 → 63  (forward)
            rule     nat POSTROUTING #1  -A POSTROUTING -o wan -j MASQUERADE → MASQUERADE
            rewrite  src                 192.168.1.10 → 198.51.100.7  (MASQUERADE)
            ct       confirmed           orig 192.168.1.10 → 198.51.100.20 id 40003  reply 198.51.100.20 → 198.51.100.7 id 40003
          ── internet: router:wan → server:eth0  198.51.100.7 → 198.51.100.20 echo request id 40003  ttl 63
          server  eth0 → (local)
            route    local               198.51.100.20 dev lo src 198.51.100.20
            socket   echo request: the kernel answers
          delivered to server

        #9 echo-reply  198.51.100.20 → 198.51.100.7 echo reply id 40003  answers #8
          server  (local) → eth0
            route    output              198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: server:eth0 → router:wan  198.51.100.20 → 198.51.100.7 echo reply id 40003  ttl 64
          router  wan → lan
            ct       established         ctdir REPLY  orig 192.168.1.10 → 198.51.100.20 id 40003
            rewrite  dst                 198.51.100.7 → 192.168.1.10  (de-SNAT)
            route    forward             192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                 64 → 63  (forward)
          ── home: router:lan → laptop:eth0      198.51.100.20 → 192.168.1.10 echo reply id 40003  ttl 63
          laptop  eth0 → (local)
            route    local               192.168.1.10 dev lo src 192.168.1.10
            socket   ping socket id 40003: echo reply
          delivered to laptop  socket icmp id 40003
      "
    `);
  });

  it('port forward: DNAT, de-DNAT, LOG, policy drop', () => {
    expect(renderHopTable(portForwardTrace)).toMatchInlineSnapshot(`
      "flow 1  client → 198.51.100.7:8080  tcp  sport 45000  connected
        #1 SYN  198.51.100.20:45000 → 198.51.100.7:8080
          client  (local) → eth0
            route    output                  198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: client:eth0 → router:wan  198.51.100.20:45000 → 198.51.100.7:8080 SYN  ttl 64
          router  wan → lan
            ct       new                     orig 198.51.100.20:45000 → 198.51.100.7:8080  SYN_SENT
            rule     nat PREROUTING #1       -A PREROUTING -i wan -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80 → DNAT
            rewrite  dst                     198.51.100.7 → 192.168.1.10  (DNAT)
            rewrite  dport                   8080 → 80  (DNAT)
            route    forward                 192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                     64 → 63  (forward)
            rule     filter FORWARD #2       -A FORWARD -i wan -o lan -p tcp -d 192.168.1.10 --dport 80 -j LOG --log-prefix "port-forward: " → LOG
            log      filter FORWARD          port-forward: IN=wan OUT=lan SRC=198.51.100.20 DST=192.168.1.10 PROTO=TCP SPT=45000 DPT=80 SYN
            rule     filter FORWARD #3       -A FORWARD -i wan -o lan -p tcp -d 192.168.1.10 --dport 80 -j ACCEPT → ACCEPT
            rule     nat POSTROUTING policy  -P POSTROUTING ACCEPT
            ct       confirmed               orig 198.51.100.20:45000 → 198.51.100.7:8080  reply 192.168.1.10:80 → 198.51.100.20:45000
          ── home: router:lan → laptop:eth0      198.51.100.20:45000 → 192.168.1.10:80 SYN  ttl 63
          laptop  eth0 → (local)
            route    local                   192.168.1.10 dev lo src 192.168.1.10
            socket   tcp 0.0.0.0:80 listening: SYN_RECV, answers SYN-ACK
          delivered to laptop  socket tcp 0.0.0.0:80

        #2 SYN-ACK  192.168.1.10:80 → 198.51.100.20:45000  answers #1
          laptop  (local) → eth0
            route    output                  198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10  (default)
          ── home: laptop:eth0 → router:lan      192.168.1.10:80 → 198.51.100.20:45000 SYN-ACK  ttl 64
          router  lan → wan
            ct       established             ctdir REPLY  orig 198.51.100.20:45000 → 198.51.100.7:8080  SYN_SENT → SYN_RECV
            route    forward                 198.51.100.20 dev wan src 198.51.100.7  (198.51.100.0/24)
            rewrite  ttl                     64 → 63  (forward)
            rule     filter FORWARD #1       -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT → ACCEPT
            rewrite  src                     192.168.1.10 → 198.51.100.7  (de-DNAT)
            rewrite  sport                   80 → 8080  (de-DNAT)
          ── internet: router:wan → client:eth0  198.51.100.7:8080 → 198.51.100.20:45000 SYN-ACK  ttl 63
          client  eth0 → (local)
            route    local                   198.51.100.20 dev lo src 198.51.100.20
            socket   connect() 198.51.100.20:45000 → 198.51.100.7:8080: ESTABLISHED, sends ACK
          delivered to client  socket tcp 198.51.100.20:45000

        #3 ACK  198.51.100.20:45000 → 198.51.100.7:8080  answers #2
          client  (local) → eth0
            route    output                  198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: client:eth0 → router:wan  198.51.100.20:45000 → 198.51.100.7:8080 ACK  ttl 64
          router  wan → lan
            ct       established             orig 198.51.100.20:45000 → 198.51.100.7:8080  SYN_RECV → ESTABLISHED  assured
            rewrite  dst                     198.51.100.7 → 192.168.1.10  (DNAT)
            rewrite  dport                   8080 → 80  (DNAT)
            route    forward                 192.168.1.10 dev lan src 192.168.1.1  (192.168.1.0/24)
            rewrite  ttl                     64 → 63  (forward)
            rule     filter FORWARD #1       -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT → ACCEPT
          ── home: router:lan → laptop:eth0      198.51.100.20:45000 → 192.168.1.10:80 ACK  ttl 63
          laptop  eth0 → (local)
            route    local                   192.168.1.10 dev lo src 192.168.1.10
            socket   tcp 0.0.0.0:80 accepted 198.51.100.20:45000: ESTABLISHED
          delivered to laptop  socket tcp 192.168.1.10:80

      flow 2  client → 198.51.100.7:22  tcp  sport 45001  timed out  error ETIMEDOUT (Connection timed out)
        #4 SYN  198.51.100.20:45001 → 198.51.100.7:22
          client  (local) → eth0
            route    output                  198.51.100.7 dev eth0 src 198.51.100.20  (198.51.100.0/24)
          ── internet: client:eth0 → router:wan  198.51.100.20:45001 → 198.51.100.7:22 SYN  ttl 64
          router  wan → (dropped)
            ct       new                     orig 198.51.100.20:45001 → 198.51.100.7:22  SYN_SENT
            route    local                   198.51.100.7 dev lo src 198.51.100.7
            rule     filter INPUT policy     -P INPUT DROP
            ct       dropped                 orig 198.51.100.20:45001 → 198.51.100.7:22  the unconfirmed entry dies with its packet
            drop     filter INPUT policy DROP
          dropped at router
      "
    `);
  });

  it('no route', () => {
    expect(renderHopTable(noRouteTrace)).toMatchInlineSnapshot(`
      "flow 1  isolated → 203.0.113.9:443  tcp  sport 40000  unreachable  error ENETUNREACH (Network is unreachable)
        #1 SYN  never left isolated
          isolated  (local) → (dropped)
            route  unreachable  no route to 203.0.113.9
            drop   no route to 203.0.113.9: connect() fails with ENETUNREACH
          dropped at isolated: no route to host 203.0.113.9
      "
    `);
  });
});

/**
 * The home network of spec §1, traced by hand from what Linux does (checked
 * in network namespaces): a masqueraded TCP handshake; a refused connection
 * (RST-ACK; conntrack deletes an entry whose only reply is a RST,
 * nf_conntrack_proto_tcp.c, so `conntrack -L` no longer lists it); a UDP
 * datagram to a closed port (ICMP port unreachable, RELATED, de-SNAT of the
 * embedded packet; the entry stays [UNREPLIED]); a ping.
 */
import type { ConntrackStep, ConntrackTupleView, HostHop, Step, Trace } from '../../trace/types.js';
import { ct, echo, forwardTtl, icmpError, replyTuple, rewrite, route, rule, socket, tcp, tuple, udp } from './builders.js';

const LAPTOP = '192.168.1.10';
const ROUTER_LAN = '192.168.1.1';
const ROUTER_WAN = '198.51.100.7';
const SERVER = '198.51.100.20';

const laptopOut = route('output', 'output', { route: 'default via 192.168.1.1 dev eth0', dev: 'eth0', via: ROUTER_LAN, src: LAPTOP });
const laptopIn = route('input', 'local', { route: 'local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10', dev: 'lo', src: LAPTOP });
const serverOut = route('output', 'output', { route: '198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.20', dev: 'eth0', src: SERVER });
const serverIn = route('input', 'local', { route: 'local 198.51.100.20 dev eth0 table local proto kernel scope host src 198.51.100.20', dev: 'lo', src: SERVER });
const routerToWan = route('input', 'forward', { route: '198.51.100.0/24 dev wan proto kernel scope link src 198.51.100.7', dev: 'wan', src: ROUTER_WAN });
const routerToLan = route('input', 'forward', { route: '192.168.1.0/24 dev lan proto kernel scope link src 192.168.1.1', dev: 'lan', src: ROUTER_LAN });
const masquerade = rule('POSTROUTING', 'nat', 'POSTROUTING', 1, '-A POSTROUTING -o wan -j MASQUERADE', 'MASQUERADE', 16);

/** The three hops of a masqueraded packet from the laptop to the server, with the router's steps given. */
function outbound(routerSteps: Step[], serverSocket: string): HostHop[] {
  return [
    { host: 'laptop', out: 'eth0', steps: [laptopOut] },
    { host: 'router', in: 'lan', out: 'wan', steps: routerSteps },
    { host: 'server', in: 'eth0', steps: [serverIn, socket(serverSocket)] },
  ];
}

function inbound(routerSteps: Step[], laptopSocket: string): HostHop[] {
  return [
    { host: 'server', out: 'eth0', steps: [serverOut] },
    { host: 'router', in: 'wan', out: 'lan', steps: routerSteps },
    { host: 'laptop', in: 'eth0', steps: [laptopIn, socket(laptopSocket)] },
  ];
}

/** What the first packet of a masqueraded connection meets on the router. */
function masqueradeFirst(original: ConntrackTupleView, tcpState?: string): Step[] {
  const reply = replyTuple(original, ROUTER_WAN);
  const fresh: Omit<ConntrackStep, 'kind' | 'hook' | 'event'> = { ctstate: 'NEW', direction: 'original', original, reply: replyTuple(original, original.src) };
  return [
    ct('PREROUTING', 'new', tcpState === undefined ? fresh : { ...fresh, tcpState }),
    routerToWan,
    forwardTtl(64),
    masquerade,
    rewrite('POSTROUTING', 'src', LAPTOP, ROUTER_WAN, 'MASQUERADE'),
    ct('POSTROUTING', 'confirmed', { original, reply }),
  ];
}

const c1 = tuple(LAPTOP, SERVER, 40000, 80);
const c2 = tuple(LAPTOP, SERVER, 40001, 81);
const c3 = tuple(LAPTOP, SERVER, 40002, 54);
const c4: ConntrackTupleView = { src: LAPTOP, dst: SERVER, type: 8, code: 0, id: 40003 };
const deSnat = rewrite('PREROUTING', 'dst', ROUTER_WAN, LAPTOP, 'de-SNAT');

export const homeRouterTrace: Trace = {
  version: 1,
  title: 'Home router masquerade',
  seed: 1,
  hosts: ['laptop', 'router', 'server'],
  flows: [
    {
      index: 0,
      from: 'laptop',
      to: '198.51.100.20:80',
      proto: 'tcp',
      sport: 40000,
      outcome: 'connected',
      packets: [
        {
          id: 1,
          label: 'SYN',
          origin: { host: 'laptop', cause: 'flow' },
          wire: [
            tcp('home', 'laptop:eth0', 'router:lan', LAPTOP, SERVER, { sport: 40000, dport: 80 }, 'SYN', 64),
            tcp('internet', 'router:wan', 'server:eth0', ROUTER_WAN, SERVER, { sport: 40000, dport: 80 }, 'SYN', 63),
          ],
          hops: outbound(masqueradeFirst(c1, 'SYN_SENT'), 'tcp 0.0.0.0:80 listening: SYN_RECV, answers SYN-ACK'),
          fate: { result: 'delivered', host: 'server', socket: 'tcp 0.0.0.0:80' },
        },
        {
          id: 2,
          label: 'SYN-ACK',
          origin: { host: 'server', cause: 'reply' },
          inReplyTo: 1,
          wire: [
            tcp('internet', 'server:eth0', 'router:wan', SERVER, ROUTER_WAN, { sport: 80, dport: 40000 }, 'SYN-ACK', 64),
            tcp('home', 'router:lan', 'laptop:eth0', SERVER, LAPTOP, { sport: 80, dport: 40000 }, 'SYN-ACK', 63),
          ],
          hops: inbound(
            [ct('PREROUTING', 'established', { ctstate: 'ESTABLISHED', direction: 'reply', original: c1, tcpState: 'SYN_RECV' }), deSnat, routerToLan, forwardTtl(64)],
            'connect() 192.168.1.10:40000 → 198.51.100.20:80: ESTABLISHED, sends ACK',
          ),
          fate: { result: 'delivered', host: 'laptop', socket: 'tcp 192.168.1.10:40000' },
        },
        {
          id: 3,
          label: 'ACK',
          origin: { host: 'laptop', cause: 'reply' },
          inReplyTo: 2,
          wire: [
            tcp('home', 'laptop:eth0', 'router:lan', LAPTOP, SERVER, { sport: 40000, dport: 80 }, 'ACK', 64),
            tcp('internet', 'router:wan', 'server:eth0', ROUTER_WAN, SERVER, { sport: 40000, dport: 80 }, 'ACK', 63),
          ],
          hops: outbound(
            [
              ct('PREROUTING', 'established', { ctstate: 'ESTABLISHED', direction: 'original', original: c1, tcpState: 'ESTABLISHED', detail: 'assured' }),
              routerToWan,
              forwardTtl(64),
              rewrite('POSTROUTING', 'src', LAPTOP, ROUTER_WAN, 'MASQUERADE'),
            ],
            'tcp 0.0.0.0:80 accepted 198.51.100.7:40000: ESTABLISHED',
          ),
          fate: { result: 'delivered', host: 'server', socket: 'tcp 198.51.100.20:80' },
        },
      ],
    },
    {
      index: 1,
      from: 'laptop',
      to: '198.51.100.20:81',
      proto: 'tcp',
      sport: 40001,
      outcome: 'refused',
      error: 'ECONNREFUSED',
      packets: [
        {
          id: 4,
          label: 'SYN',
          origin: { host: 'laptop', cause: 'flow' },
          wire: [
            tcp('home', 'laptop:eth0', 'router:lan', LAPTOP, SERVER, { sport: 40001, dport: 81 }, 'SYN', 64),
            tcp('internet', 'router:wan', 'server:eth0', ROUTER_WAN, SERVER, { sport: 40001, dport: 81 }, 'SYN', 63),
          ],
          hops: outbound(masqueradeFirst(c2, 'SYN_SENT'), 'no socket for tcp 198.51.100.20:81: answers RST'),
          fate: { result: 'delivered', host: 'server' },
        },
        {
          id: 5,
          label: 'RST',
          origin: { host: 'server', cause: 'reset' },
          inReplyTo: 4,
          wire: [
            tcp('internet', 'server:eth0', 'router:wan', SERVER, ROUTER_WAN, { sport: 81, dport: 40001 }, 'RST-ACK', 64),
            tcp('home', 'router:lan', 'laptop:eth0', SERVER, LAPTOP, { sport: 81, dport: 40001 }, 'RST-ACK', 63),
          ],
          hops: inbound(
            [
              ct('PREROUTING', 'established', {
                ctstate: 'ESTABLISHED',
                direction: 'reply',
                original: c2,
                tcpState: 'CLOSE',
                detail: 'RST before any reply: entry deleted',
              }),
              deSnat,
              routerToLan,
              forwardTtl(64),
            ],
            'connect() 192.168.1.10:40001 → 198.51.100.20:81: ECONNREFUSED',
          ),
          fate: { result: 'delivered', host: 'laptop', socket: 'tcp 192.168.1.10:40001' },
        },
      ],
    },
    {
      index: 2,
      from: 'laptop',
      to: '198.51.100.20:54',
      proto: 'udp',
      sport: 40002,
      outcome: 'unreachable',
      error: 'ECONNREFUSED',
      packets: [
        {
          id: 6,
          label: 'datagram',
          origin: { host: 'laptop', cause: 'flow' },
          wire: [
            udp('home', 'laptop:eth0', 'router:lan', LAPTOP, SERVER, { sport: 40002, dport: 54 }, 64),
            udp('internet', 'router:wan', 'server:eth0', ROUTER_WAN, SERVER, { sport: 40002, dport: 54 }, 63),
          ],
          hops: outbound(masqueradeFirst(c3), 'no socket for udp 198.51.100.20:54: answers ICMP port unreachable'),
          fate: { result: 'delivered', host: 'server' },
        },
        {
          id: 7,
          label: 'icmp-unreachable',
          origin: { host: 'server', cause: 'icmp-error' },
          inReplyTo: 6,
          wire: [
            icmpError('internet', 'server:eth0', 'router:wan', SERVER, ROUTER_WAN, 3, { proto: 'udp', src: ROUTER_WAN, dst: SERVER, sport: 40002, dport: 54 }, 64),
            icmpError('home', 'router:lan', 'laptop:eth0', SERVER, LAPTOP, 3, { proto: 'udp', src: LAPTOP, dst: SERVER, sport: 40002, dport: 54 }, 63),
          ],
          hops: inbound(
            [
              ct('PREROUTING', 'related', { ctstate: 'RELATED', direction: 'reply', original: c3 }),
              deSnat,
              rewrite('PREROUTING', 'inner.src', ROUTER_WAN, LAPTOP, 'de-SNAT'),
              routerToLan,
              forwardTtl(64),
            ],
            'udp 192.168.1.10:40002 connected to 198.51.100.20:54: ECONNREFUSED',
          ),
          fate: { result: 'delivered', host: 'laptop', socket: 'udp 192.168.1.10:40002' },
        },
      ],
    },
    {
      index: 3,
      from: 'laptop',
      to: '198.51.100.20',
      proto: 'icmp',
      sport: 40003,
      outcome: 'answered',
      packets: [
        {
          id: 8,
          label: 'echo-request',
          origin: { host: 'laptop', cause: 'flow' },
          wire: [
            echo('home', 'laptop:eth0', 'router:lan', LAPTOP, SERVER, 8, 40003, 64),
            echo('internet', 'router:wan', 'server:eth0', ROUTER_WAN, SERVER, 8, 40003, 63),
          ],
          hops: outbound(masqueradeFirst(c4), 'echo request: the kernel answers'),
          fate: { result: 'delivered', host: 'server' },
        },
        {
          id: 9,
          label: 'echo-reply',
          origin: { host: 'server', cause: 'reply' },
          inReplyTo: 8,
          wire: [
            echo('internet', 'server:eth0', 'router:wan', SERVER, ROUTER_WAN, 0, 40003, 64),
            echo('home', 'router:lan', 'laptop:eth0', SERVER, LAPTOP, 0, 40003, 63),
          ],
          hops: inbound(
            [ct('PREROUTING', 'established', { ctstate: 'ESTABLISHED', direction: 'reply', original: c4 }), deSnat, routerToLan, forwardTtl(64)],
            'ping socket id 40003: echo reply',
          ),
          fate: { result: 'delivered', host: 'laptop', socket: 'icmp id 40003' },
        },
      ],
    },
  ],
  conntrack: {
    router: [
      {
        proto: 'tcp',
        protonum: 6,
        timeout: 431999,
        state: 'ESTABLISHED',
        flags: ['ASSURED'],
        original: c1,
        reply: replyTuple(c1, ROUTER_WAN),
        mark: 0,
      },
      { proto: 'udp', protonum: 17, timeout: 29, flags: ['UNREPLIED'], original: c3, reply: replyTuple(c3, ROUTER_WAN), mark: 0 },
      {
        proto: 'icmp',
        protonum: 1,
        timeout: 29,
        flags: [],
        original: c4,
        reply: replyTuple(c4, ROUTER_WAN),
        mark: 0,
      },
    ],
  },
};

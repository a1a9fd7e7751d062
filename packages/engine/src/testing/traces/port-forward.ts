/**
 * A port forward, traced by hand from what Linux does: a client on the
 * internet connects to the router's 198.51.100.7:8080, which DNATs it to the
 * laptop's web server; the reply is de-DNATed at POSTROUTING (the kernel's
 * nf_nat_ipv4_out applies the inverse of a DNAT binding on the way out). The
 * FORWARD chain logs and accepts the first packet and lets replies through by
 * ctstate. A second connection, to port 22 of the router itself, dies at the
 * INPUT policy, and its unconfirmed conntrack entry with it.
 *
 *   *nat
 *   -A PREROUTING -i wan -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80
 *   -A POSTROUTING -o wan -j MASQUERADE
 *   COMMIT
 *   *filter
 *   :INPUT DROP [0:0]
 *   :FORWARD DROP [0:0]
 *   -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
 *   -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
 *   -A FORWARD -i wan -o lan -p tcp -d 192.168.1.10 --dport 80 -j LOG --log-prefix "port-forward: "
 *   -A FORWARD -i wan -o lan -p tcp -d 192.168.1.10 --dport 80 -j ACCEPT
 *   COMMIT
 */
import type { ConntrackTupleView, Trace } from '../../trace/types.js';
import { ct, drop, forwardTtl, log, replyTuple, rewrite, route, rule, socket, tcp, tuple } from './builders.js';

const LAPTOP = '192.168.1.10';
const ROUTER_WAN = '198.51.100.7';
const CLIENT = '198.51.100.20';

const dnatRule = '-A PREROUTING -i wan -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80';
const established = (chain: 'INPUT' | 'FORWARD') =>
  rule(chain, 'filter', chain, 1, `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`, 'ACCEPT', chain === 'INPUT' ? 11 : 12);
const forwardMatch = '-A FORWARD -i wan -o lan -p tcp -d 192.168.1.10 --dport 80';

const clientOut = route('output', 'output', { route: '198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.20', dev: 'eth0', src: CLIENT });
const clientIn = route('input', 'local', { route: 'local 198.51.100.20 dev eth0 table local proto kernel scope host src 198.51.100.20', dev: 'lo', src: CLIENT });
const toLan = route('input', 'forward', { route: '192.168.1.0/24 dev lan proto kernel scope link src 192.168.1.1', dev: 'lan', src: '192.168.1.1' });
const toWan = route('input', 'forward', { route: '198.51.100.0/24 dev wan proto kernel scope link src 198.51.100.7', dev: 'wan', src: ROUTER_WAN });
const laptopIn = route('input', 'local', { route: 'local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10', dev: 'lo', src: LAPTOP });

const web: ConntrackTupleView = tuple(CLIENT, ROUTER_WAN, 45000, 8080);
const webReply = tuple(LAPTOP, CLIENT, 80, 45000);
const ssh: ConntrackTupleView = tuple(CLIENT, ROUTER_WAN, 45001, 22);

const dnat = [rewrite('PREROUTING', 'dst', ROUTER_WAN, LAPTOP, 'DNAT'), rewrite('PREROUTING', 'dport', 8080, 80, 'DNAT')];

export const portForwardTrace: Trace = {
  version: 1,
  seed: 1,
  hosts: ['client', 'router', 'laptop'],
  flows: [
    {
      index: 0,
      from: 'client',
      to: '198.51.100.7:8080',
      proto: 'tcp',
      sport: 45000,
      outcome: 'connected',
      packets: [
        {
          id: 1,
          label: 'SYN',
          origin: { host: 'client', cause: 'flow' },
          wire: [
            tcp('internet', 'client:eth0', 'router:wan', CLIENT, ROUTER_WAN, { sport: 45000, dport: 8080 }, 'SYN', 64),
            tcp('home', 'router:lan', 'laptop:eth0', CLIENT, LAPTOP, { sport: 45000, dport: 80 }, 'SYN', 63),
          ],
          hops: [
            { host: 'client', out: 'eth0', steps: [clientOut] },
            {
              host: 'router',
              in: 'wan',
              out: 'lan',
              steps: [
                ct('PREROUTING', 'new', { ctstate: 'NEW', original: web, reply: replyTuple(web, CLIENT), tcpState: 'SYN_SENT' }),
                rule('PREROUTING', 'nat', 'PREROUTING', 1, dnatRule, 'DNAT', 3),
                ...dnat,
                toLan,
                forwardTtl(64),
                rule('FORWARD', 'filter', 'FORWARD', 2, `${forwardMatch} -j LOG --log-prefix "port-forward: "`, 'LOG', 13),
                log('FORWARD', 'filter', 'FORWARD', 'port-forward: '),
                rule('FORWARD', 'filter', 'FORWARD', 3, `${forwardMatch} -j ACCEPT`, 'ACCEPT', 14),
                rule('POSTROUTING', 'nat', 'POSTROUTING', undefined, '-P POSTROUTING ACCEPT', 'ACCEPT'),
                ct('POSTROUTING', 'confirmed', { original: web, reply: webReply }),
              ],
            },
            { host: 'laptop', in: 'eth0', steps: [laptopIn, socket('tcp 0.0.0.0:80 listening: SYN_RECV, answers SYN-ACK')] },
          ],
          fate: { result: 'delivered', host: 'laptop', socket: 'tcp 0.0.0.0:80' },
        },
        {
          id: 2,
          label: 'SYN-ACK',
          origin: { host: 'laptop', cause: 'reply' },
          inReplyTo: 1,
          wire: [
            tcp('home', 'laptop:eth0', 'router:lan', LAPTOP, CLIENT, { sport: 80, dport: 45000 }, 'SYN-ACK', 64),
            tcp('internet', 'router:wan', 'client:eth0', ROUTER_WAN, CLIENT, { sport: 8080, dport: 45000 }, 'SYN-ACK', 63),
          ],
          hops: [
            {
              host: 'laptop',
              out: 'eth0',
              steps: [route('output', 'output', { route: 'default via 192.168.1.1 dev eth0', via: '192.168.1.1', dev: 'eth0', src: LAPTOP })],
            },
            {
              host: 'router',
              in: 'lan',
              out: 'wan',
              steps: [
                ct('PREROUTING', 'established', { ctstate: 'ESTABLISHED', direction: 'reply', original: web, tcpState: 'SYN_RECV' }),
                toWan,
                forwardTtl(64),
                established('FORWARD'),
                rewrite('POSTROUTING', 'src', LAPTOP, ROUTER_WAN, 'de-DNAT'),
                rewrite('POSTROUTING', 'sport', 80, 8080, 'de-DNAT'),
              ],
            },
            { host: 'client', in: 'eth0', steps: [clientIn, socket('connect() 198.51.100.20:45000 → 198.51.100.7:8080: ESTABLISHED, sends ACK')] },
          ],
          fate: { result: 'delivered', host: 'client', socket: 'tcp 198.51.100.20:45000' },
        },
        {
          id: 3,
          label: 'ACK',
          origin: { host: 'client', cause: 'reply' },
          inReplyTo: 2,
          wire: [
            tcp('internet', 'client:eth0', 'router:wan', CLIENT, ROUTER_WAN, { sport: 45000, dport: 8080 }, 'ACK', 64),
            tcp('home', 'router:lan', 'laptop:eth0', CLIENT, LAPTOP, { sport: 45000, dport: 80 }, 'ACK', 63),
          ],
          hops: [
            { host: 'client', out: 'eth0', steps: [clientOut] },
            {
              host: 'router',
              in: 'wan',
              out: 'lan',
              steps: [
                ct('PREROUTING', 'established', { ctstate: 'ESTABLISHED', original: web, tcpState: 'ESTABLISHED', detail: 'assured' }),
                ...dnat,
                toLan,
                forwardTtl(64),
                established('FORWARD'),
              ],
            },
            { host: 'laptop', in: 'eth0', steps: [laptopIn, socket('tcp 0.0.0.0:80 accepted 198.51.100.20:45000: ESTABLISHED')] },
          ],
          fate: { result: 'delivered', host: 'laptop', socket: 'tcp 192.168.1.10:80' },
        },
      ],
    },
    {
      index: 1,
      from: 'client',
      to: '198.51.100.7:22',
      proto: 'tcp',
      sport: 45001,
      outcome: 'timeout',
      error: 'ETIMEDOUT',
      packets: [
        {
          id: 4,
          label: 'SYN',
          origin: { host: 'client', cause: 'flow' },
          wire: [tcp('internet', 'client:eth0', 'router:wan', CLIENT, ROUTER_WAN, { sport: 45001, dport: 22 }, 'SYN', 64)],
          hops: [
            { host: 'client', out: 'eth0', steps: [clientOut] },
            {
              host: 'router',
              in: 'wan',
              steps: [
                ct('PREROUTING', 'new', { ctstate: 'NEW', original: ssh, reply: replyTuple(ssh, CLIENT), tcpState: 'SYN_SENT' }),
                route('input', 'local', { route: 'local 198.51.100.7 dev wan table local proto kernel scope host src 198.51.100.7', dev: 'lo', src: ROUTER_WAN }),
                rule('INPUT', 'filter', 'INPUT', undefined, '-P INPUT DROP', 'DROP', 9),
                ct('INPUT', 'dropped', { original: ssh, detail: 'the unconfirmed entry dies with its packet' }),
                drop('filter INPUT policy DROP'),
              ],
            },
          ],
          fate: { result: 'dropped', host: 'router', reason: 'filter INPUT policy DROP' },
        },
      ],
    },
  ],
  conntrack: {
    router: [{ proto: 'tcp', protonum: 6, timeout: 431999, state: 'ESTABLISHED', flags: ['ASSURED'], original: web, reply: webReply, mark: 0 }],
  },
};

/**
 * The socket layer of a host, for packets that reached it: listeners answer
 * (TCP handshake, UDP echo), the kernel answers ICMP echo, segments nobody
 * wants get a RST and datagrams an ICMP port unreachable (tcp_v4_rcv,
 * __udp4_lib_rcv, icmp_echo), and ICMP errors reach the socket they are about
 * (tcp_v4_err, __udp4_lib_err, ping_err), which is how a flow learns its fate.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { DEFAULT_TTL, ICMP_TYPE, ICMP_UNREACH, TCP_FLAG, type Packet } from '../net/packet.js';
import type { ClientSocket } from '../sockets/sockets.js';
import type { Route } from '../topology/routes.js';
import type { HostRuntime, SimContext } from './context.js';
import { icmpSend } from './icmp.js';
import type { Skb } from './skb.js';

/** `socket` names the socket as `ss` would (`tcp 0.0.0.0:80`); `detail` says what it did. */
function delivered(rt: HostRuntime, skb: Skb, socket: string, detail: string): void {
  skb.hop.steps.push({ kind: 'socket', detail });
  skb.trace.fate = { result: 'delivered', host: rt.host.name, socket };
}

function clientName(client: ClientSocket): string {
  if (client.proto === 'icmp') return `icmp ping id ${client.localPort}`;
  return `${client.proto} ${formatIpv4(client.local)}:${client.localPort}`;
}

function unwanted(rt: HostRuntime, skb: Skb, reason: string): void {
  skb.hop.steps.push({ kind: 'socket', detail: reason });
  skb.trace.fate = { result: 'dropped', host: rt.host.name, reason };
}

function answer(from: Packet, fields: Partial<Packet>): Packet {
  return { src: from.dst, dst: from.src, proto: from.proto, ttl: DEFAULT_TTL, sport: from.dport, dport: from.sport, ...fields };
}

/** tcp_v4_send_reset(): the answer to a segment no socket wants. */
function resetFor(p: Packet): Packet {
  const tcp = p.tcp!;
  if (tcp.flags & TCP_FLAG.ACK) return answer(p, { tcp: { flags: TCP_FLAG.RST, seq: tcp.ack, ack: 0 } });
  const consumed = (tcp.flags & TCP_FLAG.SYN ? 1 : 0) + (tcp.flags & TCP_FLAG.FIN ? 1 : 0);
  return answer(p, { tcp: { flags: TCP_FLAG.RST | TCP_FLAG.ACK, seq: 0, ack: (tcp.seq + consumed) >>> 0 } });
}

function deliverTcp(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const p = skb.packet;
  const tcp = p.tcp!;
  const flags = tcp.flags;
  const sockets = rt.sockets;
  const client = sockets.findClient('tcp', p.dst, p.dport, p.src, p.sport);
  if (client) {
    const socket = clientName(client);
    const name = `flow ${client.flowIndex + 1}'s socket ${formatIpv4(client.local)}:${client.localPort}`;
    const acceptable = (flags & TCP_FLAG.ACK) !== 0 && tcp.ack === ((client.iss + 1) >>> 0);
    if (client.state === 'SYN_SENT' && flags & TCP_FLAG.RST) {
      if (!acceptable) return unwanted(rt, skb, `${name} ignores a RST that does not acknowledge its SYN`);
      client.state = 'CLOSED';
      ctx.settle(client.flowIndex, 'refused', 'ECONNREFUSED');
      return delivered(rt, skb, socket, `${name}: connect() fails with ECONNREFUSED`);
    }
    if (client.state === 'SYN_SENT' && flags & TCP_FLAG.SYN && acceptable) {
      client.state = 'ESTABLISHED';
      ctx.settle(client.flowIndex, 'connected');
      delivered(rt, skb, socket, `${name}: connected, sends the handshake's ACK`);
      ctx.emit(rt, answer(p, { tcp: { flags: TCP_FLAG.ACK, seq: (client.iss + 1) >>> 0, ack: (tcp.seq + 1) >>> 0 } }), 'reply', skb.trace.id);
      return;
    }
    if (flags & TCP_FLAG.RST) {
      client.state = 'CLOSED';
      return delivered(rt, skb, socket, `${name}: connection reset`);
    }
    return delivered(rt, skb, socket, name);
  }
  const accepted = sockets.findAccepted(p.dst, p.dport, p.src, p.sport);
  if (accepted) {
    const socket = `tcp ${formatIpv4(accepted.local)}:${accepted.localPort} ⇄ ${formatIpv4(accepted.remote)}:${accepted.remotePort}`;
    const name = `connection ${socket.slice(4)}`;
    if (flags & TCP_FLAG.RST) {
      sockets.accepted.splice(sockets.accepted.indexOf(accepted), 1);
      return delivered(rt, skb, socket, `${name} is reset and forgotten`);
    }
    if (accepted.state === 'SYN_RECV' && flags & TCP_FLAG.ACK && !(flags & TCP_FLAG.SYN) && tcp.ack === ((accepted.iss + 1) >>> 0)) {
      accepted.state = 'ESTABLISHED';
      return delivered(rt, skb, socket, `${name} established (accept() returns it)`);
    }
    return delivered(rt, skb, socket, name);
  }
  const listener = sockets.findListener('tcp', p.dst, p.dport);
  const isSyn = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.RST)) === TCP_FLAG.SYN;
  if (listener && isSyn) {
    const iss = ctx.random.below(0x100000000);
    sockets.accepted.push({ local: p.dst, localPort: p.dport, remote: p.src, remotePort: p.sport, state: 'SYN_RECV', iss, peerIss: tcp.seq });
    const socket = listenerName('tcp', listener.address, listener.port);
    delivered(rt, skb, socket, `listener ${socket} answers with SYN-ACK`);
    ctx.emit(rt, answer(p, { tcp: { flags: TCP_FLAG.SYN | TCP_FLAG.ACK, seq: iss, ack: (tcp.seq + 1) >>> 0 } }), 'reply', skb.trace.id);
    return;
  }
  if (flags & TCP_FLAG.RST) return unwanted(rt, skb, 'no socket for this RST; ignored');
  unwanted(rt, skb, `no socket for tcp ${formatIpv4(p.dst)}:${p.dport}; the kernel answers with RST`);
  ctx.emit(rt, resetFor(p), 'reset', skb.trace.id);
}

function listenerName(proto: string, address: number | undefined, port: number): string {
  return `${proto} ${address === undefined ? '0.0.0.0' : formatIpv4(address)}:${port}`;
}

function deliverUdp(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const p = skb.packet;
  const client = rt.sockets.findClient('udp', p.dst, p.dport, p.src, p.sport);
  if (client) {
    ctx.settle(client.flowIndex, 'answered');
    return delivered(rt, skb, clientName(client), `flow ${client.flowIndex + 1}'s socket ${formatIpv4(client.local)}:${client.localPort} receives the reply`);
  }
  const listener = rt.sockets.findListener('udp', p.dst, p.dport);
  if (listener) {
    const socket = listenerName('udp', listener.address, listener.port);
    delivered(rt, skb, socket, `listener ${socket} echoes the datagram`);
    ctx.emit(rt, answer(p, {}), 'reply', skb.trace.id);
    return;
  }
  unwanted(rt, skb, `no socket for udp ${formatIpv4(p.dst)}:${p.dport}; the kernel answers with ICMP port unreachable`);
  icmpSend(ctx, rt, skb, ICMP_TYPE.DEST_UNREACH, ICMP_UNREACH.PORT);
}

/**
 * What an ICMP error means to a socket (icmp_err_convert in net/ipv4/icmp.c):
 * the errno, and whether it is a hard error. TCP in SYN_SENT aborts on any of
 * them (tcp_v4_err); a connected UDP socket without IP_RECVERR hears only the
 * hard ones (__udp4_lib_err), so net and host unreachable leave it waiting.
 */
const UNREACH_ERRORS: readonly { errno: string; hard: boolean }[] = [
  { errno: 'ENETUNREACH', hard: false },
  { errno: 'EHOSTUNREACH', hard: false },
  { errno: 'ENOPROTOOPT', hard: true },
  { errno: 'ECONNREFUSED', hard: true },
  { errno: 'EMSGSIZE', hard: false },
  { errno: 'EOPNOTSUPP', hard: false },
  { errno: 'ENETUNREACH', hard: true },
  { errno: 'EHOSTDOWN', hard: true },
  { errno: 'ENONET', hard: true },
  { errno: 'ENETUNREACH', hard: true },
  { errno: 'EHOSTUNREACH', hard: true },
  { errno: 'ENETUNREACH', hard: false },
  { errno: 'EHOSTUNREACH', hard: false },
  { errno: 'EHOSTUNREACH', hard: true },
  { errno: 'EHOSTUNREACH', hard: true },
  { errno: 'EHOSTUNREACH', hard: true },
];

function socketError(type: number, code: number): { errno: string; hard: boolean } | undefined {
  if (type === ICMP_TYPE.TIME_EXCEEDED) return { errno: 'EHOSTUNREACH', hard: false };
  if (type !== ICMP_TYPE.DEST_UNREACH) return undefined;
  return UNREACH_ERRORS[code];
}

function socketOfInner(rt: HostRuntime, inner: Packet): ClientSocket | undefined {
  if (inner.proto === 'icmp') {
    return rt.sockets.findClient('icmp', inner.src, inner.icmp?.id ?? 0, inner.dst, 0);
  }
  return rt.sockets.findClient(inner.proto, inner.src, inner.sport, inner.dst, inner.dport);
}

function deliverIcmp(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  const p = skb.packet;
  const icmp = p.icmp!;
  if (icmp.type === ICMP_TYPE.ECHO_REQUEST) {
    delivered(rt, skb, 'icmp echo (kernel)', 'the kernel answers the echo request');
    ctx.emit(rt, answer(p, { sport: 0, dport: 0, icmp: { type: ICMP_TYPE.ECHO_REPLY, code: 0, id: icmp.id ?? 0, seq: icmp.seq ?? 1 } }), 'reply', skb.trace.id);
    return;
  }
  if (icmp.type === ICMP_TYPE.ECHO_REPLY) {
    const client = rt.sockets.findClient('icmp', p.dst, icmp.id ?? 0, p.src, 0);
    if (!client) return unwanted(rt, skb, `no ping socket expects an echo reply from ${formatIpv4(p.src)} with id ${icmp.id ?? 0}`);
    ctx.settle(client.flowIndex, 'answered');
    return delivered(rt, skb, clientName(client), `flow ${client.flowIndex + 1}'s ping socket receives the echo reply`);
  }
  const inner = icmp.inner;
  const client = inner && socketOfInner(rt, inner);
  if (!client) return unwanted(rt, skb, 'no socket matches the packet this ICMP error is about');
  if (icmp.type === ICMP_TYPE.REDIRECT) {
    return delivered(rt, skb, clientName(client), `flow ${client.flowIndex + 1}'s route is not changed by the redirect (its socket sees no error)`);
  }
  const socket = clientName(client);
  const name = `flow ${client.flowIndex + 1}'s socket`;
  const error = socketError(icmp.type, icmp.code);
  if (!error) return delivered(rt, skb, socket, `${name} ignores ICMP type ${icmp.type}`);
  if (client.proto === 'tcp' && client.state !== 'SYN_SENT') {
    return delivered(rt, skb, socket, `${name}: an established connection takes ${error.errno} as a soft error`);
  }
  if (client.proto === 'udp' && !error.hard) {
    return delivered(rt, skb, socket, `${name} does not hear ${error.errno}: a soft error, and the socket has no IP_RECVERR`);
  }
  client.state = 'CLOSED';
  const refused = client.proto === 'tcp' && error.errno === 'ECONNREFUSED';
  ctx.settle(client.flowIndex, refused ? 'refused' : 'unreachable', error.errno);
  delivered(rt, skb, socket, `${name} gets ${error.errno}`);
}

export function deliverLocally(ctx: SimContext, rt: HostRuntime, skb: Skb): void {
  switch (skb.packet.proto) {
    case 'tcp':
      return deliverTcp(ctx, rt, skb);
    case 'udp':
      return deliverUdp(ctx, rt, skb);
    case 'icmp':
      return deliverIcmp(ctx, rt, skb);
  }
}

/** The errno a failed output route gives the sending call (fib_props in net/ipv4/fib_semantics.c). */
export function routeErrno(route: Route | undefined): string {
  switch (route?.kind) {
    case 'unreachable':
      return 'EHOSTUNREACH';
    case 'prohibit':
      return 'EACCES';
    case 'blackhole':
      return 'EINVAL';
    default:
      return 'ENETUNREACH';
  }
}

/**
 * A flow's own packet died on its way out of the sending host. A missing
 * route fails the call at once; a netfilter drop (EPERM) makes sendmsg()
 * fail for UDP and ICMP, while TCP ignores it and keeps retransmitting its
 * SYN (tcp_connect gives up only on ECONNREFUSED), so the flow times out.
 */
export function failLocalSend(ctx: SimContext, rt: HostRuntime, skb: Skb, errno: string): void {
  if (skb.trace.origin.cause !== 'flow') return;
  const p = skb.packet;
  const client =
    p.proto === 'icmp'
      ? rt.sockets.findClient('icmp', p.src, p.icmp?.id ?? 0, p.dst, 0)
      : rt.sockets.findClient(p.proto, p.src, p.sport, p.dst, p.dport);
  if (!client || (client.proto === 'tcp' && errno === 'EPERM')) return;
  client.state = 'CLOSED';
  ctx.settle(client.flowIndex, 'unreachable', errno);
}

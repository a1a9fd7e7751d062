/**
 * The sockets of one host: the listeners the scenario declares, the client
 * socket of each flow, and the TCP connections listeners accepted. Lookup
 * follows the kernel's order: an exact four-tuple first, then a listener on
 * the destination port bound to that address or to any address.
 */
import type { Ipv4 } from '../net/ipv4.js';
import type { Proto } from '../net/packet.js';
import type { ListenSpec } from '../scenario/types.js';

export type ClientState = 'SYN_SENT' | 'ESTABLISHED' | 'OPEN' | 'CLOSED';

/** The socket a flow sends from: TCP connect(), a connected UDP socket, or a ping socket (port = echo id). */
export interface ClientSocket {
  readonly flowIndex: number;
  readonly proto: Proto;
  readonly local: Ipv4;
  readonly localPort: number;
  readonly remote: Ipv4;
  readonly remotePort: number;
  state: ClientState;
  /** TCP: initial sequence number. */
  readonly iss: number;
}

/** A TCP connection a listener accepted (request socket, then established). */
export interface AcceptedConnection {
  readonly local: Ipv4;
  readonly localPort: number;
  readonly remote: Ipv4;
  readonly remotePort: number;
  state: 'SYN_RECV' | 'ESTABLISHED';
  readonly iss: number;
  readonly peerIss: number;
}

export class SocketTable {
  readonly clients: ClientSocket[] = [];
  readonly accepted: AcceptedConnection[] = [];
  constructor(readonly listeners: readonly ListenSpec[]) {}

  findClient(proto: Proto, local: Ipv4, localPort: number, remote: Ipv4, remotePort: number): ClientSocket | undefined {
    return this.clients.find(
      (s) =>
        s.proto === proto &&
        s.state !== 'CLOSED' &&
        s.local === local &&
        s.localPort === localPort &&
        s.remote === remote &&
        (proto === 'icmp' || s.remotePort === remotePort),
    );
  }

  findAccepted(local: Ipv4, localPort: number, remote: Ipv4, remotePort: number): AcceptedConnection | undefined {
    return this.accepted.find(
      (c) => c.local === local && c.localPort === localPort && c.remote === remote && c.remotePort === remotePort,
    );
  }

  findListener(proto: 'tcp' | 'udp', local: Ipv4, port: number): ListenSpec | undefined {
    const candidates = this.listeners.filter((l) => l.proto === proto && l.port === port);
    return candidates.find((l) => l.address === local) ?? candidates.find((l) => l.address === undefined);
  }

  /** Is a local port in use by any socket of this protocol (for picking free ports)? */
  portInUse(proto: Proto, port: number): boolean {
    return (
      this.clients.some((s) => s.proto === proto && s.localPort === port && s.state !== 'CLOSED') ||
      this.listeners.some((l) => l.proto === proto && l.port === port)
    );
  }
}

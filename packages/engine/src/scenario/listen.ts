/**
 * Listening sockets: `tcp/PORT`, `udp/PORT`, `tcp/ADDR:PORT`. Each is a plain
 * bind() (no SO_REUSEADDR) and, for TCP, listen(). What bind() does, observed
 * on Linux 6.18 (inet_bind() → inet_addr_type_table()):
 * - an address that is not local, broadcast or multicast:
 *   EADDRNOTAVAIL "Cannot assign requested address" (the network address of
 *   a subnet included); any 127.0.0.0/8 address and 0.0.0.0 are fine;
 * - the same port again on the same address, or with either address
 *   0.0.0.0: EADDRINUSE "Address already in use", for TCP and UDP alike.
 */
import { broadcastOf, formatIpv4, isLoopback, isMulticast, LIMITED_BROADCAST, parseIpv4, type Ipv4 } from '../net/ipv4.js';
import type { HostInfo } from './host-info.js';
import type { Path, Reporter } from './source.js';
import type { ListenSpec } from './types.js';

const FORM = 'write tcp/PORT, udp/PORT or tcp/ADDR:PORT';

/** Digits only, 1..65535; the caller words the message. */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function bindable(host: HostInfo, address: Ipv4): boolean {
  if (isLoopback(address) || isMulticast(address) || address === LIMITED_BROADCAST) return true;
  return host.interfaces.some((i) => i.addresses.some((a) => a.address === address || broadcastOf(a) === address));
}

function parseOne(reporter: Reporter, path: Path, text: string, host: HostInfo): ListenSpec | undefined {
  const slash = text.indexOf('/');
  const proto = slash < 0 ? text : text.slice(0, slash);
  if (slash < 0 || (proto !== 'tcp' && proto !== 'udp')) {
    const message =
      proto === 'icmp'
        ? 'ICMP echo is always answered; listen declares only tcp and udp sockets'
        : `'${text}' is not a listening socket: ${FORM}`;
    reporter.at(path, message);
    return undefined;
  }
  const rest = text.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  const portStart = slash + 1 + colon + 1;
  const portText = text.slice(portStart);
  const port = parsePort(portText);
  let ok = true;
  if (port === undefined) {
    reporter.in(path, portStart, text.length, `port '${portText}' is not a number from 1 to 65535`);
    ok = false;
  }
  let address: Ipv4 | undefined;
  if (colon >= 0) {
    const addressText = rest.slice(0, colon);
    address = parseIpv4(addressText);
    const start = slash + 1;
    if (address === undefined) {
      reporter.in(path, start, start + addressText.length, `'${addressText}' is not an IPv4 address`);
      ok = false;
    } else if (address !== 0 && host.complete && !bindable(host, address)) {
      reporter.in(
        path,
        start,
        start + addressText.length,
        `${addressText} is not an address of host '${host.name}'; bind() would fail with EADDRNOTAVAIL (Cannot assign requested address)`,
      );
      ok = false;
    }
  }
  if (!ok || port === undefined) return undefined;
  return { proto, ...(address ? { address } : {}), port, at: reporter.spanAt(path) };
}

export function checkListen(reporter: Reporter, path: Path, items: readonly { index: number; item: string }[], host: HostInfo): ListenSpec[] {
  const sockets: ListenSpec[] = [];
  items.forEach(({ index, item: text }) => {
    const itemPath = [...path, index];
    const socket = parseOne(reporter, itemPath, text, host);
    if (!socket) return;
    const clash = sockets.find(
      (s) => s.proto === socket.proto && s.port === socket.port && (s.address === undefined || socket.address === undefined || s.address === socket.address),
    );
    if (clash) {
      const bound = clash.address === undefined ? '0.0.0.0' : formatIpv4(clash.address);
      reporter.at(
        itemPath,
        `${socket.proto} port ${socket.port} is already bound to ${bound} by an earlier entry; bind() would fail with EADDRINUSE (Address already in use)`,
      );
      return;
    }
    sockets.push(socket);
  });
  return sockets;
}

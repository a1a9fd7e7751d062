/** Test packets for the conntrack tests, written the way tcpdump shows them. */
import { parseIpv4 } from '../net/ipv4.js';
import { DEFAULT_TTL, ICMP_TYPE, TCP_FLAG, type Packet } from '../net/packet.js';

export function ip(text: string): number {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad address in test: ${text}`);
  return value;
}

/** `10.0.0.1:40000` */
function endpoint(text: string): { address: number; port: number } {
  const [address, port] = text.split(':');
  return { address: ip(address!), port: Number(port) };
}

/** `S`, `SA`, `A`, `R`, `RA`, `FA` … (tcpdump's letters, A for ACK). */
export function flags(letters: string): number {
  const bits: Record<string, number> = { S: TCP_FLAG.SYN, A: TCP_FLAG.ACK, R: TCP_FLAG.RST, F: TCP_FLAG.FIN, P: TCP_FLAG.PSH, U: TCP_FLAG.URG };
  return [...letters].reduce((all, letter) => all | bits[letter]!, 0);
}

export function tcp(from: string, to: string, letters: string, seq: number, ack = 0): Packet {
  const a = endpoint(from);
  const b = endpoint(to);
  return { proto: 'tcp', src: a.address, dst: b.address, sport: a.port, dport: b.port, ttl: DEFAULT_TTL, tcp: { flags: flags(letters), seq, ack } };
}

export function udp(from: string, to: string): Packet {
  const a = endpoint(from);
  const b = endpoint(to);
  return { proto: 'udp', src: a.address, dst: b.address, sport: a.port, dport: b.port, ttl: DEFAULT_TTL };
}

export function echo(from: string, to: string, id: number, type: number = ICMP_TYPE.ECHO_REQUEST): Packet {
  return { proto: 'icmp', src: ip(from), dst: ip(to), sport: 0, dport: 0, ttl: DEFAULT_TTL, icmp: { type, code: 0, id, seq: 1 } };
}

export function icmpError(from: string, to: string, type: number, code: number, inner: Packet): Packet {
  return { proto: 'icmp', src: ip(from), dst: ip(to), sport: 0, dport: 0, ttl: DEFAULT_TTL, icmp: { type, code, inner } };
}

/** A Random that hands out the given values in turn (as `below(bound)` results), then repeats the last. */
export function scriptedRandom(...values: number[]): { next(): number; below(bound: number): number } {
  let at = 0;
  const take = (): number => values[Math.min(at++, values.length - 1)] ?? 0;
  return { next: () => take() / 65536, below: (bound) => take() % bound };
}

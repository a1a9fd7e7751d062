import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { decodeEthernet } from './decode.js';
import { readPcap } from './pcap.js';

const frames = readPcap(Buffer.from(readFileSync(new URL('./fixtures/loopback-six-packets.pcap.hex', import.meta.url), 'utf8').trim(), 'hex')).frames;

// What was sent to make the fixture (fixtures/README.md), packet by packet.
test.each([
  { n: 0, what: 'echo request, identifier 9', ip: { proto: 'icmp', src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, icmpType: 8, icmpCode: 0, icmpId: 9 } },
  { n: 1, what: 'echo reply, identifier 9', ip: { proto: 'icmp', icmpType: 0, icmpId: 9 } },
  { n: 2, what: 'the UDP datagram to a closed port', ip: { proto: 'udp', sport: 40000, dport: 5353 } },
  { n: 4, what: 'the SYN to a closed port', ip: { proto: 'tcp', sport: 40001, dport: 81, tcpFlags: 0x02 } },
  { n: 5, what: 'the RST-ACK that answers it', ip: { proto: 'tcp', sport: 81, dport: 40001, tcpFlags: 0x14 } },
])('frame $n: $what', ({ n, ip }) => {
  expect(decodeEthernet(frames[n]!.data)?.ip).toMatchObject(ip);
});

test('the port unreachable quotes the datagram it is about', () => {
  const ip = decodeEthernet(frames[3]!.data)!.ip;
  expect(ip).toMatchObject({ proto: 'icmp', icmpType: 3, icmpCode: 3 });
  expect(ip.inner).toMatchObject({ proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', sport: 40000, dport: 5353 });
});

test('the UDP payload is kept (it tells a request from a reply)', () => {
  expect(decodeEthernet(frames[2]!.data)!.ip.payload?.toString()).toBe('pw-request');
});

test.each([
  { what: 'ARP', frame: Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x06]), Buffer.alloc(28)]) },
  { what: 'IPv6', frame: Buffer.concat([Buffer.alloc(12), Buffer.from([0x86, 0xdd]), Buffer.alloc(40)]) },
  { what: 'a runt', frame: Buffer.alloc(10) },
])('$what is not a packet of the scenario', ({ frame }) => {
  expect(decodeEthernet(frame)).toBeUndefined();
});

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { labelOf, tcpFlagsText, toCrossing } from './crossings.js';
import { decodeEthernet, type DecodedTransport } from './decode.js';
import { readPcap } from './pcap.js';

const frames = readPcap(Buffer.from(readFileSync(new URL('./fixtures/loopback-six-packets.pcap.hex', import.meta.url), 'utf8').trim(), 'hex')).frames;
const none = { linkOf: new Map<string, string>(), endpointByMac: new Map<string, string>() };

test.each([
  { flags: 0x02, text: 'SYN' },
  { flags: 0x12, text: 'SYN-ACK' },
  { flags: 0x14, text: 'RST-ACK' },
  { flags: 0x18, text: 'PSH-ACK' },
  { flags: 0x11, text: 'FIN-ACK' },
])('TCP flags $flags read as $text (tcpdump order)', ({ flags, text }) => {
  expect(tcpFlagsText(flags)).toBe(text);
});

const ip = (fields: Partial<DecodedTransport>): DecodedTransport => ({ proto: 'icmp', src: 'a', dst: 'b', ttl: 64, ...fields });

test.each([
  { packet: ip({ proto: 'tcp', tcpFlags: 0x02 }), label: 'SYN' },
  { packet: ip({ proto: 'tcp', tcpFlags: 0x12 }), label: 'SYN-ACK' },
  { packet: ip({ proto: 'tcp', tcpFlags: 0x10 }), label: 'ACK' },
  { packet: ip({ proto: 'tcp', tcpFlags: 0x14 }), label: 'RST' },
  { packet: ip({ proto: 'udp', payload: Buffer.from('pw-request') }), label: 'datagram' },
  { packet: ip({ proto: 'udp', payload: Buffer.from('pw-reply') }), label: 'reply' },
  { packet: ip({ icmpType: 8 }), label: 'echo-request' },
  { packet: ip({ icmpType: 0 }), label: 'echo-reply' },
  { packet: ip({ icmpType: 3, icmpCode: 13 }), label: 'icmp-unreachable' },
  { packet: ip({ icmpType: 11 }), label: 'icmp-time-exceeded' },
  { packet: ip({ icmpType: 5 }), label: 'icmp-redirect' },
])('label $label', ({ packet, label }) => {
  expect(labelOf(packet)).toBe(label);
});

test('a loopback frame is a crossing of link lo, from and to the same host', () => {
  expect(toCrossing(none, 'server', 'lo', decodeEthernet(frames[4]!.data)!)).toEqual({
    link: 'lo',
    from: 'server:lo',
    to: 'server:lo',
    label: 'SYN',
    proto: 'tcp',
    src: '127.0.0.1',
    dst: '127.0.0.1',
    sport: 40001,
    dport: 81,
    flags: 'SYN',
    ttl: 64,
  });
});

test('an ICMP error crossing carries type, code and the quoted tuple', () => {
  expect(toCrossing(none, 'server', 'lo', decodeEthernet(frames[3]!.data)!)).toMatchObject({
    label: 'icmp-unreachable',
    type: 3,
    code: 3,
    inner: { proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', sport: 40000, dport: 5353 },
  });
});

test('the receiver of a frame is the owner of its destination MAC', () => {
  const frame = decodeEthernet(frames[0]!.data)!;
  const attachment = { linkOf: new Map([['a:eth0', 'lan']]), endpointByMac: new Map([[frame.dstMac, 'b:eth1']]) };
  expect(toCrossing(attachment, 'a', 'eth0', frame)).toMatchObject({ link: 'lan', from: 'a:eth0', to: 'b:eth1' });
});

const podFrame = decodeEthernet(frames[4]!.data)!;

test.each([
  { why: 'a frame a pod sends onto a bridge whose host calls iptables goes to that host, whatever its MAC', entry: [['pod-a:eth0', 'node:cni0']], to: 'node:cni0' },
  { why: 'on any other link a frame goes to the owner of its destination MAC', entry: [], to: 'pod-b:eth0' },
] as { why: string; entry: [string, string][]; to: string }[])('$why', ({ entry, to }) => {
  const attachment = {
    linkOf: new Map([['pod-a:eth0', 'pods']]),
    endpointByMac: new Map([[podFrame.dstMac, 'pod-b:eth0']]),
    bridgeEntry: new Map(entry),
  };
  expect(toCrossing(attachment, 'pod-a', 'eth0', podFrame)).toMatchObject({ link: 'pods', from: 'pod-a:eth0', to });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readPcap } from './pcap.js';

const loopback = Buffer.from(readFileSync(new URL('./fixtures/loopback-six-packets.pcap.hex', import.meta.url), 'utf8').trim(), 'hex');

/** A pcap global header and records, written by hand. */
function pcap(magic: number, littleEndian: boolean, records: { seconds: number; fraction: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(24);
  const u32 = (b: Buffer, v: number, o: number): number => (littleEndian ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  u32(header, magic, 0);
  u32(header, 262144, 16);
  u32(header, 1, 20);
  const parts: Buffer[] = [header];
  for (const r of records) {
    const h = Buffer.alloc(16);
    u32(h, r.seconds, 0);
    u32(h, r.fraction, 4);
    u32(h, r.data.length, 8);
    u32(h, r.data.length, 12);
    parts.push(h, r.data);
  }
  return Buffer.concat(parts);
}

describe('readPcap', () => {
  test.each([
    { name: 'nanosecond magic, little endian', magic: 0xa1b23c4d, little: true, fraction: 123456789, ns: 1_700_000_000_123_456_789n },
    { name: 'nanosecond magic, big endian', magic: 0xa1b23c4d, little: false, fraction: 5, ns: 1_700_000_000_000_000_005n },
    { name: 'microsecond magic scales the fraction', magic: 0xa1b2c3d4, little: true, fraction: 250000, ns: 1_700_000_000_250_000_000n },
  ])('$name', ({ magic, little, fraction, ns }) => {
    const file = readPcap(pcap(magic, little, [{ seconds: 1_700_000_000, fraction, data: Buffer.from([1, 2, 3]) }]));
    expect(file.linkType).toBe(1);
    expect(file.frames).toEqual([{ timeNs: ns, data: Buffer.from([1, 2, 3]) }]);
  });

  test('a record cut short by a stopped capture is left out', () => {
    const whole = pcap(0xa1b23c4d, true, [
      { seconds: 1, fraction: 0, data: Buffer.alloc(10) },
      { seconds: 2, fraction: 0, data: Buffer.alloc(10) },
    ]);
    expect(readPcap(whole.subarray(0, whole.length - 4)).frames).toHaveLength(1);
  });

  test('an unknown magic is an error', () => {
    expect(() => readPcap(Buffer.alloc(24))).toThrow(/magic/);
  });

  test('a real tcpdump capture: six frames in time order, nanosecond precision', () => {
    const file = readPcap(loopback);
    expect(file.linkType).toBe(1);
    expect(file.frames).toHaveLength(6);
    const times = file.frames.map((f) => f.timeNs);
    expect([...times].sort((a, b) => (a < b ? -1 : 1))).toEqual(times);
  });
});

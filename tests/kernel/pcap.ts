/**
 * A reader for the classic pcap file format that tcpdump `-w` writes: a
 * 24-byte global header whose magic tells byte order and timestamp precision
 * (0xa1b2c3d4 microseconds, 0xa1b23c4d nanoseconds), then records of a 16-byte
 * header (seconds, fraction, captured length, original length) and the frame.
 * See pcap-savefile(5).
 */

export interface PcapFrame {
  /** Capture time in nanoseconds since the epoch. */
  readonly timeNs: bigint;
  readonly data: Buffer;
}

export interface PcapFile {
  /** LINKTYPE_* of the capture (1 = Ethernet). */
  readonly linkType: number;
  readonly frames: readonly PcapFrame[];
}

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export function readPcap(buffer: Buffer): PcapFile {
  if (buffer.length < GLOBAL_HEADER) throw new Error('pcap: file shorter than its header');
  let little: boolean;
  let nano: boolean;
  const magicLe = buffer.readUInt32LE(0);
  const magicBe = buffer.readUInt32BE(0);
  if (magicLe === MAGIC_MICRO || magicLe === MAGIC_NANO) {
    little = true;
    nano = magicLe === MAGIC_NANO;
  } else if (magicBe === MAGIC_MICRO || magicBe === MAGIC_NANO) {
    little = false;
    nano = magicBe === MAGIC_NANO;
  } else {
    throw new Error(`pcap: unknown magic 0x${magicLe.toString(16)}`);
  }
  const u32 = (offset: number): number => (little ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset));
  const linkType = u32(20) & 0x0fffffff;
  const frames: PcapFrame[] = [];
  let offset = GLOBAL_HEADER;
  // A capture stopped mid-write may end in a partial record; it is left out.
  while (offset + RECORD_HEADER <= buffer.length) {
    const seconds = BigInt(u32(offset));
    const fraction = BigInt(u32(offset + 4));
    const captured = u32(offset + 8);
    const start = offset + RECORD_HEADER;
    if (start + captured > buffer.length) break;
    frames.push({
      timeNs: seconds * 1_000_000_000n + (nano ? fraction : fraction * 1000n),
      data: buffer.subarray(start, start + captured),
    });
    offset = start + captured;
  }
  return { linkType, frames };
}

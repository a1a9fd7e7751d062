/**
 * One tcpdump per host interface (loopback included), outbound only:
 * `-Q out` so a frame is recorded once, by its sender (on `lo` libpcap drops
 * the outgoing copy, since every packet comes back in: there `-Q in`); `--immediate-mode`
 * and `-U` so nothing waits in a buffer when capture stops;
 * `--time-stamp-precision=nano` because hops of a routing loop are
 * microseconds apart. `-s 512`: headers are all we read, and libpcap sizes
 * its ring slots by the snapshot length; with the default 256 KiB a 2 MiB
 * buffer holds 8 frames and a routing loop's burst overflows it. All namespaces share one clock, so frames from every
 * interface merge by timestamp into the order they crossed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCrossing } from './crossings.js';
import { decodeEthernet } from './decode.js';
import type { Lab } from './lab.js';
import type { Crossing } from './observation.js';
import { readPcap } from './pcap.js';
import { SCENARIO_TRAFFIC } from './nft-tables.js';
import { NamespaceProcess } from './processes.js';

const LINKTYPE_ETHERNET = 1;

export interface TimedCrossing {
  readonly timeNs: bigint;
  readonly crossing: Crossing;
}

export interface Capture {
  readonly host: string;
  readonly iface: string;
  readonly file: string;
  readonly process: NamespaceProcess;
}

export async function startCaptures(lab: Lab, workDir: string, track: (p: NamespaceProcess) => void): Promise<Capture[]> {
  const captures: Capture[] = [];
  for (const [host, interfaces] of lab.interfaces) {
    for (const iface of interfaces) {
      const file = join(workDir, `${host}.${iface}.pcap`);
      const process = new NamespaceProcess(lab.hostNamespace.get(host)!, [
        'tcpdump', '-i', iface, '-Q', iface === 'lo' ? 'in' : 'out', '--immediate-mode', '--time-stamp-precision=nano',
        '-U', '-n', '-s', '512', '-B', '8192', '-Z', 'root', '-w', file, SCENARIO_TRAFFIC,
      ]);
      track(process);
      captures.push({ host, iface, file, process });
    }
  }
  await Promise.all(captures.map((c) => c.process.waitForStderr(/listening on/, 10_000)));
  return captures;
}

/** Stops every capture; tcpdump's closing statistics are kept beside each file. */
export async function stopCaptures(captures: readonly Capture[]): Promise<void> {
  await Promise.all(captures.map((c) => c.process.stop()));
  await Promise.all(captures.map((c) => writeFile(c.file.replace(/\.pcap$/, '.log'), c.process.stderr)));
}

/** Every IPv4 frame of every capture as a crossing, in the order they were sent. */
export async function readCrossings(lab: Lab, captures: readonly Capture[]): Promise<TimedCrossing[]> {
  const all: TimedCrossing[] = [];
  for (const capture of captures) {
    const dropped = Number(/(\d+) packets? dropped by kernel/.exec(capture.process.stderr)?.[1] ?? 0);
    if (dropped > 0) throw new Error(`the capture on ${capture.host}:${capture.iface} lost ${dropped} packets`);
    const pcap = readPcap(await readFile(capture.file));
    if (pcap.linkType !== LINKTYPE_ETHERNET) throw new Error(`${capture.file}: link type ${pcap.linkType}, expected Ethernet`);
    for (const frame of pcap.frames) {
      const decoded = decodeEthernet(frame.data);
      if (decoded) all.push({ timeNs: frame.timeNs, crossing: toCrossing(lab, capture.host, capture.iface, decoded) });
    }
  }
  return all.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
}

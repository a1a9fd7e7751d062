/**
 * One tcpdump per host interface (loopback included), outbound only:
 * `-Q out` so a frame is recorded once, by its sender (on `lo` libpcap drops
 * the outgoing copy, since every packet comes back in: there `-Q in`); `--immediate-mode`
 * and `-U` so nothing waits in a buffer when capture stops;
 * `--time-stamp-precision=nano` because hops of a routing loop are
 * microseconds apart. `-s 512`: headers are all we read, and libpcap sizes
 * its ring slots by the snapshot length; with the default 256 KiB a 2 MiB
 * buffer holds 8 frames and a routing loop's burst overflows it. All namespaces share one clock, so frames from every
 * interface merge by timestamp into the order they crossed. A host's bridge
 * device is not captured; its ports are, as crossings from the bridge device.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCrossing } from './crossings.js';
import { decodeEthernet, type DecodedFrame } from './decode.js';
import type { BridgePort, Lab } from './lab.js';
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

/** Every interface of every host, except bridge devices, whose frames are captured at the ports they leave by. */
function capturedInterfaces(lab: Lab): [string, string][] {
  const all: [string, string][] = [];
  for (const [host, interfaces] of lab.interfaces) {
    for (const iface of interfaces) if (!lab.bridgeDevices.has(`${host}:${iface}`)) all.push([host, iface]);
  }
  for (const port of lab.bridgePorts.values()) all.push([port.host, port.port]);
  return all;
}

export async function startCaptures(lab: Lab, workDir: string, track: (p: NamespaceProcess) => void): Promise<Capture[]> {
  const captures: Capture[] = [];
  for (const [host, iface] of capturedInterfaces(lab)) {
    const file = join(workDir, `${host}.${iface}.pcap`);
    const process = new NamespaceProcess(lab.hostNamespace.get(host)!, [
      'tcpdump', '-i', iface, '-Q', iface === 'lo' ? 'in' : 'out', '--immediate-mode', '--time-stamp-precision=nano',
      '-U', '-n', '-s', '512', '-B', '8192', '-Z', 'root', '-w', file, SCENARIO_TRAFFIC,
    ]);
    track(process);
    captures.push({ host, iface, file, process });
  }
  await Promise.all(captures.map((c) => c.process.waitForStderr(/listening on/, 10_000)));
  return captures;
}

/** Stops every capture; tcpdump's closing statistics are kept beside each file. */
export async function stopCaptures(captures: readonly Capture[]): Promise<void> {
  await Promise.all(captures.map((c) => c.process.stop()));
  await Promise.all(captures.map((c) => writeFile(c.file.replace(/\.pcap$/, '.log'), c.process.stderr)));
}

/**
 * Whether a frame leaving by a bridge port is a crossing of its own, from the
 * bridge's host to the member behind the port. It must be for that member
 * (a frame flooded to every port is not). Without bridge-nf-call-iptables,
 * a frame one member sends another is bridged unseen by the host: it is
 * already recorded by its sender, and only what the host sends itself (from
 * the bridge's own MAC) counts here.
 */
function leavesByPort(lab: Lab, port: BridgePort, frame: DecodedFrame): boolean {
  if (lab.endpointByMac.get(frame.dstMac) !== port.member) return false;
  return port.callIptables || lab.endpointByMac.get(frame.srcMac) === port.device;
}

/** Every IPv4 frame of every capture as a crossing, in the order they were sent. */
export async function readCrossings(lab: Lab, captures: readonly Capture[]): Promise<TimedCrossing[]> {
  const all: TimedCrossing[] = [];
  for (const capture of captures) {
    const dropped = Number(/(\d+) packets? dropped by kernel/.exec(capture.process.stderr)?.[1] ?? 0);
    if (dropped > 0) throw new Error(`the capture on ${capture.host}:${capture.iface} lost ${dropped} packets`);
    const pcap = readPcap(await readFile(capture.file));
    if (pcap.linkType !== LINKTYPE_ETHERNET) throw new Error(`${capture.file}: link type ${pcap.linkType}, expected Ethernet`);
    const port = lab.bridgePorts.get(`${capture.host}:${capture.iface}`);
    for (const frame of pcap.frames) {
      const decoded = decodeEthernet(frame.data);
      if (!decoded) continue;
      if (port) {
        if (!leavesByPort(lab, port, decoded)) continue;
        const [host, device] = port.device.split(':') as [string, string];
        all.push({ timeNs: frame.timeNs, crossing: toCrossing(lab, host, device, decoded) });
      } else {
        all.push({ timeNs: frame.timeNs, crossing: toCrossing(lab, capture.host, capture.iface, decoded) });
      }
    }
  }
  return all.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
}

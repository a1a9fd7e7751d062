/**
 * A trace re-read for display: per flow, its packets in order, each host hop
 * numbered as one step of the step-through (the table and the diagram both
 * tag a hop with that number, so they highlight together), each step already
 * worded as the CLI words it.
 */
import type { FlowTrace, HostHop, PacketTrace, Trace, WireCrossing } from '@packetwalk/engine';
import { stepRow, walkPacket, type StepRow } from './engine-text.js';

/** Request: sent by the flow's initiator; reply: by the other side; error: an ICMP error from anyone. */
export type Direction = 'request' | 'reply' | 'error';

export interface HopView {
  /** 0-based step number within the flow. */
  readonly step: number;
  readonly hop: HostHop;
  /** Link crossings that brought the packet to this hop. */
  readonly arrivals: readonly WireCrossing[];
  readonly rows: readonly StepRow[];
  readonly last: boolean;
}

export interface PacketView {
  readonly packet: PacketTrace;
  readonly direction: Direction;
  readonly hops: readonly HopView[];
  /** Crossings after the last hop: the packet went out and nobody took it. */
  readonly lost: readonly WireCrossing[];
}

export interface FlowView {
  /** 1-based, as the CLI numbers flows. */
  readonly number: number;
  readonly flow: FlowTrace;
  readonly packets: readonly PacketView[];
  /** Hosts in the order the flow first meets them: the diagram's lanes from left to right. */
  readonly lanes: readonly string[];
  readonly steps: number;
}

export function packetDirection(packet: PacketTrace, flow: FlowTrace): Direction {
  if (packet.label.startsWith('icmp-')) return 'error';
  return packet.origin.host === flow.from ? 'request' : 'reply';
}

export function hostOf(endpoint: string): string {
  const colon = endpoint.indexOf(':');
  return colon < 0 ? endpoint : endpoint.slice(0, colon);
}

function lanesOf(flow: FlowTrace): string[] {
  const lanes: string[] = [flow.from];
  const add = (host: string) => {
    if (host !== '' && !lanes.includes(host)) lanes.push(host);
  };
  for (const packet of flow.packets) {
    for (const hop of packet.hops) add(hop.host);
    for (const w of packet.wire) {
      add(hostOf(w.from));
      add(hostOf(w.to));
    }
  }
  return lanes;
}

export function flowViews(trace: Trace): FlowView[] {
  // TCP states outlive packets and flows, as in the CLI's table: one memory, read in order.
  const tcpStates = new Map<string, string>();
  return trace.flows.map((flow, index) => {
    let step = 0;
    const packets = flow.packets.map((packet): PacketView => {
      const walk = walkPacket(packet, flow);
      const hops = walk.hops.map((h, i): HopView => ({
        step: step++,
        hop: h.hop,
        arrivals: h.arrivals,
        rows: h.hop.steps.map((s, j) => stepRow(s, { hop: h.hop, current: h.before[j], routedDev: h.routedDev[j], tcpStates })),
        last: i === walk.hops.length - 1,
      }));
      return { packet, direction: packetDirection(packet, flow), hops, lost: walk.trailing };
    });
    return { number: index + 1, flow, packets, lanes: lanesOf(flow), steps: step };
  });
}

/**
 * A packet in flight through one host: the headers plus what the kernel keeps
 * beside them in the sk_buff (mark, conntrack attachment, interfaces), and the
 * trace records the walk writes into.
 */
import type { ConntrackEntry, CtInfo } from '../conntrack/types.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { Packet } from '../net/packet.js';
import type { HostHop, PacketTrace } from '../trace/types.js';

export interface Skb {
  packet: Packet;
  mark: number;
  /** NOTRACK / CT --notrack / nat1to1: conntrack leaves the packet alone. */
  untracked: boolean;
  ct: CtInfo;
  /** The entry conntrack created for this packet and has not confirmed yet. */
  unconfirmed?: ConntrackEntry;
  inIface?: string;
  outIface?: string;
  /** Where the packet goes next on `outIface`: the gateway, or the destination itself. */
  nexthop?: Ipv4;
  /** True when this host itself generated the packet (OUTPUT path). */
  readonly local: boolean;
  readonly trace: PacketTrace;
  hop: HostHop;
}

export const NO_CONNTRACK: CtInfo = { state: 'INVALID' };
export const UNTRACKED: CtInfo = { state: 'UNTRACKED' };

/**
 * A packet in flight through one host: the headers plus what the kernel keeps
 * beside them in the sk_buff (mark, conntrack attachment, interfaces), and the
 * trace records the walk writes into.
 */
import type { ConntrackEntry, CtInfo } from '../conntrack/types.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { Packet } from '../net/packet.js';
import type { Interface, Link } from '../topology/network.js';
import type { HostHop, PacketTrace } from '../trace/types.js';

/** A frame that entered a bridge by one of its ports, on its way through the bridge's host (br_netfilter). */
export interface BridgeArrival {
  readonly link: Link;
  /** The port it came in by: the sending member. */
  readonly port: Interface;
  /** The member owning the frame's destination MAC: the bridge device itself, or another port. */
  readonly target: Interface;
}

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
  /** Set while the packet crosses a bridge with bridge-nf-call-iptables on. */
  bridged?: BridgeArrival;
}

export const NO_CONNTRACK: CtInfo = { state: 'INVALID' };
export const UNTRACKED: CtInfo = { state: 'UNTRACKED' };

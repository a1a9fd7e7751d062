/**
 * The built network: hosts with their interfaces (plus loopback), the links
 * that join interfaces, and each host's routing table. Built once from a
 * validated scenario; the simulator reads it and never changes it.
 */
import {
  LOOPBACK_ADDRESS,
  prefixContains,
  prefixOfInterfaceAddress,
  type InterfaceAddress,
  type Ipv4,
} from '../net/ipv4.js';
import type { HostSpec, Scenario } from '../scenario/types.js';
import { buildRouteTable, type RouteTable } from './routes.js';

export const LOOPBACK = 'lo';

export interface Interface {
  readonly name: string;
  readonly host: string;
  /** In `ip addr` order: the first address of each subnet is primary, later ones in it are secondary. */
  readonly addresses: readonly InterfaceAddress[];
  /** The link this interface is plugged into; undefined for loopback or an unplugged interface. */
  readonly link?: string;
}

export interface Host {
  readonly name: string;
  readonly spec: HostSpec;
  readonly interfaces: ReadonlyMap<string, Interface>;
  readonly routes: RouteTable;
}

/** A link that is a Linux bridge: one member is the bridge device of its host, the others are its ports. */
export interface Bridge {
  /** The bridge device (e.g. a Kubernetes node's cni0). */
  readonly device: Interface;
  /** net.bridge.bridge-nf-call-iptables on the device's host. */
  readonly callIptables: boolean;
  /** Ports in hairpin mode. */
  readonly hairpin: boolean;
}

export interface Link {
  readonly name: string;
  readonly members: readonly Interface[];
  readonly bridge?: Bridge;
}

export interface Network {
  readonly hosts: ReadonlyMap<string, Host>;
  readonly links: ReadonlyMap<string, Link>;
}

const LOOPBACK_ADDRESSES: readonly InterfaceAddress[] = [{ address: LOOPBACK_ADDRESS, prefixLength: 8 }];

export function buildNetwork(scenario: Scenario): Network {
  const linkOf = new Map<string, string>();
  for (const link of scenario.links) {
    for (const member of link.members) linkOf.set(`${member.host}:${member.iface}`, link.name);
  }
  const hosts = new Map<string, Host>();
  for (const spec of scenario.hosts) {
    const interfaces = new Map<string, Interface>();
    interfaces.set(LOOPBACK, { name: LOOPBACK, host: spec.name, addresses: LOOPBACK_ADDRESSES });
    for (const iface of spec.interfaces) {
      const link = linkOf.get(`${spec.name}:${iface.name}`);
      interfaces.set(iface.name, {
        name: iface.name,
        host: spec.name,
        addresses: iface.addresses,
        ...(link === undefined ? {} : { link }),
      });
    }
    hosts.set(spec.name, { name: spec.name, spec, interfaces, routes: buildRouteTable(spec, interfaces) });
  }
  const links = new Map<string, Link>();
  for (const link of scenario.links) {
    const members = link.members.map((m) => hosts.get(m.host)!.interfaces.get(m.iface)!);
    const bridge = bridgeOn(hosts, members);
    links.set(link.name, { name: link.name, members, ...(bridge ? { bridge } : {}) });
  }
  return { hosts, links };
}

/** The first member that is a bridge device of its host makes the link that bridge. */
function bridgeOn(hosts: ReadonlyMap<string, Host>, members: readonly Interface[]): Bridge | undefined {
  for (const device of members) {
    const settings = hosts.get(device.host)!.spec.bridges;
    const bridge = settings?.devices.find((d) => d.name === device.name);
    if (settings && bridge) return { device, callIptables: settings.callIptables, hairpin: bridge.hairpin };
  }
  return undefined;
}

/** Secondary addresses are those whose subnet an earlier address of the same interface already covers. */
export function isSecondary(iface: Interface, index: number): boolean {
  const candidate = iface.addresses[index]!;
  return iface.addresses
    .slice(0, index)
    .some(
      (earlier) =>
        earlier.prefixLength === candidate.prefixLength &&
        prefixContains(prefixOfInterfaceAddress(earlier), candidate.address),
    );
}

/** Every address assigned on the host, loopback's 127.0.0.1 included. */
export function hostOwnsAddress(host: Host, address: Ipv4): boolean {
  for (const iface of host.interfaces.values()) {
    if (iface.addresses.some((a) => a.address === address)) return true;
  }
  return false;
}

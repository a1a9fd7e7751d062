/**
 * Linux bridges a host owns (an extension of spec §1): `bridges: {cni0: {}}`
 * says the host's interface cni0 is a bridge device, and the other members
 * of its link are the bridge's ports (veths whose far ends are those
 * members). With `net.bridge.bridge-nf-call-iptables` at 1 — its value once
 * br_netfilter is loaded, in every network namespace since Linux 5.3, and
 * what bridge-based Kubernetes network plugins set — IPv4 frames crossing the bridge from one port to
 * another pass this host's iptables hooks and conntrack
 * (net/bridge/br_netfilter_hooks.c).
 */
import type { HostInfo } from './host-info.js';
import type { Path, Reporter } from './source.js';
import type { BridgeDevice, HostSpec, LinkSpec } from './types.js';

export const BRIDGE_NF_CALL_IPTABLES = 'net.bridge.bridge-nf-call-iptables';

/** The host's bridge devices, each an interface of the host. */
export function checkBridgeDevices(reporter: Reporter, path: Path, entries: readonly [string, { hairpin: boolean } | null][], info: HostInfo): BridgeDevice[] {
  const devices: BridgeDevice[] = [];
  for (const [name, options] of entries) {
    if (!info.interfaceNames.has(name)) {
      if (info.complete) reporter.at([...path, name], `host '${info.name}' has no interface '${name}' to be a bridge`, 'key');
      continue;
    }
    devices.push({ name, hairpin: options?.hairpin ?? false });
  }
  return devices;
}

/** The value of bridge-nf-call-iptables as proc_dointvec stores it: non-zero is on. */
export function bridgeNfValue(reporter: Reporter, path: Path, value: number | string): boolean | undefined {
  const text = String(value).trim();
  if (!/^-?[0-9]+$/.test(text)) {
    reporter.at(path, `${BRIDGE_NF_CALL_IPTABLES}: expected 0 or 1, found ${JSON.stringify(value)} (writing it to /proc/sys fails with EINVAL)`);
    return undefined;
  }
  return Number(text) !== 0;
}

/** Two bridge devices on one link would be two bridges joined by a cable packetwalk does not model. */
export function checkOneBridgePerLink(reporter: Reporter, hosts: readonly HostSpec[], links: readonly LinkSpec[]): void {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  for (const link of links) {
    const devices = link.members.filter((m) => {
      const host = byName.get(m.host);
      return host !== undefined && host.bridges?.devices.some((d) => d.name === m.iface) === true;
    });
    if (devices.length > 1) {
      const names = devices.map((m) => `${m.host}:${m.iface}`).join(' and ');
      reporter.atSpan(link.at, `link '${link.name}' joins two bridge devices (${names}); packetwalk models one bridge per link, its other members being its ports`);
    }
  }
}

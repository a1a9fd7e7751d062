/**
 * A scenario built out of real kernel objects: one network namespace per
 * host; a veth pair per two-member link (named as the scenario's
 * interfaces); a bridge in a namespace of its own for larger links, except
 * where a host declares the link's member interface a bridge (`bridges:`,
 * a Kubernetes node's cni0): then that interface is a real bridge in the
 * host's namespace, each other member a veth plugged into it as a port, and
 * bridge-nf-call-iptables is set in that namespace; for an
 * interface on no link, a veth whose peer sits in an otherwise empty
 * namespace (this kernel has no `dummy`). Then addresses in order, routes,
 * sysctls, the host's iptables rules, nat1to1 and the trace table.
 */
import { inNamespace, run } from './exec.js';
import { bridgeNamespace, hostNamespace, voidNamespace } from './names.js';
import { HARNESS_TABLES, nat1to1Ruleset, traceRuleset } from './nft-tables.js';
import { parseRuleHandles, type RuleHandles } from './rule-handles.js';
import { UnsupportedScenario, type KernelHost, type KernelLink, type KernelScenario } from './scenario-file.js';
import { interfaceDefaults, namespaceDefaults, scenarioSysctls, sysctlScript } from './sysctl.js';

export interface Lab {
  readonly scenario: KernelScenario;
  /** Every namespace made, in the order made (teardown deletes them). */
  readonly namespaces: string[];
  readonly hostNamespace: Map<string, string>;
  /** `host:iface` → link name. */
  readonly linkOf: Map<string, string>;
  /** MAC address (lower case) → `host:iface`, to tell where a frame went. */
  readonly endpointByMac: Map<string, string>;
  /** Per host: every interface including `lo`. */
  readonly interfaces: Map<string, readonly string[]>;
  /** Per host: nft rule handle → the iptables rule it is. */
  readonly ruleHandles: Map<string, RuleHandles>;
  /** Per host: `nft -a list ruleset` after setup. */
  readonly listings: Map<string, string>;
  /** `host:port` of each bridge port (in the bridge's host) → what leaves by it. */
  readonly bridgePorts: Map<string, BridgePort>;
  /** `host:iface` of each bridge device: not captured itself (what it sends leaves by a port). */
  readonly bridgeDevices: Set<string>;
  /**
   * `host:iface` of a member plugged into a bridge whose host runs bridged
   * frames through iptables → that bridge's `host:device`: every frame the
   * member sends is seen by the bridge's host first, whatever its MAC.
   */
  readonly bridgeEntry: Map<string, string>;
}

export interface BridgePort {
  readonly host: string;
  readonly port: string;
  /** `host:device` of the bridge. */
  readonly device: string;
  /** `host:iface` behind the port. */
  readonly member: string;
  readonly callIptables: boolean;
}

export const BRIDGE_NF_CALL_IPTABLES = 'net.bridge.bridge-nf-call-iptables';

/** bridge-nf-call-iptables on a host: its own value, else 1 (what br_netfilter sets in each namespace). */
export function callsIptables(host: KernelHost): boolean {
  return (host.sysctl[BRIDGE_NF_CALL_IPTABLES] ?? '1').trim() !== '0';
}

export class LabSetupError extends Error {}

function check(scenario: KernelScenario): void {
  const hosts = new Map(scenario.hosts.map((h) => [h.name, h]));
  const used = new Set<string>();
  for (const link of scenario.links) {
    for (const m of link.members) {
      const host = hosts.get(m.host);
      if (!host) throw new LabSetupError(`link ${link.name}: no host ${m.host}`);
      if (!host.interfaces.some((i) => i.name === m.iface)) throw new LabSetupError(`link ${link.name}: ${m.host} has no interface ${m.iface}`);
      const endpoint = `${m.host}:${m.iface}`;
      if (used.has(endpoint)) throw new LabSetupError(`${endpoint} is on two links`);
      used.add(endpoint);
    }
  }
  for (const flow of scenario.flows) {
    if (!hosts.has(flow.from)) throw new LabSetupError(`flow ${flow.index}: no host ${flow.from}`);
  }
}

async function writeSysctls(ns: string, writes: Parameters<typeof sysctlScript>[0]): Promise<void> {
  if (writes.length > 0) await inNamespace(ns, ['sh', '-ec', sysctlScript(writes)]);
}

async function ipBatch(ns: string, commands: readonly string[]): Promise<void> {
  if (commands.length > 0) await run(['ip', '-n', ns, '-batch', '-'], { input: `${commands.join('\n')}\n` });
}

async function createNamespace(lab: Lab, ns: string): Promise<void> {
  // Listed before it exists, so a teardown racing with this step still deletes it.
  lab.namespaces.push(ns);
  await run(['ip', 'netns', 'add', ns]);
  await writeSysctls(ns, namespaceDefaults());
  await run(['ip', '-n', ns, 'link', 'set', 'dev', 'lo', 'up']);
}

async function buildLinks(lab: Lab, scenario: KernelScenario): Promise<void> {
  const ns = (host: string): string => lab.hostNamespace.get(host)!;
  const hosts = new Map(scenario.hosts.map((h) => [h.name, h]));
  for (const [index, link] of scenario.links.entries()) {
    const [a, b] = link.members;
    const device = link.members.find((m) => hosts.get(m.host)!.bridges.some((br) => br.name === m.iface));
    if (device) {
      await buildHostBridge(lab, index, link, device, hosts.get(device.host)!);
    } else if (link.members.length === 2 && a && b) {
      await run(['ip', '-n', ns(a.host), 'link', 'add', 'name', a.iface, 'type', 'veth', 'peer', 'name', b.iface, 'netns', ns(b.host)]);
    } else if (link.members.length > 0) {
      const bridgeNs = bridgeNamespace(index);
      await createNamespace(lab, bridgeNs);
      const commands = ['link add name br0 type bridge', 'link set dev br0 up'];
      for (const [port, m] of link.members.entries()) {
        await run(['ip', '-n', ns(m.host), 'link', 'add', 'name', m.iface, 'type', 'veth', 'peer', 'name', `p${port}`, 'netns', bridgeNs]);
        commands.push(`link set dev p${port} master br0`, `link set dev p${port} up`);
      }
      await ipBatch(bridgeNs, commands);
    }
  }
  const loose = scenario.hosts.flatMap((h) =>
    h.interfaces.filter((i) => !lab.linkOf.has(`${h.name}:${i.name}`)).map((i) => ({ host: h.name, iface: i.name })),
  );
  if (loose.length === 0) return;
  const voidNs = voidNamespace();
  await createNamespace(lab, voidNs);
  for (const [index, end] of loose.entries()) {
    await run(['ip', '-n', ns(end.host), 'link', 'add', 'name', end.iface, 'type', 'veth', 'peer', 'name', `v${index}`, 'netns', voidNs]);
    await run(['ip', '-n', voidNs, 'link', 'set', 'dev', `v${index}`, 'up']);
  }
}

/** A bridge owned by a host: the device in its namespace, a veth port for every other member. */
async function buildHostBridge(lab: Lab, index: number, link: KernelLink, device: KernelLink['members'][number], owner: KernelHost): Promise<void> {
  const ownerNs = lab.hostNamespace.get(owner.name)!;
  const hairpin = owner.bridges.find((b) => b.name === device.iface)!.hairpin;
  const deviceName = `${owner.name}:${device.iface}`;
  lab.bridgeDevices.add(deviceName);
  const commands = [`link add name ${device.iface} type bridge`];
  for (const [i, m] of link.members.filter((m) => m !== device).entries()) {
    const port = `pw${index}p${i}`;
    await run(['ip', '-n', ownerNs, 'link', 'add', 'name', port, 'type', 'veth', 'peer', 'name', m.iface, 'netns', lab.hostNamespace.get(m.host)!]);
    commands.push(`link set dev ${port} master ${device.iface}`, `link set dev ${port} up`);
    if (hairpin) commands.push(`link set dev ${port} type bridge_slave hairpin on`);
    const member = `${m.host}:${m.iface}`;
    lab.bridgePorts.set(`${owner.name}:${port}`, { host: owner.name, port, device: deviceName, member, callIptables: callsIptables(owner) });
    if (callsIptables(owner)) lab.bridgeEntry.set(member, deviceName);
  }
  await ipBatch(ownerNs, commands);
}

async function configureHost(lab: Lab, host: KernelHost, scenario: KernelScenario): Promise<void> {
  const ns = lab.hostNamespace.get(host.name)!;
  const names = ['lo', ...host.interfaces.map((i) => i.name)];
  lab.interfaces.set(host.name, names);
  await writeSysctls(ns, interfaceDefaults(names));
  if (host.bridges.length > 0) {
    const present = await inNamespace(ns, ['test', '-e', '/proc/sys/net/bridge/bridge-nf-call-iptables'], { allowFailure: true });
    if (present.code !== 0) throw new UnsupportedScenario(`host ${host.name} has a bridge, but br_netfilter is not loaded (no /proc/sys/net/bridge): modprobe br_netfilter`);
    await writeSysctls(ns, [{ key: BRIDGE_NF_CALL_IPTABLES, value: '1' }]);
  }
  const commands: string[] = [];
  for (const iface of host.interfaces) {
    for (const address of iface.addresses) commands.push(`addr add ${address} dev ${iface.name}`);
    commands.push(`link set dev ${iface.name} up`);
  }
  await ipBatch(ns, commands);
  // Each route on its own, so a route the kernel refuses is named in the error.
  for (const route of host.routes) await run(['ip', '-n', ns, 'route', 'add', ...route.split(/\s+/)]);
  if (host.iptables) await inNamespace(ns, ['iptables-restore'], { input: `${host.iptables.trimEnd()}\n` });
  await writeSysctls(ns, scenarioSysctls(host));
  if (host.nat1to1.length > 0) await inNamespace(ns, ['nft', '-f', '-'], { input: nat1to1Ruleset(host.nat1to1) });
  await inNamespace(ns, ['nft', '-f', '-'], { input: traceRuleset() });
  const listing = await inNamespace(ns, ['nft', '-a', 'list', 'ruleset']);
  lab.listings.set(host.name, listing.stdout);
  lab.ruleHandles.set(host.name, parseRuleHandles(listing.stdout, HARNESS_TABLES));
  const links = JSON.parse((await run(['ip', '-n', ns, '-j', 'link', 'show'])).stdout) as { ifname: string; address?: string }[];
  for (const link of links) {
    if (link.ifname !== 'lo' && link.address) lab.endpointByMac.set(link.address.toLowerCase(), `${host.name}:${link.ifname}`);
  }
}

/**
 * Builds the lab. On failure the namespaces made so far are already listed in
 * `lab.namespaces`, so the caller's teardown removes them.
 */
export async function buildLab(scenario: KernelScenario, lab: Lab = emptyLab(scenario)): Promise<Lab> {
  check(scenario);
  for (const host of scenario.hosts) {
    const ns = hostNamespace(host.name);
    lab.hostNamespace.set(host.name, ns);
    await createNamespace(lab, ns);
  }
  for (const link of scenario.links) {
    for (const m of link.members) lab.linkOf.set(`${m.host}:${m.iface}`, link.name);
  }
  await buildLinks(lab, scenario);
  for (const host of scenario.hosts) await configureHost(lab, host, scenario);
  return lab;
}

export function emptyLab(scenario: KernelScenario): Lab {
  return {
    scenario,
    namespaces: [],
    hostNamespace: new Map(),
    linkOf: new Map(),
    endpointByMac: new Map(),
    interfaces: new Map(),
    ruleHandles: new Map(),
    listings: new Map(),
    bridgePorts: new Map(),
    bridgeDevices: new Set(),
    bridgeEntry: new Map(),
  };
}

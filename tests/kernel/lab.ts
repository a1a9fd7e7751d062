/**
 * A scenario built out of real kernel objects: one network namespace per
 * host; a veth pair per two-member link (named as the scenario's
 * interfaces); a bridge in a namespace of its own for larger links; for an
 * interface on no link, a veth whose peer sits in an otherwise empty
 * namespace (this kernel has no `dummy`). Then addresses in order, routes,
 * sysctls, the host's iptables rules, nat1to1 and the trace table.
 */
import { inNamespace, run } from './exec.js';
import { bridgeNamespace, hostNamespace, voidNamespace } from './names.js';
import { HARNESS_TABLES, nat1to1Ruleset, traceRuleset } from './nft-tables.js';
import { parseRuleHandles, type RuleHandles } from './rule-handles.js';
import type { KernelHost, KernelScenario } from './scenario-file.js';
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
  for (const [index, link] of scenario.links.entries()) {
    const [a, b] = link.members;
    if (link.members.length === 2 && a && b) {
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

async function configureHost(lab: Lab, host: KernelHost, scenario: KernelScenario): Promise<void> {
  const ns = lab.hostNamespace.get(host.name)!;
  const names = ['lo', ...host.interfaces.map((i) => i.name)];
  lab.interfaces.set(host.name, names);
  await writeSysctls(ns, interfaceDefaults(names));
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
  };
}

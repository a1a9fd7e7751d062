/**
 * A scenario with its `kubernetes:` section written out as what it compiles
 * to: plain hosts (with the generated iptables-save of every node), the
 * links they join, and everything else as written. Anything that reads
 * spec §1 — a reader, or the kernel harness that rebuilds a scenario in
 * network namespaces — can take the result (`packetwalk compile`).
 */
import { Document, isMap, parse } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { formatInterfaceAddress } from '../net/ipv4.js';
import { BRIDGE_NF_CALL_IPTABLES } from '../scenario/bridges.js';
import { loadScenario } from '../scenario/load.js';
import { isMapping } from '../scenario/schema.js';
import { parseSource, Reporter } from '../scenario/source.js';
import type { HostSpec } from '../scenario/types.js';
import { compileKubernetes } from './compile.js';

function plainHost(host: HostSpec, iptables: string | undefined): Record<string, unknown> {
  const bridges = host.bridges;
  return {
    ...(host.forwarding ? { forwarding: true } : {}),
    interfaces: Object.fromEntries(host.interfaces.map((i) => [i.name, i.addresses.length === 1 ? formatInterfaceAddress(i.addresses[0]!) : i.addresses.map(formatInterfaceAddress)])),
    ...(host.routes.length > 0 ? { routes: host.routes.map((r) => r.text) } : {}),
    ...(iptables === undefined ? {} : { iptables }),
    ...(host.listen.length > 0 ? { listen: host.listen.map((l) => `${l.proto}/${l.port}`) } : {}),
    ...(bridges ? { bridges: Object.fromEntries(bridges.devices.map((d) => [d.name, { hairpin: d.hairpin }])), sysctl: { [BRIDGE_NF_CALL_IPTABLES]: bridges.callIptables ? 1 : 0 } } : {}),
  };
}

export function expandScenarioText(text: string, file: string): { text: string; diagnostics: [] } | { text?: undefined; diagnostics: Diagnostic[] } {
  const loaded = loadScenario(text, file);
  if (!loaded.scenario) return { diagnostics: loaded.diagnostics };
  const raw = parse(text, { maxAliasCount: 1000 }) as Record<string, unknown>;
  if (raw.kubernetes === undefined) return { text, diagnostics: [] };
  const { source } = parseSource(text, file);
  const declared = isMapping(raw.hosts) ? raw.hosts : {};
  const cluster = compileKubernetes(new Reporter(source), raw.kubernetes, new Set(Object.keys(declared)));
  const hosts: Record<string, unknown> = { ...declared };
  for (const host of cluster.hosts) hosts[host.name] = plainHost(host, cluster.rules.get(host.name));
  const { kubernetes: _compiled, ...rest } = raw;
  const doc = new Document({
    ...rest,
    hosts,
    links: Object.fromEntries(loaded.scenario.links.map((l) => [l.name, l.members.map((m) => `${m.host}:${m.iface}`)])),
  });
  doc.commentBefore = ` ${file} with its kubernetes section compiled by packetwalk into hosts, links and rules`;
  if (isMap(doc.contents)) doc.contents.flow = false;
  return { text: doc.toString({ lineWidth: 0 }), diagnostics: [] };
}

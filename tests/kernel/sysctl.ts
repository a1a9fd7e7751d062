/**
 * Kernel settings of a scenario host. A new namespace does not start from the
 * kernel's built-in defaults: its IPv4 `conf/all` and `conf/default` are
 * copied from the machine's own namespace (net.core.devconf_inherit_init_net
 * = 0), and distributions change those (Debian's systemd sets rp_filter=2).
 * So the harness writes every setting that changes what a trace shows
 * explicitly, with the values of a pristine kernel (the ones spec §1 and the
 * engine assume), then enables forwarding, then applies the scenario's own.
 */
import type { KernelHost, KernelScenario } from './scenario-file.js';
import { UnsupportedScenario } from './scenario-file.js';

export interface SysctlWrite {
  readonly key: string;
  readonly value: string;
}

/**
 * conntrack's settings exist in a namespace only once the nf_conntrack module
 * is loaded (a rule that needs it loads it); until then conntrack is not
 * running and its settings change nothing, so writing them is skipped.
 */
function optional(key: string): boolean {
  return key.startsWith('net.netfilter.');
}

/** Per-interface settings (conf/all, conf/default and each interface) as a pristine kernel has them. */
export const PRISTINE_CONF: Readonly<Record<string, string>> = {
  rp_filter: '0',
  accept_local: '0',
  send_redirects: '1',
  accept_redirects: '1',
  secure_redirects: '1',
  arp_ignore: '0',
  arp_announce: '0',
  route_localnet: '0',
};

/** Namespace-wide settings as a pristine kernel has them. */
export const PRISTINE_GLOBAL: Readonly<Record<string, string>> = {
  'net.ipv4.ip_local_port_range': '32768 60999',
  'net.netfilter.nf_conntrack_tcp_loose': '1',
  'net.netfilter.nf_conntrack_tcp_be_liberal': '0',
};

/**
 * Timing only: a listener whose SYN-ACK gets no ACK retransmits it after 1 s,
 * 3 s, 7 s … (tcp_synack_retries=5), into the capture of later flows. The
 * engine has no timers; one SYN-ACK per SYN is what both sides show.
 */
export const NO_RETRANSMISSION: Readonly<Record<string, string>> = {
  'net.ipv4.tcp_synack_retries': '0',
};

/**
 * Timing only: a neighbour that never answers ARP is given up after 3 probes
 * 100 ms apart instead of 1 s apart, so the ICMP host-unreachable that
 * follows arrives well within a flow's timeout (see flows.ts). Set per
 * interface: a namespace other than the first has no `neigh/default`.
 */
export const ARP_RETRANS_TIME_MS = '100';

/** Written before any interface exists, so new interfaces inherit them from conf/default. */
export function namespaceDefaults(): SysctlWrite[] {
  const writes: SysctlWrite[] = [];
  for (const scope of ['all', 'default']) {
    for (const [param, value] of Object.entries(PRISTINE_CONF)) writes.push({ key: `net.ipv4.conf.${scope}.${param}`, value });
  }
  for (const [key, value] of Object.entries({ ...PRISTINE_GLOBAL, ...NO_RETRANSMISSION })) writes.push({ key, value });
  return writes;
}

/** Written once the interfaces exist (loopback was created with the namespace, before the defaults). */
export function interfaceDefaults(interfaces: readonly string[]): SysctlWrite[] {
  return interfaces.flatMap((iface) => [
    ...Object.entries(PRISTINE_CONF).map(([param, value]) => ({ key: `net.ipv4.conf.${iface}.${param}`, value })),
    { key: `net.ipv4.neigh.${iface}.retrans_time_ms`, value: ARP_RETRANS_TIME_MS },
  ]);
}

const CONNTRACK_MAX = 'net.netfilter.nf_conntrack_max';

/**
 * The scenario's own settings, written after its iptables rules (which may
 * load conntrack). `nf_conntrack_max` is left out: it cannot be set inside a
 * namespace (the kernel answers EINVAL: it is global) — see machineConntrackMax.
 */
export function scenarioSysctls(host: KernelHost): SysctlWrite[] {
  const writes: SysctlWrite[] = [{ key: 'net.ipv4.ip_forward', value: host.forwarding ? '1' : '0' }];
  for (const [key, value] of Object.entries(host.sysctl)) {
    if (key !== CONNTRACK_MAX) writes.push({ key, value: value.replace(/\s+/g, '\t') });
  }
  return writes;
}

/**
 * The machine-wide conntrack limit a scenario needs (machine-conntrack-max.ts):
 * a limit its few flows cannot reach changes nothing and needs none; hosts
 * asking for different reachable limits cannot share one machine.
 */
export function machineConntrackMax(scenario: KernelScenario): number | undefined {
  const reachable = 4 * scenario.flows.length;
  const limits = new Set(
    scenario.hosts.map((h) => h.sysctl[CONNTRACK_MAX]).filter((v): v is string => v !== undefined).map(Number).filter((v) => v <= reachable),
  );
  if (limits.size > 1) throw new UnsupportedScenario(`${CONNTRACK_MAX}: hosts ask for different limits (${[...limits].join(', ')}), but the limit is machine-wide`);
  return limits.values().next().value;
}

/** The /proc/sys path of a key; interface names may hold dots, so `conf.<if>.<param>` is split at its ends. */
export function sysctlPath(key: string): string {
  const perInterface = /^net\.ipv4\.(conf|neigh)\.(.+)\.([^.]+)$/.exec(key);
  if (perInterface) return `/proc/sys/net/ipv4/${perInterface[1]}/${perInterface[2]}/${perInterface[3]}`;
  return `/proc/sys/${key.replaceAll('.', '/')}`;
}

/** A shell script for `ip netns exec NS sh -ec …` that writes each value. */
export function sysctlScript(writes: readonly SysctlWrite[]): string {
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  return writes
    .map((w) => {
      const path = quote(sysctlPath(w.key));
      const write = `printf '%s\\n' ${quote(w.value)} > ${path}`;
      return optional(w.key) ? `[ ! -e ${path} ] || ${write}` : write;
    })
    .join('\n');
}

/**
 * The two nftables tables the harness adds to a host besides the scenario's
 * own iptables rules. Both are named `pw…`, and their rules are left out of
 * the observed rule hits.
 *
 * nat1to1 (spec §1) is stateless one-to-one NAT, built as payload rewrites:
 *   - inbound, hook prerouting, priority -320: before raw (-300) and before
 *     conntrack (-200), so the packet is routed with its new destination and
 *     conntrack never sees it (`notrack`). A packet *from* an internal address
 *     is also marked untracked here, so the outbound direction is never
 *     tracked either.
 *   - outbound, hook postrouting, priority 400: after mangle (-150), SNAT (100)
 *     and the conntrack helpers (300); the source is rewritten last, just
 *     before the packet leaves.
 * Rewriting `ip saddr`/`ip daddr` makes nft fix the IP checksum and the TCP/UDP
 * pseudo-header checksum. The engine mirrors exactly this: nat1to1 first in
 * PREROUTING and last in POSTROUTING, the packets untracked.
 */

export const NAT1TO1_TABLE = 'pw1to1';
export const TRACE_TABLE = 'pwtrace';
/** Tables of the harness, not of the scenario. */
export const HARNESS_TABLES: readonly string[] = [NAT1TO1_TABLE, TRACE_TABLE];

export const NAT1TO1_PREROUTING_PRIORITY = -320;
export const NAT1TO1_POSTROUTING_PRIORITY = 400;
/** Before raw (-300) and nat1to1 (-320), so a packet is traced from its first hook. */
export const TRACE_PRIORITY = -350;

export interface Nat1to1Mapping {
  readonly external: string;
  readonly internal: string;
}

export function nat1to1Ruleset(mappings: readonly Nat1to1Mapping[]): string {
  const inbound = mappings.flatMap((m) => [
    `    ip daddr ${m.external} ip daddr set ${m.internal} notrack`,
    `    ip saddr ${m.internal} notrack`,
  ]);
  const outbound = mappings.map((m) => `    ip saddr ${m.internal} ip saddr set ${m.external}`);
  return [
    `table ip ${NAT1TO1_TABLE} {`,
    '  chain inbound {',
    `    type filter hook prerouting priority ${NAT1TO1_PREROUTING_PRIORITY}; policy accept;`,
    ...inbound,
    '  }',
    '  chain outbound {',
    `    type filter hook postrouting priority ${NAT1TO1_POSTROUTING_PRIORITY}; policy accept;`,
    ...outbound,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Marks every scenario packet (unicast TCP, UDP, ICMP) for tracing where it
 * enters the stack (prerouting) or is created (output), so
 * `xtables-monitor --trace` reports each rule that matched it afterwards.
 * Multicast is left out at both hooks: the IGMP reports a host sends when
 * its interfaces come up are not part of any scenario (see SCENARIO_TRAFFIC);
 * a bridge comes up only once a port's far end does, so its reports can fall
 * into the first flow.
 */
export const TRACED = 'ip daddr != 224.0.0.0/4 meta l4proto { tcp, udp, icmp }';

export function traceRuleset(): string {
  return [
    `table ip ${TRACE_TABLE} {`,
    '  chain prerouting {',
    `    type filter hook prerouting priority ${TRACE_PRIORITY}; policy accept;`,
    `    ${TRACED} meta nftrace set 1`,
    '  }',
    '  chain output {',
    `    type filter hook output priority ${TRACE_PRIORITY}; policy accept;`,
    `    ${TRACED} meta nftrace set 1`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The capture filter (pcap-filter(7)) for the same packets. */
export const SCENARIO_TRAFFIC = 'ip and (tcp or udp or icmp) and not dst net 224.0.0.0/4';

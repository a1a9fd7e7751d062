/**
 * Frames crossing a host's bridge with br_netfilter. Expected values from
 * Linux 6.18 in network namespaces (tests/kernel/FINDINGS.md 39-44: a bridge
 * cni0 in the node's namespace with veth ports, DNAT in nat PREROUTING):
 * with bridge-nf-call-iptables=1 the DNATed SYN stays on the bridge with
 * TTL 64 and the reply is de-NATed; with 0 it is routed (TTL 63) and the
 * reply bypasses the node; without hairpin mode a frame never goes back out
 * of the port it came in by.
 */
import { describe, expect, it } from 'vitest';
import { renderHopTable } from '../render/hop-table.js';
import { loadScenario } from '../scenario/load.js';
import type { BridgeStep, HostHop, Trace } from '../trace/types.js';
import { simulate } from './simulate.js';

function bridgeScenario(options: { callIptables: 0 | 1; hairpin: boolean }): string {
  return `
hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
    listen: [tcp/8080]
  router:
    forwarding: true
    bridges: {lan: {hairpin: ${options.hairpin}}}
    sysctl: {net.bridge.bridge-nf-call-iptables: ${options.callIptables}}
    interfaces: {lan: 10.0.1.1/24}
    iptables: |
      *nat
      -A PREROUTING -d 10.0.9.9/32 -p tcp --dport 80 -j DNAT --to-destination 10.0.1.20:8080
      -A PREROUTING -d 10.0.9.10/32 -p tcp --dport 80 -j DNAT --to-destination 10.0.1.10:8080
      -A POSTROUTING -s 10.0.1.10/32 -d 10.0.1.10/32 -j MASQUERADE
      COMMIT
      *filter
      -A FORWARD -i lan -o lan -j ACCEPT
      COMMIT
      *mangle
      -A POSTROUTING -o lan -p tcp --dport 8080 --syn -j LOG --log-prefix "post "
      COMMIT
  server:
    interfaces: {eth0: 10.0.1.20/24}
    routes: [default via 10.0.1.1]
    listen: [tcp/8080]
links:
  lan: [router:lan, client:eth0, server:eth0]
flows:
  - {from: client, to: "10.0.9.9:80"}
  - {from: client, to: "10.0.1.20:8080"}
  - {from: client, to: "10.0.9.10:80"}
`;
}

function trace(text: string): Trace {
  const loaded = loadScenario(`${text}`, 'bridge.yaml');
  expect(loaded.diagnostics).toEqual([]);
  return simulate(loaded.scenario!, { seed: 1 });
}

const crossings = (t: Trace, flow: number): string[] =>
  t.flows[flow]!.packets.flatMap((p) => p.wire.map((w) => `${p.label} ${w.from}>${w.to} ${w.src}:${w.sport}>${w.dst}:${w.dport} ttl ${w.ttl}`));

const routerHops = (t: Trace, flow: number): HostHop[] => t.flows[flow]!.packets.flatMap((p) => p.hops.filter((h) => h.host === 'router'));

describe('bridge-nf-call-iptables=1', () => {
  const on = trace(bridgeScenario({ callIptables: 1, hairpin: false }));

  it.each([
    {
      what: 'DNAT to a host behind the bridge: bridged both ways, TTL kept, the reply de-NATed',
      flow: 0,
      outcome: 'connected',
      wire: [
        'SYN client:eth0>router:lan 10.0.1.10:40000>10.0.9.9:80 ttl 64',
        'SYN router:lan>server:eth0 10.0.1.10:40000>10.0.1.20:8080 ttl 64',
        'SYN-ACK server:eth0>router:lan 10.0.1.20:8080>10.0.1.10:40000 ttl 64',
        'SYN-ACK router:lan>client:eth0 10.0.9.9:80>10.0.1.10:40000 ttl 64',
        'ACK client:eth0>router:lan 10.0.1.10:40000>10.0.9.9:80 ttl 64',
        'ACK router:lan>server:eth0 10.0.1.10:40000>10.0.1.20:8080 ttl 64',
      ],
    },
    {
      what: 'a frame from one port to another passes the router too',
      flow: 1,
      outcome: 'connected',
      wire: [
        'SYN client:eth0>router:lan 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
        'SYN router:lan>server:eth0 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
        'SYN-ACK server:eth0>router:lan 10.0.1.20:8080>10.0.1.10:40001 ttl 64',
        'SYN-ACK router:lan>client:eth0 10.0.1.20:8080>10.0.1.10:40001 ttl 64',
        'ACK client:eth0>router:lan 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
        'ACK router:lan>server:eth0 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
      ],
    },
    {
      what: 'DNAT back to the sender: without hairpin mode the bridge will not send it back out of its port',
      flow: 2,
      outcome: 'timeout',
      wire: ['SYN client:eth0>router:lan 10.0.1.10:40002>10.0.9.10:80 ttl 64'],
    },
  ])('$what', ({ flow, outcome, wire }) => {
    expect(on.flows[flow]!.outcome).toBe(outcome);
    expect(crossings(on, flow)).toEqual(wire);
  });

  it('shows the router bridging, with the bridge as -i and -o in FORWARD and no TTL rewrite', () => {
    const syn = routerHops(on, 0)[0]!;
    expect(syn).toMatchObject({ in: 'lan', out: 'lan' });
    const bridge = syn.steps.find((s): s is BridgeStep => s.kind === 'bridge');
    expect(bridge).toMatchObject({ dev: 'lan', decision: 'bridged', to: 'server:eth0' });
    expect(syn.steps.some((s) => s.kind === 'rewrite' && s.field === 'ttl')).toBe(false);
    expect(syn.steps.some((s) => s.kind === 'rule' && s.chain === 'FORWARD' && s.verdict === 'ACCEPT')).toBe(true);
  });

  it('logs a bridged frame in POSTROUTING with no input device, as br_nf_post_routing passes none', () => {
    expect(renderHopTable(on)).toContain('post IN= OUT=lan SRC=10.0.1.10 DST=10.0.1.20 PROTO=TCP SPT=40000 DPT=8080 SYN');
  });

  it('tracks both connections on the router', () => {
    const entries = on.conntrack.router!.map((e) => `${e.original.dst}:${e.original.dport} ${e.state}`).sort();
    expect(entries).toEqual(['10.0.1.20:8080 ESTABLISHED', '10.0.9.9:80 ESTABLISHED']);
  });

  it('drops the hairpin frame at the bridge, before FORWARD', () => {
    const hop = routerHops(on, 2)[0]!;
    expect(hop.steps.some((s) => s.kind === 'rule' && s.chain === 'FORWARD')).toBe(false);
    expect(on.flows[2]!.packets[0]!.fate).toMatchObject({ result: 'dropped', host: 'router' });
  });
});

describe('hairpin mode on the ports', () => {
  const hairpin = trace(bridgeScenario({ callIptables: 1, hairpin: true }));

  it('sends the DNATed frame back out of the port it came in by, masqueraded to the bridge address', () => {
    expect(hairpin.flows[2]!.outcome).toBe('connected');
    expect(crossings(hairpin, 2).slice(0, 2)).toEqual([
      'SYN client:eth0>router:lan 10.0.1.10:40002>10.0.9.10:80 ttl 64',
      'SYN router:lan>client:eth0 10.0.1.1:40002>10.0.1.10:8080 ttl 64',
    ]);
  });
});

describe('bridge-nf-call-iptables=0', () => {
  const off = trace(bridgeScenario({ callIptables: 0, hairpin: false }));

  it.each([
    {
      what: 'the DNATed SYN is routed back out (TTL 63) and the reply bypasses the router: the client resets it',
      flow: 0,
      outcome: 'timeout',
      wire: [
        'SYN client:eth0>router:lan 10.0.1.10:40000>10.0.9.9:80 ttl 64',
        'SYN router:lan>server:eth0 10.0.1.10:40000>10.0.1.20:8080 ttl 63',
        'SYN-ACK server:eth0>client:eth0 10.0.1.20:8080>10.0.1.10:40000 ttl 64',
        'RST client:eth0>server:eth0 10.0.1.10:40000>10.0.1.20:8080 ttl 64',
      ],
    },
    {
      what: 'frames between ports pass no hook of the router',
      flow: 1,
      outcome: 'connected',
      wire: [
        'SYN client:eth0>server:eth0 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
        'SYN-ACK server:eth0>client:eth0 10.0.1.20:8080>10.0.1.10:40001 ttl 64',
        'ACK client:eth0>server:eth0 10.0.1.10:40001>10.0.1.20:8080 ttl 64',
      ],
    },
  ])('$what', ({ flow, outcome, wire }) => {
    expect(off.flows[flow]!.outcome).toBe(outcome);
    expect(crossings(off, flow)).toEqual(wire);
  });
});

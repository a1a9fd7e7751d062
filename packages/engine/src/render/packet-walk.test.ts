import { describe, expect, it } from 'vitest';
import { route, rewrite, rule, tcp } from '../testing/traces/builders.js';
import { portForwardTrace } from '../testing/traces/port-forward.js';
import type { FlowTrace, PacketTrace } from '../trace/types.js';
import { walkPacket } from './packet-walk.js';

describe('walkPacket', () => {
  it('pairs each hop with the crossing that brought the packet there', () => {
    const flow = portForwardTrace.flows[0]!;
    const walk = walkPacket(flow.packets[0]!, flow);
    expect(walk.hops.map((h) => h.arrivals.map((w) => w.to))).toEqual([[], ['router:wan'], ['laptop:eth0']]);
    expect(walk.trailing).toEqual([]);
  });

  it('follows rewrites: the route lookup after DNAT sees the new destination', () => {
    const flow = portForwardTrace.flows[0]!;
    const router = walkPacket(flow.packets[0]!, flow).hops[1]!;
    const routeAt = router.hop.steps.findIndex((s) => s.kind === 'route');
    expect(router.before[0]).toMatchObject({ dst: '198.51.100.7', dport: 8080 });
    expect(router.before[routeAt]).toMatchObject({ dst: '192.168.1.10', dport: 80 });
  });

  it("undoes the sender's own OUTPUT DNAT to know where its first route lookup was aimed", () => {
    // A pod host talking to a ClusterIP: routed to 10.96.0.10, DNATed in OUTPUT, rerouted (ip_route_me_harder).
    const packet: PacketTrace = {
      id: 1,
      label: 'SYN',
      origin: { host: 'node', cause: 'flow' },
      wire: [tcp('vpc', 'node:eth0', 'other:eth0', '10.128.0.2', '10.244.2.7', { sport: 40000, dport: 8080 }, 'SYN', 64)],
      hops: [
        {
          host: 'node',
          out: 'eth0',
          steps: [
            route('output', 'output', { route: 'default via 10.128.0.1 dev eth0', via: '10.128.0.1', dev: 'eth0', src: '10.128.0.2' }),
            rule('OUTPUT', 'nat', 'OUTPUT', 1, '-A OUTPUT -d 10.96.0.10/32 -p tcp --dport 80 -j DNAT --to-destination 10.244.2.7:8080', 'DNAT'),
            rewrite('OUTPUT', 'dst', '10.96.0.10', '10.244.2.7', 'DNAT'),
            rewrite('OUTPUT', 'dport', 80, 8080, 'DNAT'),
            route('reroute', 'output', { route: '10.244.2.0/24 via 10.128.0.3 dev eth0', via: '10.128.0.3', dev: 'eth0', src: '10.128.0.2' }),
          ],
        },
      ],
      fate: { result: 'delivered', host: 'other' },
    };
    const flow: FlowTrace = { index: 0, from: 'node', to: '10.96.0.10:80', proto: 'tcp', sport: 40000, outcome: 'timeout', packets: [packet] };
    const node = walkPacket(packet, flow).hops[0]!;
    expect(node.before[0]).toMatchObject({ dst: '10.96.0.10', dport: 80 });
    expect(node.before[4]).toMatchObject({ dst: '10.244.2.7', dport: 8080 });
    expect(node.routedDev[4]).toBe('eth0');
  });

  it('knows where an unsent first packet was going from the flow', () => {
    const packet: PacketTrace = { id: 1, label: 'echo-request', origin: { host: 'a', cause: 'flow' }, wire: [], hops: [{ host: 'a', steps: [route('output', 'unreachable')] }], fate: { result: 'dropped', host: 'a', reason: 'no route' } };
    const flow: FlowTrace = { index: 0, from: 'a', to: '203.0.113.1', proto: 'icmp', sport: 7, outcome: 'unreachable', packets: [packet] };
    expect(walkPacket(packet, flow).hops[0]!.before[0]).toMatchObject({ dst: '203.0.113.1', id: 7 });
  });

  it('keeps crossings after the last hop, for a packet nobody took', () => {
    const flow = portForwardTrace.flows[1]!;
    const packet = flow.packets[0]!;
    const lost: PacketTrace = { ...packet, hops: [packet.hops[0]!] };
    expect(walkPacket(lost, flow).trailing.map((w) => w.link)).toEqual(['internet']);
  });
});

/**
 * nat1to1 through the whole walk. Expected values from Linux 6.18 in network
 * namespaces, with the mapping built as the kernel harness builds it
 * (nftables payload rewrites at prerouting -320 and postrouting 400).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.js';
import { simulate } from './simulate.js';

const GATEWAY_OWN_ADDRESS = `
hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  gw:
    forwarding: true
    interfaces: {a: 10.0.1.1/24}
    nat1to1:
      - {external: 192.0.2.55, internal: 10.0.1.1}
    listen: [tcp/80]
links:
  net-a: [client:eth0, gw:a]
flows:
  - {from: client, to: 192.0.2.55, proto: icmp}
  - {from: client, to: "192.0.2.55:80"}
`;

function trace(text: string) {
  const loaded = loadScenario(text, 'nat1to1.yaml');
  expect(loaded.diagnostics).toEqual([]);
  return simulate(loaded.scenario!, { seed: 1 });
}

describe('nat1to1 onto the gateway\'s own address', () => {
  const flows = trace(GATEWAY_OWN_ADDRESS).flows;
  const crossings = (i: number) => flows[i]!.packets.flatMap((p) => p.wire.map((w) => `${p.label} ${w.src}:${w.sport ?? ''} > ${w.dst}:${w.dport ?? ''}`));

  it('the gateway answers a ping to the external address from the external address', () => {
    expect(flows[0]!.outcome).toBe('answered');
    expect(crossings(0)).toEqual(['echo-request 10.0.1.10: > 192.0.2.55:', 'echo-reply 192.0.2.55: > 10.0.1.10:']);
  });

  it('a connection to it completes, every segment from or to the external address', () => {
    expect(flows[1]!.outcome).toBe('connected');
    expect(crossings(1)).toEqual(['SYN 10.0.1.10:40001 > 192.0.2.55:80', 'SYN-ACK 192.0.2.55:80 > 10.0.1.10:40001', 'ACK 10.0.1.10:40001 > 192.0.2.55:80']);
  });
});

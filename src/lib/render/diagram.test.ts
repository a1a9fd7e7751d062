import { readFileSync } from 'node:fs';
import { traceScenarioText } from '@packetwalk/engine';
import { describe, expect, it } from 'vitest';
import { diagramSvg } from './diagram.js';
import { flowViews } from './flow-view.js';

function views(file: string) {
  const result = traceScenarioText(readFileSync(file, 'utf8'), file);
  if (!result.trace) throw new Error('scenario does not trace');
  return flowViews(result.trace);
}

describe('diagramSvg', () => {
  const [tcp] = views('content/scenarios/home-router-masquerade.yaml');
  const svg = diagramSvg(tcp!, { id: 'd' }).value;

  it('has one lane per host, in the order the flow meets them', () => {
    const names = [...svg.matchAll(/<text class="pw-host-name"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(names).toEqual(['laptop', 'router', 'server']);
  });

  it('draws one arrow per link crossing, requests and replies apart', () => {
    // SYN and ACK cross two links each (requests), the SYN-ACK two (reply).
    expect(svg.match(/class="pw-arrow pw-arrow--request"/g)).toHaveLength(4);
    expect(svg.match(/class="pw-arrow pw-arrow--reply"/g)).toHaveLength(2);
  });

  it('marks each rewrite as the old and the new value, where it happens', () => {
    expect(svg).toContain('>- src 192.168.1.10<');
    expect(svg).toContain('>+ src 198.51.100.7<');
    expect(svg).toContain('>- dst 198.51.100.7<');
    expect(svg).toContain('>+ dst 192.168.1.10<');
    expect(svg).not.toContain('ttl');
  });

  it('shows the conntrack entry created and then used', () => {
    expect(svg).toContain('>ct: entry created<');
    expect(svg).toContain('>ct: entry used (reply)<');
  });

  it('names itself for assistive technology', () => {
    expect(svg).toMatch(/^<svg class="pw-diagram" role="img" aria-labelledby="d-title d-desc"/);
  });

  it('shows a mark set and cleared in the same hop as no change at all', () => {
    // kube-proxy's KUBE-MARK-MASQ sets 0x4000 and KUBE-POSTROUTING clears it on node1.
    const [nodeport] = views('content/scenarios/kubernetes-nodeport-cluster.yaml');
    const out = diagramSvg(nodeport!, { id: 'n' }).value;
    expect(out).not.toContain('mark 0x4000');
    expect(out).toContain('>+ dst 10.244.2.7<');
    expect(out).toContain('>+ src 10.128.0.2<');
  });

  it('keeps a stateless translation free of conntrack notes', () => {
    const [cloud] = views('content/scenarios/cloud-one-to-one-nat.yaml');
    const out = diagramSvg(cloud!, { id: 'c' }).value;
    expect(out).toContain('>+ dst 10.128.0.2<');
    expect(out).not.toContain('ct:');
  });
});

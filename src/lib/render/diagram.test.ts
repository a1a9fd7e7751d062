import { readdirSync, readFileSync } from 'node:fs';
import { traceScenarioText } from '@packetwalk/engine';
import { describe, expect, it } from 'vitest';
import { diagramSvg, fitStep } from './diagram.js';
import { flowViews } from './flow-view.js';

function viewsOfText(text: string, file: string) {
  const result = traceScenarioText(text, file);
  if (!result.trace) throw new Error(`${file} does not trace`);
  return flowViews(result.trace);
}

function views(file: string) {
  return viewsOfText(readFileSync(file, 'utf8'), file);
}

/** The wide and the compact layout, in that order. */
function layouts(markup: string): [string, string] {
  const [wide, compact] = markup.split(/(?=<svg )/);
  return [wide!, compact!];
}

function texts(svg: string, kind: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${kind}[^"]*"[^>]*>(.*?)</text>`, 'g'))].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

const SCENARIOS = ['content/scenarios', 'content/posts/scenarios'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${dir}/${f}`),
);

describe('diagramSvg, wide layout', () => {
  const [tcp] = views('content/scenarios/home-router-masquerade.yaml');
  const [svg] = layouts(diagramSvg(tcp!, { id: 'd' }).value);

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
    expect(svg).toMatch(/^<svg class="pw-diagram pw-diagram--wide pw-fit-\d+" role="img" aria-labelledby="d-title d-desc"/);
  });

  it('shows a mark set and cleared in the same hop as no change at all', () => {
    // kube-proxy's KUBE-MARK-MASQ sets 0x4000 and KUBE-POSTROUTING clears it on node1.
    const [nodeport] = views('content/scenarios/kubernetes-nodeport-cluster.yaml');
    const out = diagramSvg(nodeport!, { id: 'n' }).value;
    expect(out).not.toContain('mark 0x4000');
    expect(out).toContain('>+ dst 10.244.2.7<');
    expect(out).toContain('>+ src 10.128.0.2<');
  });

  it('says where a bridge kept the frame, and only there', () => {
    // Same-node ClusterIP: node1 bridges the DNATed SYN and the pod's reply on cni0 (br_netfilter).
    const [service] = views('content/scenarios/kubernetes-clusterip-same-node.yaml');
    const [wide] = layouts(diagramSvg(service!, { id: 'b' }).value);
    expect(texts(wide, 'pw-note pw-note--path')).toEqual(['bridged on cni0', 'bridged on cni0', 'bridged on cni0']);
    expect(svg).not.toContain('bridged');
  });

  it('keeps a stateless translation free of conntrack notes', () => {
    const [cloud] = views('content/scenarios/cloud-one-to-one-nat.yaml');
    const out = diagramSvg(cloud!, { id: 'c' }).value;
    expect(out).toContain('>+ dst 10.128.0.2<');
    expect(out).not.toContain('ct:');
  });
});

describe('diagramSvg, compact layout for a phone', () => {
  const [tcp] = views('content/scenarios/home-router-masquerade.yaml');
  const [wide, compact] = layouts(diagramSvg(tcp!, { id: 'd' }).value);

  it('is drawn 320 units wide, whatever the wide layout needs', () => {
    expect(compact).toMatch(/^<svg class="pw-diagram pw-diagram--compact pw-fit-\d+" role="img" aria-labelledby="d-c-title d-c-desc" width="320" height="\d+" viewBox="0 0 320 \d+"/);
  });

  it('uses ids of its own, so both layouts can sit on one page', () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const shared = ids(wide).filter((id) => ids(compact).includes(id));
    expect(shared).toEqual([]);
    expect(compact).toContain('marker-end="url(#d-c-head-request)"');
  });

  it('tags the same hops with the same step numbers as the wide layout', () => {
    const steps = (svg: string) => [...svg.matchAll(/<g class="pw-hop-shapes" data-step="(\d+)">/g)].map((m) => Number(m[1]));
    // Nine hops: SYN, SYN-ACK and ACK each at laptop, router and server.
    expect(steps(compact)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps(wide)).toEqual(steps(compact));
  });

  it('writes every rewrite and conntrack note as text', () => {
    for (const note of ['- src 192.168.1.10', '+ src 198.51.100.7', '- dst 198.51.100.7', '+ dst 192.168.1.10', 'ct: entry created', '✓ delivered']) {
      expect(texts(compact, 'pw-note').join(' ')).toContain(note);
    }
  });

  it('keeps the wide layout’s notes and labels, in the same order, at most wrapped (every scenario)', () => {
    for (const file of SCENARIOS) {
      for (const view of views(file)) {
        const [w, c] = layouts(diagramSvg(view, { id: 'x' }).value);
        expect(texts(c, 'pw-note').join(' '), `${file} flow ${view.number}`).toBe(texts(w, 'pw-note').join(' '));
        // The wide layout writes a loopback's label as "… (lo)" after its second part, as the compact one does.
        expect(texts(c, 'pw-arrow-label').join(' '), `${file} flow ${view.number}`).toBe(texts(w, 'pw-arrow-label').join(' '));
      }
    }
  });

  it('keeps every text inside its 320 units (every scenario)', () => {
    // 12 px monospace advances 0.6 em (7.2 px) per character; host names are centred, 12.5 px bold sans ~0.64 em (8 px).
    for (const file of SCENARIOS) {
      for (const view of views(file)) {
        const [, c] = layouts(diagramSvg(view, { id: 'x' }).value);
        for (const m of c.matchAll(/<text class="([^"]+)" x="([\d.-]+)"[^>]*>(.*?)<\/text>/g)) {
          const [, kind, xs, body] = m;
          const text = body!.replace(/<title>.*?<\/title>/, '');
          const x = Number(xs);
          const where = `${file} flow ${view.number}: ${text}`;
          if (kind === 'pw-host-name') {
            expect(x - (text.length * 8) / 2, where).toBeGreaterThanOrEqual(0);
            expect(x + (text.length * 8) / 2, where).toBeLessThanOrEqual(320);
          } else {
            expect(x, where).toBeGreaterThanOrEqual(0);
            expect(x + [...text].length * 7.2, where).toBeLessThanOrEqual(320);
          }
        }
      }
    }
  });

  it('puts host names in two staggered rows when lanes are close, and shortens only what still does not fit', () => {
    // A six-host flow: lanes 55 units apart, too close for "home-router" in one row.
    const five = views('content/scenarios/kubernetes-full-path-from-home.yaml').find((v) => v.lanes.length >= 5)!;
    const [, c] = layouts(diagramSvg(five, { id: 'f' }).value);
    const rows = new Set([...c.matchAll(/<rect class="pw-host-box"[^>]* y="(\d+)"/g)].map((m) => m[1]));
    expect(rows.size).toBe(2);
    for (const host of five.lanes) expect(c).toContain(`>${host}</text>`);

    const long = 'a-host-with-a-rather-long-name';
    const text = readFileSync('content/scenarios/kubernetes-full-path-from-home.yaml', 'utf8').replaceAll('home-router', long);
    const renamed = viewsOfText(text, 'renamed.yaml').find((v) => v.lanes.length >= 5)!;
    const [, r] = layouts(diagramSvg(renamed, { id: 'r' }).value);
    expect(r).toMatch(new RegExp(`<text class="pw-host-name"[^>]*><title>${long}</title>a-host-wit…</text>`));
    expect(r).toContain(`Hosts from left to right: laptop, ${long},`);
  });
});

describe('fitStep: the narrowest column that shows the wide layout', () => {
  it.each([
    [300, 360],
    [360, 360],
    [361, 400],
    [548, 560],
    [593, 600],
    // Wider than a phone's column: compact below 600 px, scrolling sideways above.
    [1094, 600],
  ])('a wide layout %i px wide is shown from a %i px column up', (width, step) => {
    expect(fitStep(width)).toBe(step);
  });
});

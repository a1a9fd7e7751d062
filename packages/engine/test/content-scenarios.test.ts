/**
 * Every scenario the blog ships (the shared ones in content/scenarios and the
 * posts' own in content/posts/scenarios): it loads without a problem, each flow ends
 * as the post says it does, and its hop table and conntrack view are
 * snapshot-tested so a diff reads as a change of behaviour.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/sim/simulate.js';
import { renderConntrack } from '../src/render/conntrack.js';
import { renderHopTable } from '../src/render/hop-table.js';

const root = join(import.meta.dirname, '../../..');
const files = ['content/scenarios', 'content/posts/scenarios']
  .flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`))
  .sort();

/** What each post says happens, flow by flow. */
const EXPECTED_OUTCOMES: Record<string, string[]> = {
  'asymmetric-routing-invalid': ['timeout', 'answered'],
  'cloud-one-to-one-nat': ['connected', 'answered'],
  // A handshake, a refused SYN, a SYN dropped on the server, an answered query, a closed UDP port.
  'conntrack-states': ['connected', 'refused', 'timeout', 'answered', 'unreachable'],
  // nf_conntrack_max is 2 and both entries are ASSURED: the third SYN is dropped.
  'conntrack-table-full': ['connected', 'connected', 'timeout'],
  'hairpin-nat-with-snat': ['connected'],
  'hairpin-nat-without-snat': ['timeout'],
  'home-router-masquerade': ['connected', 'answered', 'answered', 'refused'],
  'kubernetes-clusterip-cross-node': ['connected'],
  // Through the Service and straight to the pod: both bridged on node1, through its iptables.
  'kubernetes-clusterip-same-node': ['connected', 'connected'],
  'kubernetes-full-path-from-home': ['connected'],
  'kubernetes-hostport': ['connected', 'connected'],
  'kubernetes-loadbalancer-nat1to1': ['connected', 'timeout'],
  'kubernetes-nodeport-cluster': ['connected'],
  'kubernetes-nodeport-local': ['timeout', 'connected'],
  'nodeport-dnat-snat': ['connected'],
  // The untracked datagram leaves with its private source; the answer is lost.
  'notrack-skips-nat': ['timeout', 'connected'],
  'port-forwarding': ['connected', 'refused'],
  // The clash is resolved with another source port: both connect.
  'source-port-clash': ['connected', 'connected'],
  'vm-dnat-to-container': ['connected'],
};

describe.each(files)('%s', (file) => {
  const name = basename(file, '.yaml');
  const loaded = loadScenario(readFileSync(join(root, file), 'utf8'), file);

  it('loads without a problem', () => {
    expect(loaded.diagnostics).toEqual([]);
  });

  const trace = loaded.scenario && simulate(loaded.scenario, { seed: 1 });

  it('ends each flow as its post says', () => {
    expect(trace?.flows.map((f) => f.outcome)).toEqual(EXPECTED_OUTCOMES[name]);
  });

  it('renders the hop table it always did', async () => {
    await expect(renderHopTable(trace!)).toMatchFileSnapshot(`__snapshots__/${name}.hops.txt`);
  });

  it('renders the conntrack tables it always did', async () => {
    await expect(renderConntrack(trace!)).toMatchFileSnapshot(`__snapshots__/${name}.conntrack.txt`);
  });

  it('traces the same way twice for one seed', () => {
    expect(simulate(loaded.scenario!, { seed: 1 })).toEqual(trace);
  });
});

it('has an expectation for every content scenario', () => {
  expect(Object.keys(EXPECTED_OUTCOMES).sort()).toEqual(files.map((f) => basename(f, '.yaml')).sort());
});

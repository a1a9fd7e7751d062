/**
 * Jumps are bounded. Random jump graphs between user chains (loops, deep
 * chains, wide fan-outs, gotos) on a router that a flow crosses: the loader
 * refuses a table exactly when a built-in chain reaches a loop or a path of
 * more than 15 nested jumps (nf_tables' limit, see netfilter/table-check.ts),
 * saying so at a jump; every table it accepts is traversed without the
 * engine throwing anything but located diagnostics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/diagnostics.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulate.js';
import { locationProblems } from './located.js';
import { propertyOptions } from './options.js';

const BUILTINS = ['INPUT', 'FORWARD', 'OUTPUT'];
/** nf_tables' jump stack allows 15 nested jumps or gotos below a built-in chain. */
const MAX_DEPTH = 15;

interface Graph {
  readonly chains: number;
  /** Per chain (built-ins first, then C1…), its rules: a jump or goto to a chain index, or another target. */
  readonly rules: readonly (readonly { readonly to?: number; readonly verb: '-j' | '-g'; readonly other: string }[])[];
}

const randomGraphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 20 }).chain((chains) =>
  fc.record({
    chains: fc.constant(chains),
    rules: fc.array(
      fc.array(
        fc.record({
          to: fc.option(fc.integer({ min: BUILTINS.length, max: BUILTINS.length + chains - 1 }), { freq: 4, nil: undefined }),
          verb: fc.constantFrom<'-j' | '-g'>('-j', '-j', '-j', '-g'),
          other: fc.constantFrom('-p tcp', '-p tcp -j ACCEPT', '-p udp -j DROP', '-j RETURN', '-p icmp -j LOG', ''),
        }),
        { maxLength: 4 },
      ),
      { minLength: BUILTINS.length + chains, maxLength: BUILTINS.length + chains },
    ),
  }),
);

/** Layers of chains, each jumping to the next several times: deep, and wide enough to make the traversal explode. */
const layeredGraphArb: fc.Arbitrary<Graph> = fc
  .record({
    depth: fc.integer({ min: 8, max: 17 }),
    // Three or four jumps a level over ten levels pass a million rules a packet: rare, as each costs a second.
    fan: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 4 }) }),
    verb: fc.constantFrom<'-j' | '-g'>('-j', '-j', '-g'),
  })
  .map(({ depth, fan, verb }) => {
    const first = BUILTINS.length;
    const jumps = (to: number) => Array.from({ length: fan }, () => ({ to, verb, other: '' }));
    return {
      chains: depth,
      rules: [
        [],
        jumps(first),
        [],
        ...Array.from({ length: depth }, (_, i) => (i + 1 < depth ? jumps(first + i + 1) : [{ verb, other: '-p tcp' }])),
      ],
    };
  });

const graphArb = fc.oneof({ weight: 3, arbitrary: randomGraphArb }, { weight: 1, arbitrary: layeredGraphArb });

const chainName = (i: number): string => BUILTINS[i] ?? `C${i - BUILTINS.length + 1}`;

function filterTable(g: Graph): string {
  const lines = ['*filter', ...BUILTINS.map((b) => `:${b} ACCEPT [0:0]`)];
  for (let c = 1; c <= g.chains; c++) lines.push(`:C${c} - [0:0]`);
  g.rules.forEach((rules, i) => {
    for (const r of rules) lines.push(r.to === undefined ? `-A ${chainName(i)} ${r.other}`.trimEnd() : `-A ${chainName(i)} ${r.verb} ${chainName(r.to)}`);
  });
  lines.push('COMMIT');
  return lines.join('\n');
}

/** Whether a built-in chain reaches a loop, or a path of more than MAX_DEPTH jumps. */
function refused(g: Graph): boolean {
  const edges = g.rules.map((rules) => rules.flatMap((r) => (r.to === undefined ? [] : [r.to])));
  const longest = new Map<number, number>();
  const onPath = new Set<number>();
  let loop = false;
  const depthFrom = (c: number): number => {
    if (onPath.has(c)) {
      loop = true;
      return 0;
    }
    const known = longest.get(c);
    if (known !== undefined) return known;
    onPath.add(c);
    let deepest = 0;
    for (const next of edges[c]!) deepest = Math.max(deepest, 1 + depthFrom(next));
    onPath.delete(c);
    longest.set(c, deepest);
    return deepest;
  };
  const deepest = Math.max(...BUILTINS.map((_, b) => depthFrom(b)));
  return loop || deepest > MAX_DEPTH;
}

function scenario(g: Graph): string {
  const table = filterTable(g).split('\n').map((l) => `      ${l}`).join('\n');
  return `hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  router:
    forwarding: true
    interfaces: {a: 10.0.1.1/24, b: 10.0.2.1/24}
    listen: [tcp/22]
    iptables: |
${table}
  server:
    interfaces: {eth0: 10.0.2.20/24}
    routes: [default via 10.0.2.1]
    listen: [tcp/80]
links:
  net-a: [client:eth0, router:a]
  net-b: [router:b, server:eth0]
flows:
  - {from: client, to: "10.0.2.20:80"}
  - {from: client, to: "10.0.1.1:22"}
  - {from: router, to: "10.0.2.20:80"}
`;
}

describe('jumps between chains', () => {
  it('are refused exactly when they loop or nest deeper than 15, and accepted ones are traversed without an exception', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const text = scenario(g);
        const loaded = loadScenario(text, 'jumps.yaml');
        expect(locationProblems(loaded.diagnostics, text, 'jumps.yaml')).toEqual([]);
        expect(loaded.scenario === undefined).toBe(refused(g));
        const lines = text.split('\n');
        for (const d of loaded.diagnostics) {
          expect(d.message).toMatch(/jump loop|jumps nest/);
          expect(lines[d.line - 1]).toMatch(/ -[jg] C[0-9]+$/);
        }
        if (!loaded.scenario) return;
        try {
          simulate(loaded.scenario, { seed: 1 });
        } catch (error) {
          if (!(error instanceof ScenarioError)) throw error;
          expect(locationProblems(error.diagnostics, text, 'jumps.yaml')).toEqual([]);
        }
      }),
      propertyOptions(500),
    );
  }, 120_000);
});

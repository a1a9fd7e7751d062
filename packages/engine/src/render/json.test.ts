import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace/types.js';
import { homeRouterTrace } from '../testing/traces/home-router.js';
import { renderJson } from './json.js';
import { noRouteTrace } from '../testing/traces/no-route.js';
import { portForwardTrace } from '../testing/traces/port-forward.js';

type Obj = Record<string, unknown>;
const traces: [string, Trace][] = [
  ['home router', homeRouterTrace],
  ['port forward', portForwardTrace],
  ['no route', noRouteTrace],
];

// Spec §5, word for word.
const OUTCOMES: Record<string, string[]> = {
  tcp: ['connected', 'refused', 'timeout', 'unreachable'],
  udp: ['answered', 'unreachable', 'timeout'],
  icmp: ['answered', 'unreachable', 'timeout'],
};
const LABELS = ['SYN', 'SYN-ACK', 'ACK', 'RST', 'datagram', 'reply', 'echo-request', 'echo-reply', 'icmp-unreachable', 'icmp-time-exceeded'];

const parse = (trace: Trace): Obj => JSON.parse(renderJson(trace)) as Obj;
const keys = (o: unknown): string[] => Object.keys(o as Obj);
const asObjects = (v: unknown): Obj[] => v as Obj[];

/** The keys of `o` begin with `expected`, in that order (extra keys may follow). */
function expectLeadingKeys(o: unknown, expected: string[]): void {
  expect(keys(o).slice(0, expected.length)).toEqual(expected);
}

function checkTuple(t: unknown, ports: boolean): void {
  const tuple = t as Obj;
  expect(typeof tuple.src).toBe('string');
  expect(typeof tuple.dst).toBe('string');
  if (ports) {
    expect(typeof tuple.sport).toBe('number');
    expect(typeof tuple.dport).toBe('number');
  }
}

describe.each(traces)('renderJson of the %s trace follows spec §5 field by field', (_name, trace) => {
  const json = parse(trace);

  it('starts with version 1, flows, conntrack', () => {
    expectLeadingKeys(json, ['version', 'flows', 'conntrack']);
    expect(json.version).toBe(1);
    expect(Array.isArray(json.flows)).toBe(true);
    expect(typeof json.conntrack).toBe('object');
  });

  it('gives each flow from, to, proto, outcome, packets with the spec values', () => {
    for (const flow of asObjects(json.flows)) {
      expectLeadingKeys(flow, ['from', 'to', 'proto', 'outcome', 'packets']);
      expect(typeof flow.from).toBe('string');
      expect(typeof flow.to).toBe('string');
      expect(OUTCOMES[flow.proto as string]).toContain(flow.outcome);
    }
  });

  it('gives each packet label, wire, hops, fate', () => {
    for (const flow of asObjects(json.flows)) {
      for (const packet of asObjects(flow.packets)) {
        expectLeadingKeys(packet, ['label', 'wire', 'hops', 'fate']);
        expect(LABELS).toContain(packet.label);
        const fate = packet.fate as Obj;
        if (fate.result === 'delivered') expectLeadingKeys(fate, ['result', 'host']);
        else {
          expectLeadingKeys(fate, ['result', 'host', 'reason']);
          expect(fate.result).toBe('dropped');
        }
      }
    }
  });

  it('gives each crossing link, from, to and the tuple: ports, an echo id, or an error type, code and inner packet', () => {
    for (const flow of asObjects(json.flows)) {
      for (const packet of asObjects(flow.packets)) {
        for (const w of asObjects(packet.wire)) {
          expectLeadingKeys(w, ['link', 'from', 'to', 'src']);
          expect(w.from).toMatch(/^[a-z0-9-]+:[^:]+$/);
          expect(w.to).toMatch(/^[a-z0-9-]+:[^:]+$/);
          if (w.proto !== 'icmp') {
            expectLeadingKeys(w, ['link', 'from', 'to', 'src', 'sport', 'dst', 'dport']);
            checkTuple(w, true);
          } else if (w.inner === undefined) {
            expectLeadingKeys(w, ['link', 'from', 'to', 'src', 'dst', 'id']);
            expect(w).not.toHaveProperty('sport');
            expect(typeof w.id).toBe('number');
          } else {
            expectLeadingKeys(w, ['link', 'from', 'to', 'src', 'dst', 'type', 'code', 'inner']);
            checkTuple(w.inner, (w.inner as Obj).proto !== 'icmp');
          }
        }
      }
    }
  });

  it('gives each hop host and steps, and every rule step table, chain, index, rule, verdict', () => {
    for (const flow of asObjects(json.flows)) {
      for (const packet of asObjects(flow.packets)) {
        for (const hop of asObjects(packet.hops)) {
          expectLeadingKeys(hop, ['host', 'steps']);
          for (const step of asObjects(hop.steps).filter((s) => s.kind === 'rule')) {
            if (typeof step.rule === 'string' && step.rule.startsWith('-P ')) {
              // A chain policy: iptables numbers only rules.
              expectLeadingKeys(step, ['table', 'chain', 'rule', 'verdict']);
            } else {
              expectLeadingKeys(step, ['table', 'chain', 'index', 'rule', 'verdict']);
              expect(step.index).toBeGreaterThanOrEqual(1);
            }
          }
        }
      }
    }
  });

  it('lists conntrack entries per host with proto, state, flags, original, reply', () => {
    for (const entries of Object.values(json.conntrack as Record<string, Obj[]>)) {
      for (const e of entries) {
        expectLeadingKeys(e, e.proto === 'tcp' ? ['proto', 'state', 'flags', 'original', 'reply'] : ['proto', 'flags', 'original', 'reply']);
        expect(Array.isArray(e.flags)).toBe(true);
        checkTuple(e.original, e.proto !== 'icmp');
        checkTuple(e.reply, e.proto !== 'icmp');
      }
    }
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const text = renderJson(trace);
    expect(text.startsWith('{\n  "version": 1,\n  "flows": [')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('renderJson against the example of spec §5', () => {
  const json = parse(homeRouterTrace);
  const flow = asObjects(json.flows)[0]!;
  const syn = asObjects(flow.packets)[0]!;

  it('has the example flow', () => {
    expect(flow).toMatchObject({ from: 'laptop', to: '198.51.100.20:80', proto: 'tcp', outcome: 'connected' });
    expect(syn.label).toBe('SYN');
  });

  it('has the example crossing, spec keys first and in order', () => {
    const crossing = asObjects(syn.wire)[0]!;
    const spec = { link: 'home', from: 'laptop:eth0', to: 'router:lan', src: '192.168.1.10', sport: 40000, dst: '198.51.100.20', dport: 80 };
    expect(Object.fromEntries(Object.entries(crossing).slice(0, 7))).toEqual(spec);
    expectLeadingKeys(crossing, keys(spec));
  });

  it('has the example rule step on the router', () => {
    const router = asObjects(syn.hops).find((h) => h.host === 'router')!;
    const step = asObjects(router.steps).find((s) => s.kind === 'rule')!;
    const spec = { table: 'nat', chain: 'POSTROUTING', index: 1, rule: '-A POSTROUTING -o wan -j MASQUERADE', verdict: 'MASQUERADE' };
    expect(Object.fromEntries(Object.entries(step).slice(0, 5))).toEqual(spec);
    expectLeadingKeys(step, keys(spec));
  });

  it('has the example fate', () => {
    expect(syn.fate).toMatchObject({ result: 'delivered', host: 'server' });
  });

  it('has the example conntrack entry on the router', () => {
    const entry = (json.conntrack as Record<string, Obj[]>).router![0]!;
    const spec = {
      proto: 'tcp',
      state: 'ESTABLISHED',
      flags: ['ASSURED'],
      original: { src: '192.168.1.10', dst: '198.51.100.20', sport: 40000, dport: 80 },
      reply: { src: '198.51.100.20', dst: '198.51.100.7', sport: 80, dport: 40000 },
    };
    expect(Object.fromEntries(Object.entries(entry).slice(0, 5))).toEqual(spec);
    expect(keys(entry.original)).toEqual(['src', 'dst', 'sport', 'dport']);
  });

  it('lists only hosts that track connections, in the order of the scenario', () => {
    expect(keys(json.conntrack)).toEqual(['router']);
    expect(parse(noRouteTrace).conntrack).toEqual({});
  });
});

describe('renderJson stability', () => {
  it('does not depend on the order in which the trace objects were built', () => {
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
    };
    expect(renderJson(reversed(portForwardTrace) as Trace)).toBe(renderJson(portForwardTrace));
  });

  it('keeps keys it does not know, after the known ones, alphabetically', () => {
    const flow = { ...noRouteTrace.flows[0]!, zeta: 1, alpha: 2 };
    const json = parse({ ...noRouteTrace, flows: [flow] });
    expect(keys(asObjects(json.flows)[0]).slice(-2)).toEqual(['alpha', 'zeta']);
  });

  it('keeps the trace extras after the spec keys', () => {
    expect(keys(parse(homeRouterTrace))).toEqual(['version', 'flows', 'conntrack', 'title', 'seed', 'hosts']);
  });

  it('writes a bridge step (the extension for br_netfilter) kind, dev, decision, to, detail', () => {
    const bridge = { kind: 'bridge', detail: 'bridged by its destination MAC', to: 'api-1:eth0', decision: 'bridged', dev: 'cni0' } as const;
    const flow = noRouteTrace.flows[0]!;
    const packet = { ...flow.packets[0]!, hops: [{ host: 'node1', in: 'cni0', out: 'cni0', steps: [bridge] }] };
    const json = parse({ ...noRouteTrace, flows: [{ ...flow, packets: [packet] }] });
    const hop = asObjects(asObjects(asObjects(json.flows)[0]!.packets)[0]!.hops)[0]!;
    expect(keys(asObjects(hop.steps)[0])).toEqual(['kind', 'dev', 'decision', 'to', 'detail']);
  });
});

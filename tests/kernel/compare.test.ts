import { describe, expect, test } from 'vitest';
import { compareObservations } from './compare.js';
import type { Crossing, Observation } from './observation.js';
import { portRules } from './port-variables.js';
import { readScenario } from './scenario-file.js';

const rules = portRules(
  readScenario('hosts: {a: {interfaces: {eth0: 10.0.0.1/24}}}\nflows: [{from: a, to: 10.0.0.2:80}]', 'x.yaml'),
);

const syn = (over: Partial<Crossing> = {}): Crossing => ({
  link: 'lan', from: 'a:eth0', to: 'r:a', label: 'SYN', proto: 'tcp',
  src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'SYN', ttl: 64, ...over,
});

function observation(crossings: Crossing[], extra: Partial<Observation['flows'][number]> = {}, conntrack: Observation['conntrack'] = {}): Observation {
  return { flows: [{ index: 0, from: 'a', to: '10.0.0.2:80', proto: 'tcp', outcome: 'connected', crossings, rules: {}, ...extra }], conntrack };
}

describe('compareObservations', () => {
  test('identical observations agree', () => {
    const o = observation([syn(), syn({ link: 'wan', from: 'r:b', to: 's:eth0', ttl: 63 })]);
    expect(compareObservations(o, o, rules).differences).toBe(0);
  });

  test.each([
    { name: 'a different TTL', kernel: [syn({ ttl: 63 })], differences: 1 },
    { name: 'a crossing the kernel did not make', kernel: [], differences: 1 },
    { name: 'an extra crossing on the kernel side', kernel: [syn(), syn({ label: 'RST', flags: 'RST-ACK' })], differences: 1 },
  ])('$name', ({ kernel, differences }) => {
    expect(compareObservations(observation([syn()]), observation(kernel), rules).differences).toBe(differences);
  });

  test('a port the engine chose binds to the kernel\'s and must then agree everywhere', () => {
    const engine = observation([syn({ sport: 1024 }), syn({ sport: 1024, ttl: 63 })]);
    const consistent = observation([syn({ sport: 61000 }), syn({ sport: 61000, ttl: 63 })]);
    const inconsistent = observation([syn({ sport: 61000 }), syn({ sport: 61001, ttl: 63 })]);
    expect(compareObservations(engine, consistent, rules).differences).toBe(0);
    expect(compareObservations(engine, inconsistent, rules).differences).toBe(1);
  });

  test('the outcome is compared', () => {
    const result = compareObservations(observation([]), observation([], { outcome: 'refused' }), rules);
    expect(result.sections.find((s) => s.title.endsWith('outcome'))?.rows).toEqual([{ engine: 'connected', kernel: 'refused', same: false }]);
  });

  test('conntrack tables are compared as sets, with TCP state and flags', () => {
    const entry = (state: string, sport: number) => ({
      proto: 'tcp', state, flags: ['ASSURED'],
      original: { src: '10.0.0.1', dst: '10.0.0.2', sport, dport: 80 },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: sport },
    });
    const engine = observation([], {}, { r: [entry('ESTABLISHED', 40000), entry('ESTABLISHED', 40001)] });
    expect(compareObservations(engine, observation([], {}, { r: [entry('ESTABLISHED', 40001), entry('ESTABLISHED', 40000)] }), rules).differences).toBe(0);
    expect(compareObservations(engine, observation([], {}, { r: [entry('ESTABLISHED', 40000), entry('SYN_SENT', 40001)] }), rules).differences).toBe(1);
  });

  test('rule hits are compared by table, chain, index and verdict, not by how the rule is printed', () => {
    const hit = (rule: string) => ({ table: 'nat', chain: 'POSTROUTING', index: 1, verdict: 'MASQUERADE', rule });
    const engine = observation([], { rules: { r: [hit('-A POSTROUTING -o wan -j MASQUERADE')] } });
    const kernel = observation([], { rules: { r: [hit('-A POSTROUTING -o wan -j MASQUERADE ')] } });
    expect(compareObservations(engine, kernel, rules).differences).toBe(0);
    const policy = observation([], { rules: { r: [hit('x'), { table: 'nat', chain: 'PREROUTING', verdict: 'ACCEPT', rule: '-P PREROUTING ACCEPT' }] } });
    expect(compareObservations(engine, policy, rules).differences).toBe(1);
  });
});

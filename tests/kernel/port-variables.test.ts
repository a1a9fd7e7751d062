import { expect, test } from 'vitest';
import { PortBindings, portRules } from './port-variables.js';
import { readScenario } from './scenario-file.js';

const scenario = readScenario(
  `
hosts:
  a:
    interfaces: {eth0: 10.0.0.1/24}
    listen: [tcp/8443]
    iptables: |
      *nat
      -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
      -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:20000-20010
      -A POSTROUTING -p udp -m multiport --dports 53,5353 -j MASQUERADE --to-ports 1024-1030
      COMMIT
flows:
  - {from: a, to: 10.0.0.2:80}
  - {from: a, to: 10.0.0.2:53, proto: udp, sport: 5000}
`,
  'inline.yaml',
);

test('the scenario fixes flow ports, listeners and single ports in rules; NAT ranges are choices', () => {
  const rules = portRules(scenario);
  expect([...rules.fixed].sort((x, y) => x - y)).toEqual([53, 80, 5000, 5353, 8080, 8443, 40000]);
  expect(rules.ranges).toEqual([
    [20000, 20010],
    [1024, 1030],
  ]);
});

test.each([
  { name: 'a fixed port must be equal', pairs: [[80, 80], [80, 81]], results: [true, false] },
  { name: 'a chosen port binds on first sight', pairs: [[33000, 61000], [33000, 61000]], results: [true, true] },
  { name: 'and must agree afterwards', pairs: [[33000, 61000], [33000, 61001]], results: [true, false] },
  { name: 'two engine ports may not share one kernel port', pairs: [[33000, 61000], [33001, 61000]], results: [true, false] },
  { name: 'a port inside a NAT range is a choice even if it looks fixed', pairs: [[20000, 20007]], results: [true] },
  { name: 'an absent port matches only an absent port', pairs: [[undefined, undefined], [80, undefined]], results: [true, false] },
])('$name', ({ pairs, results }) => {
  const bindings = new PortBindings(portRules(scenario));
  expect(pairs.map(([e, k]) => bindings.match(e, k))).toEqual(results);
});

test('couldMatch looks without binding', () => {
  const bindings = new PortBindings(portRules(scenario));
  expect(bindings.couldMatch(33000, 61000)).toBe(true);
  expect(bindings.match(33000, 61001)).toBe(true);
});

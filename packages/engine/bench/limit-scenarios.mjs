// Scenarios at packetwalk's limits (src/limits.ts), generated: the benchmark
// (limits.mjs) measures what the engine makes of them, the playground's e2e
// test (tests/e2e/limits.spec.ts) pastes them into the page.

/** Source port of flow `i`: from 2000 up, within the ports a flow may name. */
const sport = (i) => 2000 + (i % 60000);

/** client — router — server; the router's filter FORWARD holds `rules`; `flows` TCP flows from client to server:80. */
export function routerScenario(rules, flows) {
  const ruleLines = rules.map((r) => `      ${r}\n`).join('');
  const flowLines = Array.from({ length: flows }, (_, i) => `  - {from: client, to: "192.168.0.2:80", sport: ${sport(i)}}\n`).join('');
  return `hosts:
  client:
    interfaces: {eth0: 172.16.0.2/24}
    routes: [default via 172.16.0.1]
  router:
    forwarding: true
    interfaces: {outside: 172.16.0.1/24, inside: 192.168.0.1/24}
    iptables: |
      *filter
      :FORWARD ACCEPT [0:0]
${ruleLines}      COMMIT
  server:
    interfaces: {eth0: 192.168.0.2/24}
    routes: [default via 192.168.0.1]
    listen: [tcp/80]
links:
  outside: [client:eth0, router:outside]
  inside: [router:inside, server:eth0]
flows:
${flowLines}`;
}

/** Rules that each drop one source address and port; none matches the client's packets (172.16.0.2). */
export function unmatchedDrops(n) {
  return Array.from({ length: n }, (_, i) => `-A FORWARD -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1 + (i % 65535)} -j DROP`);
}

/** r1 sends 10.0.9.0/24 to r2 and r2 sends it back: a SYN to 10.0.9.9 loops until its TTL runs out. */
export function routingLoop(flows) {
  const flowLines = Array.from({ length: flows }, (_, i) => `  - {from: client, to: "10.0.9.9:80", sport: ${sport(i)}}\n`).join('');
  return `hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  r1:
    forwarding: true
    interfaces: {a: 10.0.1.1/24, b: 10.0.12.1/24}
    routes: [10.0.9.0/24 via 10.0.12.2]
  r2:
    forwarding: true
    interfaces: {a: 10.0.12.2/24}
    routes: [10.0.9.0/24 via 10.0.12.1, 10.0.1.0/24 via 10.0.12.1]
links:
  net-a: [client:eth0, r1:a]
  loop: [r1:b, r2:a]
flows:
${flowLines}`;
}

/** One host and `flows` one-line flows: YAML keys and lists, about 50 bytes a flow. */
export function denseFlows(flows) {
  return `hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\nflows:\n${'  - {from: a, to: 10.0.0.1, proto: icmp, sport: 7}\n'.repeat(flows)}`;
}

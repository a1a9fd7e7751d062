// Benchmark figures for the engine, printed, never asserted: trace time per
// flow for every content scenario, one packet through a nat table of 10,000
// DNAT rules, kube-proxy's rules for 10,000 Services (kube-proxy.mjs), and
// inputs at packetwalk's limits (limits.mjs). The kube-proxy rows run in a
// child process of their own (kube-proxy-child.mjs says why).
// Run with `npm run bench` (builds the engine first).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, simulate } from '../dist/index.js';
import { runTable } from '../dist/netfilter/evaluate.js';
import { limitRows } from './limits.mjs';
import { measure } from './measure.mjs';

const root = join(import.meta.dirname, '../../..');

const rows = [];
const row = (what, value, unit, target) =>
  rows.push({ what, figure: `${value.toFixed(value < 1 ? 3 : 1)} ${unit}`, target: target ? `${target.text} ${value <= target.limit ? 'ok' : 'MISSED'}` : '' });

function load(text, file) {
  const loaded = loadScenario(text, file);
  if (!loaded.scenario) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.scenario;
}

const contentDir = join(root, 'content/scenarios');
for (const file of readdirSync(contentDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const text = readFileSync(join(contentDir, file), 'utf8');
  const scenario = load(text, file);
  const flows = Math.max(1, scenario.flows.length);
  row(`${file}: load`, measure(() => load(text, file)), 'ms');
  row(`${file}: trace, per flow`, measure(() => simulate(scenario, { seed: 1 })) / flows, 'ms', { text: '< 1 ms', limit: 1 });
}

const RULES = 10_000;
const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':PORTMAP - [0:0]', '-A PREROUTING -j PORTMAP'];
for (let i = 0; i < RULES; i++) {
  const host = `10.${(i >> 8) & 255}.${i & 255}.1`;
  lines.push(`-A PORTMAP -d ${host}/32 -p tcp -m tcp --dport ${1024 + (i % 50000)} -j DNAT --to-destination 192.168.${(i >> 8) & 255}.${i & 255}:80`);
}
lines.push('COMMIT');
const last = RULES - 1;
const lastTarget = { dst: `10.${(last >> 8) & 255}.${last & 255}.1`, dport: 1024 + (last % 50000) };
const synthetic = `
hosts:
  client:
    interfaces: {eth0: 172.16.0.2/24}
    routes: [default via 172.16.0.1]
  gateway:
    forwarding: true
    interfaces: {outside: 172.16.0.1/24, inside: 192.168.0.1/16}
    iptables: |
${lines.map((l) => `      ${l}`).join('\n')}
  backend:
    interfaces: {eth0: 192.168.${(last >> 8) & 255}.${last & 255}/16}
    routes: [default via 192.168.0.1]
    listen: [tcp/80]
links:
  outside: [client:eth0, gateway:outside]
  inside: [gateway:inside, backend:eth0]
flows:
  - {from: client, to: "${lastTarget.dst}:${lastTarget.dport}"}
`;
row(`synthetic ${RULES} DNAT rules: load`, measure(() => load(synthetic, 'synthetic.yaml'), { minRuns: 5 }), 'ms');
const big = load(synthetic, 'synthetic.yaml');
const gateway = big.hosts.find((h) => h.name === 'gateway');
const packet = { src: 0xac100002, dst: 0, proto: 'tcp', ttl: 64, sport: 40000, dport: lastTarget.dport, tcp: { flags: 2, seq: 1, ack: 0 } };
const [a, b, c, d] = lastTarget.dst.split('.').map(Number);
packet.dst = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const ctx = { packet, inIface: 'outside', ct: { state: 'NEW' }, addressType: () => 'UNICAST', random: () => 0.5 };
const state = { mark: 0, ctmark: 0, nthCounters: new Map() };
const hit = runTable(gateway.ruleset, 'nat', 'PREROUTING', ctx, state);
if (hit.final.kind !== 'nat') throw new Error('the synthetic packet should reach the last DNAT rule');
row(`synthetic: one packet through ${RULES} rules (matches the last)`, measure(() => runTable(gateway.ruleset, 'nat', 'PREROUTING', ctx, state)), 'ms', { text: '< 0.5 ms', limit: 0.5 });
row(`synthetic: whole flow traced (SYN, SYN-ACK, ACK)`, measure(() => simulate(big, { seed: 1 })), 'ms');

const child = execFileSync(process.execPath, [join(import.meta.dirname, 'kube-proxy-child.mjs')], { encoding: 'utf8', maxBuffer: 1 << 20 });
for (const r of JSON.parse(child)) row(r.what, r.value, r.unit, r.target);
limitRows(row);

const width = Math.max(...rows.map((r) => r.what.length));
console.log(`packetwalk engine benchmark (Node ${process.versions.node})\n`);
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${r.figure.padStart(10)}  ${r.target}`);

// Runs the kube-proxy rows (kube-proxy.mjs) alone in this process and prints
// them as one JSON array for bench.mjs. Why a process of their own: a reader's
// pasted dump is parsed by a fresh Web Worker (the playground starts a new one
// per run), whose heap holds nothing else; measured after the other rows in
// the same process, the parse also paid for collecting their leftovers
// (about 1.5 s there against 1.07 s alone).
import { kubeProxyRows } from './kube-proxy.mjs';
import { measure } from './measure.mjs';

const rows = [];
kubeProxyRows((what, value, unit, target) => rows.push({ what, value, unit, target }), measure);
process.stdout.write(JSON.stringify(rows));

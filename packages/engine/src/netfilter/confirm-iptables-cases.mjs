#!/usr/bin/env node
/**
 * Replays every case of iptables-cases.ts through the real iptables-restore,
 * each in a fresh network namespace, and reports where iptables disagrees
 * with what the case records. Needs root, iproute2 and iptables (nf_tables);
 * the kernel's own words (for "RULE_APPEND failed (Invalid argument)") are
 * looked up in dmesg.
 *
 *   sudo node packages/engine/src/netfilter/confirm-iptables-cases.mjs
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { IPTABLES_CASES } from './iptables-cases.ts';

const NS = `nfconfirm${process.pid}`;

function dmesgLines() {
  const run = spawnSync('dmesg', [], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n') : [];
}

/** Kernel lines logged since `before` was read (the ring buffer may have rotated meanwhile). */
function kernelSince(before) {
  const after = dmesgLines();
  const last = before.findLast((line) => line !== '');
  const index = last === undefined ? -1 : after.lastIndexOf(last);
  return after.slice(index + 1).join('\n');
}

let disagreements = 0;
for (const c of IPTABLES_CASES) {
  execFileSync('ip', ['netns', 'add', NS]);
  const before = dmesgLines();
  const run = spawnSync('ip', ['netns', 'exec', NS, 'iptables-restore'], { input: c.text, encoding: 'utf8' });
  const kernel = kernelSince(before);
  execFileSync('ip', ['netns', 'del', NS]);
  const said = `${run.stdout}${run.stderr}${kernel}`;
  const agrees = c.iptables === null ? run.status === 0 : run.status !== 0 && said.includes(c.iptables);
  if (!agrees) {
    disagreements++;
    console.log(`✗ ${c.name}\n  expected: ${c.iptables ?? '(accepted)'}\n  got (exit ${run.status}): ${said.trim().split('\n').join('\n    ')}`);
  }
}
console.log(`${IPTABLES_CASES.length - disagreements}/${IPTABLES_CASES.length} cases agree with iptables-restore`);
process.exitCode = disagreements === 0 ? 0 : 1;

/**
 * One scenario on the real kernel, start to finish: build the lab, start the
 * listeners, the rule tracers and the captures, run the flows one after
 * another, read `conntrack -L` on every host, then stop everything and turn
 * what was recorded into an Observation. Teardown always runs.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostAgent } from './agents.js';
import { readCrossings, startCaptures, stopCaptures, type TimedCrossing } from './capture.js';
import { parseConntrackList } from './conntrack-list.js';
import { inNamespace, sleep } from './exec.js';
import { runFlow, type FlowResult } from './flows.js';
import { buildLab, emptyLab, type Lab } from './lab.js';
import { HARNESS_TABLES } from './nft-tables.js';
import type { CtEntry, Observation, ObservedFlow, RuleHit } from './observation.js';
import { NamespaceProcess } from './processes.js';
import { parseTrace } from './rule-trace.js';
import type { KernelScenario } from './scenario-file.js';
import { register, teardown, type Session } from './teardown.js';
import { limitMachineConntrack } from './machine-conntrack-max.js';
import { machineConntrackMax } from './sysctl.js';

/** Quiet time after a flow, so its last packets (the final ACK, an ICMP error) are recorded before the next starts. */
const SETTLE_MS = 150;
/** How long xtables-monitor may take to subscribe to trace events. */
const MONITOR_START_TIMEOUT_MS = 10_000;
/** nfnetlink (NETLINK_NETFILTER) and the bit of its NFNLGRP_NFTRACE group in /proc/net/netlink. */
const NETLINK_NETFILTER = '12';
const NFNLGRP_NFTRACE_BIT = 1 << (9 - 1);

/**
 * xtables-monitor prints nothing when it is ready; it is ready once a
 * netfilter netlink socket in the namespace has joined the trace group.
 */
async function waitForTraceSubscription(namespace: string): Promise<void> {
  const deadline = Date.now() + MONITOR_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const table = await inNamespace(namespace, ['cat', '/proc/net/netlink']);
    const subscribed = table.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .some((cols) => cols[1] === NETLINK_NETFILTER && (parseInt(cols[3] ?? '0', 16) & NFNLGRP_NFTRACE_BIT) !== 0);
    if (subscribed) return;
    await sleep(20);
  }
  throw new Error(`xtables-monitor in ${namespace} did not subscribe to trace events`);
}

function listenAddresses(lab: Lab, host: string, address: string | undefined): string[] {
  if (address) return [address];
  // One socket per local address (spec §1: the reply swaps what the host saw).
  const spec = lab.scenario.hosts.find((h) => h.name === host)!;
  const addresses = spec.interfaces.flatMap((i) => i.addresses.map((a) => a.split('/')[0]!));
  return [...new Set(['127.0.0.1', ...addresses])];
}

/** After the settle time, waits (up to 1 s more) until no tracer has printed anything for 50 ms. */
async function settle(monitors: ReadonlyMap<string, NamespaceProcess>): Promise<void> {
  await sleep(SETTLE_MS);
  const size = (): number => [...monitors.values()].reduce((sum, m) => sum + m.stdout.length, 0);
  for (let waited = 0; waited < 1000; waited += 50) {
    const before = size();
    await sleep(50);
    if (size() === before) return;
  }
}

/** The monitor output so far, cut at its last complete line. */
function completeLength(text: string): number {
  return text.lastIndexOf('\n') + 1;
}

export async function observeOnKernel(scenario: KernelScenario, workDir: string): Promise<Observation> {
  const lab = emptyLab(scenario);
  const session: Session = { namespaces: lab.namespaces, processes: [] };
  register(session);
  const track = (p: NamespaceProcess): void => void session.processes.push(p);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const undo: (() => Promise<void>)[] = [];
  try {
    await buildLab(scenario, lab);
    const conntrackMax = machineConntrackMax(scenario);
    if (conntrackMax !== undefined) undo.push(await limitMachineConntrack(conntrackMax));
    const agents = new Map<string, HostAgent>();
    for (const host of scenario.hosts) {
      const agent = new HostAgent(host.name, lab.hostNamespace.get(host.name)!);
      track(agent.process);
      agents.set(host.name, agent);
    }
    for (const host of scenario.hosts) {
      for (const l of host.listen) await agents.get(host.name)!.listen(l.proto, l.port, listenAddresses(lab, host.name, l.address));
    }
    const monitors = new Map<string, NamespaceProcess>();
    for (const host of scenario.hosts) {
      const monitor = new NamespaceProcess(lab.hostNamespace.get(host.name)!, ['stdbuf', '-oL', 'xtables-monitor', '--trace']);
      track(monitor);
      monitors.set(host.name, monitor);
    }
    await Promise.all([...lab.hostNamespace.values()].map(waitForTraceSubscription));
    const captures = await startCaptures(lab, workDir, track);

    const starts: bigint[] = [];
    const traceOffsets: Map<string, number>[] = [];
    const results: FlowResult[] = [];
    for (const flow of scenario.flows) {
      await settle(monitors);
      traceOffsets.push(new Map([...monitors].map(([host, m]) => [host, completeLength(m.stdout)])));
      starts.push(BigInt(Date.now()) * 1_000_000n);
      results.push(await runFlow(flow, agents.get(flow.from)!, lab.hostNamespace.get(flow.from)!));
    }
    await settle(monitors);
    traceOffsets.push(new Map([...monitors].map(([host, m]) => [host, completeLength(m.stdout)])));

    const conntrack: Record<string, CtEntry[]> = {};
    for (const host of scenario.hosts) {
      const listing = await inNamespace(lab.hostNamespace.get(host.name)!, ['conntrack', '-L'], { allowFailure: true });
      conntrack[host.name] = parseConntrackList(listing.stdout);
      await writeFile(join(workDir, `${host.name}.conntrack.txt`), listing.stdout);
    }
    await stopCaptures(captures);
    const crossings = await readCrossings(lab, captures);
    // Kept for reading when a scenario disagrees (the folder is not committed).
    for (const [host, monitor] of monitors) {
      await writeFile(join(workDir, `${host}.trace.txt`), monitor.stdout);
      await writeFile(join(workDir, `${host}.ruleset.txt`), lab.listings.get(host) ?? '');
    }

    const flows: ObservedFlow[] = scenario.flows.map((flow, i) => {
      const from = starts[i]!;
      const until = starts[i + 1];
      const mine = crossings.filter((c: TimedCrossing) => c.timeNs >= from && (until === undefined || c.timeNs < until));
      const rules: Record<string, RuleHit[]> = {};
      for (const [host, monitor] of monitors) {
        const text = monitor.stdout.slice(traceOffsets[i]!.get(host)!, traceOffsets[i + 1]!.get(host)!);
        const hits = parseTrace(text, lab.ruleHandles.get(host)!, HARNESS_TABLES);
        if (hits.length > 0) rules[host] = hits;
      }
      const result = results[i]!;
      return {
        index: flow.index,
        from: flow.from,
        to: flow.to,
        proto: flow.proto,
        outcome: result.outcome,
        ...(result.error ? { error: result.error } : {}),
        crossings: mine.map((c) => c.crossing),
        rules,
      };
    });
    return { flows, conntrack };
  } finally {
    await teardown(session);
    for (const step of undo) await step();
  }
}

/**
 * Running one flow with real sockets and reading its outcome from what the
 * socket reports.
 *
 * Timing: every packet of a scenario stays inside one machine, so an answer
 * comes within microseconds, except for a neighbour that never answers ARP:
 * with 3 probes 100 ms apart (sysctl.ts) the kernel gives up after ~300 ms
 * and reports ICMP host unreachable. The flow timeout of 900 ms is above that
 * and below TCP's initial retransmission timeout of 1 s (RFC 6298, TCP_TIMEOUT_INIT),
 * so a SYN that gets no answer is captured exactly once. The socket is then
 * closed; closing in SYN_SENT sends nothing.
 */
import type { HostAgent, SocketResult } from './agents.js';
import { inNamespace } from './exec.js';
import type { FlowOutcome } from './observation.js';
import type { KernelFlow } from './scenario-file.js';

export const FLOW_TIMEOUT_MS = 900;

export interface FlowResult {
  readonly outcome: FlowOutcome;
  readonly error?: string;
}

/** The errno a TCP connect ends with, as the outcome of spec §5. */
export function tcpOutcome(result: SocketResult): FlowResult {
  if (result.event === 'connected') return { outcome: 'connected' };
  if (result.event === 'timeout') return { outcome: 'timeout' };
  if (result.code === 'ECONNREFUSED') return { outcome: 'refused', error: result.code };
  if (result.code === 'ETIMEDOUT') return { outcome: 'timeout', error: result.code };
  return { outcome: 'unreachable', ...(result.code ? { error: result.code } : {}) };
}

/**
 * A connected UDP socket hears only the ICMP errors the kernel calls hard
 * (udp.c __udp4_lib_err: icmp_err_convert[].fatal, e.g. port unreachable,
 * admin prohibited); net/host unreachable and time exceeded reach it only with
 * IP_RECVERR, which an ordinary client does not set: those flows time out.
 */
export function udpOutcome(result: SocketResult): FlowResult {
  if (result.event === 'answered') return { outcome: 'answered' };
  if (result.event === 'timeout') return { outcome: 'timeout' };
  return { outcome: 'unreachable', ...(result.code ? { error: result.code } : {}) };
}

/** iputils ping: a reply line, an ICMP error line (`From … Destination Host Unreachable`), or a local error. */
export function pingOutcome(code: number, stdout: string, stderr: string): FlowResult {
  if (/ bytes from /.test(stdout)) return { outcome: 'answered' };
  const error = /^From \S+ icmp_seq=\d+ (.+)$/m.exec(stdout);
  if (error) return { outcome: 'unreachable', error: error[1]!.trim() };
  const local = /ping: (?:connect|sendmsg): (.+)$/m.exec(stderr);
  if (local) return { outcome: 'unreachable', error: local[1]!.trim() };
  if (code === 1) return { outcome: 'timeout' };
  throw new Error(`ping failed (${code}): ${stderr.trim() || stdout.trim()}`);
}

export async function runFlow(flow: KernelFlow, agent: HostAgent, namespace: string): Promise<FlowResult> {
  if (flow.proto === 'icmp') {
    // -e: the echo identifier (sent as is over a raw socket, which root gets); -n: no DNS.
    const seconds = (FLOW_TIMEOUT_MS / 1000).toFixed(1);
    const ping = await inNamespace(namespace, ['ping', '-n', '-c', '1', '-W', seconds, '-e', String(flow.sport), flow.dst], { allowFailure: true });
    return pingOutcome(ping.code, ping.stdout, ping.stderr);
  }
  const result = await agent.flow(flow.proto, flow.dst, flow.dport!, flow.sport, FLOW_TIMEOUT_MS);
  return flow.proto === 'tcp' ? tcpOutcome(result) : udpOutcome(result);
}

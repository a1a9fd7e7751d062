import { expect, test } from 'vitest';
import { pingOutcome, tcpOutcome, udpOutcome } from './flows.js';

test.each([
  { result: { event: 'connected' as const }, outcome: 'connected' },
  { result: { event: 'timeout' as const }, outcome: 'timeout' },
  { result: { event: 'error' as const, code: 'ECONNREFUSED' }, outcome: 'refused' },
  { result: { event: 'error' as const, code: 'EHOSTUNREACH' }, outcome: 'unreachable' },
  { result: { event: 'error' as const, code: 'ENETUNREACH' }, outcome: 'unreachable' },
])('tcp $result.event $result.code → $outcome', ({ result, outcome }) => {
  expect(tcpOutcome(result).outcome).toBe(outcome);
});

test.each([
  { result: { event: 'answered' as const }, outcome: 'answered' },
  { result: { event: 'timeout' as const }, outcome: 'timeout' },
  { result: { event: 'error' as const, code: 'ECONNREFUSED' }, outcome: 'unreachable' },
  { result: { event: 'error' as const, code: 'EPERM' }, outcome: 'unreachable' },
])('udp $result.event $result.code → $outcome', ({ result, outcome }) => {
  expect(udpOutcome(result).outcome).toBe(outcome);
});

// What iputils ping 20221126 printed in the corpus runs.
test.each([
  { code: 0, stdout: '64 bytes from 10.0.2.20: icmp_seq=1 ttl=63 time=0.05 ms\n', stderr: '', outcome: 'answered' },
  { code: 1, stdout: 'From 10.0.1.1 icmp_seq=1 Destination Net Unreachable\n', stderr: '', outcome: 'unreachable', error: 'Destination Net Unreachable' },
  { code: 2, stdout: '', stderr: 'ping: connect: Network is unreachable\n', outcome: 'unreachable', error: 'Network is unreachable' },
  { code: 1, stdout: '1 packets transmitted, 0 received, 100% packet loss\n', stderr: '', outcome: 'timeout' },
])('ping exit $code → $outcome', ({ code, stdout, stderr, outcome, error }) => {
  expect(pingOutcome(code, stdout, stderr)).toEqual({ outcome, ...(error ? { error } : {}) });
});

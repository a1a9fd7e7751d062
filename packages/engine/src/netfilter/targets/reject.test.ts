/** -j REJECT (ipt_REJECT.c); names and aliases as libipt_REJECT takes them. */
import { describe, expect, it } from 'vitest';
import { context, ruleOf } from '../test-support.js';

describe('REJECT', () => {
  it('answers icmp-port-unreachable by default', () => {
    expect(ruleOf('-A INPUT -j REJECT').target!.apply({ ...context(), ctmark: 0 })).toEqual({ kind: 'reject', with: 'icmp-port-unreachable' });
  });

  it.each([
    ['icmp-net-unreachable', 'icmp-net-unreachable'],
    ['net-unreach', 'icmp-net-unreachable'],
    ['icmp-host-unreachable', 'icmp-host-unreachable'],
    ['host-unreach', 'icmp-host-unreachable'],
    ['icmp-port-unreachable', 'icmp-port-unreachable'],
    ['port-unreach', 'icmp-port-unreachable'],
    ['icmp-proto-unreachable', 'icmp-proto-unreachable'],
    ['proto-unreach', 'icmp-proto-unreachable'],
    ['icmp-net-prohibited', 'icmp-net-prohibited'],
    ['net-prohib', 'icmp-net-prohibited'],
    ['icmp-host-prohibited', 'icmp-host-prohibited'],
    ['host-prohib', 'icmp-host-prohibited'],
    ['icmp-admin-prohibited', 'icmp-admin-prohibited'],
    ['admin-prohib', 'icmp-admin-prohibited'],
    ['tcp-reset', 'tcp-reset'],
    ['tcp-rst', 'tcp-reset'],
  ])('--reject-with %s answers %s', (given, answer) => {
    const rule = ruleOf(`-A FORWARD -p tcp -j REJECT --reject-with ${given}`);
    expect(rule.target!.apply({ ...context(), ctmark: 0 })).toEqual({ kind: 'reject', with: answer });
  });
});

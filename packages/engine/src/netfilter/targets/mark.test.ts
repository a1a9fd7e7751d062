/**
 * -j MARK and -j CONNMARK. Every form becomes "clear MASK, XOR VALUE" as
 * iptables-save shows (checked: --set-mark 5 → --set-xmark 0x5/0xffffffff,
 * --and-mark 0xf0 → 0x0/0xffffff0f, --or-mark 1 → 0x1/0x1, --xor-mark 2 →
 * 0x2/0x0, --set-mark 0x10/0x30 → 0x10/0x30); both spellings must act alike.
 */
import { describe, expect, it } from 'vitest';
import type { CtInfo } from '../../conntrack/types.js';
import { context, entry, ruleOf } from '../test-support.js';
import type { TargetVerdict } from '../types.js';

function markAfter(option: string, mark: number): TargetVerdict {
  return ruleOf(`-A PREROUTING -j MARK ${option}`, 'mangle').target!.apply({ ...context({ mark }), ctmark: 0 });
}

describe('MARK', () => {
  it.each<[string, string, number, number]>([
    ['--set-mark 5', '--set-xmark 0x5/0xffffffff', 0xff, 0x5],
    ['--set-mark 0x4000/0x4000', '--set-xmark 0x4000/0x4000', 0x1, 0x4001],
    ['--set-mark 0x10/0x30', '--set-xmark 0x10/0x30', 0x23, 0x13],
    ['--and-mark 0xf0', '--set-xmark 0x0/0xffffff0f', 0x1ff, 0xf0],
    ['--or-mark 1', '--set-xmark 0x1/0x1', 0x10, 0x11],
    ['--xor-mark 2', '--set-xmark 0x2/0x0', 0x3, 0x1],
    ['--set-xmark 0x4000/0x0', '--set-xmark 0x4000/0x0', 0x4001, 0x1],
  ])('%s (saved as %s): %d becomes %d', (given, saved, before, after) => {
    expect(markAfter(given, before)).toEqual({ kind: 'mark', mark: after });
    expect(markAfter(saved, before)).toEqual({ kind: 'mark', mark: after });
  });
});

describe('CONNMARK', () => {
  const tracked = (ctmark: number): CtInfo => ({ state: 'ESTABLISHED', entry: entry({ mark: ctmark }), direction: 'original' });

  function apply(options: string, mark: number, ctmark: number, ct: CtInfo = tracked(ctmark)): TargetVerdict {
    return ruleOf(`-A PREROUTING -j CONNMARK ${options}`, 'mangle').target!.apply({ ...context({ mark, ct }), ctmark });
  }

  it.each<[string, number, number, TargetVerdict]>([
    ['--set-mark 1', 0, 0xf0, { kind: 'connmark', ctmark: 0x1 }],
    ['--set-xmark 0x1/0xff', 0, 0xf0f, { kind: 'connmark', ctmark: 0xf01 }],
    ['--set-mark 1 --mask 3', 0, 0xf2, { kind: 'connmark', ctmark: 0xf1 }],
    ['--or-mark 0x3', 0, 0x10, { kind: 'connmark', ctmark: 0x13 }],
    ['--save-mark', 0x42, 0x7, { kind: 'connmark', ctmark: 0x42 }],
    ['--save-mark --mask 0xff', 0x1234, 0xab00, { kind: 'connmark', ctmark: 0xab34 }],
    ['--save-mark --nfmask 0xff --ctmask 0xff', 0x1234, 0xab00, { kind: 'connmark', ctmark: 0xab34 }],
    ['--restore-mark', 0x1, 0x42, { kind: 'connmark', mark: 0x42 }],
    ['--restore-mark --nfmask 0xf --ctmask 0xf0', 0x123, 0xab, { kind: 'connmark', mark: 0x180 }],
  ])('%s with mark %d and ctmark %d', (options, mark, ctmark, verdict) => {
    expect(apply(options, mark, ctmark)).toEqual(verdict);
  });

  it('does nothing to a packet without a conntrack entry (xt_connmark: ct == NULL → XT_CONTINUE)', () => {
    expect(apply('--save-mark', 5, 0, { state: 'UNTRACKED' })).toEqual({ kind: 'continue' });
    expect(apply('--set-mark 1', 5, 0, { state: 'INVALID' })).toEqual({ kind: 'continue' });
  });
});

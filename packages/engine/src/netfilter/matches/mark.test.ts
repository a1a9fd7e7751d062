/** -m mark and -m connmark: (mark & MASK) == VALUE, VALUE not masked (xt_mark.c, xt_connmark.c). */
import { describe, expect, it } from 'vitest';
import type { CtInfo } from '../../conntrack/types.js';
import { context, entry, ruleMatches, ruleOf } from '../test-support.js';

describe('mark match', () => {
  it.each<[string, number, boolean]>([
    ['-m mark --mark 0x4000/0x4000', 0x4001, true],
    ['-m mark --mark 0x4000/0x4000', 0x0001, false],
    ['-m mark ! --mark 0x4000/0x4000', 0x0001, true],
    ['-m mark --mark 5', 5, true],
    ['-m mark --mark 5', 7, false],
    ['-m mark --mark 0x5', 5, true],
    ['-m mark --mark 0x5/0x4', 5, false],
    ['-m mark --mark 0xffffffff', 0xffffffff, true],
  ])('%s with mark %d', (match, mark, expected) => {
    expect(ruleMatches(ruleOf(`-A INPUT ${match} -j ACCEPT`), context({ mark }))).toBe(expected);
  });
});

describe('connmark match', () => {
  const tracked = (mark: number): CtInfo => ({ state: 'ESTABLISHED', entry: entry({ mark }), direction: 'original' });

  it.each<[string, CtInfo, boolean]>([
    ['--mark 0x1/0xff', tracked(0x101), true],
    ['--mark 0x1/0xff', tracked(0x102), false],
    ['! --mark 0x1/0xff', tracked(0x102), true],
    ['--mark 0', { state: 'INVALID' }, false],
    ['! --mark 1', { state: 'INVALID' }, false],
    ['--mark 0', { state: 'UNTRACKED' }, false],
  ])('%s', (option, ct, expected) => {
    expect(ruleMatches(ruleOf(`-A INPUT -m connmark ${option} -j ACCEPT`), context({ ct }))).toBe(expected);
  });

  it('tests the packet mark, not the connection mark, under -m mark', () => {
    expect(ruleMatches(ruleOf('-A INPUT -m mark --mark 1 -j ACCEPT'), context({ mark: 0, ct: tracked(1) }))).toBe(false);
  });
});

/**
 * -m recent (xt_recent.c recent_mt). Parse errors are those iptables-restore
 * 1.8.9 and Linux 6.18 gave for the same rules; behaviour follows
 * recent_mt: --set always matches, --rcheck needs the address listed
 * (within --seconds, at least --hitcount times), --update also stamps it,
 * --remove drops it.
 */
import { describe, expect, it } from 'vitest';
import type { MatchContext } from '../types.js';
import { context, problemsOf, ruleOf } from '../test-support.js';
import type { RecentState } from './recent.js';
import { IP_LIST_TOT, RecentLists } from './recent-table.js';

function host(): { lists: RecentLists; at: (now: number, spec?: Parameters<typeof context>[0]) => MatchContext } {
  const lists = new RecentLists();
  return { lists, at: (now, spec = {}) => ({ ...context(spec), recent: lists, now }) as MatchContext & RecentState };
}

const matches = (line: string, ctx: MatchContext): boolean => ruleOf(line, 'nat').matches.every((m) => m.matches(ctx));

describe('-m recent, parsed as iptables-restore and the kernel take it', () => {
  it.each([
    ['-m recent', "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'"],
    ['-m recent --set --rcheck', 'recent: option "--set" cannot be used together with "--rcheck".'],
    ['-m recent --rcheck --reap', 'recent: option "--reap" also requires "--seconds".'],
    ['-m recent --set --set', 'recent: option "--set" can only be used once.'],
    ['-m recent --rcheck --seconds x', 'recent: bad value for option "--seconds", or out of range (1-4294967295).'],
    ['-m recent --set --seconds 5', 'recent: the kernel refuses --seconds with --set (RULE_APPEND failed: Invalid argument)'],
    ['-m recent --rcheck --name a/b', "recent: the kernel refuses the list name 'a/b' (Invalid argument)"],
  ])('%s', (matchText, message) => {
    expect(problemsOf(`*filter\n-A INPUT ${matchText} -j ACCEPT\nCOMMIT\n`).map((p) => p.message)).toEqual([message]);
  });

  it('takes kube-proxy’s rules as iptables-save prints them', () => {
    expect(
      problemsOf(
        '*nat\n:KUBE-SEP-X - [0:0]\n-A KUBE-SEP-X -p tcp -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.3:80\n' +
          '-A PREROUTING -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j KUBE-SEP-X\nCOMMIT\n',
      ),
    ).toEqual([]);
  });
});

describe('-m recent, evaluated as recent_mt does', () => {
  const CLIENT = { src: '192.0.2.7', dst: '10.96.0.10' };

  it('--rcheck misses an address never set, --set adds it and matches, then --rcheck matches', () => {
    const h = host();
    expect(matches('-A PREROUTING -m recent --rcheck --name A -j ACCEPT', h.at(0, CLIENT))).toBe(false);
    expect(matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(0, CLIENT))).toBe(true);
    expect(matches('-A PREROUTING -m recent --rcheck --name A -j ACCEPT', h.at(1000, CLIENT))).toBe(true);
    expect(matches('-A PREROUTING -m recent --rcheck --name B -j ACCEPT', h.at(1000, CLIENT))).toBe(false);
  });

  it('--seconds counts only stamps that recent, --reap drops a stale oldest entry', () => {
    const h = host();
    matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(0, CLIENT));
    expect(matches('-A PREROUTING -m recent --rcheck --seconds 10 --name A -j ACCEPT', h.at(10_000, CLIENT))).toBe(true);
    expect(matches('-A PREROUTING -m recent --rcheck --seconds 10 --reap --name A -j ACCEPT', h.at(10_001, CLIENT))).toBe(false);
    expect(matches('-A PREROUTING -m recent --rcheck --name A -j ACCEPT', h.at(10_002, CLIENT))).toBe(false);
  });

  it('--update stamps the entry when it matches, keeping it fresh', () => {
    const h = host();
    matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(0, CLIENT));
    expect(matches('-A PREROUTING -m recent --update --seconds 10 --name A -j ACCEPT', h.at(9_000, CLIENT))).toBe(true);
    expect(matches('-A PREROUTING -m recent --rcheck --seconds 10 --name A -j ACCEPT', h.at(18_000, CLIENT))).toBe(true);
  });

  it('--hitcount needs that many stamps within --seconds', () => {
    const h = host();
    const rule = '-A PREROUTING -m recent --rcheck --seconds 60 --hitcount 3 --name A -j ACCEPT';
    for (const t of [0, 1000]) matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(t, CLIENT));
    expect(matches(rule, h.at(2000, CLIENT))).toBe(false);
    matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(2000, CLIENT));
    expect(matches(rule, h.at(3000, CLIENT))).toBe(true);
  });

  it('--remove drops the entry and matches only when there was one', () => {
    const h = host();
    matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(0, CLIENT));
    expect(matches('-A PREROUTING -m recent --remove --name A -j ACCEPT', h.at(1, CLIENT))).toBe(true);
    expect(matches('-A PREROUTING -m recent --remove --name A -j ACCEPT', h.at(2, CLIENT))).toBe(false);
  });

  it('! inverts, --rdest remembers the destination, --mask lists whole networks', () => {
    const h = host();
    expect(matches('-A PREROUTING -m recent ! --rcheck --name A -j ACCEPT', h.at(0, CLIENT))).toBe(true);
    matches('-A PREROUTING -m recent --set --name D --rdest -j ACCEPT', h.at(0, CLIENT));
    expect(matches('-A PREROUTING -m recent --rcheck --name D --rdest -j ACCEPT', h.at(1, { src: '198.51.100.1', dst: '10.96.0.10' }))).toBe(true);
    matches('-A PREROUTING -m recent --set --name M --mask 255.255.255.0 -j ACCEPT', h.at(0, CLIENT));
    expect(matches('-A PREROUTING -m recent --rcheck --name M --mask 255.255.255.0 -j ACCEPT', h.at(1, { src: '192.0.2.200', dst: '10.96.0.10' }))).toBe(true);
  });

  it(`forgets the least recently seen address when a list already holds ${IP_LIST_TOT}`, () => {
    const h = host();
    for (let i = 0; i <= IP_LIST_TOT; i++) matches('-A PREROUTING -m recent --set --name A -j ACCEPT', h.at(i, { src: `192.0.2.${i}` }));
    expect(matches('-A PREROUTING -m recent --rcheck --name A -j ACCEPT', h.at(500, { src: '192.0.2.0' }))).toBe(false);
    expect(matches('-A PREROUTING -m recent --rcheck --name A -j ACCEPT', h.at(500, { src: '192.0.2.1' }))).toBe(true);
  });
});

/** -m conntrack and -m state (xt_conntrack.c conntrack_mt). */
import { describe, expect, it } from 'vitest';
import type { CtInfo } from '../../conntrack/types.js';
import { context, entry, ip, ruleMatches, ruleOf } from '../test-support.js';

const NEW: CtInfo = { state: 'NEW', entry: entry(), direction: 'original' };
const ESTABLISHED: CtInfo = { state: 'ESTABLISHED', entry: entry({ status: { seenReply: true, confirmed: true } }), direction: 'original' };
const REPLY: CtInfo = { state: 'ESTABLISHED', entry: entry({ status: { seenReply: true, confirmed: true } }), direction: 'reply' };
const RELATED: CtInfo = { state: 'RELATED', entry: entry({ original: { proto: 'udp' } }), direction: 'original' };
const INVALID: CtInfo = { state: 'INVALID' };
const UNTRACKED: CtInfo = { state: 'UNTRACKED' };
/** A connection whose destination was rewritten: 10.0.0.1 → 10.96.0.10:80, answered by 10.244.1.5:8080. */
const DNATTED: CtInfo = {
  state: 'NEW',
  entry: entry({ original: { dst: ip('10.96.0.10') }, reply: { src: ip('10.244.1.5'), sport: 8080 }, status: { dstNat: true, dstNatDone: true } }),
  direction: 'original',
};
const SNATTED: CtInfo = { state: 'ESTABLISHED', entry: entry({ reply: { dst: ip('198.51.100.7'), dport: 61000 }, status: { srcNat: true, assured: true } }), direction: 'reply' };

describe('conntrack match', () => {
  it.each<[string, CtInfo, boolean]>([
    ['--ctstate NEW', NEW, true],
    ['--ctstate NEW', ESTABLISHED, false],
    ['--ctstate ESTABLISHED,RELATED', RELATED, true],
    ['--ctstate ESTABLISHED,RELATED', REPLY, true],
    ['--ctstate new', NEW, true],
    ['! --ctstate INVALID', NEW, true],
    ['--ctstate INVALID', INVALID, true],
    ['--ctstate UNTRACKED', UNTRACKED, true],
    ['--ctstate INVALID', UNTRACKED, false],
    ['--ctstate DNAT', DNATTED, true],
    ['--ctstate SNAT', DNATTED, false],
    ['--ctstate SNAT', SNATTED, true],
    ['--ctstate NEW,SNAT', SNATTED, true],
    ['! --ctstate DNAT', SNATTED, true],
    ['--ctstatus SEEN_REPLY', ESTABLISHED, true],
    ['--ctstatus SEEN_REPLY', NEW, false],
    ['--ctstatus ASSURED,CONFIRMED', ESTABLISHED, true],
    ['! --ctstatus ASSURED', ESTABLISHED, true],
    ['--ctstatus NONE', NEW, false],
    ['! --ctstatus NONE', NEW, true],
    ['--ctproto tcp', NEW, true],
    ['--ctproto 6', NEW, true],
    ['--ctproto udp', NEW, false],
    ['! --ctproto 17', NEW, true],
    ['--ctorigdst 10.96.0.10', DNATTED, true],
    ['--ctorigdst 10.96.0.0/12', DNATTED, true],
    ['--ctreplsrc 10.244.1.5', DNATTED, true],
    ['! --ctreplsrc 10.244.1.5', DNATTED, false],
    ['--ctorigsrc 10.0.0.1 --ctrepldst 10.0.0.1', DNATTED, true],
    ['--ctorigdstport 80', DNATTED, true],
    ['--ctreplsrcport 8080', DNATTED, true],
    ['--ctreplsrcport 8000:8100', DNATTED, true],
    ['! --ctreplsrcport 8080', DNATTED, false],
    ['--ctrepldstport 61000', SNATTED, true],
    ['--ctdir ORIGINAL', NEW, true],
    ['--ctdir REPLY', REPLY, true],
    ['--ctdir REPLY', NEW, false],
    // No entry: every test but the state fails…
    ['--ctproto tcp', INVALID, false],
    ['! --ctorigsrc 1.2.3.4', UNTRACKED, false],
    // …unless the rule also tests the state: then the state decides alone (conntrack_mt: ct == NULL).
    ['--ctstate INVALID --ctorigsrc 1.2.3.4', INVALID, true],
    ['--ctstate UNTRACKED --ctproto udp', UNTRACKED, true],
  ])('%s', (options, ct, expected) => {
    expect(ruleMatches(ruleOf(`-A INPUT -m conntrack ${options} -j ACCEPT`), context({ ct }))).toBe(expected);
  });
});

describe('state match', () => {
  it.each<[string, CtInfo, boolean]>([
    ['--state NEW', NEW, true],
    ['--state RELATED,ESTABLISHED', REPLY, true],
    ['--state INVALID', INVALID, true],
    ['--state UNTRACKED', UNTRACKED, true],
    ['! --state NEW', ESTABLISHED, true],
    ['! --state NEW', NEW, false],
  ])('%s', (options, ct, expected) => {
    expect(ruleMatches(ruleOf(`-A INPUT -m state ${options} -j ACCEPT`), context({ ct }))).toBe(expected);
  });
});

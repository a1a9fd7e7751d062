/**
 * The matches (`-m NAME`) and targets (`-j NAME`) the simulator understands,
 * by name, and the names of real iptables modules it does not, so that a
 * scenario using one is told so rather than told the module does not exist.
 */
import type { MatchExtension, TargetExtension } from './extension.js';
import { addrtypeMatch } from './matches/addrtype.js';
import { commentMatch } from './matches/comment.js';
import { connmarkMatch } from './matches/connmark.js';
import { conntrackMatch, stateMatch } from './matches/conntrack.js';
import { icmpMatch } from './matches/icmp.js';
import { markMatch } from './matches/mark.js';
import { multiportMatch } from './matches/multiport.js';
import { recentMatch } from './matches/recent.js';
import { statisticMatch } from './matches/statistic.js';
import { tcpMatch } from './matches/tcp.js';
import { udpMatch } from './matches/udp.js';
import { connmarkTarget } from './targets/connmark.js';
import { logTarget, traceTarget } from './targets/log.js';
import { markTarget } from './targets/mark.js';
import { dnatTarget, masqueradeTarget, redirectTarget, snatTarget } from './targets/nat.js';
import { ctTarget, notrackTarget } from './targets/notrack.js';
import { rejectTarget } from './targets/reject.js';
import { acceptTarget, dropTarget, returnTarget } from './targets/standard.js';

const MATCHES: ReadonlyMap<string, MatchExtension> = new Map(
  [addrtypeMatch, commentMatch, connmarkMatch, conntrackMatch, stateMatch, icmpMatch, markMatch, multiportMatch, recentMatch, statisticMatch, tcpMatch, udpMatch].map(
    (m) => [m.name, m],
  ),
);

const TARGETS: ReadonlyMap<string, TargetExtension> = new Map(
  [
    acceptTarget,
    dropTarget,
    returnTarget,
    rejectTarget,
    dnatTarget,
    snatTarget,
    masqueradeTarget,
    redirectTarget,
    markTarget,
    connmarkTarget,
    notrackTarget,
    ctTarget,
    logTarget,
    traceTarget,
  ].map((t) => [t.name, t]),
);

/** Standard verdicts: a user chain may not take these names. */
export const STANDARD_TARGETS: ReadonlySet<string> = new Set(['ACCEPT', 'DROP', 'RETURN', 'QUEUE']);

const UNSUPPORTED_MATCHES = new Set([
  'ah', 'bpf', 'cgroup', 'cluster', 'connbytes', 'connlabel', 'connlimit', 'cpu', 'dccp', 'devgroup', 'dscp', 'ecn', 'esp',
  'hashlimit', 'helper', 'iprange', 'ipvs', 'length', 'limit', 'mac', 'nfacct', 'osf', 'owner', 'physdev', 'pkttype', 'policy',
  'quota', 'rateest', 'realm', 'rpfilter', 'sctp', 'set', 'socket', 'string', 'tcpmss', 'time', 'tos', 'ttl', 'u32', 'udplite',
]);

const UNSUPPORTED_TARGETS = new Set([
  'QUEUE', 'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNSECMARK', 'DSCP', 'ECN', 'HMARK', 'IDLETIMER', 'LED', 'NETMAP',
  'NFLOG', 'NFQUEUE', 'RATEEST', 'SECMARK', 'SET', 'SYNPROXY', 'TCPMSS', 'TCPOPTSTRIP', 'TEE', 'TOS', 'TPROXY', 'TTL', 'ULOG',
]);

export function findMatch(name: string): MatchExtension | undefined {
  return MATCHES.get(name);
}

/** The length of the longest target name: a longer name is no target's. */
export const LONGEST_TARGET_NAME = Math.max(...[...TARGETS.keys()].map((name) => name.length));

export function findTarget(name: string): TargetExtension | undefined {
  return TARGETS.get(name);
}

export function isUnsupportedMatch(name: string): boolean {
  return UNSUPPORTED_MATCHES.has(name);
}

export function isUnsupportedTarget(name: string): boolean {
  return UNSUPPORTED_TARGETS.has(name);
}

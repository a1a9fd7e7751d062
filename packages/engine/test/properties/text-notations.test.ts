/**
 * The notations inside scenario strings, fed straight to their parsers many
 * times over: iptables-save text made of real and broken options, targets,
 * tables and chains; `ip route` lines made of real and broken words. Every
 * problem is located inside the text (a line that exists, a column on it, or
 * offsets inside the route), nothing throws, and a ruleset that parses is
 * traversed at every hook without an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { LimitExceeded } from '../../src/limits.js';
import { runTable } from '../../src/netfilter/evaluate.js';
import { parseIptablesSave } from '../../src/netfilter/parse.js';
import { context, plainLocate } from '../../src/netfilter/test-support.js';
import type { Hook, TableName } from '../../src/netfilter/types.js';
import { checkRoutes, parseRoute } from '../../src/scenario/routes.js';
import { NASTY } from './arbitraries/mutations.js';
import { propertyOptions } from './options.js';

const RULE_WORDS = [
  '-s', '-d', '-p', '-i', '-o', '-j', '-g', '-m', '!', '--dport', '--sport', '--dports', '--sports', '--ports', '--syn', '--tcp-flags', 'SYN,ACK', 'SYN',
  '--icmp-type', 'echo-request', '8/0', '--ctstate', '--state', 'NEW,ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'DNAT', 'SNAT', '--ctstatus', 'ASSURED',
  '--ctorigdst', '--ctreplsrcport', '--mark', '0x1/0xff', '--set-mark', '--set-xmark', '--save-mark', '--restore-mark', '--comment', '"a b"', '--mode', 'random',
  'nth', '--probability', '0.5', '--every', '3', '--packet', '2', '--src-type', '--dst-type', 'LOCAL', '--to-destination', '--to-source', '--to-ports',
  '10.0.0.1', '10.0.0.1:80', '10.0.0.1-10.0.0.9:1000-2000', '10.0.0.0/8', '0/0', ':80', '80:90', '1,2,3', 'tcp', 'udp', 'icmp', 'all', 'sctp', 'eth0', 'eth+',
  'tcp', 'udp', 'icmp', 'multiport', 'conntrack', 'state', 'mark', 'connmark', 'comment', 'addrtype', 'statistic', 'limit', 'recent', 'nope',
  'ACCEPT', 'DROP', 'REJECT', 'RETURN', 'LOG', 'TRACE', 'NOTRACK', 'CT', '--notrack', 'MARK', 'CONNMARK', 'MASQUERADE', 'REDIRECT', 'QUEUE', 'NOPE',
  '--reject-with', 'tcp-reset', 'icmp-host-prohibited', '--log-prefix', '--random', '--random-fully', 'X', 'Y', 'INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING',
];

const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...RULE_WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY) });
const chainName = fc.constantFrom('INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING', 'X', 'Y', 'Z', '-bad', 'A-VERY-LONG-CHAIN-NAME-OF-THIRTY-CHARS');

const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('-A', '-I', '-A', '-N', '-P', '-D', '--append'), chainName, fc.array(word, { maxLength: 9 })).map(([c, ch, ws]) => [c, ch, ...ws].join(' ')) },
  { weight: 2, arbitrary: fc.tuple(chainName, fc.constantFrom('ACCEPT', 'DROP', '-', 'REJECT', ''), fc.constantFrom('[0:0]', '', '[x]')).map(([ch, p, c]) => `:${ch} ${p} ${c}`.trimEnd()) },
  { weight: 1, arbitrary: fc.constantFrom('COMMIT', '*filter', '*nat', '*mangle', '*raw', '*bogus', '# a comment', '', '  COMMIT', 'COMMIT x') },
);

const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];
const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

const saveTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...TABLES), fc.array(lineArb, { maxLength: 12 }), fc.boolean())
  .map(([table, lines, commit]) => [`*${table}`, ...lines, ...(commit ? ['COMMIT'] : [])].join('\n'));

describe('notations inside strings', () => {
  it('iptables-save text: located problems or a ruleset that every hook traverses', () => {
    fc.assert(
      fc.property(saveTextArb, fc.constantFrom<'tcp' | 'udp' | 'icmp'>('tcp', 'udp', 'icmp'), (text, proto) => {
        const lines = text.split('\n');
        const { ruleset, problems } = parseIptablesSave(text, plainLocate);
        for (const p of problems) {
          expect(p.message.trim()).not.toBe('');
          expect(p.at.line).toBeGreaterThanOrEqual(1);
          expect(p.at.line).toBeLessThanOrEqual(lines.length);
          expect(p.at.column).toBeGreaterThanOrEqual(1);
          expect(p.at.column).toBeLessThanOrEqual(lines[p.at.line - 1]!.length + 1);
        }
        if (problems.length > 0) return;
        for (const table of TABLES) {
          for (const hook of HOOKS) {
            try {
              runTable(ruleset, table, hook, context({ hook, table, proto, inIface: 'eth0', outIface: 'eth1' }), { mark: 0, ctmark: 0, nthCounters: new Map() });
            } catch (error) {
              if (!(error instanceof LimitExceeded)) throw error;
            }
          }
        }
      }),
      propertyOptions(3000),
    );
  }, 120_000);

  it('`ip route` lines: problems inside the line, never an exception', () => {
    const routeWord = fc.constantFrom(
      'default', 'via', 'dev', 'src', 'metric', 'onlink', 'blackhole', 'unreachable', 'prohibit', 'local', 'table', 'proto', 'scope', 'link',
      '10.0.0.1', '10.0.0.0/24', '10.0.0.1/24', '10.0.0.0/33', '0.0.0.0/0', '255.255.255.255', '224.0.0.1', '127.0.0.1', 'eth0', 'eth1', 'lo', '5', '-1', '4294967296', '',
    );
    const host = {
      name: 'r',
      interfaces: [
        { name: 'eth0', addresses: [{ address: parseIpv4('10.0.0.1')!, prefixLength: 24 }] },
        { name: 'eth1', addresses: [{ address: parseIpv4('192.168.1.1')!, prefixLength: 24 }] },
      ],
    };
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof({ weight: 5, arbitrary: routeWord }, { weight: 1, arbitrary: fc.constantFrom(...NASTY) }), { maxLength: 8 }).map((ws) => ws.join(' ')), { maxLength: 4 }), (routes) => {
        for (const route of routes) {
          for (const p of parseRoute(route).problems) {
            expect(p.start).toBeGreaterThanOrEqual(0);
            expect(p.end).toBeLessThanOrEqual(route.length);
            expect(p.start).toBeLessThanOrEqual(p.end);
          }
        }
        for (const p of checkRoutes(host, routes).problems) {
          expect(p.index).toBeLessThan(routes.length);
          expect(p.end).toBeLessThanOrEqual(routes[p.index]!.length);
        }
      }),
      propertyOptions(1500),
    );
  }, 120_000);
});

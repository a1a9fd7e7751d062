/** Traversal as ipt_do_table does it: jumps, gotos, returns, policies, and effects seen by later rules. */
import { describe, expect, it } from 'vitest';
import type { CtInfo } from '../conntrack/types.js';
import { seededRandom } from '../random.js';
import { needsConntrack, runTable, type TableRun } from './evaluate.js';
import { context, entry, parseOk, type ContextSpec } from './test-support.js';
import type { Hook, Rule, TableName } from './types.js';

interface Run {
  readonly table?: TableName;
  readonly hook?: Hook;
  readonly packet?: ContextSpec;
  readonly mark?: number;
  readonly ctmark?: number;
}

function run(text: string, options: Run = {}): TableRun {
  const ruleset = parseOk(text);
  const ctx = context({ ...options.packet });
  return runTable(ruleset, options.table ?? 'filter', options.hook ?? 'INPUT', ctx, {
    mark: options.mark ?? 0,
    ctmark: options.ctmark ?? 0,
    nthCounters: new Map(),
  });
}

/** `chain#index verdict` for rules, `chain policy` for policies, `log prefix` for LOG, `mark 0x0→0x1` for a mark change. */
function path(result: TableRun): string[] {
  return result.steps.map((s) => {
    if (s.kind === 'log') return `log ${s.prefix}`;
    if (s.kind === 'rewrite') return `${s.field} ${s.before}→${s.after}`;
    return s.index === undefined ? `${s.chain} policy ${s.verdict}` : `${s.chain}#${s.index} ${s.verdict}`;
  });
}

const filter = (...lines: string[]): string => ['*filter', ...lines, 'COMMIT', ''].join('\n');

describe('runTable', () => {
  it('accepts without steps when the table is absent', () => {
    const result = run('*nat\nCOMMIT\n', { table: 'filter' });
    expect([result.final, result.steps]).toEqual([{ kind: 'accept' }, []]);
  });

  it('accepts without steps when the hook has no chain in the table', () => {
    expect(run(filter('-A INPUT -j DROP'), { hook: 'PREROUTING' }).final).toEqual({ kind: 'accept' });
  });

  it('accepts without steps when the text never named the built-in chain (iptables-nft never created it)', () => {
    expect(run(filter('-A FORWARD -j DROP')).steps).toEqual([]);
  });

  it('records the ACCEPT policy of a declared chain even when it is empty, as the kernel’s trace shows it', () => {
    expect(run(filter(':INPUT ACCEPT [0:0]')).steps).toEqual([{ kind: 'rule', hook: 'INPUT', table: 'filter', chain: 'INPUT', rule: '-P INPUT ACCEPT', verdict: 'ACCEPT', line: 2 }]);
  });

  it('records a DROP policy even in an empty chain, with the declaration’s line', () => {
    const result = run(filter(':INPUT DROP [0:0]'));
    expect(result.final).toEqual({ kind: 'drop' });
    expect(result.steps).toEqual([{ kind: 'rule', hook: 'INPUT', table: 'filter', chain: 'INPUT', rule: '-P INPUT DROP', verdict: 'DROP', line: 2 }]);
  });

  it('records the ACCEPT policy of a chain whose rules all missed', () => {
    expect(path(run(filter('-A INPUT -s 1.2.3.4 -j DROP')))).toEqual(['INPUT policy ACCEPT']);
  });

  it('records the deciding rule with its text, index and line', () => {
    const result = run(filter('-A INPUT -p udp -j DROP', '-A INPUT -p tcp --dport 80 -j ACCEPT'));
    expect(result.final).toEqual({ kind: 'accept' });
    expect(result.steps).toEqual([
      { kind: 'rule', hook: 'INPUT', table: 'filter', chain: 'INPUT', index: 2, rule: '-A INPUT -p tcp --dport 80 -j ACCEPT', verdict: 'ACCEPT', line: 3 },
    ]);
  });

  it('goes past a rule without a target, which the kernel’s trace shows as matched', () => {
    const result = run(filter('-A INPUT -p tcp', '-A INPUT -j DROP'));
    expect(path(result)).toEqual(['INPUT#1 ', 'INPUT#2 DROP']);
    expect(result.steps[0]).toMatchObject({ verdict: '', note: 'no target: the rule only counts the packet' });
  });

  it('comes back after a jump, to the rule after the jump', () => {
    const text = filter(':A - [0:0]', '-A INPUT -j A', '-A INPUT -j DROP', '-A A -p udp -j ACCEPT');
    expect(path(run(text))).toEqual(['INPUT#1 A', 'INPUT#2 DROP']);
  });

  it('comes back on RETURN', () => {
    const text = filter(':A - [0:0]', '-A INPUT -j A', '-A INPUT -j DROP', '-A A -j RETURN', '-A A -j ACCEPT');
    expect(path(run(text))).toEqual(['INPUT#1 A', 'A#1 RETURN', 'INPUT#2 DROP']);
  });

  it('unwinds nested jumps one level at a time', () => {
    const text = filter(':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A INPUT -j DROP', '-A A -j B', '-A A -j LOG --log-prefix back-in-A', '-A B -p udp -j ACCEPT');
    expect(path(run(text))).toEqual(['INPUT#1 A', 'A#1 B', 'A#2 LOG', 'log back-in-A', 'INPUT#2 DROP']);
  });

  it('applies the policy on RETURN from the built-in chain itself', () => {
    expect(path(run(filter(':INPUT DROP [0:0]', '-A INPUT -j RETURN', '-A INPUT -j ACCEPT')))).toEqual(['INPUT#1 RETURN', 'INPUT policy DROP']);
  });

  it('returns from the end of a goto’d chain to the caller of the chain that did the goto', () => {
    const text = filter(':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A INPUT -j DROP', '-A A -g B', '-A A -j ACCEPT', '-A B -p udp -j ACCEPT');
    expect(path(run(text))).toEqual(['INPUT#1 A', 'A#1 B', 'INPUT#2 DROP']);
  });

  it('falls to the policy at the end of a chain reached by goto from the built-in chain', () => {
    const text = filter(':INPUT DROP [0:0]', ':A - [0:0]', '-A INPUT -g A', '-A INPUT -j ACCEPT', '-A A -p udp -j ACCEPT');
    const result = run(text);
    expect([result.final, path(result)]).toEqual([{ kind: 'drop' }, ['INPUT#1 A', 'INPUT policy DROP']]);
  });

  it('lets later rules see a MARK', () => {
    const text = '*mangle\n-A PREROUTING -j MARK --set-mark 0x1\n-A PREROUTING -m mark --mark 0x1 -j ACCEPT\n-A PREROUTING -j DROP\nCOMMIT\n';
    const result = run(text, { table: 'mangle', hook: 'PREROUTING' });
    expect([result.final, result.mark, path(result)]).toEqual([{ kind: 'accept' }, 1, ['PREROUTING#1 MARK', 'mark 0x0→0x1', 'PREROUTING#2 ACCEPT']]);
  });

  it('lets later rules see a CONNMARK, and a restored mark', () => {
    const ct: CtInfo = { state: 'ESTABLISHED', entry: entry({ mark: 0 }), direction: 'original' };
    const text =
      '*mangle\n-A PREROUTING -j CONNMARK --set-mark 0x7\n-A PREROUTING -m connmark --mark 0x7 -j CONNMARK --restore-mark\n-A PREROUTING -m mark --mark 0x7 -j ACCEPT\nCOMMIT\n';
    const result = run(text, { table: 'mangle', hook: 'PREROUTING', packet: { ct } });
    expect([result.final, result.ctmark, result.mark, path(result)]).toEqual([{ kind: 'accept' }, 7, 7, ['PREROUTING#1 CONNMARK', 'ctmark 0x0→0x7', 'PREROUTING#2 CONNMARK', 'mark 0x0→0x7', 'PREROUTING#3 ACCEPT']]);
  });

  it('flags NOTRACK and goes on', () => {
    const result = run('*raw\n-A PREROUTING -p udp -j NOTRACK\n-A PREROUTING -p udp -j TRACE\nCOMMIT\n', { table: 'raw', hook: 'PREROUTING', packet: { proto: 'udp' } });
    expect([result.final, result.notrack, path(result)]).toEqual([{ kind: 'accept' }, true, ['PREROUTING#1 NOTRACK', 'PREROUTING#2 TRACE', 'PREROUTING policy ACCEPT']]);
  });

  it('ends the table at REJECT', () => {
    const result = run(filter('-A INPUT -p tcp -j REJECT --reject-with tcp-reset', '-A INPUT -j ACCEPT'));
    expect([result.final, path(result)]).toEqual([{ kind: 'reject', with: 'tcp-reset' }, ['INPUT#1 REJECT']]);
  });

  it('ends the table at a NAT target, inside user chains', () => {
    const text = '*nat\n:SVC - [0:0]\n-A PREROUTING -p tcp -j SVC\n-A PREROUTING -j DNAT --to-destination 9.9.9.9\n-A SVC -p tcp -j DNAT --to-destination 10.0.0.9:8080\nCOMMIT\n';
    const result = run(text, { table: 'nat', hook: 'PREROUTING' });
    expect(result.final).toMatchObject({ kind: 'nat', target: 'DNAT', range: { minPort: 8080 } });
    expect(path(result)).toEqual(['PREROUTING#1 SVC', 'SVC#1 DNAT']);
  });

  it('picks a random branch with the scenario’s generator and says how', () => {
    const text =
      '*nat\n:SVC - [0:0]\n:SEP-A - [0:0]\n:SEP-B - [0:0]\n-A PREROUTING -j SVC\n-A SVC -m statistic --mode random --probability 0.50000000000 -j SEP-A\n-A SVC -j SEP-B\n-A SEP-A -p tcp -j DNAT --to-destination 10.0.0.1:80\n-A SEP-B -p tcp -j DNAT --to-destination 10.0.0.2:80\nCOMMIT\n';
    const draw = seededRandom(7).next();
    const generator = seededRandom(7);
    const ruleset = parseOk(text);
    const result = runTable(ruleset, 'nat', 'PREROUTING', { ...context(), random: () => generator.next() }, { mark: 0, ctmark: 0, nthCounters: new Map() });
    const taken = draw < 0.5 ? 'SEP-A' : 'SEP-B';
    expect(path(result)).toEqual(taken === 'SEP-A' ? ['PREROUTING#1 SVC', 'SVC#1 SEP-A', 'SEP-A#1 DNAT'] : ['PREROUTING#1 SVC', 'SVC#2 SEP-B', 'SEP-B#1 DNAT']);
    if (taken === 'SEP-A') expect(result.steps[1]).toMatchObject({ note: `random ${draw.toFixed(5)} < probability 0.50000000000` });
  });

  it.each([
    [0.25, ['PREROUTING#1 SVC', 'SVC#1 SEP-A', 'SEP-A#1 DNAT']],
    [0.75, ['PREROUTING#1 SVC', 'SVC#2 SEP-B', 'SEP-B#1 DNAT']],
  ])('takes the first branch of a 0.5 split only when the draw (%d) is below 0.5', (draw, expected) => {
    const text =
      '*nat\n:SVC - [0:0]\n:SEP-A - [0:0]\n:SEP-B - [0:0]\n-A PREROUTING -j SVC\n-A SVC -m statistic --mode random --probability 0.5 -j SEP-A\n-A SVC -j SEP-B\n-A SEP-A -p tcp -j DNAT --to-destination 10.0.0.1:80\n-A SEP-B -p tcp -j DNAT --to-destination 10.0.0.2:80\nCOMMIT\n';
    expect(path(run(text, { table: 'nat', hook: 'PREROUTING', packet: { draws: [draw] } }))).toEqual(expected);
  });

  it('counts nth packets across traversals in the caller’s map', () => {
    const ruleset = parseOk(filter('-A INPUT -m statistic --mode nth --every 2 --packet 0 -j DROP'));
    const counters = new Map<Rule, number>();
    const finals = [1, 2, 3].map(() => runTable(ruleset, 'filter', 'INPUT', context(), { mark: 0, ctmark: 0, nthCounters: counters }).final.kind);
    expect(finals).toEqual(['drop', 'accept', 'drop']);
  });

  it('records LOG both as the rule that matched and as what the kernel would log', () => {
    const result = run(filter('-A INPUT -j LOG --log-prefix "in: "'));
    expect(result.steps).toEqual([
      { kind: 'rule', hook: 'INPUT', table: 'filter', chain: 'INPUT', index: 1, rule: '-A INPUT -j LOG --log-prefix "in: "', verdict: 'LOG', line: 2 },
      { kind: 'log', hook: 'INPUT', table: 'filter', chain: 'INPUT', prefix: 'in: ' },
      { kind: 'rule', hook: 'INPUT', table: 'filter', chain: 'INPUT', rule: '-P INPUT ACCEPT', verdict: 'ACCEPT' },
    ]);
  });
});

describe('needsConntrack, as conntrack -L showed in a namespace after one ping', () => {
  it.each([
    ['no rules', '', false],
    ['a filter rule', filter('-A INPUT -j ACCEPT'), false],
    ['an empty nat table', '*nat\nCOMMIT\n', false],
    ['nat policies only', '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n', false],
    ['a nat rule without a NAT target', '*nat\n-A OUTPUT -s 1.1.1.1 -j ACCEPT\nCOMMIT\n', false],
    ['MASQUERADE', '*nat\n-A POSTROUTING -o nonexist -j MASQUERADE\nCOMMIT\n', true],
    ['DNAT in a chain nothing jumps to', '*nat\n:X - [0:0]\n-A X -j DNAT --to-destination 1.2.3.4\nCOMMIT\n', true],
    ['SNAT in a chain nothing jumps to', '*nat\n:X - [0:0]\n-A X -j SNAT --to-source 1.2.3.4\nCOMMIT\n', true],
    ['REDIRECT in a chain nothing jumps to', '*nat\n:X - [0:0]\n-A X -p tcp -j REDIRECT --to-ports 1\nCOMMIT\n', true],
    ['a ctstate match', filter('-A INPUT -m conntrack --ctstate NEW -j ACCEPT'), true],
    ['a state match', filter('-A INPUT -m state --state NEW -j ACCEPT'), true],
    ['a ctstate match in a chain nothing jumps to', filter(':X - [0:0]', '-A X -m conntrack --ctstate NEW -j ACCEPT'), true],
    ['a connmark match', filter('-A INPUT -m connmark --mark 1 -j ACCEPT'), true],
    ['CONNMARK', '*mangle\n-A PREROUTING -j CONNMARK --save-mark\nCOMMIT\n', true],
    ['NOTRACK alone', '*raw\n-A PREROUTING -j NOTRACK\nCOMMIT\n', false],
    ['CT --notrack alone', '*raw\n-A OUTPUT -s 1.1.1.1 -j CT --notrack\nCOMMIT\n', false],
    ['a mark match', filter('-A INPUT -m mark --mark 1 -j ACCEPT'), false],
  ])('%s: %s', (_name, text, expected) => {
    expect(needsConntrack(parseOk(text))).toBe(expected);
  });
});

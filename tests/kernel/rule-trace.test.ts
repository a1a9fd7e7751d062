import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseRuleHandles } from './rule-handles.js';
import { parseTrace, targetOf } from './rule-trace.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const handles = parseRuleHandles(fixture('nft-list-ruleset.txt'), ['pwtrace']);

test('rule handles map to chain positions; the harness table is left out', () => {
  expect([...handles.entries()]).toEqual([
    ['filter/4', { table: 'filter', chain: 'FORWARD', index: 1 }],
    ['filter/5', { table: 'filter', chain: 'FORWARD', index: 2 }],
    ['filter/6', { table: 'filter', chain: 'FORWARD', index: 3 }],
    ['filter/7', { table: 'filter', chain: 'CHECK', index: 1 }],
    ['filter/8', { table: 'filter', chain: 'CHECK', index: 2 }],
    ['filter/9', { table: 'filter', chain: 'CHECK', index: 3 }],
    ['filter/10', { table: 'filter', chain: 'WEB', index: 1 }],
  ]);
});

test.each([
  { rule: '-A FORWARD -j CHECK', target: 'CHECK' },
  { rule: '-A CHECK -p tcp -m tcp --dport 80 -g WEB', target: 'WEB' },
  { rule: '-A POSTROUTING -o wan -j MASQUERADE --random-fully', target: 'MASQUERADE' },
  { rule: '-A INPUT -m comment --comment "not -j THIS" -j ACCEPT', target: 'ACCEPT' },
  { rule: '-A FORWARD -m conntrack --ctstate INVALID', target: '' },
])('the target of $rule is "$target"', ({ rule, target }) => {
  expect(targetOf(rule)).toBe(target);
});

test('a real trace: the rules that matched, in order, by table, chain, index and target', () => {
  const hits = parseTrace(fixture('xtables-monitor-trace.txt'), handles, ['pwtrace']);
  expect(hits.map((h) => `${h.chain}#${h.index ?? 'policy'}→${h.verdict}`)).toEqual([
    // SYN: jump to CHECK, goto WEB, nothing there, back in FORWARD after the jump.
    'FORWARD#1→CHECK',
    'CHECK#2→WEB',
    'FORWARD#2→ACCEPT',
    // SYN-ACK (from port 80, to 40000): CHECK's DROP.
    'FORWARD#1→CHECK',
    'CHECK#3→DROP',
    // Datagram and its reply: RETURN, then FORWARD's UDP rule.
    'FORWARD#1→CHECK',
    'CHECK#1→RETURN',
    'FORWARD#3→ACCEPT',
    'FORWARD#1→CHECK',
    'CHECK#1→RETURN',
    'FORWARD#3→ACCEPT',
    // Echo request: CHECK's DROP.
    'FORWARD#1→CHECK',
    'CHECK#3→DROP',
  ]);
  expect(hits[0]).toEqual({ table: 'filter', chain: 'FORWARD', index: 1, verdict: 'CHECK', rule: '-A FORWARD -j CHECK' });
});

test('a policy line is a hit without an index', () => {
  const line = ' TRACE: 2 4789be3c nat:POSTROUTING:policy:ACCEPT \n';
  expect(parseTrace(line, new Map(), [])).toEqual([{ table: 'nat', chain: 'POSTROUTING', verdict: 'ACCEPT', rule: '-P POSTROUTING ACCEPT' }]);
});

test('the end of a user chain is not a decision', () => {
  expect(parseTrace(' TRACE: 2 4789be3c filter:WEB:return:\n', new Map(), [])).toEqual([]);
});

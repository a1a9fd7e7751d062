/**
 * The expected text is what iptables-save (1.8.9, nf_tables) printed on
 * Linux 6.18 after restoring the same rules written the way kube-proxy
 * writes them (comment before the addresses, `-m tcp -p tcp`, …).
 */
import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../net/ipv4.js';
import { comment, saveDump, saveString, SaveTable } from './save-text.js';

const at = { line: 1, column: 1 };
const prefix = (text: string) => parsePrefix(text)!;

describe('saveString', () => {
  it.each([
    ['kubernetes', 'kubernetes'],
    ['x', 'x'],
    ['ns5/svc5:p80', '"ns5/svc5:p80"'],
    ['kubernetes service portals', '"kubernetes service portals"'],
    ['dnat name: "cbr0" id: "abc"', '"dnat name: \\"cbr0\\" id: \\"abc\\""'],
    ['', '""'],
  ])('%j → %s', (text, saved) => {
    expect(saveString(text)).toBe(saved);
  });
});

describe('SaveTable', () => {
  it('prints built-in chains, sorted user chains, then the rules chain by chain', () => {
    const nat = new SaveTable('nat', at);
    nat.chain('KUBE-SVC-NUKIZ6OKUXPJNT4C', at);
    nat.chain('KUBE-SERVICES', at);
    nat.chain('KUBE-SEP-I77PXRDZVX7PMWMN', at);
    nat.add({
      chain: 'KUBE-SVC-NUKIZ6OKUXPJNT4C',
      src: prefix('10.0.0.0/8'),
      notSrc: true,
      dst: prefix('172.30.0.45'),
      proto: 'tcp',
      matches: [comment('ns5/svc5:p80 cluster IP'), '-m tcp --dport 80'],
      target: '-j KUBE-MARK-MASQ',
      at,
    });
    nat.add({ chain: 'KUBE-SERVICES', dst: prefix('172.30.0.45'), proto: 'tcp', matches: [comment('ns5/svc5:p80 cluster IP'), '-m tcp --dport 80'], target: '-j KUBE-SVC-NUKIZ6OKUXPJNT4C', at });
    nat.add({ chain: 'PREROUTING', matches: [comment('kubernetes service portals')], target: '-j KUBE-SERVICES', at });
    nat.add({ chain: 'KUBE-SEP-I77PXRDZVX7PMWMN', src: prefix('10.180.0.3'), matches: [comment('ns5/svc5:p80')], target: '-j KUBE-MARK-MASQ', at });
    expect(saveDump({ text: '# header', at }, [nat]).text).toBe(
      [
        '# header',
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ':INPUT ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':POSTROUTING ACCEPT [0:0]',
        ':KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]',
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A KUBE-SEP-I77PXRDZVX7PMWMN -s 10.180.0.3/32 -m comment --comment "ns5/svc5:p80" -j KUBE-MARK-MASQ',
        '-A KUBE-SERVICES -d 172.30.0.45/32 -p tcp -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C ! -s 10.0.0.0/8 -d 172.30.0.45/32 -p tcp -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('keeps, for every line, the span of the text that caused it', () => {
    const node = { line: 3, column: 5 };
    const service = { line: 9, column: 7 };
    const filter = new SaveTable('filter', node);
    filter.chain('KUBE-SERVICES', node);
    filter.add({ chain: 'KUBE-SERVICES', dst: prefix('172.30.0.46'), proto: 'tcp', matches: [comment('ns6/svc6:p80 has no endpoints'), '-m tcp --dport 80'], target: '-j REJECT --reject-with icmp-port-unreachable', at: service });
    const dump = saveDump({ text: '# header', at: node }, [filter]);
    const lines = dump.text.split('\n');
    const rule = lines.findIndex((l) => l.startsWith('-A KUBE-SERVICES'));
    expect(dump.origins[rule]).toBe(service);
    expect(dump.origins[lines.indexOf('*filter')]).toBe(node);
    expect(dump.origins).toHaveLength(lines.length - 1);
  });
});

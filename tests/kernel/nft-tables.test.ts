import { expect, test } from 'vitest';
import { nat1to1Ruleset, traceRuleset } from './nft-tables.js';

test('nat1to1: destination rewritten and untracked before raw, source rewritten last', () => {
  expect(nat1to1Ruleset([{ external: '203.0.113.10', internal: '10.128.0.2' }])).toBe(
    [
      'table ip pw1to1 {',
      '  chain inbound {',
      '    type filter hook prerouting priority -320; policy accept;',
      '    ip daddr 203.0.113.10 ip daddr set 10.128.0.2 notrack',
      '    ip saddr 10.128.0.2 notrack',
      '  }',
      '  chain outbound {',
      '    type filter hook postrouting priority 400; policy accept;',
      '    ip saddr 10.128.0.2 ip saddr set 203.0.113.10',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
});

test('tracing marks unicast TCP, UDP and ICMP at prerouting and output alike: a bridge\'s late IGMP reports are left out', () => {
  const marking = traceRuleset()
    .split('\n')
    .filter((line) => line.includes('nftrace'));
  expect(marking).toEqual([
    '    ip daddr != 224.0.0.0/4 meta l4proto { tcp, udp, icmp } meta nftrace set 1',
    '    ip daddr != 224.0.0.0/4 meta l4proto { tcp, udp, icmp } meta nftrace set 1',
  ]);
});

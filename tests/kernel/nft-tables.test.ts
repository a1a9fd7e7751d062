import { expect, test } from 'vitest';
import { nat1to1Ruleset } from './nft-tables.js';

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

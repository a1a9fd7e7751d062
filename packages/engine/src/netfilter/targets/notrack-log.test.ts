import { describe, expect, it } from 'vitest';
import { context, ruleOf } from '../test-support.js';

const ctx = { ...context(), ctmark: 0 };

describe('NOTRACK, CT --notrack, LOG, TRACE', () => {
  it.each([
    ['-A PREROUTING -j NOTRACK', 'raw', 'NOTRACK', { kind: 'notrack' }],
    ['-A OUTPUT -j CT --notrack', 'raw', 'CT', { kind: 'notrack' }],
    ['-A INPUT -j LOG', 'filter', 'LOG', { kind: 'log', prefix: '' }],
    ['-A INPUT -j LOG --log-prefix "dropped: " --log-level 4', 'filter', 'LOG', { kind: 'log', prefix: 'dropped: ' }],
    ['-A INPUT -j LOG --log-level warning --log-tcp-options --log-uid', 'filter', 'LOG', { kind: 'log', prefix: '' }],
    ['-A PREROUTING -j TRACE', 'raw', 'TRACE', { kind: 'continue' }],
    ['-A INPUT -j TRACE', 'filter', 'TRACE', { kind: 'continue' }],
  ] as const)('%s', (line, table, name, verdict) => {
    const target = ruleOf(line, table).target!;
    expect([target.name, target.apply(ctx)]).toEqual([name, verdict]);
  });

  it('keeps 29 characters of a LOG prefix, as the kernel’s prefix[30] does', () => {
    const prefix = 'a'.repeat(40);
    expect(ruleOf(`-A INPUT -j LOG --log-prefix ${prefix}`).target!.apply(ctx)).toEqual({ kind: 'log', prefix: 'a'.repeat(29) });
  });
});

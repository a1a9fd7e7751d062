import { describe, expect, it } from 'vitest';
import { context, ruleMatches, ruleOf } from '../test-support.js';

describe('comment match', () => {
  it('always matches and gives the rule its comment', () => {
    const rule = ruleOf('-A INPUT -m comment --comment "kubernetes service portals" -j ACCEPT');
    expect(rule.comment).toBe('kubernetes service portals');
    expect(ruleMatches(rule, context())).toBe(true);
  });

  it('keeps the first of several comments', () => {
    expect(ruleOf('-A INPUT -m comment --comment a -m comment --comment b -j ACCEPT').comment).toBe('a');
  });

  it('reads escaped quotes', () => {
    expect(ruleOf('-A INPUT -m comment --comment "say \\"hi\\"" -j ACCEPT').comment).toBe('say "hi"');
  });
});

import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseBoundedDocument } from './yaml-document.js';

function same(text: string): void {
  const bounded = parseBoundedDocument(text, 1_000_000);
  if (!('doc' in bounded)) throw new Error('unexpectedly over the bound');
  const reference = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  expect(bounded.doc.toJS()).toEqual(reference.toJS());
  expect(bounded.doc.errors.map((e) => [e.code, e.pos])).toEqual(reference.errors.map((e) => [e.code, e.pos]));
}

describe('parseBoundedDocument', () => {
  it.each([
    { what: 'a scenario', text: 'hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\n    iptables: |\n      *filter\n      COMMIT\n' },
    { what: 'empty text', text: '' },
    { what: 'a syntax error', text: 'a: [1, 2\nb: c' },
    { what: 'two documents', text: 'a: 1\n---\nb: 2\n' },
    { what: 'anchors and aliases', text: 'a: &x {b: 1}\nc: *x\n' },
  ])('reads $what as parseDocument does', ({ text }) => same(text));

  it('stops at the bound with the offset reached', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `k${i}: v`).join('\n');
    const bounded = parseBoundedDocument(text, 100);
    expect('tooManyTokens' in bounded).toBe(true);
    if ('tooManyTokens' in bounded) {
      expect(bounded.tooManyTokens.offset).toBeGreaterThan(0);
      expect(bounded.tooManyTokens.offset).toBeLessThan(200);
    }
  });

  it('counts an iptables block as one token, however many lines it has', () => {
    const rules = Array.from({ length: 5000 }, (_, i) => `  -A INPUT -s 10.0.${i >> 8}.${i & 255} -j DROP`).join('\n');
    expect('doc' in parseBoundedDocument(`iptables: |\n${rules}\n`, 100)).toBe(true);
  });
});

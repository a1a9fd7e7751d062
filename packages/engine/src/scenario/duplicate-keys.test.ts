import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from './duplicate-keys.js';

function duplicatesIn(text: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: false });
  return duplicateKeys(doc).map((key) => {
    const start = key.range![0];
    return `${text.slice(0, start).split('\n').length}:${start - text.lastIndexOf('\n', start - 1)}`;
  });
}

describe('duplicateKeys', () => {
  it.each([
    { what: 'no key twice', text: 'a: 1\nb: 2\n', at: [] },
    { what: 'a key twice in a block mapping: the second', text: 'a: 1\nb: 2\na: 3\n', at: ['3:1'] },
    { what: 'three times: the second and the third', text: 'a: 1\na: 2\na: 3\n', at: ['2:1', '3:1'] },
    { what: 'in a nested mapping', text: 'hosts:\n  x: {}\n  y: {}\n  x: {}\n', at: ['4:3'] },
    { what: 'in a flow mapping', text: 'm: {a: 1, b: 2, a: 3}\n', at: ['1:17'] },
    { what: 'quoted and plain spell the same key', text: "a: 1\n'a': 2\n", at: ['2:1'] },
    { what: 'the number 1 and the string 1 are different keys (as the yaml library compares them)', text: "1: x\n'1': y\n", at: [] },
    { what: 'the same key in two mappings is no duplicate', text: 'p: {a: 1}\nq: {a: 1}\n', at: [] },
    { what: 'inside a list item', text: 'l:\n  - {x: 1, x: 2}\n', at: ['2:12'] },
  ])('$what', ({ text, at }) => {
    expect(duplicatesIn(text)).toEqual(at);
  });

  it('walks a document nested deeper than a recursive walk could go', () => {
    const depth = 20_000;
    const doc = parseDocument('[{a: 1}]', { uniqueKeys: false });
    // Build the nesting directly: the parser itself would refuse such a text.
    let node: unknown = doc.createNode({ a: 1 });
    for (let i = 0; i < depth; i++) node = doc.createNode([node]);
    doc.contents = node as typeof doc.contents;
    expect(duplicateKeys(doc)).toEqual([]);
  });
});

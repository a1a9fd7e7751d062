import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

describe('LineIndex', () => {
  const text = 'ab\n\ncd\r\nef';
  it.each([
    { offset: 0, at: { line: 1, col: 1 } },
    { offset: 2, at: { line: 1, col: 3 } },
    { offset: 3, at: { line: 2, col: 1 } },
    { offset: 4, at: { line: 3, col: 1 } },
    { offset: 6, at: { line: 3, col: 3 } },
    { offset: 8, at: { line: 4, col: 1 } },
    { offset: 10, at: { line: 4, col: 3 } },
  ])('offset $offset of "ab⏎⏎cd␍⏎ef" is $at.line:$at.col', ({ offset, at }) => {
    expect(new LineIndex(text).linePos(offset)).toEqual(at);
  });

  it('counts the newlines the yaml library misses after a syntax error (a line that starts with a tab)', () => {
    const broken = '\n- a: *x\n  - b: c: #\n  :X [0:0] y:z - a\n\ta 0.0.0.0/0\n\th0\n- d e: f\n';
    expect(new LineIndex(broken).linePos(broken.indexOf('\th0'))).toEqual({ line: 6, col: 1 });
  });

  it('a lone carriage return does not end a line, as for the YAML lexer', () => {
    expect(new LineIndex('a: 1\rb: 2').linePos(5)).toEqual({ line: 1, col: 6 });
  });
});

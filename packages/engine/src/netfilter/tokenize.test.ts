import { describe, expect, it } from 'vitest';
import { tokenizeLine } from './tokenize.js';

describe('tokenizeLine splits like iptables-restore (add_param_to_argv)', () => {
  it.each([
    ['blanks separate arguments', '-A INPUT  -j\tACCEPT', ['-A', 'INPUT', '-j', 'ACCEPT']],
    ['a quoted stretch keeps its blanks', '--comment "kubernetes service portals"', ['--comment', 'kubernetes service portals']],
    ['\\" inside quotes is a quote', '--comment "say \\"hi\\""', ['--comment', 'say "hi"']],
    ['\\\\ inside quotes is a backslash', '"a\\\\b"', ['a\\b']],
    ['a backslash outside quotes is plain', 'a\\b', ['a\\b']],
    ['the closing quote ends the argument', '"a"b', ['a', 'b']],
    ['a quote may open mid-word', 'x"a b"', ['xa b']],
    ['"" is an empty argument', '-i ""', ['-i', '']],
    ['single quotes mean nothing', "'a b'", ["'a", "b'"]],
    ['leading and trailing blanks vanish', '   -A INPUT   ', ['-A', 'INPUT']],
    ['a tab between words, quotes further on', 'a\tb "c d" e', ['a', 'b', 'c d', 'e']],
    ['a word before a quote that opens mid-word', 'x y"z w" v', ['x', 'yz w', 'v']],
    ['a tab at the end', '-j X\t', ['-j', 'X']],
    ['quoted words on both sides of a tab', 'a "b"\t"c"', ['a', 'b', 'c']],
    ['a word with no blank after it, after a quoted one', '"a b" c', ['a b', 'c']],
  ])('%s', (_name, line, expected) => {
    expect(tokenizeLine(line).tokens.map((t) => t.text)).toEqual(expected);
  });

  it('keeps each argument’s columns, quotes included', () => {
    expect(tokenizeLine('-m comment --comment "a b" -j X').tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 2],
      [3, 10],
      [11, 20],
      [21, 26],
      [27, 29],
      [30, 31],
    ]);
  });

  it('keeps the columns of words around a tab and a quoted argument', () => {
    expect(tokenizeLine('a\tbb "c" d').tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 1],
      [2, 4],
      [5, 8],
      [9, 10],
    ]);
  });

  it('reports a quote that is never closed, at the quote', () => {
    expect(tokenizeLine('--comment "a b -j ACCEPT').unterminatedQuote).toBe(10);
  });
});

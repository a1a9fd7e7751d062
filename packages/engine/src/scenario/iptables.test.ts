import { describe, expect, it, vi } from 'vitest';
import type { SourceSpan } from '../diagnostics.js';
import { EMPTY_RULESET } from '../netfilter/types.js';
import { checkIptables, iptablesLocator, ruleLineColumn, valueOffsets } from './iptables.js';
import { parseSource, Reporter } from './source.js';

// The real parser is another module's job; this stand-in reports every word "BAD" it finds.
vi.mock('../netfilter/parse.js', () => ({
  parseIptablesSave: (text: string, locate: (lineIndex: number, column: number) => SourceSpan) => ({
    ruleset: EMPTY_RULESET,
    problems: text.split('\n').flatMap((line, lineIndex) => {
      const column = line.indexOf('BAD');
      return column < 0 ? [] : [{ at: locate(lineIndex, column), message: `bad word on line ${lineIndex + 1}` }];
    }),
  }),
}));

function locatorFor(text: string, path: string[] = ['k']): { locate: (line: number, column: number) => SourceSpan; value: string } {
  const { source } = parseSource(text, 'test.yaml');
  const value = source.doc.getIn(path) as string;
  return { locate: iptablesLocator(new Reporter(source), path, value), value };
}

const at = (span: SourceSpan): string => `${span.line}:${span.column}`;

describe('valueOffsets', () => {
  it.each([
    { name: 'first line', line: 0, column: 2, expected: 2 },
    { name: 'second line', line: 1, column: 1, expected: 5 },
    { name: 'column past the end of a line stops at its end', line: 0, column: 40, expected: 3 },
    { name: 'line past the end stops at the end of the text', line: 9, column: 0, expected: 10 },
  ])('$name', ({ line, column, expected }) => {
    expect(valueOffsets('abc\ndef\ngh')(line, column)).toBe(expected);
  });
});

describe('iptablesLocator maps a position in the value back to the file', () => {
  const cases: { name: string; yaml: string; path?: string[]; line: number; column: number; word: string; expected: string }[] = [
    {
      name: 'literal block |',
      yaml: 'k: |\n  *nat\n  -A POSTROUTING -o wan -j MASQUERADE\n  COMMIT\n',
      line: 1, column: 3, word: 'POSTROUTING', expected: '3:6',
    },
    {
      name: 'literal block |- nested under two keys',
      yaml: 'hosts:\n  r:\n    k: |-\n      *filter\n      :INPUT DROP [0:0]\n      COMMIT\n',
      path: ['hosts', 'r', 'k'],
      line: 1, column: 7, word: 'DROP', expected: '5:14',
    },
    {
      name: 'literal block |+ keeps trailing lines',
      yaml: 'k: |+\n    *raw\n    COMMIT\n\n\nnext: 1\n',
      line: 1, column: 0, word: 'COMMIT', expected: '3:5',
    },
    {
      name: 'literal block with an explicit indentation indicator and a more-indented first line',
      yaml: 'k: |2\n     extra\n    x\n',
      line: 0, column: 3, word: 'extra', expected: '2:6',
    },
    {
      name: 'literal block with a tab inside a line',
      yaml: 'k: |\n  -A\tINPUT -j DROP\n',
      line: 0, column: 3, word: 'INPUT', expected: '2:6',
    },
    {
      name: 'literal block with CRLF line endings',
      yaml: 'k: |\r\n  *nat\r\n  -A POSTROUTING -o wan -j MASQUERADE\r\n  COMMIT\r\n',
      line: 1, column: 3, word: 'POSTROUTING', expected: '3:6',
    },
    {
      name: 'literal block after a blank line inside it',
      yaml: 'k: |\n  *nat\n\n  COMMIT\n',
      line: 2, column: 0, word: 'COMMIT', expected: '4:3',
    },
    {
      name: 'double-quoted with \\n escapes',
      yaml: 'k: "*nat\\n-A X -j DROP\\nCOMMIT"\n',
      line: 1, column: 6, word: 'j', expected: '1:17',
    },
    {
      name: 'double-quoted with a \\t escape',
      yaml: 'k: "-A\\tINPUT"\n',
      line: 0, column: 3, word: 'INPUT', expected: '1:9',
    },
    {
      name: 'double-quoted over two lines (the line break folds into a space)',
      yaml: 'k: "-A INPUT\n  -j DROP"\n',
      line: 0, column: 9, word: '-j', expected: '2:3',
    },
    {
      name: 'double-quoted: an escaped tab right after a folded line break',
      yaml: 'k: "a\n  \\tb"\n',
      line: 0, column: 3, word: 'b', expected: '2:5',
    },
    {
      name: 'double-quoted: an escaped line break joins without a space',
      yaml: 'k: "ab\\\n  cd"\n',
      line: 0, column: 2, word: 'cd', expected: '2:3',
    },
    {
      name: 'double-quoted over two lines with CRLF',
      yaml: 'k: "-A INPUT\r\n  -j DROP"\r\n',
      line: 0, column: 9, word: '-j', expected: '2:3',
    },
    {
      name: "single-quoted with '' for a quote",
      yaml: "k: 'a ''b'' c'\n",
      line: 0, column: 6, word: 'c', expected: '1:13',
    },
    {
      name: 'plain scalar over two lines',
      yaml: 'k: -A INPUT\n  -j DROP\n',
      line: 0, column: 9, word: '-j', expected: '2:3',
    },
    {
      name: 'folded block >',
      yaml: 'k: >\n  *nat\n  COMMIT\n',
      line: 0, column: 5, word: 'COMMIT', expected: '3:3',
    },
    {
      name: 'folded block >- with a blank line kept as a line break',
      yaml: 'k: >-\n  a b\n\n  c\n',
      line: 1, column: 0, word: 'c', expected: '4:3',
    },
  ];

  it.each(cases)('$name', ({ yaml, path, line, column, word, expected }) => {
    const { locate, value } = locatorFor(yaml, path);
    // The case is meaningful only if the value really has `word` there.
    expect(value.split('\n')[line]?.slice(column, column + word.length)).toBe(word);
    expect(at(locate(line, column))).toBe(expected);
  });

  it('points past the end of the value for a position beyond it', () => {
    const { locate } = locatorFor('k: |-\n  COMMIT\nz: 1\n');
    expect(at(locate(5, 0))).toBe('2:9');
  });
});

describe('checkIptables', () => {
  it("turns the parser's problems into diagnostics at the file position", () => {
    const text = 'h:\n  k: |\n    *filter\n    -A INPUT -j BAD\n    COMMIT\n';
    const { source } = parseSource(text, 'rules.yaml');
    const reporter = new Reporter(source);
    const value = (source.doc.toJS() as { h: { k: string } }).h.k;
    const ruleset = checkIptables(reporter, ['h', 'k'], value);
    expect(ruleset).toBe(EMPTY_RULESET);
    expect(reporter.diagnostics).toMatchObject([{ file: 'rules.yaml', line: 4, column: 17, message: 'bad word on line 2' }]);
  });
});

describe('ruleLineColumn counts the lines that add a rule, as the rule budget does', () => {
  it.each<[string, string, number]>([
    ['-A', '-A INPUT -j ACCEPT', 0],
    ['-I', '-I INPUT 2 -j ACCEPT', 0],
    ['--append', '--append INPUT', 0],
    ['--insert', '--insert INPUT', 0],
    ['after blanks and a tab', '  \t-A INPUT', 3],
    ['after counters', '[12:340] -A INPUT', 0],
    ['after blanks, counters and a tab', '  [0:0]\t-A INPUT', 2],
    ['a command alone at the end of the text', '-A', 0],
    ['followed by a character outside \\w', '-A:INPUT', 0],
    ['a longer word is not the command', '-Ax INPUT', -1],
    ['nor a longer long option', '--appendix INPUT', -1],
    ['an underscore makes a longer word too', '-A_ INPUT', -1],
    ['counters without a blank after them', '[0:0]-A INPUT', -1],
    ['counters without digits', '[:0] -A INPUT', -1],
    ['counters not closed', '[0:0 -A INPUT', -1],
    ['another command', '-N KUBE-SERVICES', -1],
    ['a chain declaration', ':INPUT ACCEPT [0:0]', -1],
    ['a comment', '# -A INPUT', -1],
    ['an empty line', '', -1],
  ])('%s: %j', (_name, line, expected) => {
    expect(ruleLineColumn(`${line}\n-A NEXT`, 0)).toBe(expected);
    expect(ruleLineColumn(`x\n${line}`, 2)).toBe(expected);
  });
});

describe('the rule budget', () => {
  it('counts a rule that a lone \\r starts inside a line, and points at the start of that line', () => {
    const { source } = parseSource('k: "*filter\\r-A INPUT\\r-A INPUT\\nCOMMIT\\n"\n', 'cr.yaml');
    const reporter = new Reporter(source);
    reporter.ruleBudget.remaining = 1;
    expect(checkIptables(reporter, ['k'], source.doc.get('k') as string)).toBe(EMPTY_RULESET);
    expect(reporter.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['1:5']);
  });
});

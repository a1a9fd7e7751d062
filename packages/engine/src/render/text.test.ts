import { describe, expect, it } from 'vitest';
import { paint, span, visible, widthOf, wrap } from './text.js';

describe('visible', () => {
  it.each([
    ['plain text stays', 'port-forward: ', 'port-forward: '],
    ['an escape becomes \\x1b', '\u001b[31m', '\\x1b[31m'],
    ['a newline cannot break a row', 'a\nb', 'a\\x0ab'],
    ['C1 controls too', '\u009b', '\\x9b'],
    ['arrows and box drawing are kept', '── a → b', '── a → b'],
  ])('%s', (_name, input, expected) => {
    expect(visible(input)).toBe(expected);
  });
});

describe('paint', () => {
  it('drops trailing spaces, even inside styled spans', () => {
    expect(paint([span('route', 'blue'), span('   ')], false)).toBe('route');
    expect(paint([span('a  ', 'bold'), span('  ')], true)).toBe('\u001b[1ma\u001b[0m');
  });

  it('colours only when asked, with SGR codes reset after each span', () => {
    const line = [span('dropped', 'alert'), span(' at router')];
    expect(paint(line, false)).toBe('dropped at router');
    expect(paint(line, true)).toBe('\u001b[1;31mdropped\u001b[0m at router');
  });
});

describe('wrap', () => {
  const head = [span('  head  ')];

  it('leaves a line that fits, and any line when no width is given', () => {
    const tail = [span('a b c')];
    expect(wrap(head, tail, 13)).toEqual([[...head, ...tail]]);
    expect(wrap(head, [span('x'.repeat(500))], undefined)).toHaveLength(1);
  });

  it('breaks between two-space parts first, keeping `A → B` whole', () => {
    const tail = [span('orig 10.0.0.1:1 → 10.0.0.2:2  reply 10.0.0.2:2 → 10.0.0.9:1')];
    const lines = wrap(head, tail, 45).map((l) => paint(l, false));
    expect(lines).toEqual(['  head  orig 10.0.0.1:1 → 10.0.0.2:2', '        reply 10.0.0.2:2 → 10.0.0.9:1']);
  });

  it('breaks inside a part only when the part cannot fit a line', () => {
    const lines = wrap(head, [span('-A FORWARD -i wan -o lan -j ACCEPT')], 25).map((l) => paint(l, false));
    expect(lines).toEqual(['  head  -A FORWARD -i wan', '        -o lan -j ACCEPT']);
  });

  it('keeps styles on the words they belong to', () => {
    const lines = wrap(head, [span('ok '), span('DROP', 'alert')], 11);
    expect(lines[1]).toContainEqual(span('DROP', 'alert'));
    expect(widthOf(lines[0]!)).toBeLessThanOrEqual(11);
  });
});

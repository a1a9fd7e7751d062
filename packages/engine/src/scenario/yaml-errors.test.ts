/**
 * YAML problems located at the text at fault: an alias without its anchor,
 * aliases that multiply past the expansion limit, a key indented wrongly.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';

function problems(text: string): string[] {
  return loadScenario(text, 'y.yaml').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('YAML problems located', () => {
  it('an alias whose anchor does not exist: at the alias', () => {
    expect(problems('hosts:\n  a:\n    interfaces: *nowhere\n')).toEqual(['3:17: YAML: Unresolved alias (the anchor must be set before the alias): nowhere']);
  });

  it('an alias used before its anchor: at that alias, not at a later one that resolves', () => {
    expect(problems('a: *x\nb: &x 1\nc: *x\n')).toEqual(['1:4: YAML: Unresolved alias (the anchor must be set before the alias): x']);
  });

  it('aliases that multiply ("billion laughs"): at the first alias of a node that itself holds aliases', () => {
    const text = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');
    expect(problems(text)).toEqual(['3:8: YAML: Excessive alias count indicates a resource exhaustion attack']);
  });

  it('a key indented less than its siblings: at the key, not at the start of its line', () => {
    expect(problems('hosts:\n  a:\n    interfaces: {}\n   routes: []\n')[0]).toMatch(/^4:4: YAML: /);
  });
});

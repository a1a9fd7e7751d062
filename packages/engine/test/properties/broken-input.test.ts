/**
 * Whatever a reader types, the engine answers with located diagnostics and
 * never throws: arbitrary text, mutated scenarios, every value of a scenario
 * replaced by a value of the wrong type. A text that happens to load must
 * then simulate without throwing anything but located diagnostics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/diagnostics.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulate.js';
import { mutatedTextArb, NASTY, wrongTypeTextArb } from './arbitraries/mutations.js';
import { locationProblems } from './located.js';
import { propertyOptions } from './options.js';

const FILE = 'typed.yaml';

/** Loads and, when that succeeds, simulates; returns the diagnostics, after checking that each is located in `text`. */
function answer(text: string): string[] {
  const loaded = loadScenario(text, FILE);
  let diagnostics = loaded.diagnostics;
  if (loaded.scenario) {
    expect(diagnostics).toEqual([]);
    try {
      simulate(loaded.scenario, { seed: 1 });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      diagnostics = [...error.diagnostics];
    }
  } else {
    expect(diagnostics.length).toBeGreaterThan(0);
  }
  expect(locationProblems(diagnostics, text, FILE)).toEqual([]);
  return diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

/** Lines of YAML-ish text: keys, list items, flow collections and nasty words, indented at random. */
const yamlishArb = fc
  .array(
    fc.tuple(fc.constantFrom('', '  ', '    ', '\t', '- ', '  - '), fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom('hosts:', 'links:', 'flows:', 'interfaces:', 'iptables: |', 'from:', 'to:', 'routes:', 'a', 'h0', 'e0: 10.1.0.1/24')), { maxLength: 4 })),
    { maxLength: 12 },
  )
  .map((lines) => lines.map(([indent, words]) => indent + words.join(' ')).join('\n'));

describe('broken input', () => {
  it('arbitrary text: located diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 200 }), yamlishArb), (text) => {
        answer(text);
      }),
      propertyOptions(3000),
    );
  }, 120_000);

  it('mutated scenarios: located diagnostics or a trace, never an exception', () => {
    fc.assert(
      fc.property(mutatedTextArb, (text) => {
        answer(text);
      }),
      propertyOptions(1000),
    );
  }, 120_000);

  it('a value of the wrong type anywhere: located diagnostics or a trace, never an exception', () => {
    fc.assert(
      fc.property(wrongTypeTextArb, (text) => {
        answer(text);
      }),
      propertyOptions(700),
    );
  }, 120_000);
});

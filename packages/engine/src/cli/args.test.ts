import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it.each([
    ['a file, defaults', ['trace', 'a.yaml'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 1 }],
    ['standard input', ['trace', '-'], { kind: 'trace', file: '-', format: 'table', seed: 1 }],
    ['--format json', ['trace', 'a.yaml', '--format', 'json'], { kind: 'trace', file: 'a.yaml', format: 'json', seed: 1 }],
    ['--format=conntrack before the file', ['trace', '--format=conntrack', 'a.yaml'], { kind: 'trace', file: 'a.yaml', format: 'conntrack', seed: 1 }],
    ['--seed 7', ['trace', 'a.yaml', '--seed', '7'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 7 }],
    ['--seed=0', ['trace', 'a.yaml', '--seed=0'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 0 }],
    ['--color', ['trace', 'a.yaml', '--color'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 1, color: true }],
    ['the last colour flag wins', ['trace', 'a.yaml', '--color', '--no-color'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 1, color: false }],
    ['-- lets a file start with a dash', ['trace', '--', '-odd.yaml'], { kind: 'trace', file: '-odd.yaml', format: 'table', seed: 1 }],
    ['--explore', ['trace', 'a.yaml', '--explore'], { kind: 'trace', file: 'a.yaml', format: 'table', seed: 1, explore: true }],
    ['--explore as JSON', ['trace', '--explore', '--format=json', 'a.yaml'], { kind: 'trace', file: 'a.yaml', format: 'json', seed: 1, explore: true }],
    ['compile a file', ['compile', 'a.yaml'], { kind: 'compile', file: 'a.yaml' }],
    ['compile standard input', ['compile', '-'], { kind: 'compile', file: '-' }],
    ['--help anywhere', ['trace', 'a.yaml', '--help'], { kind: 'help' }],
    ['-h', ['-h'], { kind: 'help' }],
    ['--version', ['--version'], { kind: 'version' }],
  ])('%s', (_name, argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each([
    ['nothing', [], 'no command given'],
    ['an unknown command', ['run', 'a.yaml'], "unknown command 'run'"],
    ['trace without a file', ['trace'], 'trace needs a FILE, or - to read standard input'],
    ['two files', ['trace', 'a.yaml', 'b.yaml'], "unexpected argument 'b.yaml': trace takes one FILE"],
    ['an unknown option', ['trace', 'a.yaml', '--verbose'], "unknown option '--verbose'"],
    ['an unknown format', ['trace', 'a.yaml', '--format', 'xml'], "--format must be table, json or conntrack, not 'xml'"],
    ['--format without a value', ['trace', 'a.yaml', '--format'], '--format needs a value: table, json or conntrack'],
    ['a negative seed', ['trace', 'a.yaml', '--seed', '-1'], "--seed must be an integer from 0 to 4294967295, not '-1'"],
    ['a seed too large for 32 bits', ['trace', 'a.yaml', '--seed=4294967296'], "--seed must be an integer from 0 to 4294967295, not '4294967296'"],
    ['a fractional seed', ['trace', 'a.yaml', '--seed', '1.5'], "--seed must be an integer from 0 to 4294967295, not '1.5'"],
    ['a value given to --color', ['trace', 'a.yaml', '--color=always'], '--color takes no value'],
    ['--explore with conntrack tables', ['trace', 'a.yaml', '--explore', '--format', 'conntrack'], '--explore lists branches as a table or as JSON, not as conntrack tables'],
    ['compile without a file', ['compile'], 'compile needs a FILE, or - to read standard input'],
    ['compile with two files', ['compile', 'a.yaml', 'b.yaml'], "unexpected argument 'b.yaml': compile takes one FILE"],
    ['compile with an option', ['compile', 'a.yaml', '--seed=3'], "unknown option '--seed'"],
  ])('rejects %s', (_name, argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'usage-error', message });
  });
});

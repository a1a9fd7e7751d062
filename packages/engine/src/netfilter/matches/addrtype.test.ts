/** -m addrtype (xt_addrtype.c): the route type of the source or destination. */
import { describe, expect, it } from 'vitest';
import { context, ruleMatches, ruleOf, type ContextSpec } from '../test-support.js';

const LOCAL = ['10.0.0.2', '127.0.0.1'];

describe('addrtype match', () => {
  it.each<[string, ContextSpec, boolean]>([
    ['--dst-type LOCAL', { dst: '10.0.0.2' }, true],
    ['--dst-type LOCAL', { dst: '10.0.0.9' }, false],
    ['! --dst-type LOCAL', { dst: '10.0.0.9' }, true],
    ['--src-type LOCAL', { src: '127.0.0.1' }, true],
    ['--dst-type UNICAST', { dst: '10.0.0.9' }, true],
    ['--dst-type LOCAL,UNICAST', { dst: '10.0.0.9' }, true],
    ['--dst-type local', { dst: '10.0.0.2' }, true],
    ['--src-type LOCAL --dst-type LOCAL', { src: '10.0.0.2', dst: '10.0.0.9' }, false],
    ['--src-type LOCAL ! --dst-type LOCAL', { src: '10.0.0.2', dst: '10.0.0.9' }, true],
  ])('%s', (option, spec, expected) => {
    expect(ruleMatches(ruleOf(`-A INPUT -m addrtype ${option} -j ACCEPT`), context({ ...spec, local: LOCAL }))).toBe(expected);
  });
});

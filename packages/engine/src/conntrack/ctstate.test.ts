import { describe, expect, it } from 'vitest';
import { ctStateMatches, ctStates, ctStatusMatches, stateMatches, type CtStateName } from './ctstate.js';
import { range, route } from './nat-router.fixture.js';
import { udp } from './packets.fixture.js';
import { ConntrackTable } from './table.js';
import type { CtInfo } from './types.js';

function infos(): { dnat: CtInfo; snat: CtInfo; plain: CtInfo; reply: CtInfo } {
  const table = new ConntrackTable();
  const dnat = route(table, udp('198.51.100.20:40000', '203.0.113.1:8080'), { dnat: range('10.0.0.5:80') }).track.info;
  const snat = route(table, udp('10.1.0.2:40000', '203.0.113.100:53'), { snat: range('198.51.100.7') }).track.info;
  const plain = route(table, udp('10.1.0.3:40000', '203.0.113.100:53'), {}).track.info;
  const reply = route(table, udp('203.0.113.100:53', '10.1.0.3:40000'), {}).track.info;
  return { dnat, snat, plain, reply };
}

describe('--ctstate', () => {
  it('adds the virtual SNAT and DNAT states from the NAT status bits', () => {
    const { dnat, snat, plain } = infos();
    expect([...ctStates(dnat)]).toEqual(['NEW', 'DNAT']);
    expect([...ctStates(snat)]).toEqual(['NEW', 'SNAT']);
    expect([...ctStates(plain)]).toEqual(['NEW']);
  });

  it.each([
    ['DNAT', 'dnat', true],
    ['SNAT', 'dnat', false],
    ['NEW,ESTABLISHED', 'reply', true],
    ['RELATED', 'reply', false],
  ] as const)('--ctstate %s on the %s packet: %s', (list, which, expected) => {
    expect(ctStateMatches(infos()[which], list.split(',') as CtStateName[])).toBe(expected);
  });

  it('INVALID and UNTRACKED packets are in exactly that state', () => {
    expect(ctStateMatches({ state: 'INVALID' }, ['INVALID'])).toBe(true);
    expect(stateMatches({ state: 'UNTRACKED' }, ['NEW', 'UNTRACKED'])).toBe(true);
  });
});

describe('--ctstatus', () => {
  it.each([
    ['CONFIRMED', 'plain', true],
    ['SEEN_REPLY', 'plain', true],
    ['SEEN_REPLY', 'snat', false],
    ['ASSURED', 'reply', false],
    ['NONE', 'plain', false],
  ] as const)('--ctstatus %s on the %s connection: %s', (name, which, expected) => {
    expect(ctStatusMatches(infos()[which], [name])).toBe(expected);
  });

  it('never matches without an entry', () => {
    expect(ctStatusMatches({ state: 'INVALID' }, ['CONFIRMED'])).toBe(false);
  });
});

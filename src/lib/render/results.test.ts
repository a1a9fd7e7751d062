import { readFileSync } from 'node:fs';
import { traceScenarioText, type Trace } from '@packetwalk/engine';
import { describe, expect, it } from 'vitest';
import { resultsHtml, sourceHtml } from './results.js';

function trace(file: string): Trace {
  const result = traceScenarioText(readFileSync(file, 'utf8'), file);
  if (!result.trace) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.trace;
}

const HOME = 'content/scenarios/home-router-masquerade.yaml';

describe('resultsHtml', () => {
  const page = resultsHtml(trace(HOME), { id: 'home' }).value;

  it('has one section per flow and one table per packet', () => {
    // The home router scenario has 4 flows: TCP handshake (3 packets), UDP (2), ping (2), refused TCP (2).
    expect(page.match(/<div class="pw-flow"/g)).toHaveLength(4);
    expect(page.match(/<table class="pw-table pw-hops/g)).toHaveLength(9);
  });

  it('marks the masqueraded source as rewritten, before and after', () => {
    expect(page).toContain('<del>192.168.1.10</del> → <mark>198.51.100.7</mark>');
  });

  it('marks on the wire the field that changed since the previous link', () => {
    // The SYN leaves the router with its source rewritten: the second crossing marks the source address only.
    expect(page).toContain('<code><mark>198.51.100.7</mark>:40000 → 198.51.100.20:80</code>');
  });

  it('links each rule to its line in the scenario source', () => {
    // `-A POSTROUTING -o wan -j MASQUERADE` is line 25 of the file.
    expect(page).toContain('href="#home-src-L25"');
  });

  it('shows the NAT in the conntrack reply tuple', () => {
    expect(page).toMatch(/<mark>dst=198\.51\.100\.7<\/mark>/);
  });

  it('tags hops with step numbers shared by table and diagram', () => {
    const flow1 = page.slice(0, page.indexOf('data-flow="2"'));
    // SYN: laptop, router, server; SYN-ACK: server, router, laptop; ACK: laptop, router, server.
    for (let step = 0; step < 9; step++) {
      expect(flow1).toContain(`<tbody data-step="${step}">`);
      expect(flow1).toContain(`<g class="pw-hop-shapes" data-step="${step}">`);
    }
    expect(flow1).not.toContain('data-step="9"');
  });
});

describe('escaping scenario text', () => {
  const hostile = readFileSync(HOME, 'utf8')
    .replace('title: Home router masquerade', 'title: "<img src=x onerror=alert(1)>"')
    .replace('-A POSTROUTING -o wan -j MASQUERADE', '-A POSTROUTING -o wan -m comment --comment "<script>x</script>" -j MASQUERADE');

  it.each([
    ['the results', resultsHtml(trace(HOME.replace('.yaml', '.yaml')), { id: '"><b>' }).value],
    ['a hostile rule comment', resultsHtml(traceScenarioText(hostile, 'x.yaml').trace!, { id: 'x' }).value],
    ['the source', sourceHtml(hostile, 'x').value],
    ['the source named by a hostile title', sourceHtml('a: 1', 'x', '"><b><img src=x>').value],
  ])('never lets markup through in %s', (_name, out) => {
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('"><b>');
  });
});

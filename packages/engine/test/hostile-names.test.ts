/**
 * Hostile text in a scenario is shown as text. Where the format takes any
 * text — the title, link names, user chain names, rule comments, LOG
 * prefixes — markup and terminal escapes reach every view: the terminal views
 * show control characters as `\xNN` (with colour on, the only escapes are the
 * renderer's own), the JSON carries each string exactly and escaped, and the
 * CLI's diagnostics, which quote scenario text, never send a raw control
 * character either. Host and interface names are refused outright.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadScenario, renderConntrack, renderHopTable, renderJson, simulate, type Trace } from '../src/index.js';

const MARKUP = '<img src=x onerror=alert(1)>';
/** No blanks: iptables splits a chain name at them. 27 characters; iptables-nft takes up to 28. */
const MARKUP_CHAIN = '<svg/onload=alert(1)></svg>';
const SCRIPT_END = '</script>';
const LINK = 'javascript:alert(1)';

const HOSTILE = `title: "${MARKUP} \\e[31mred\\e[0m ${SCRIPT_END}"
description: "${LINK} \\e]0;title\\a"
hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  router:
    forwarding: true
    interfaces: {a: 10.0.1.1/24, b: 10.0.2.1/24}
    iptables: "*filter\\n:${MARKUP_CHAIN} - [0:0]\\n:${SCRIPT_END} - [0:0]\\n:\\e[31mRED - [0:0]\\n-A FORWARD -j ${MARKUP_CHAIN}\\n-A ${MARKUP_CHAIN} -m comment --comment \\"${MARKUP} \\e[2J\\" -j ${SCRIPT_END}\\n-A ${SCRIPT_END} -j LOG --log-prefix \\"\\e]0;pwned\\a${SCRIPT_END}\\"\\n-A ${SCRIPT_END} -j \\e[31mRED\\n-A \\e[31mRED -j ACCEPT\\nCOMMIT\\n"
  server:
    interfaces: {eth0: 10.0.2.20/24}
    routes: [default via 10.0.2.1]
    listen: [tcp/80]
links:
  "${MARKUP}": [client:eth0, router:a]
  "\\e[31m${LINK}\\e[0m": [router:b, server:eth0]
flows:
  - {from: client, to: "10.0.2.20:80"}
`;

/** Control characters a terminal acts on; a newline ends a line and is the only one allowed. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** The renderer's own colours: SGR sequences of digits and semicolons. */
const OWN_SGR = /\u001b\[[0-9;]*m/g;

function traced(): Trace {
  const loaded = loadScenario(HOSTILE, 'hostile.yaml');
  expect(loaded.diagnostics).toEqual([]);
  return simulate(loaded.scenario!, { seed: 1 });
}

async function cliErrors(text: string): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk: Buffer | string, _e, done) => (into.push(String(chunk)), done()) });
  const code = await main(['trace', '-'], { stdin: Readable.from([text]), stdout: sink([]), stderr: sink(err), readFile: async () => '', env: {} });
  return { code, stderr: err.join('') };
}

describe('hostile text in a scenario', () => {
  const trace = traced();

  it('is carried through: the trace passes the hostile chain and both hostile links', () => {
    expect(trace.flows[0]!.outcome).toBe('connected');
    const rules = trace.flows[0]!.packets[0]!.hops.flatMap((h) => h.steps).filter((s) => s.kind === 'rule');
    expect(rules.map((s) => s.chain)).toEqual(expect.arrayContaining([MARKUP_CHAIN, SCRIPT_END, '\u001b[31mRED']));
    expect(trace.flows[0]!.packets[0]!.wire.map((w) => w.link)).toEqual([MARKUP, `\u001b[31m${LINK}\u001b[0m`]);
  });

  it('the hop table shows it as text: markup as written, control characters as \\xNN', () => {
    const table = renderHopTable(trace);
    expect(table).not.toMatch(RAW_CONTROL);
    for (const text of [MARKUP, MARKUP_CHAIN, SCRIPT_END, '\\x1b[31mred\\x1b[0m', `\\x1b[31m${LINK}\\x1b[0m`, '\\x1b[31mRED', '\\x1b[2J', '\\x1b]0;pwned\\x07']) {
      expect(table).toContain(text);
    }
  });

  it('with colour on, the only escapes are the renderer\'s own colours', () => {
    const table = renderHopTable(trace, { color: true, width: 100 });
    expect(table).toMatch(OWN_SGR);
    expect(table.replace(OWN_SGR, '')).not.toMatch(RAW_CONTROL);
    expect(table).toContain('\\x1b[31mred');
  });

  it('the conntrack view holds no raw control character', () => {
    expect(renderConntrack(trace)).not.toMatch(RAW_CONTROL);
  });

  it('the JSON carries each string exactly, escaped as JSON escapes it', () => {
    const json = renderJson(trace);
    expect(json).not.toMatch(RAW_CONTROL);
    const data = JSON.parse(json) as { title: string; flows: { packets: { wire: { link: string }[] }[] }[] };
    expect(data.title).toBe(`${MARKUP} \u001b[31mred\u001b[0m ${SCRIPT_END}`);
    expect(data.flows[0]!.packets[0]!.wire[0]!.link).toBe(MARKUP);
  });

  it('the CLI quotes hostile text in its diagnostics without a raw control character', async () => {
    const text = `hosts:\n  a:\n    "\\e[2J\\e[31m${MARKUP}": 1\n  "\\e]0;x\\a${SCRIPT_END}":\n    interfaces: {eth0: 10.0.0.1/24}\n`;
    const { code, stderr } = await cliErrors(text);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain(`<stdin>:3:5: unknown key '\\x1b[2J\\x1b[31m${MARKUP}'`);
    expect(stderr).toContain(`<stdin>:4:3: host name '\\x1b]0;x\\x07${SCRIPT_END}' may only contain lower-case letters, digits and '-'`);
  });

  it.each([
    { what: 'a host name with markup', text: `hosts:\n  "${MARKUP}":\n    interfaces: {eth0: 10.0.0.1/24}\n`, at: '2:3', message: /^host name '.*' may only contain/ },
    { what: 'an interface name with markup', text: `hosts:\n  a:\n    interfaces: {"${SCRIPT_END}": 10.0.0.1/24}\n`, at: '3:18', message: /^interface name '.*' may only contain/ },
    { what: 'a chain name longer than iptables takes', text: `hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\n    iptables: "*filter\\n:${MARKUP_CHAIN}xx - [0:0]\\nCOMMIT\\n"\n`, at: '4:26', message: /too long/ },
  ])('$what is refused, located', ({ text, at, message }) => {
    const { diagnostics } = loadScenario(text, 'names.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(`${diagnostics[0]!.line}:${diagnostics[0]!.column}`).toBe(at);
    expect(diagnostics[0]!.message).toMatch(message);
  });
});

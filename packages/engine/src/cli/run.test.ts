import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type Diagnostic } from '../diagnostics.js';
import { renderConntrack } from '../render/conntrack.js';
import { renderHopTable } from '../render/hop-table.js';
import { renderExploreJson, renderExploreText } from '../render/explore.js';
import { renderJson } from '../render/json.js';
import type { Scenario } from '../scenario/types.js';
import type { FlowExploration } from '../sim/explore.js';
import { homeRouterTrace } from '../testing/traces/home-router.js';
import { run, type CliIo, type Engine } from './run.js';
import { USAGE } from './usage.js';
import { VERSION } from './version.js';

interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the engine was asked: the file name it was given and the seed. */
  loadedAs?: string;
  seed?: number;
}

interface FakeOptions {
  files?: Record<string, string>;
  stdin?: string;
  env?: Record<string, string | undefined>;
  tty?: { columns: number };
  engine?: Partial<Engine>;
  /** The error code readFile fails with for any file not in `files`. */
  readError?: string;
}

function sink(into: string[], tty?: { columns: number }): NodeJS.WritableStream {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      into.push(String(chunk));
      done();
    },
  });
  return tty ? Object.assign(stream, { isTTY: true, columns: tty.columns }) : stream;
}

const scenarioStub = (file: string): Scenario => ({ file, hosts: [], links: [], flows: [] });

/** Runs the CLI on fake streams; the fake loader reads `BAD` lines as problems at that line. */
async function cli(argv: string[], options: FakeOptions = {}): Promise<FakeRun> {
  const out: string[] = [];
  const err: string[] = [];
  const result: Partial<FakeRun> = {};
  const engine: Engine = {
    loadScenario(text, file) {
      result.loadedAs = file;
      const diagnostics: Diagnostic[] = text
        .split('\n')
        .flatMap((line, i) => (line.startsWith('BAD') ? [{ file, line: i + 1, column: 1, message: line.slice(4) }] : []));
      return diagnostics.length > 0 ? { diagnostics } : { scenario: scenarioStub(file), diagnostics };
    },
    simulate(_scenario, { seed }) {
      result.seed = seed;
      return homeRouterTrace;
    },
    ...options.engine,
  };
  const io: CliIo = {
    stdin: Readable.from([options.stdin ?? '']),
    stdout: sink(out, options.tty),
    stderr: sink(err),
    readFile: async (path) => {
      const text = options.files?.[path];
      const code = options.readError ?? 'ENOENT';
      if (text === undefined) throw Object.assign(new Error(`${code}: cannot open '${path}'`), { code });
      return text;
    },
    env: options.env ?? {},
  };
  const code = await run(argv, io, engine);
  return { ...result, code, stdout: out.join(''), stderr: err.join('') };
}

const files = { 'home.yaml': 'hosts: {}\n' };

describe('packetwalk trace: exit 0, the trace on stdout', () => {
  it.each([
    ['table', [], renderHopTable(homeRouterTrace)],
    ['json', ['--format', 'json'], renderJson(homeRouterTrace)],
    ['conntrack', ['--format', 'conntrack'], renderConntrack(homeRouterTrace)],
  ])('prints the %s view', async (_name, extra, expected) => {
    const r = await cli(['trace', 'home.yaml', ...extra], { files });
    expect(r).toMatchObject({ code: 0, stdout: expected, stderr: '', loadedAs: 'home.yaml', seed: 1 });
  });

  it('passes --seed to the simulator', async () => {
    expect((await cli(['trace', 'home.yaml', '--seed', '42'], { files })).seed).toBe(42);
  });

  it('reads standard input for -, naming it <stdin>', async () => {
    const r = await cli(['trace', '-'], { stdin: 'hosts: {}\n' });
    expect(r).toMatchObject({ code: 0, loadedAs: '<stdin>' });
  });

  it('exits 0 whatever the packets met (the trace has a refused and an unreachable flow)', async () => {
    expect((await cli(['trace', 'home.yaml'], { files })).code).toBe(0);
  });
});

describe('colour and width', () => {
  const ESC = '\u001b[';
  it.each([
    ['off into a pipe', [], {}, undefined, false],
    ['on in a terminal', [], {}, { columns: 200 }, true],
    ['off in a terminal with NO_COLOR set', [], { NO_COLOR: '1' }, { columns: 200 }, false],
    ['on in a terminal when NO_COLOR is empty (no-color.org)', [], { NO_COLOR: '' }, { columns: 200 }, true],
    ['forced by --color into a pipe', ['--color'], {}, undefined, true],
    ['forced off by --no-color in a terminal', ['--no-color'], {}, { columns: 200 }, false],
    ['never in JSON', ['--format', 'json', '--color'], {}, { columns: 200 }, false],
  ])('is %s', async (_name, extra, env, tty, colored) => {
    const r = await cli(['trace', 'home.yaml', ...extra], { files, env, ...(tty ? { tty } : {}) });
    expect(r.stdout.includes(ESC)).toBe(colored);
  });

  it('wraps the table to the terminal width, and only in a terminal', async () => {
    const narrow = await cli(['trace', 'home.yaml', '--no-color'], { files, tty: { columns: 80 } });
    expect(narrow.stdout).toBe(renderHopTable(homeRouterTrace, { width: 80 }));
    expect(narrow.stdout).not.toBe(renderHopTable(homeRouterTrace));
  });
});

describe('exit 2: a bad scenario, every problem located', () => {
  it('prints FILE:LINE:COLUMN: message for every problem, in file order, and nothing on stdout', async () => {
    const text = 'hosts:\nBAD second problem\nok\nBAD first? no, third line\n';
    const r = await cli(['trace', 'bad.yaml'], { files: { 'bad.yaml': text } });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('bad.yaml:2:1: second problem\nbad.yaml:4:1: first? no, third line\n');
  });

  it('names standard input <stdin> in its problems', async () => {
    const r = await cli(['trace', '-'], { stdin: 'BAD unknown key\n' });
    expect(r).toMatchObject({ code: 2, stderr: '<stdin>:1:1: unknown key\n' });
  });

  it('reports problems the simulator finds while building the network the same way', async () => {
    const engine = {
      simulate: () => {
        throw new ScenarioError([{ file: 'home.yaml', line: 9, column: 5, message: 'link home: no interface router:lan' }]);
      },
    };
    const r = await cli(['trace', 'home.yaml'], { files, engine });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'home.yaml:9:5: link home: no interface router:lan\n' });
  });

  it('says in one line that a missing file cannot be read', async () => {
    const r = await cli(['trace', 'missing.yaml'], { files });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'packetwalk: cannot read missing.yaml: no such file\n' });
  });

  it.each([
    ['EISDIR', 'it is a directory'],
    ['EACCES', 'permission denied'],
    ['EIO', 'EIO'],
  ])('says why a file cannot be read (%s)', async (code, why) => {
    const r = await cli(['trace', 'x'], { readError: code });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `packetwalk: cannot read x: ${why}\n` });
  });
});

describe('exit 2: bad usage, with the usage line', () => {
  it.each([
    [[], 'packetwalk: no command given'],
    [['trace'], 'packetwalk: trace needs a FILE, or - to read standard input'],
    [['trace', 'home.yaml', '--format', 'xml'], "packetwalk: --format must be table, json or conntrack, not 'xml'"],
    [['frobnicate'], "packetwalk: unknown command 'frobnicate'"],
  ])('%j', async (argv, message) => {
    const r = await cli(argv, { files });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `${message}\n${USAGE}\n` });
  });
});

describe('--help and --version', () => {
  it('prints help on stdout and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`${USAGE}\n`)).toBe(true);
    for (const word of ['--format table', '--format json', '--format conntrack', '--seed N', '--color', 'NO_COLOR', 'Exit status']) {
      expect(r.stdout).toContain(word);
    }
  });

  it("prints the engine package's version", async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `packetwalk ${pkg.version}\n`, stderr: '' });
  });
});

describe('exit 1: an internal error is a bug, said in one line', () => {
  const engine = {
    simulate: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'dev')");
    },
  };
  const line = "packetwalk: internal error: Cannot read properties of undefined (reading 'dev') (this is a bug in packetwalk; PACKETWALK_DEBUG=1 shows where)\n";

  it('without a stack by default', async () => {
    const r = await cli(['trace', 'home.yaml'], { files, engine });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: line });
  });

  it('with the stack when PACKETWALK_DEBUG=1', async () => {
    const r = await cli(['trace', 'home.yaml'], { files, engine, env: { PACKETWALK_DEBUG: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(line)).toBe(true);
    expect(r.stderr).toContain('TypeError: Cannot read properties of undefined');
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('also when the loader gives neither a scenario nor a problem', async () => {
    const r = await cli(['trace', 'home.yaml'], { files, engine: { loadScenario: () => ({ diagnostics: [] }) } });
    expect(r.code).toBe(1);
  });
});

describe('trace --explore and compile', () => {
  const explored: FlowExploration[] = [{ index: 0, truncated: false, branches: [{ probability: 1, choices: [], flow: homeRouterTrace.flows[0]! }] }];

  it('--explore prints every branch, as a table or as JSON', async () => {
    const engine = { explore: () => explored };
    expect(await cli(['trace', 'home.yaml', '--explore'], { files, engine })).toMatchObject({ code: 0, stdout: renderExploreText(explored), stderr: '' });
    expect(await cli(['trace', 'home.yaml', '--explore', '--format', 'json'], { files, engine })).toMatchObject({ code: 0, stdout: renderExploreJson(explored) });
  });

  it('compile prints the expanded scenario, or exits 2 with its problems', async () => {
    const engine = {
      expandScenarioText: (text: string, file: string) =>
        text.startsWith('BAD') ? { diagnostics: [{ file, line: 1, column: 1, message: 'bad' }] } : { text: `# expanded\n${text}`, diagnostics: [] },
    };
    expect(await cli(['compile', 'home.yaml'], { files, engine })).toMatchObject({ code: 0, stdout: '# expanded\nhosts: {}\n', stderr: '' });
    expect(await cli(['compile', '-'], { stdin: 'BAD\n', engine })).toMatchObject({ code: 2, stdout: '', stderr: '<stdin>:1:1: bad\n' });
  });
});

#!/usr/bin/env node
// `npm run bench:web`: measures the blog's budgets on the built site (issue 5)
// and prints the figures. It asserts nothing: budgets are read, not tested.
//
//   JS transferred by a post before any interaction   ≤ 30 KB gzip
//   render-blocking editor CSS                        none
//   Lighthouse (mobile) performance / accessibility   ≥ 95 / 100 on every post
//   Edit pressed → editor usable                      ≤ 1.5 s (localhost)
//   edit → updated hop table                          ≤ 50 ms
//
// The site is served from dist/ by a small gzip-ing static server (like any
// static host), so transfer sizes are what a reader would download.
// Options: --no-build (use dist/ as it is), --no-lighthouse, --no-edit,
// --only=TEXT (posts whose path holds TEXT), --lighthouse-runs=N (best of N
// per post: other work on the machine makes single runs noisy), --details
// (Lighthouse's timings and LCP element per post).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const argv = process.argv.slice(2);
const args = new Set(argv);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};
const SYSTEM_CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

function build() {
  console.log('building the site (npm run build)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run build failed');
}

function serve() {
  // Compressed once per file, as a static host caches it, so compression time is not measured.
  const gzipped = new Map();
  const compress = (file, body) => gzipped.get(file) ?? gzipped.set(file, gzipSync(body)).get(file);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dist, path));
    if (!file.startsWith(dist)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '') && !/font|wasm/.test(type);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? compress(file, body) : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function postPaths() {
  const sitemap = readFileSync(join(dist, 'sitemap-0.xml'), 'utf8');
  return [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname).filter((p) => /\/posts\/[^/]+\/$/.test(p));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Bytes on the wire per resource type, from the page's first load to network idle, no interaction. */
async function initialTransfer(browser, origin, path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map();
  const sizes = { script: 0, stylesheet: 0, document: 0 };
  const scripts = [];
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => {
    const r = types.get(e.requestId);
    if (!r) return;
    const kind = r.type === 'Script' ? 'script' : r.type === 'Stylesheet' ? 'stylesheet' : r.type === 'Document' ? 'document' : undefined;
    if (kind) sizes[kind] += e.encodedDataLength;
    if (kind === 'script') scripts.push(r.url.replace(origin, ''));
  });
  await page.goto(origin + path, { waitUntil: 'networkidle' });
  const blocking = await page.evaluate(async () => {
    const links = [...document.querySelectorAll('link[rel="stylesheet"]')];
    const found = [];
    for (const link of links) {
      const text = await (await fetch(link.href)).text();
      if (/monaco|codicon/.test(text)) found.push(link.getAttribute('href'));
    }
    // The site's own CSS is inlined: Monaco's must not be among it either.
    for (const style of document.querySelectorAll('style')) if (/monaco|codicon/.test(style.textContent ?? '')) found.push('<style> in the page');
    return found;
  });
  await context.close();
  return { sizes, scripts, blocking };
}

/**
 * Edit → editor usable, in a fresh context (cold cache) each time. Both ends are
 * read in the page — from the Edit button's pointerdown to the first frame where
 * the editor has said it is ready and shows the scenario's lines — so Playwright's
 * own round trips (actionability checks, polling) are not counted.
 */
async function editTimes(browser, origin, path, runs) {
  const times = [];
  const updates = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin + path, { waitUntil: 'networkidle' });
    const pg = page.locator('[data-playground]').first();
    await pg.evaluate((el) => {
      const button = [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Edit');
      const pressed = new Promise((resolve) => button.addEventListener('pointerdown', () => resolve(performance.now()), { once: true }));
      const ready = new Promise((resolve) => el.addEventListener('packetwalk:editor-ready', resolve, { once: true }));
      // Usable: ready, and the editor shows the text (so it takes a keystroke).
      const shown = ready.then(
        () =>
          new Promise((resolve) => {
            const look = () => (el.querySelector('.monaco-editor .view-line') ? resolve(performance.now()) : requestAnimationFrame(look));
            look();
          }),
      );
      window.__pwEditTime = Promise.all([pressed, shown]).then(([start, end]) => end - start);
    });
    await pg.getByRole('button', { name: 'Edit' }).click();
    times.push(await page.evaluate(() => window.__pwEditTime));
    if (i === 0) updates.push(...(await editToTable(page, pg, 10)));
    await context.close();
  }
  return { times, updates };
}

/** Type a change, wait for the recomputed table; the debounce is excluded (it is a deliberate pause while typing). */
async function editToTable(page, pg, count) {
  const out = [];
  await pg.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < count; i++) {
    const done = pg.evaluate((el) => new Promise((resolve) => el.addEventListener('packetwalk:results', (e) => resolve(e.detail), { once: true })));
    await page.keyboard.type(i % 2 === 0 ? ' x' : '');
    if (i % 2 === 1) {
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
    }
    out.push(await done);
  }
  return out;
}

function lighthouse(url) {
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      ['--no-install', 'lighthouse', url, '--quiet', '--output=json', '--only-categories=performance,accessibility', '--form-factor=mobile', '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage'],
      { cwd: root, env: { ...process.env, ...(SYSTEM_CHROMIUM ? { CHROME_PATH: SYSTEM_CHROMIUM } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      try {
        const report = JSON.parse(out);
        const ms = (id) => Math.round(report.audits[id]?.numericValue ?? NaN);
        const lcpItem = report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
        resolve({
          performance: Math.round(report.categories.performance.score * 100),
          accessibility: Math.round(report.categories.accessibility.score * 100),
          details: `FCP ${ms('first-contentful-paint')} ms, LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, SI ${ms('speed-index')} ms, CLS ${report.audits['cumulative-layout-shift']?.numericValue?.toFixed(3)}${lcpItem?.snippet ? `; LCP element: ${lcpItem.snippet.slice(0, 90)}` : ''}`,
        });
      } catch {
        resolve({ error: err.trim().split('\n').pop() || 'no report' });
      }
    });
  });
}

function row(name, value, budget, ok) {
  console.log(`${name.padEnd(44)} ${String(value).padEnd(22)} ${budget.padEnd(12)} ${ok === undefined ? '' : ok ? 'within' : 'OVER'}`);
}

async function main() {
  if (!args.has('--no-build')) build();
  if (!existsSync(join(dist, 'sitemap-0.xml'))) throw new Error('dist/ has no site: run npm run build first');
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ ...(SYSTEM_CHROMIUM ? { executablePath: SYSTEM_CHROMIUM } : {}), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const only = option('only', '');
  const posts = postPaths().filter((p) => p.includes(only));
  try {
    console.log(`\n${'measure'.padEnd(44)} ${'figure'.padEnd(22)} ${'budget'.padEnd(12)} verdict`);
    for (const path of posts) {
      const t = await initialTransfer(browser, origin, path);
      const kb = t.sizes.script / 1024;
      row(`JS before interaction ${path.replace(/\/posts\/|\/$/g, '')}`.slice(0, 44), `${kb.toFixed(1)} KB gzip (${t.scripts.length} files)`, '≤ 30 KB', kb <= 30);
      row('  editor CSS in the page before Edit', t.blocking.length === 0 ? 'none' : t.blocking.join(' '), 'none', t.blocking.length === 0);
      row('  HTML / CSS transferred', `${(t.sizes.document / 1024).toFixed(1)} / ${(t.sizes.stylesheet / 1024).toFixed(1)} KB`, '', undefined);
    }
    if (!args.has('--no-edit')) await editRows(browser, origin, posts[0]);
    if (!args.has('--no-lighthouse')) {
      const runs = Number(option('lighthouse-runs', '1'));
      for (const path of posts) {
        let best;
        for (let i = 0; i < runs; i++) {
          const lh = await lighthouse(origin + path);
          if (!lh.error && (!best || lh.performance > best.performance)) best = lh;
          if (!best && i === runs - 1) best = lh;
        }
        const name = `Lighthouse mobile ${path.replace(/\/posts\/|\/$/g, '')}`.slice(0, 44);
        if (best.error) row(name, `failed: ${best.error}`.slice(0, 60), '≥ 95 / 100', false);
        else row(name, `perf ${best.performance} / a11y ${best.accessibility}${runs > 1 ? ` (best of ${runs})` : ''}`, '≥ 95 / 100', best.performance >= 95 && best.accessibility === 100);
        if (best.details && args.has('--details')) console.log(`  ${best.details}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

async function editRows(browser, origin, path) {
  const { times, updates } = await editTimes(browser, origin, path, 5);
  row('Edit → editor usable (median of 5, cold)', `${Math.round(median(times))} ms (${times.map(Math.round).join(', ')})`, '≤ 1500 ms', median(times) <= 1500);
  const totals = updates.map((u) => u.totalMs);
  const engine = updates.map((u) => u.engineMs);
  row('edit → updated table (median of 10)', `${median(totals).toFixed(1)} ms`, '≤ 50 ms', median(totals) <= 50);
  row('  of which engine + render in the worker', `${median(engine).toFixed(1)} ms`, '', undefined);
  row('  slowest of 10', `${Math.max(...totals).toFixed(1)} ms`, '', undefined);
}

main().catch((error) => {
  console.error(`bench:web: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

/**
 * Scenarios at packetwalk's limits in the playground (issue 6, item 3): a
 * 14 MB scenario of 200,000 iptables rules, 5 MB of YAML flows, a routing
 * loop, 1,000 flows. Each is generated here and pasted into the editor. The
 * engine runs in a worker, so while it works the page must go on answering:
 * typed text reaches the editor, the step buttons step, and the newer text
 * replaces the run for the older. Then the result or the limit's message
 * shows. The assertions are about behaviour (what the page shows, and in
 * which order); the one timing figure, the longest gap between two frames
 * while the engine works, is only held to a generous bound that a page
 * blocked by the engine (seconds per run) could not meet.
 */
import { expect, test, type Page } from '@playwright/test';
import { denseFlows, routerScenario, routingLoop, unmatchedDrops } from '../../packages/engine/bench/limit-scenarios.mjs';
import { pasteScenario } from './paste';

const ID = 'home-router-masquerade';
const PAGE = `/playground/${ID}/`;

function parts(page: Page) {
  const pg = page.locator(`[data-playground][data-id="${ID}"]`);
  return {
    pg,
    status: pg.locator('[data-engine-status]'),
    stepStatus: pg.locator('[data-step-status]'),
    results: pg.locator('[data-results]'),
  };
}

async function openEditor(page: Page): Promise<void> {
  const { pg } = parts(page);
  await page.goto(PAGE);
  await pg.getByRole('button', { name: 'Edit' }).click();
  await expect(pg.locator('.monaco-editor .view-line').first()).toBeVisible();
}

/** Starts noting, at every frame, how long the frame before took; `longestFrameGap` reads the longest since `from`. */
async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: [number, number][] };
    w.__frames = [];
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push([now, now - last]);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

async function longestFrameGap(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    ([from, to]) => Math.max(0, ...(window as unknown as { __frames: [number, number][] }).__frames.filter(([t]) => t > from && t <= to).map(([, gap]) => gap)),
    [from, to] as const,
  );
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('200,000 rules: while the engine works the page takes typing and clicks, the newer text wins, then the flow is traced', async ({ page }) => {
  test.setTimeout(240_000);
  const { pg, status, stepStatus, results } = parts(page);
  await openEditor(page);
  await watchFrames(page);
  const text = routerScenario(unmatchedDrops(200_000), 1);
  expect(text.length).toBeGreaterThan(10_000_000);
  await pasteScenario(page, pg, text);

  // The engine has been at it long enough for the page to say so.
  await expect(status).toHaveText('Computing…', { timeout: 30_000 });
  const busyFrom = await now(page);

  // Typing reaches the editor while the engine still works on the pasted text.
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# typed while the engine runs');
  await expect(pg.locator('.view-line', { hasText: '# typed while the engine runs' })).toBeVisible();
  await expect(status).toHaveText('Computing…');
  await expect(results).toHaveAttribute('aria-busy', 'true');

  // Another control answers too: the step-through of the results on show steps.
  await pg.getByRole('button', { name: 'Step forward' }).click();
  await expect(stepStatus).toHaveText(/^Step 1 of \d+/);
  await expect(status).toHaveText('Computing…');

  // The run for the newer text (the typed comment changes nothing) ends with the trace.
  await expect(status).toHaveText('Traced: 1 flow.', { timeout: 180_000 });
  const busyTo = await now(page);
  await expect(results).not.toHaveAttribute('aria-busy');
  await expect(results.getByRole('heading', { name: /Flow 1: client → 192\.168\.0\.2:80/ })).toContainText('connected');
  await expect(pg.locator('[data-problems]')).toBeHidden();

  const gap = await longestFrameGap(page, busyFrom, busyTo);
  test.info().annotations.push({ type: 'longest frame gap while the engine worked', description: `${Math.round(gap)} ms` });
  expect(gap).toBeLessThan(3_000);
});

test('5 MB of YAML flows stop at the YAML token limit, named in the status line and the problem list', async ({ page }) => {
  test.setTimeout(120_000);
  const { pg, status } = parts(page);
  await openEditor(page);
  const text = denseFlows(100_000);
  expect(text.length).toBeGreaterThan(5_000_000);
  await pasteScenario(page, pg, text);
  // Typing at the top meanwhile: the page takes it, and the run for the newer text replaces the older.
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('# 5 MB\n');
  await expect(pg.locator('.view-line', { hasText: '# 5 MB' })).toBeVisible();
  await expect(status).toContainText('more than 200,000 YAML tokens', { timeout: 90_000 });
  await expect(status).toContainText('1 problem; line');
  await expect(pg.locator('[data-problems]')).toContainText('more than 200,000 YAML tokens');
  // The published results stay.
  await expect(page.getByRole('table', { name: /#1 SYN/ }).first()).toContainText('198.51.100.7:40000 → 198.51.100.20:80');
});

test('a routing loop: the SYN circles until its TTL runs out and the ICMP time exceeded comes back', async ({ page }) => {
  const { pg, status, results } = parts(page);
  await openEditor(page);
  await pasteScenario(page, pg, routingLoop(1));
  await expect(status).toHaveText('Traced: 1 flow.', { timeout: 30_000 });
  await expect(results.getByRole('heading', { name: /Flow 1: client → 10\.0\.9\.9:80/ })).toContainText('unreachable');
  await expect(results).toContainText('icmp-time-exceeded');
  // 64 hops out (TTL 64 down to 0 across r1 and r2), then the error back: the step-through counts them.
  await pg.getByRole('button', { name: 'Step forward' }).click();
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 1 of \d{2,}: #1 SYN at client/);
});

test('1,000 flows caught in a routing loop: traced, and the page shows the flows that fit its limits and says so', async ({ page }) => {
  test.setTimeout(120_000);
  const { pg, status, results } = parts(page);
  await openEditor(page);
  await pasteScenario(page, pg, routingLoop(1_000));
  await expect(status).toContainText('This scenario traced 1,000 flows; the page shows the first', { timeout: 90_000 });
  await expect(status).toContainText('The CLI prints every flow');
  await expect(results.locator('[data-page-limit]')).toContainText('at most 50 flows and 2,000 table rows');
  const shown = await results.locator('.pw-flow').count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(50);
  await expect(pg.getByRole('tab')).toHaveCount(shown);
});

test('1,000 flows through a router: traced; the page shows 50 of them as tabs and says so', async ({ page }) => {
  test.setTimeout(120_000);
  const { pg, status, results } = parts(page);
  await openEditor(page);
  await pasteScenario(page, pg, routerScenario(['-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT'], 1_000));
  // Meanwhile the page answers: a step forward in the results on show.
  await pg.getByRole('button', { name: 'Step forward' }).click();
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 1 of/);
  await expect(status).toContainText('This scenario traced 1,000 flows; the page shows the first 50 ', { timeout: 90_000 });
  await expect(results.locator('.pw-flow')).toHaveCount(50);
  await expect(pg.getByRole('tab')).toHaveCount(50);
  await expect(pg.getByRole('tab').last()).toContainText('50');
  // The conntrack tables are those at the end of all 1,000 flows.
  await expect(results.locator('.pw-conntrack')).toContainText('sport=2999');
});

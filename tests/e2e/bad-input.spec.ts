/**
 * Every scenario of the bad-input corpus (tests/bad-input/index.json) in the
 * playground, as a reader would bring it: a share link holding its text. The
 * editor must mark each expected problem at exactly its line and column with
 * its message, the page must say it in words, and the published results must
 * stay. One page takes every case in turn: a share link for the page that is
 * open changes only the fragment, and the playground loads it into the editor.
 *
 * The markers are read the way a keyboard or screen-reader user reads them:
 * Alt+F8 (Monaco's "Go to next problem") opens the problem widget, whose alert
 * is labelled "LINE TEXT, Error: MESSAGE at LINE:COLUMN." — exact positions,
 * with no test hook in the page.
 *
 * The oversized inputs (tests/bad-input/oversized.mjs) are pasted into the
 * editor instead (paste.ts), as a reader pastes a dump.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LIMITS } from '../../packages/engine/src/limits';
import { encodeScenario } from '../../src/lib/client/share-codec';
import { CORPUS_DIR, type BadInputCase, type Expected } from '../bad-input/corpus.mjs';
import { oversizedCases } from '../bad-input/oversized.mjs';
import { pasteScenario } from './paste';

const ID = 'home-router-masquerade';
const PAGE = `/playground/${ID}/`;
const cases = (JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8')) as { cases: BadInputCase[] }).cases;

function parts(page: Page) {
  const pg = page.locator(`[data-playground][data-id="${ID}"]`);
  return {
    pg,
    status: pg.locator('[data-engine-status]'),
  };
}

/**
 * Every marker of the editor, as the problem widget words it: Alt+F8 once per
 * marker ("2 of 3 problems" tells how many; the widget starts at the marker
 * after the cursor and wraps around). monaco-yaml's schema markers come from
 * another worker, maybe later: the caller asks again when one it expects is
 * missing.
 */
async function markerLabels(page: Page, pg: Locator, enough: (labels: readonly string[]) => boolean): Promise<string[]> {
  await pg.locator('.monaco-editor textarea').focus();
  const labels: string[] = [];
  let counter = '';
  for (let pressed = 0, n = 1; pressed < n && !enough(labels); pressed++) {
    await page.keyboard.press('Alt+F8');
    // Read at every frame until the widget shows the next marker.
    const shown = await page.evaluate(async (before) => {
      for (const end = performance.now() + 2_000; performance.now() < end; ) {
        const widget = document.querySelector('.monaco-editor .peekview-widget');
        const counter = widget?.querySelector('.peekview-title .dirname')?.textContent ?? '';
        const label = widget?.querySelector('[role="alert"]')?.getAttribute('aria-label');
        if (/^\d+ of \d+ problems?$/.test(counter) && counter !== before && label) return { counter, label };
        await new Promise(requestAnimationFrame);
      }
      return undefined;
    }, counter);
    // The counter did not move (markers changed under the widget, or two share a place): the caller asks again.
    if (!shown) break;
    counter = shown.counter;
    n = Number(/of (\d+)/.exec(counter)![1]);
    labels.push(shown.label);
  }
  await page.keyboard.press('Escape');
  return labels;
}

/** Whether a widget label ("TEXT, Error: MESSAGE at LINE:COLUMN. ") is `e`'s marker. */
function isMarkerOf(label: string, e: Expected): boolean {
  const at = / at (\d+):(\d+)\. $/.exec(label);
  return at !== null && Number(at[1]) === e.line && (e.column === undefined || Number(at[2]) === e.column) && label.includes(e.contains);
}

async function expectMarkers(page: Page, pg: Locator, expected: readonly Expected[]): Promise<void> {
  let labels: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const all = (labels: readonly string[]) => expected.every((e) => labels.some((l) => isMarkerOf(l, e)));
    labels = await markerLabels(page, pg, all);
    if (all(labels)) break;
    await page.waitForTimeout(300);
  }
  for (const e of expected) expect.soft(labels.some((l) => isMarkerOf(l, e)), `a marker at ${e.line}:${e.column ?? '*'} saying "${e.contains}" among ${JSON.stringify(labels)}`).toBe(true);
}

/**
 * Waits, checking at every frame rather than at the test runner's widening
 * intervals, until the editor shows a line holding `line` and the engine has
 * answered (the results are no longer marked busy: the run for the text is
 * asked for as the text is set, before the editor draws it).
 */
async function settled(page: Page, line: string): Promise<void> {
  await page.waitForFunction(
    (line) =>
      [...document.querySelectorAll('.monaco-editor .view-line')].some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(line)) &&
      !document.querySelector('[data-results]')!.hasAttribute('aria-busy'),
    line,
    { timeout: 60_000 },
  );
}

/** What the page says about the scenario, read in one go. */
function pageWords(page: Page) {
  return page.evaluate((id) => {
    const pg = document.querySelector(`[data-playground][data-id="${id}"]`)!;
    const problems = pg.querySelector<HTMLElement>('[data-problems]')!;
    return {
      status: pg.querySelector('[data-engine-status]')?.textContent ?? '',
      problemsShown: !problems.hidden,
      problems: [...problems.querySelectorAll('li')].map((li) => li.textContent ?? ''),
      firstTable: pg.querySelector('[data-results] table')?.textContent ?? '',
    };
  }, ID);
}

/** After the engine has answered: the words, the list, every marker, and the published results. */
async function expectRefused(page: Page, expected: readonly Expected[]): Promise<void> {
  const words = await pageWords(page);
  const n = expected.length === 1 ? '1 problem' : `${expected.length} problems`;
  expect.soft(words.status, 'the status line').toContain(`${n}; line ${expected[0]!.line}, column`);
  expect.soft(words.status, 'the status line').toContain('results shown are from the last scenario that worked');
  expect.soft(words.problemsShown, 'the problem list is shown').toBe(true);
  for (const e of expected) {
    const where = e.column === undefined ? `line ${e.line}, column` : `line ${e.line}, column ${e.column}:`;
    expect.soft(words.problems.filter((p) => p.includes(where) && p.includes(e.contains)), `one listed problem at ${where} saying "${e.contains}"`).toHaveLength(1);
  }
  // The published scenario's first hop table stays, whatever was typed.
  expect.soft(words.firstTable, 'the results of the last scenario that worked').toContain('198.51.100.7:40000 → 198.51.100.20:80');
  await expectMarkers(page, parts(page).pg, expected);
}

test('every case of the bad-input corpus shows its markers, its problems in words, and keeps the results', async ({ page }) => {
  test.setTimeout(180_000);
  expect(cases.length).toBeGreaterThanOrEqual(50);
  await page.goto(PAGE);
  for (const c of cases) {
    await test.step(c.file, async () => {
      const text = readFileSync(join(CORPUS_DIR, c.file), 'utf8');
      await page.goto(`${PAGE}#edit=${ID}:${await encodeScenario(text)}`);
      // Each file's first line differs from the others'.
      await settled(page, text.split('\n')[0]!.slice(0, 60));
      await expectRefused(page, c.expect);
    });
  }
});

test('oversized inputs pasted into the editor stop at their limit with a marker', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { pg, status } = parts(page);
  await page.goto(PAGE);
  await pg.getByRole('button', { name: 'Edit' }).click();
  await expect(pg.locator('.monaco-editor .view-line').first()).toBeVisible();
  for (const c of oversizedCases(LIMITS)) {
    await test.step(c.name, async () => {
      await pasteScenario(page, pg, c.text);
      // A paste is debounced like typing: wait for this case's own message.
      await expect(status).toContainText(c.expect[0]!.contains, { timeout: 60_000 });
      await expectRefused(page, c.expect);
    });
  }
});

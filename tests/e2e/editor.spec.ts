import { expect, test, type Page } from '@playwright/test';
import { FIRST_POST } from './site-pages';

const EDITOR_CODE = /\/_astro\/(session|engine\.worker|yaml\.worker|editor\.worker)[^/]*\.js$/;
const HOME = '[data-playground][data-id="home-router-masquerade"]';

/** Puts the cursor at the end of the first editor line holding `text`. */
async function endOfLine(page: Page, text: string): Promise<void> {
  await page.locator(`${HOME} .view-line`, { hasText: text }).first().click();
  await page.keyboard.press('End');
}

async function openEditor(page: Page): Promise<void> {
  await page.locator(HOME).getByRole('button', { name: 'Edit' }).click();
  await expect(page.locator(`${HOME} .monaco-editor`)).toBeVisible();
  await expect(page.locator(`${HOME} .view-line`).first()).toBeVisible();
}

/** Changes the router's public address 198.51.100.7 to 198.51.100.9: MASQUERADE then uses the new one. */
async function moveRouterAddress(page: Page): Promise<void> {
  await endOfLine(page, 'wan: 198.51.100.7/24');
  for (let i = 0; i < '7/24'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('9/24');
}

function firstHopTable(page: Page) {
  return page.locator(HOME).getByRole('table', { name: /#1 SYN/ });
}

test('no editor code is requested before Edit is pressed', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(FIRST_POST);
  await page.waitForLoadState('networkidle');
  // Using the page's other controls must not load the editor either.
  await page.locator(HOME).getByRole('button', { name: 'Step forward' }).click();
  await page.locator(HOME).getByRole('tab', { name: /udp/ }).click();
  await page.mouse.wheel(0, 4000);
  await page.waitForTimeout(300);
  expect(requested.filter((p) => EDITOR_CODE.test(p))).toEqual([]);
  // No CSS of Monaco's is in the page, linked or inlined.
  const styles = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  for (const href of styles) expect(await (await page.request.get(href)).text()).not.toContain('monaco');
  expect(await page.locator('style').evaluateAll((els) => els.some((e) => /monaco|codicon/.test(e.textContent ?? '')))).toBe(false);

  await openEditor(page);
  expect(requested.some((p) => /\/_astro\/session[^/]*\.js$/.test(p))).toBe(true);
});

test('Edit loads Monaco and a change updates the hop table', async ({ page }) => {
  await page.goto(FIRST_POST);
  await expect(firstHopTable(page)).toContainText('198.51.100.7:40000 → 198.51.100.20:80');
  await openEditor(page);
  await moveRouterAddress(page);
  await expect(firstHopTable(page)).toContainText('198.51.100.9:40000 → 198.51.100.20:80');
  await expect(page.locator(HOME).locator('[data-verified]')).toContainText('edited');
});

test('invalid YAML shows a marker and keeps the last good result', async ({ page }) => {
  await page.goto(FIRST_POST);
  await openEditor(page);
  await moveRouterAddress(page);
  await expect(firstHopTable(page)).toContainText('198.51.100.9:40000');
  // `forwarding: true: oops` is a mapping inside a plain scalar: not YAML any more.
  await endOfLine(page, 'forwarding: true');
  await page.keyboard.type(': oops');
  await expect(page.locator(`${HOME} .squiggly-error`).first()).toBeVisible();
  await expect(page.locator(HOME).locator('[data-problems]')).toContainText(/problem/);
  await expect(page.locator(HOME).locator('[data-problems]')).toContainText(/line \d+, column \d+/);
  await expect(firstHopTable(page)).toContainText('198.51.100.9:40000');
});

test('a schema error from the JSON Schema shows as a marker too', async ({ page }) => {
  await page.goto(FIRST_POST);
  await openEditor(page);
  await endOfLine(page, 'forwarding: true');
  for (let i = 0; i < 'true'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('42');
  // Hovering the marked value shows monaco-yaml's schema message beside the engine's.
  await expect(page.locator(`${HOME} .squiggly-error`).first()).toBeVisible();
  await page.locator(`${HOME} .view-line`, { hasText: 'forwarding: 42' }).getByText('42').hover();
  await expect(page.locator('.monaco-hover').first()).toContainText(/Incorrect type|Expected/i);
});

test('Share puts the scenario in the URL and opening the link restores it', async ({ page, context }) => {
  await page.goto(FIRST_POST);
  await openEditor(page);
  await moveRouterAddress(page);
  await expect(firstHopTable(page)).toContainText('198.51.100.9:40000');
  await page.locator(HOME).getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/#edit=home-router-masquerade:[A-Za-z0-9_-]+$/);
  const shared = page.url();

  const other = await context.newPage();
  await other.goto(shared);
  await expect(other.locator(HOME).getByRole('table', { name: /#1 SYN/ })).toContainText('198.51.100.9:40000 → 198.51.100.20:80');
  await expect(other.locator(`${HOME} .monaco-editor`)).toBeVisible();
});

test('Reset brings back the published scenario', async ({ page }) => {
  await page.goto(FIRST_POST);
  await openEditor(page);
  await moveRouterAddress(page);
  await expect(firstHopTable(page)).toContainText('198.51.100.9:40000');
  await page.locator(HOME).getByRole('button', { name: 'Reset' }).click();
  await expect(firstHopTable(page)).toContainText('198.51.100.7:40000');
  await expect(page.locator(HOME).locator('[data-verified]')).toContainText('verified against Linux');
});

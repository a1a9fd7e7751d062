import { expect, test } from '@playwright/test';
import { FIRST_POST } from './site-pages';

const HOME = '[data-playground][data-id="home-router-masquerade"]';

test('step-through highlights the same hop in the table and the diagram', async ({ page }) => {
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  const forward = pg.getByRole('button', { name: 'Step forward' });
  await forward.click();
  await forward.click();
  // Step 2 of the TCP flow: the SYN at the router (laptop, router, server; then back, then the ACK: 9 steps).
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 2 of 9: #1 SYN at router/);
  const flow = pg.locator('.pw-flow:not([hidden])');
  await expect(flow.locator('tbody[data-step="1"]')).toHaveClass(/pw-current/);
  // The diagram is written in a wide and a compact layout; CSS shows one.
  await expect(flow.locator('g[data-step="1"]:visible')).toHaveClass(/pw-current/);
  await expect(flow.locator('.pw-current:visible')).toHaveCount(2);

  await pg.getByRole('button', { name: 'Step back' }).click();
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 1 of 9: #1 SYN at laptop/);
  await expect(flow.locator('tbody[data-step="0"]')).toHaveClass(/pw-current/);
  await expect(flow.locator('g[data-step="0"]:visible')).toHaveClass(/pw-current/);

  await pg.getByRole('button', { name: 'Play' }).click();
  await expect(pg.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 2 of 9/);
  await pg.getByRole('button', { name: 'Pause' }).click();
  await expect(pg.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
});

test('flow tabs show one flow at a time and move with the arrow keys', async ({ page }) => {
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  const tabs = pg.getByRole('tab');
  await expect(tabs).toHaveCount(4);
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  await expect(pg.getByRole('tabpanel')).toHaveCount(1);
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(pg.getByRole('tabpanel')).toContainText('Flow 2: laptop → 198.51.100.20:53');
});

test('the theme toggle switches and remembers the theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(light);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the theme follows the system when the reader has not chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('search finds a post', async ({ page }) => {
  await page.goto('/search/');
  await page.getByRole('searchbox', { name: 'Search the posts' }).fill('masquerade');
  await expect(page.getByRole('link', { name: 'How do packets find their way back?' })).toBeVisible();
});

test('the full playground lists every scenario and opens one full width', async ({ page }) => {
  await page.goto('/playground/');
  await page.getByRole('link', { name: 'Home router masquerade' }).click();
  await expect(page).toHaveURL(/\/playground\/home-router-masquerade\/$/);
  await expect(page.getByRole('table', { name: /#1 SYN/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
});

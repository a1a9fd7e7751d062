/**
 * The Content-Security-Policy (src/lib/security/csp.mjs) of the built site:
 * every page carries it before its first script, scripts run only from the
 * site's own files or by hash, and the site does everything it does — theme,
 * step-through, flow tabs, search, the editor with its workers — without one
 * violation.
 */
import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { policyOf, watchCsp } from './csp';
import { FIRST_POST, sitePaths } from './site-pages';

const HOME = '[data-playground][data-id="home-router-masquerade"]';
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

test('every page carries the policy, before its first script, with only own or hashed scripts', async ({ request }) => {
  const paths = [...(await sitePaths(request)), '/404.html'];
  for (const path of paths) {
    const html = await (await request.get(path)).text();
    const policy = policyOf(html);
    expect(policy, `${path} has a Content-Security-Policy <meta>`).toBeDefined();
    expect(html.match(/http-equiv="content-security-policy"/gi), `${path} has one policy`).toHaveLength(1);
    expect(html.search(/<meta http-equiv="content-security-policy"/i), `${path}: the policy comes before any script`).toBeLessThan(html.search(/<script/i));

    const scripts = policy!.get('script-src') ?? [];
    expect(scripts[0], path).toBe("'self'");
    expect(scripts.filter((s) => s.startsWith("'unsafe-")), `${path}: script-src ${scripts.join(' ')}`).toEqual([]);
    expect(policy!.has('script-src-elem') || policy!.has('script-src-attr'), path).toBe(false);
    expect(policy!.get('object-src'), path).toEqual(["'none'"]);
    expect(policy!.get('base-uri'), path).toEqual(["'self'"]);
    expect(policy!.get('form-action'), path).toEqual(["'self'"]);
    expect(policy!.get('worker-src'), path).toEqual(["'self'"]);
    expect(policy!.get('default-src'), path).toEqual(["'self'"]);

    // Every script the build inlined is allowed by its hash, and no other inline script exists.
    for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (/\bsrc=/.test(attributes!)) continue;
      expect(scripts, `${path}: the inline script "${body!.slice(0, 60)}…" is hashed in script-src`).toContain(sha256(body!));
    }
    // No inline event handler attributes (script-src-attr would refuse them anyway).
    expect(html.match(/<[^>]+\son[a-z]+=/gi) ?? [], path).toEqual([]);
  }
});

test('theme, step-through and flow tabs work on a post without a violation', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  await pg.getByRole('button', { name: 'Step forward' }).click();
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 1 of 9/);
  await pg.getByRole('tab').nth(1).click();
  await expect(pg.getByRole('tabpanel')).toContainText('Flow 2');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', /dark|light/);
  await page.reload();
  // The inline theme script (allowed by its hash) applied the choice before the page's modules ran.
  await expect(page.locator('html')).toHaveAttribute('data-theme', /dark|light/);
  await expect(page.locator('html')).toHaveClass(/\bjs\b/);
  expect(await csp.problems()).toEqual([]);
});

test('the home page, the playgrounds and the about page load without a violation', async ({ page }) => {
  const csp = await watchCsp(page);
  for (const path of ['/', '/playground/', '/playground/home-router-masquerade/', '/tags/', '/about/']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  await expect(page.locator('html')).toHaveClass(/\bjs\b/);
  expect(await csp.problems()).toEqual([]);
});

test('with the editor open and a change recomputed, nothing is refused', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  await pg.getByRole('button', { name: 'Edit' }).click();
  await expect(pg.locator('.monaco-editor')).toBeVisible();
  await pg.locator('.view-line', { hasText: 'wan: 198.51.100.7/24' }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < '7/24'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('9/24');
  // The engine worker recomputed the trace…
  await expect(pg.getByRole('table', { name: /#1 SYN/ })).toContainText('198.51.100.9:40000 → 198.51.100.20:80');
  // …and monaco-yaml's worker validates against the schema: a wrong type is marked.
  await pg.locator('.view-line', { hasText: 'forwarding: true' }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < 'true'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('42');
  await expect(pg.locator('.squiggly-error').first()).toBeVisible();
  // Monaco's own styles (injected <style> and style attributes) are in place: the editor has its size.
  expect((await pg.locator('.monaco-editor').boundingBox())!.height).toBeGreaterThan(100);
  expect(await csp.problems()).toEqual([]);
});

test('search finds a post under the policy (Pagefind and its WebAssembly)', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto('/search/');
  await page.getByRole('searchbox', { name: 'Search the posts' }).fill('masquerade');
  await expect(page.getByRole('link', { name: 'How do packets find their way back?' })).toBeVisible();
  expect(await csp.problems()).toEqual([]);
});

/**
 * The policy as a static host would send it: a header on every response, the
 * workers' scripts included (a <meta> policy governs only its document; a
 * worker's own policy comes from its script's response).
 */
async function sendPolicyAsHeader(page: Page, edit: (policy: string) => string = (p) => p): Promise<void> {
  const home = await (await page.request.get('/')).text();
  const policy = edit(/<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(home)![1]!.replaceAll('&#39;', "'"));
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
}

test('sent as a header on every response, the policy lets search and the editor\'s workers run', async ({ page }) => {
  await sendPolicyAsHeader(page);
  const csp = await watchCsp(page);
  await page.goto('/search/');
  await page.getByRole('searchbox', { name: 'Search the posts' }).fill('masquerade');
  await expect(page.getByRole('link', { name: 'How do packets find their way back?' })).toBeVisible();
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  await pg.getByRole('button', { name: 'Edit' }).click();
  await pg.locator('.view-line', { hasText: 'wan: 198.51.100.7/24' }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < '7/24'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('9/24');
  await expect(pg.getByRole('table', { name: /#1 SYN/ })).toContainText('198.51.100.9:40000 → 198.51.100.20:80');
  expect(await csp.problems()).toEqual([]);
});

test("'wasm-unsafe-eval' is there for Pagefind: without it its worker cannot compile the index", async ({ page }) => {
  await sendPolicyAsHeader(page, (policy) => policy.replace(" 'wasm-unsafe-eval'", ''));
  await page.goto('/search/');
  await page.getByRole('searchbox', { name: 'Search the posts' }).fill('masquerade');
  await expect(page.locator('[data-search-status]')).toContainText('not available');
});

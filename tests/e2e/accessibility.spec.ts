import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FIRST_POST, sitePaths } from './site-pages';

async function violations(page: Page, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      found.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
  }
  return found;
}

test('every page has no axe violations', async ({ page, request }) => {
  test.setTimeout(600_000);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await violations(page, [...(await sitePaths(request)), '/404.html'])).toEqual([]);
});

// The dark theme changes colours only: its contrast is checked on one page of each kind.
test('the dark theme has no axe violations', async ({ page }) => {
  test.setTimeout(300_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await violations(page, ['/', FIRST_POST, '/playground/', '/playground/asymmetric-routing-invalid/', '/search/'])).toEqual([]);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { sitePaths } from './site-pages';

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no axe violations (${scheme} theme)`, async ({ page, request }) => {
    test.setTimeout(300_000);
    await page.emulateMedia({ colorScheme: scheme });
    const paths = [...(await sitePaths(request)), '/404.html'];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      const result = await new AxeBuilder({ page }).analyze();
      for (const v of result.violations) {
        found.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
    expect(found).toEqual([]);
  });
}

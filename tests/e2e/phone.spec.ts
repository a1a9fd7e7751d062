import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FIRST_POST, postPaths } from './site-pages';

const HOME = '[data-playground][data-id="home-router-masquerade"]';

// A common phone: 375 CSS px wide.
test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

test('every diagram on every post fits a phone’s width: the compact layout, no sideways scrolling', async ({ page, request }) => {
  for (const path of await postPaths(request)) {
    await page.goto(path);
    const wraps = page.locator('.pw-diagram-wrap:visible');
    const count = await wraps.count();
    expect(count, `${path} shows diagrams`).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const wrap = wraps.nth(i);
      const box = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll, `${path}, diagram ${i + 1}: ${box.scroll} px of content in ${box.client} px`).toBeLessThanOrEqual(box.client);
      await expect(wrap.locator('svg.pw-diagram--compact')).toBeVisible();
      await expect(wrap.locator('svg.pw-diagram--wide')).toBeHidden();
    }
    // Nor does anything else push the page sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
  }
});

test('on a phone the diagram still writes every rewrite and conntrack note, inside the screen', async ({ page }) => {
  await page.goto(FIRST_POST);
  const diagram = page.locator(HOME).getByRole('img', { name: /Sequence diagram of flow 1/ });
  await expect(diagram).toHaveClass(/pw-diagram--compact/);
  // The router masquerades the laptop's SYN, and undoes it on the SYN-ACK.
  for (const note of ['- src 192.168.1.10', '+ src 198.51.100.7', '- dst 198.51.100.7', '+ dst 192.168.1.10', 'ct: entry created', 'ct: entry used']) {
    const text = diagram.locator('text', { hasText: note }).first();
    await expect(text, note).toBeVisible();
    const box = (await text.boundingBox())!;
    expect(box.x, note).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, note).toBeLessThanOrEqual(375);
  }
});

test('on a phone step-through highlights the hop in the compact diagram and the table', async ({ page }) => {
  await page.goto(FIRST_POST);
  const pg = page.locator(HOME);
  const forward = pg.getByRole('button', { name: 'Step forward' });
  await forward.click();
  await forward.click();
  await expect(pg.locator('[data-step-status]')).toHaveText(/^Step 2 of 9: #1 SYN at router/);
  const flow = pg.locator('.pw-flow:not([hidden])');
  await expect(flow.locator('svg.pw-diagram--compact g[data-step="1"]')).toHaveClass(/pw-current/);
  await expect(flow.locator('tbody[data-step="1"]')).toHaveClass(/pw-current/);
  await expect(flow.locator('.pw-current:visible')).toHaveCount(2);
});

test('a post has no axe violations on a phone, in both themes', async ({ page }) => {
  test.setTimeout(120_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(FIRST_POST);
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.map((v) => `${scheme}: ${v.id} ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  }
});

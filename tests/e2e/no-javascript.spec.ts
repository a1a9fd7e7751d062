import { expect, test } from '@playwright/test';
import { postPaths } from './site-pages';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('every post shows its playgrounds: diagrams, hop tables and conntrack tables', async ({ page, request }) => {
    const posts = await postPaths(request);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    for (const path of posts) {
      await page.goto(path);
      const playgrounds = page.locator('[data-playground]');
      const count = await playgrounds.count();
      expect(count, `${path} has playgrounds`).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const pg = playgrounds.nth(i);
        // Every flow visible, each with its diagram and one hop table per packet.
        await expect(pg.getByRole('img', { name: /Sequence diagram of flow 1/ })).toBeVisible();
        await expect(pg.getByRole('table', { name: /#\d+ / }).first()).toBeVisible();
        await expect(pg.getByRole('heading', { name: 'Conntrack tables at the end' })).toBeVisible();
        // The controls that need JavaScript stay hidden.
        await expect(pg.getByRole('button', { name: 'Edit' })).toBeHidden();
      }
    }
  });

  test('a post with several flows shows all of them', async ({ page }) => {
    await page.goto('/posts/how-packets-find-their-way-back/');
    const home = page.locator('[data-playground][data-id="home-router-masquerade"]');
    // Four flows in home-router-masquerade.yaml: tcp/80, udp/53, icmp, tcp/443.
    await expect(home.getByRole('img', { name: /Sequence diagram of flow/ })).toHaveCount(4);
    await expect(home.getByRole('tab')).toHaveCount(0);
  });
});

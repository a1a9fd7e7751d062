/**
 * The built site's integrity (scripts/check-dist.mjs, also `npm run
 * check:dist`): every internal link, resource and #anchor of every page in
 * dist/ resolves, images have text alternatives, and the HTML is valid. Runs
 * here, after the test server's build, so `./run test` checks the very build
 * it serves.
 */
import { expect, test } from '@playwright/test';
import { checkDist } from '../../scripts/check-dist.mjs';

test('every page of dist/ has working links and anchors, text alternatives and valid HTML', async () => {
  test.setTimeout(120_000);
  const { pages, problems } = await checkDist({ dist: 'dist' });
  expect(pages.length).toBeGreaterThan(10);
  expect(pages).toEqual(expect.arrayContaining(['index.html', '404.html', 'search/index.html', 'playground/index.html']));
  expect(problems).toEqual([]);
});

/**
 * Nothing runs from a link or a paste: a scenario whose free text — title,
 * description, link names, user chain names, rule comments, LOG prefixes — is
 * markup, a script end tag or a javascript: URL is shown as that text by the
 * hop table and the diagram, and the names the loader refuses (host and
 * interface names) come back in its messages as text too. Each payload would
 * set window.__pwned if it ever became markup or ran.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeScenario } from '../../src/lib/client/share-codec';
import { watchCsp } from './csp';

const ID = 'home-router-masquerade';
const PAGE = `/playground/${ID}/`;

const IMG = '<img src=x onerror="window.__pwned=1">';
/** Unquoted, for iptables' --comment (spaces allowed, inner double quotes not). */
const IMG_BARE = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '</script><script>window.__pwned=1</script>';
/** No blanks and at most 28 characters: what iptables takes as a chain name. */
const CHAIN = '<svg/onload=__pwned=1>';
const SCRIPT_CHAIN = '</script>';
const JS_URL = 'javascript:window.__pwned=1';

/** YAML single quotes: every character as written, a doubled ' for one. */
const yamlQuoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

const HOSTILE = `title: ${yamlQuoted(`${IMG} ${SCRIPT}`)}
description: ${yamlQuoted(JS_URL)}
hosts:
  client:
    interfaces: {eth0: 10.0.1.10/24}
    routes: [default via 10.0.1.1]
  router:
    forwarding: true
    interfaces: {a: 10.0.1.1/24, b: 10.0.2.1/24}
    iptables: |
      *filter
      :${CHAIN} - [0:0]
      :${SCRIPT_CHAIN} - [0:0]
      -A FORWARD -m comment --comment "${IMG_BARE} ${SCRIPT}" -j ${CHAIN}
      -A ${CHAIN} -j ${SCRIPT_CHAIN}
      -A ${SCRIPT_CHAIN} -j LOG --log-prefix "${JS_URL}"
      -A ${SCRIPT_CHAIN} -j ACCEPT
      COMMIT
  server:
    interfaces: {eth0: 10.0.2.20/24}
    routes: [default via 10.0.2.1]
    listen: [tcp/80]
links:
  ${yamlQuoted(IMG)}: [client:eth0, router:a]
  ${yamlQuoted(JS_URL)}: [router:b, server:eth0]
flows:
  - {from: client, to: "10.0.2.20:80"}
`;

/** Host and interface names the loader refuses: its messages quote them. */
const REFUSED = `hosts:
  ${yamlQuoted(IMG)}:
    interfaces: {eth0: 10.0.0.1/24}
  server:
    interfaces: {${yamlQuoted(SCRIPT_CHAIN)}: 10.0.0.2/24}
`;

function playground(page: Page): Locator {
  return page.locator(`[data-playground][data-id="${ID}"]`);
}

/** Nothing became markup and nothing ran: no injected element, no flag, no javascript: link. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], img[src$="/x"]')).toHaveCount(0);
  await expect(page.locator('svg[onload], [onerror], [onload]')).toHaveCount(0);
  // Only the page's own inline script (the theme, hashed in the policy) is inline.
  await expect(page.locator('script:not([src])')).toHaveCount(1);
  await expect(page.locator('a[href^="javascript:" i], [href*="javascript:" i], [src*="javascript:" i]')).toHaveCount(0);
}

test('a share link with hostile names shows them as text in the hop table and the diagram', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(`${PAGE}#edit=${ID}:${await encodeScenario(HOSTILE)}`);
  const pg = playground(page);
  const hops = pg.getByRole('table', { name: /#1 SYN/ });
  // The shared scenario was traced: its own addresses, through its own chains.
  await expect(hops).toContainText('10.0.1.10:40000 → 10.0.2.20:80');
  for (const text of [CHAIN, SCRIPT_CHAIN, `${IMG_BARE} ${SCRIPT}`, JS_URL]) await expect(hops).toContainText(text);
  // The link names, in the diagram (its text and the accessible description) or the table.
  const flow = pg.locator('.pw-flow:not([hidden])');
  await expect(flow).toContainText(IMG);
  await expect(flow).toContainText(JS_URL);
  await expectInert(page);
  expect(await csp.problems()).toEqual([]);
});

test('the same scenario pasted into the editor shows its names as text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const csp = await watchCsp(page);
  await page.goto(PAGE);
  const pg = playground(page);
  await pg.getByRole('button', { name: 'Edit' }).click();
  await expect(pg.locator('.monaco-editor .view-line').first()).toBeVisible();
  await page.evaluate((text) => navigator.clipboard.writeText(text), HOSTILE);
  await pg.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  const hops = pg.getByRole('table', { name: /#1 SYN/ });
  await expect(hops).toContainText('10.0.1.10:40000 → 10.0.2.20:80');
  for (const text of [CHAIN, SCRIPT_CHAIN, `${IMG_BARE} ${SCRIPT}`, JS_URL]) await expect(hops).toContainText(text);
  // The editor shows the text as typed: its own lines hold the markup as characters.
  await expect(pg.locator('.monaco-editor .view-lines')).toContainText(CHAIN);
  await expectInert(page);
  expect(await csp.problems()).toEqual([]);
});

test('names the loader refuses come back in its messages as text, from a link or a paste', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const csp = await watchCsp(page);
  const pg = playground(page);
  const problems = pg.locator('[data-problems]');

  await page.goto(`${PAGE}#edit=${ID}:${await encodeScenario(REFUSED)}`);
  await expect(problems).toContainText(`host name '${IMG}' may only contain`);
  await expect(problems).toContainText(`interface name '${SCRIPT_CHAIN}' may only contain`);
  // The published results stay.
  await expect(pg.getByRole('table', { name: /#1 SYN/ })).toContainText('198.51.100.7:40000 → 198.51.100.20:80');
  // The marker's message, read as a keyboard user reads it (Alt+F8 opens the problem widget), is the same text.
  await pg.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('Alt+F8');
  await expect(pg.locator('.monaco-editor [role="alert"][aria-label]').first()).toHaveAttribute('aria-label', /may only contain/);
  await expect(pg.locator('.monaco-editor .zone-widget')).toContainText(/name '(<img src=x onerror="window\.__pwned=1">|<\/script>)' may only contain/);
  await page.keyboard.press('Escape');
  await expectInert(page);

  await page.evaluate((text) => navigator.clipboard.writeText(text), REFUSED.replace('server', 'other'));
  await pg.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect(pg.locator('.monaco-editor .view-lines')).toContainText('other:');
  await expect(problems).toContainText(`host name '${IMG}' may only contain`);
  await expect(problems).toContainText(`interface name '${SCRIPT_CHAIN}' may only contain`);
  await expectInert(page);
  expect(await csp.problems()).toEqual([]);
});

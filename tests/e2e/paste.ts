/**
 * Pasting a scenario into a playground's editor as a reader does: the text on
 * the clipboard, the editor emptied with the keyboard, then Paste from the
 * editor's context menu (headless Chromium does not turn a synthetic Ctrl+V
 * into a paste). The test's context needs clipboard permissions.
 */
import type { Locator, Page } from '@playwright/test';

export async function pasteScenario(page: Page, playground: Locator, text: string): Promise<void> {
  await page.evaluate((text) => navigator.clipboard.writeText(text), text);
  await playground.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await playground.locator('.monaco-editor .view-lines').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Paste' }).click();
}

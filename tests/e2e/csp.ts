/**
 * Watching a page for Content-Security-Policy trouble: every
 * `securitypolicyviolation` event the document fires (recorded from before the
 * page's first script) and every console message in which Chromium reports a
 * refused or ignored policy.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

export interface CspWatch {
  /** The violations and CSP console errors seen so far, one line each. */
  problems(): Promise<string[]>;
}

export async function watchCsp(page: Page): Promise<CspWatch> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) consoleErrors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return {
    problems: async () => [...(await page.evaluate(() => window.__cspViolations ?? [])), ...consoleErrors],
  };
}

/** The policy's directives by name, from a page's HTML. */
export function policyOf(html: string): Map<string, string[]> | undefined {
  const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
  if (!meta) return undefined;
  const directives = new Map<string, string[]>();
  for (const part of meta[1]!.replaceAll('&#39;', "'").split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

/**
 * Which Chromium the end-to-end tests drive: Debian's (`apt-get install
 * chromium`, what .ci/run installs) when present, else Playwright's own
 * download, else a clear message saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  const system = SYSTEM.find((path) => existsSync(path));
  if (system) return system;
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return undefined; // Playwright finds its own.
  throw new Error(
    [
      'No Chromium for the end-to-end tests.',
      'Install Debian\'s: apt-get install -y chromium (as .ci/run does),',
      'or Playwright\'s: npx playwright install chromium.',
    ].join('\n'),
  );
}

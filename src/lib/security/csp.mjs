// The site's Content-Security-Policy, one place for astro.config.mjs (which
// hands it to Astro's `security.csp`: Astro hashes the scripts and styles it
// bundles and writes a <meta http-equiv="content-security-policy"> into every
// page) and for Base.astro (which inlines the theme script hashed here).
import { createHash } from 'node:crypto';

/**
 * Runs before first paint: the reader's chosen theme, if any (otherwise CSS
 * follows the system), and the `js` class. Inlined verbatim by Base.astro; its
 * hash below is what lets it run under `script-src`.
 */
export const THEME_BOOT_SCRIPT = [
  'try {',
  "  const t = localStorage.getItem('packetwalk-theme');",
  "  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;",
  '} catch {}',
  "document.documentElement.classList.add('js');",
].join('\n');

const sha256 = (text) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** The `security.csp` option of astro.config.mjs. */
export const CSP_CONFIG = {
  algorithm: 'SHA-256',
  directives: [
    "default-src 'self'",
    // The editor's and the engine's workers are files of the site (Vite `?worker`), never blob: URLs.
    "worker-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ],
  scriptDirective: {
    // 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly search index (in its
    // worker, which a <meta> policy does not reach but the same policy sent as a
    // header does). Unlike 'unsafe-eval' it allows no eval(), new Function() or
    // string timers.
    resources: ["'self'", "'wasm-unsafe-eval'"],
    hashes: [sha256(THEME_BOOT_SCRIPT)],
  },
  styleDirective: {
    // Monaco adds <style> elements and style attributes at run time, whose text no
    // build can hash. Styles cannot run code; scripts stay hash-only.
    resources: ["'self'", "'unsafe-inline'"],
  },
};

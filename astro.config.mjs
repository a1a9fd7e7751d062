// The blog: static pages with the engine run at build time (see README "The blog").
// PACKETWALK_BASE serves it from a sub-path (GitHub Pages: /REPO/), PACKETWALK_SITE
// is the public origin used in the RSS feed, the sitemap and canonical links.
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { CSP_CONFIG } from './src/lib/security/csp.mjs';

const root = (path) => fileURLToPath(new URL(path, import.meta.url));
const base = process.env.PACKETWALK_BASE ?? '/';
const site = process.env.PACKETWALK_SITE ?? 'http://localhost:4321';

const MONACO_CSS = '\0packetwalk-monaco-css:';

/**
 * Monaco's modules import their own CSS. Left alone, Vite gathers it into a
 * stylesheet that Astro links render-blocking from every page with a playground
 * (withastro/astro#9495), though only the editor needs it. Each such import
 * becomes a module that adds the CSS as a <style> when the editor code runs.
 */
function monacoCssOnDemand() {
  return {
    name: 'packetwalk:monaco-css-on-demand',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.css') || !importer?.includes('/node_modules/monaco-editor/')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // The id must not end in .css, or Vite's CSS plugin would take this module for a stylesheet.
      return resolved ? `${MONACO_CSS}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(MONACO_CSS)) return null;
      const file = id.slice(MONACO_CSS.length, -'.js'.length);
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `import { addEditorCss } from ${JSON.stringify(root('./src/lib/editor/editor-css.ts'))};`,
        'addEditorCss(css);',
      ].join('\n');
    },
  };
}

export default defineConfig({
  site,
  base,
  output: 'static',
  outDir: './dist',
  trailingSlash: 'ignore',
  integrations: [mdx(), sitemap()],
  // Only the site's own scripts run: see src/lib/security/csp.mjs and README "Content-Security-Policy".
  security: { csp: CSP_CONFIG },
  // The site's CSS is small (about 5 KB compressed): inlined, it costs no render-blocking request.
  build: { inlineStylesheets: 'always' },
  vite: {
    plugins: [monacoCssOnDemand()],
    resolve: {
      alias: [
        // The engine is used as TypeScript source (its package exports `source`).
        { find: /^@packetwalk\/engine$/, replacement: root('./packages/engine/src/index.ts') },
        // monaco-worker-manager imports monaco-editor/esm/vs/…, which the package's exports map hides.
        { find: /^monaco-editor\/esm\/vs\//, replacement: root('./node_modules/monaco-editor/esm/vs/') },
      ],
    },
    optimizeDeps: {
      // The YAML worker's CommonJS dependencies must be pre-bundled for `astro dev`; so are the
      // workers' other entries, or the first Edit would make Vite re-optimize and reload the page.
      include: [
        'monaco-yaml > path-browserify',
        'monaco-yaml > prettier',
        'monaco-yaml > vscode-languageserver-types',
        'monaco-editor/esm/vs/editor/editor.worker.js',
        'yaml',
      ],
    },
    worker: { format: 'es' },
    // The editor (Monaco, loaded on Edit only) is one large chunk by nature.
    build: { chunkSizeWarningLimit: 4096 },
  },
});

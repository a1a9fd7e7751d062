#!/usr/bin/env node
// The built site's integrity (npm run check:dist; the e2e spec
// tests/e2e/dist-integrity.spec.ts runs the same check): over every page in
// dist/, each internal link and resource (href, src, and SVG's url(#…)) names
// a file the build wrote, under the site's base path; each #anchor names an id
// on its page; each <img> has alt text and each inline <svg> is either hidden
// from assistive technology or a named image; and the HTML is valid by
// html-validate (scripts/html-validate.config.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HtmlValidate } from 'html-validate';
import { HTML_VALIDATE_CONFIG } from './html-validate.config.mjs';

/** Every .html file under `dir`, as paths relative to it. */
function htmlFiles(dir, under = dir) {
  return readdirSync(under).flatMap((name) => {
    const path = join(under, name);
    if (statSync(path).isDirectory()) return htmlFiles(dir, path);
    return name.endsWith('.html') ? [relative(dir, path)] : [];
  });
}

/** The ids a page defines (HTML and SVG alike). */
function idsOf(html) {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1])));
}

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|lt|gt|#39|apos);/gi, (_, e) => {
    const named = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** The page's own text without its scripts' and styles' contents (which may hold markup-like strings). */
function markupOf(html) {
  return html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
}

/** The file a path of the site is served from, if the build wrote one. */
function fileFor(dist, sitePath) {
  const path = decodeURIComponent(sitePath);
  const candidates = path.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`, join(path, 'index.html')];
  return candidates.map((c) => join(dist, c)).find((f) => existsSync(f) && statSync(f).isFile());
}

/**
 * The references of one page: [attribute text, URL] for each href and src
 * (on any element, <link> and <use> included), and for each SVG url(#…).
 */
function referencesOf(markup) {
  const refs = [...markup.matchAll(/\s(href|src|xlink:href)="([^"]*)"/g)].map((m) => [m[0].trim(), decodeEntities(m[2])]);
  for (const m of markup.matchAll(/url\(#([^)"']+)\)/g)) refs.push([m[0], `#${m[1]}`]);
  return refs;
}

function checkLinks(dist, page, markup, ids, { base, site }, problems) {
  const pageUrl = new URL(`${base.replace(/\/$/, '')}/${page.replace(/(^|\/)index\.html$/, '$1')}`, site);
  for (const [attribute, raw] of referencesOf(markup)) {
    if (raw === '') {
      problems.push(`${page}: empty reference ${attribute}`);
      continue;
    }
    let target;
    try {
      target = new URL(raw, pageUrl);
    } catch {
      problems.push(`${page}: ${attribute} is not a URL`);
      continue;
    }
    if (!['http:', 'https:'].includes(target.protocol)) {
      if (!['mailto:', 'data:'].includes(target.protocol)) problems.push(`${page}: ${attribute} uses ${target.protocol}`);
      continue;
    }
    if (target.origin !== new URL(site).origin) continue; // another site's: not ours to check
    if (!target.pathname.startsWith(base)) {
      problems.push(`${page}: ${attribute} leaves the site's base path ${base}`);
      continue;
    }
    const file = fileFor(dist, `/${target.pathname.slice(base.length)}`);
    if (!file) {
      problems.push(`${page}: ${attribute} names no file of the build`);
      continue;
    }
    if (target.hash !== '' && file.endsWith('.html')) {
      const id = decodeURIComponent(target.hash.slice(1));
      const targetIds = file === join(dist, page) ? ids : idsOf(readFileSync(file, 'utf8'));
      if (!targetIds.has(id)) problems.push(`${page}: ${attribute} names no id on ${relative(dist, file)}`);
    }
  }
}

/** Images have text alternatives: <img alt>, and every outermost inline <svg> hidden or named. */
function checkImages(page, markup, problems) {
  for (const [tag] of markup.matchAll(/<img\b[^>]*>/gi)) {
    if (!/\salt="/.test(tag)) problems.push(`${page}: <img> without alt: ${tag}`);
  }
  // Outermost <svg> elements only: a nested <svg> is part of its parent's picture.
  let depth = 0;
  for (const [tag] of markup.matchAll(/<\/?svg\b[^>]*>/gi)) {
    if (tag.startsWith('</')) {
      depth--;
      continue;
    }
    if (depth === 0) {
      const hidden = /\saria-hidden="true"/.test(tag);
      const named = /\srole="img"/.test(tag) && /\saria-label(ledby)?="[^"]+"/.test(tag);
      if (!hidden && !named) problems.push(`${page}: inline <svg> neither aria-hidden nor role="img" with a name: ${tag.slice(0, 120)}`);
    }
    if (!tag.endsWith('/>')) depth++;
  }
}

async function checkValidity(dist, pages, problems) {
  const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);
  for (const page of pages) {
    const report = await validator.validateString(readFileSync(join(dist, page), 'utf8'), page);
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${page}:${m.line}:${m.column}: ${m.message} (html-validate ${m.ruleId})`);
    }
  }
}

/**
 * Checks the build in `dist`, served from `base` (a path ending in /) at
 * `site` (the origin canonical links use). Returns the pages and problems found.
 */
export async function checkDist({ dist = 'dist', base = process.env.PACKETWALK_BASE ?? '/', site = process.env.PACKETWALK_SITE ?? 'http://localhost:4321' } = {}) {
  const root = resolve(dist);
  const normalBase = base.endsWith('/') ? base : `${base}/`;
  const pages = htmlFiles(root).sort();
  const problems = [];
  if (pages.length === 0) problems.push(`${dist}: no pages (build the site first: npm run build)`);
  for (const page of pages) {
    const markup = markupOf(readFileSync(join(root, page), 'utf8'));
    checkLinks(root, page, markup, idsOf(markup), { base: normalBase, site }, problems);
    checkImages(page, markup, problems);
  }
  await checkValidity(root, pages, problems);
  return { pages, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { pages, problems } = await checkDist({ dist: process.argv[2] ?? 'dist' });
  for (const p of problems) console.error(p);
  console.log(`check:dist: ${pages.length} pages, ${problems.length} problems`);
  process.exit(problems.length === 0 ? 0 : 1);
}

/**
 * Everything a playground shows for one trace: per flow a section (heading,
 * diagram, hop tables), then the conntrack tables. Built at build time into
 * the page and, after an edit, in the browser's worker: the same function,
 * so the two cannot disagree.
 */
import type { Diagnostic, Trace } from '@packetwalk/engine';
import { conntrackHtml } from './conntrack-table.js';
import { diagramSvg } from './diagram.js';
import { errnoText } from './engine-text.js';
import { flowViews, type FlowView } from './flow-view.js';
import { flowTablesHtml } from './hop-table.js';
import { html, type Html } from './html.js';

export interface ResultsOptions {
  /** Unique on the page; prefixes every id. */
  readonly id: string;
  /** Heading level of the flows' sections (the playground's own title is one above). */
  readonly level?: 2 | 3 | 4 | 5;
  /** The playground's title: names its diagrams' scroll boxes, which must differ from another playground's on the page. */
  readonly title?: string;
}

const GOOD = new Set(['connected', 'answered']);

function heading(level: number, id: string, content: Html): Html {
  return html`<h${level} id="${id}" class="pw-h">${content}</h${level}>`;
}

export function flowTitle(view: FlowView): Html {
  const f = view.flow;
  const port = f.proto === 'icmp' ? `id ${f.sport}` : `sport ${f.sport}`;
  const error = f.error === undefined ? '' : html` <span class="pw-dim">(${errnoText(f.error)})</span>`;
  return html`Flow ${view.number}: ${f.from} → ${f.to} <span class="pw-dim">${f.proto}, ${port}</span> <span class="${GOOD.has(f.outcome) ? 'pw-good' : 'pw-bad'}">${f.outcome}</span>${error}`;
}

function flowSection(view: FlowView, options: ResultsOptions, level: number): Html {
  const base = `${options.id}-flow-${view.number}`;
  const label = `${view.number} · ${view.flow.proto} → ${view.flow.to}`;
  const where = options.title === undefined ? '' : ` (${options.title})`;
  // Plain containers, not sections: a page with several playgrounds would otherwise hold many landmarks of the same name.
  return html`<div class="pw-flow" data-flow="${view.number}" data-steps="${view.steps}" data-label="${label}">
${heading(level, `${base}-h`, flowTitle(view))}
<div class="pw-diagram-wrap" role="region" tabindex="0" aria-label="Diagram of flow ${view.number}${where}">${diagramSvg(view, { id: base })}</div>
${flowTablesHtml(view, { sourceId: `${options.id}-src` })}
</div>`;
}

export function resultsHtml(trace: Trace, options: ResultsOptions): Html {
  const level = options.level ?? 4;
  const views = flowViews(trace);
  const flows = views.length === 0 ? html`<p>This scenario has no flows: add one under <code>flows:</code>.</p>` : views.map((v) => flowSection(v, options, level));
  return html`${flows}<div class="pw-conntrack">${heading(level, `${options.id}-ct-h`, html`Conntrack tables at the end`)}${conntrackHtml(trace)}</div>`;
}

/** The located problems of a scenario that cannot be traced. */
export function problemsHtml(diagnostics: readonly Diagnostic[]): Html {
  return html`<ul class="pw-problems">${diagnostics.map((d) => html`<li><span class="pw-dim">line ${d.line}, column ${d.column}:</span> ${d.message}</li>`)}</ul>`;
}

/**
 * The scenario text with one element per line, so that rules can link to their
 * line. The playground's title names its scroll box: a post's several boxes
 * must not share one name.
 */
export function sourceHtml(text: string, id: string, title?: string): Html {
  const lines = text.replace(/\n$/, '').split('\n');
  const numbered = lines.map((line, i) => html`<span class="pw-line" id="${id}-src-L${i + 1}">${line}</span>\n`);
  const name = title === undefined ? 'Scenario source' : `Scenario source (${title})`;
  return html`<div class="pw-source" role="region" tabindex="0" aria-label="${name}"><pre><code>${numbered}</code></pre></div>`;
}

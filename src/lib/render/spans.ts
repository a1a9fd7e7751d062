/** The engine's styled text spans as HTML: each terminal colour becomes a class with a meaning. */
import type { Span, Style } from './engine-text.js';
import { html, type Html } from './html.js';

const STYLE_CLASS: Readonly<Record<Style, string>> = {
  bold: 'pw-strong',
  dim: 'pw-dim',
  red: 'pw-bad',
  alert: 'pw-bad',
  green: 'pw-good',
  yellow: 'pw-rule',
  blue: 'pw-route',
  magenta: 'pw-rewrite',
  cyan: 'pw-ct',
};

export function spansHtml(spans: readonly Span[]): Html {
  return html`${spans.map((s) => (s.style === undefined ? s.text : html`<span class="${STYLE_CLASS[s.style]}">${s.text}</span>`))}`;
}

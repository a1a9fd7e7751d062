/**
 * HTML built from template literals in which every interpolated value is
 * escaped unless it is itself HTML built here. Scenario text (host names,
 * comments, rule text) can hold anything; this is the one place that makes it
 * safe to show, at build time and in the browser alike.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function piece(value: Value): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += piece(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup written by this code (never scenario text). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** A class attribute's value from optional parts. */
export function classes(...parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

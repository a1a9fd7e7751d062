import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from './html.js';

describe('html', () => {
  it.each([
    ['a tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an attribute breaker', '" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ['single quotes and ampersands', "it's a & b", 'it&#39;s a &amp; b'],
  ])('escapes %s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
    expect(html`<p title="${input}">${input}</p>`.value).toBe(`<p title="${expected}">${expected}</p>`);
  });

  it.each([
    ['nested HTML as is', html`<b>${'x'}</b>`, '<b>x</b>'],
    ['arrays joined', ['a', html`<i>b</i>`, 'c'], 'a<i>b</i>c'],
    ['absent values as nothing', [undefined, null, false], ''],
    ['numbers as text', 42, '42'],
    ['trusted markup as is', trusted('<br>'), '<br>'],
  ])('inserts %s', (_name, value, expected) => {
    expect(html`${value}`.value).toBe(expected);
  });
});

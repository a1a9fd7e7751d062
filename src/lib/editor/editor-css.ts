/**
 * Monaco's CSS, added to the page by the editor's own code when it loads (see
 * astro.config.mjs): pages never link it, so it cannot block their rendering.
 * Some 80 of Monaco's modules each bring a piece while the editor's code is
 * evaluated; a style element re-parses all its text whenever text is added, so
 * the pieces are gathered and added at once, in a microtask: before the code
 * that imported the editor resumes, and so before any editor is created.
 */
let sheet: HTMLStyleElement | undefined;
let pending: string[] = [];

function flush(): void {
  if (!sheet) {
    sheet = document.createElement('style');
    sheet.dataset.editorCss = '';
    document.head.append(sheet);
  }
  sheet.append(pending.join('\n'));
  pending = [];
}

export function addEditorCss(css: string): void {
  if (pending.length === 0) queueMicrotask(flush);
  pending.push(css);
}

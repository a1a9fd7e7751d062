/**
 * Monaco's CSS, added to the page by the editor's own code when it loads (see
 * astro.config.mjs): pages never link it, so it cannot block their rendering.
 */
let sheet: HTMLStyleElement | undefined;

export function addEditorCss(css: string): void {
  if (!sheet) {
    sheet = document.createElement('style');
    sheet.dataset.editorCss = '';
    document.head.append(sheet);
  }
  sheet.append(css);
}

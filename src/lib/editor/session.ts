/**
 * Editing a playground: Monaco in place of the source listing, the engine in
 * a worker recomputing as the reader types (debounced), results replaced when
 * the scenario traces, markers and a problem list when it does not (the last
 * good results stay), Reset back to the post's scenario.
 */
import type { EditingSession } from '../client/playground';
import { currentTheme } from '../client/theme';
import type { EngineRequest, EngineResponse } from './engine.worker';
import EngineWorker from './engine.worker?worker';
import { monaco } from './monaco';

const DEBOUNCE_MS = 180;
const MARKER_OWNER = 'packetwalk';

export interface EditorOptions {
  readonly root: HTMLElement;
  readonly id: string;
  readonly file: string;
  /** The scenario as published. */
  readonly original: string;
  /** Text to start from (a shared link), when not the original. */
  readonly text?: string;
  /** Called after new results were put in place. */
  readonly onResults: () => void;
}

function themeName(): string {
  return currentTheme() === 'dark' ? 'vs-dark' : 'vs';
}

export function openEditor(options: EditorOptions): EditingSession {
  const { root, id, file, original } = options;
  const pane = root.querySelector<HTMLDetailsElement>('[data-source-pane]')!;
  const listing = root.querySelector<HTMLElement>('[data-source]')!;
  const host = root.querySelector<HTMLElement>('[data-editor]')!;
  const problems = root.querySelector<HTMLElement>('[data-problems]')!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const badge = root.querySelector<HTMLElement>('[data-verified]');
  const badgeText = badge?.innerHTML;
  const level = Number(root.dataset.level ?? 4) as EngineRequest['level'];

  pane.open = true;
  listing.hidden = true;
  host.hidden = false;
  const hint = root.querySelector<HTMLElement>('[data-editor-hint]');
  if (hint) hint.hidden = false;
  const model = monaco.editor.createModel(options.text ?? original, 'yaml', monaco.Uri.parse(`inmemory://packetwalk/${id}/${file.replace(/^.*\//, '')}`));
  const editor = monaco.editor.create(host, {
    model,
    theme: themeName(),
    ariaLabel: 'Scenario editor (YAML)',
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 2,
    renderWhitespace: 'none',
    fixedOverflowWidgets: true,
  });
  document.addEventListener('packetwalk:theme', () => monaco.editor.setTheme(themeName()));

  const worker = new EngineWorker();
  let seq = 0;
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const compute = () => {
    seq++;
    sentAt = performance.now();
    results.setAttribute('aria-busy', 'true');
    const title = root.dataset.title;
    const request: EngineRequest = { seq, text: model.getValue(), file, id, level, ...(title === undefined ? {} : { title }) };
    worker.postMessage(request);
  };

  worker.onmessage = (event: MessageEvent<EngineResponse>) => {
    const reply = event.data;
    if (reply.seq !== seq) return;
    results.removeAttribute('aria-busy');
    if (reply.ok) {
      results.innerHTML = reply.html;
      problems.hidden = true;
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      options.onResults();
    } else {
      problems.innerHTML = `<p><strong>${reply.diagnostics.length === 1 ? '1 problem' : `${reply.diagnostics.length} problems`}</strong> — the results below are from the last scenario that worked.</p>${reply.problems}`;
      problems.hidden = false;
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        reply.diagnostics.map((d) => ({
          severity: monaco.MarkerSeverity.Error,
          message: d.message,
          startLineNumber: d.line,
          startColumn: d.column,
          endLineNumber: d.endLine ?? d.line,
          // Without an end, mark to the end of the word, as the CLI's caret would point.
          endColumn: d.endColumn ?? model.getWordAtPosition({ lineNumber: d.line, column: d.column })?.endColumn ?? d.column + 1,
          source: 'packetwalk',
        })),
      );
    }
    const edited = model.getValue() !== original;
    if (badge) {
      badge.toggleAttribute('data-edited', edited);
      if (edited) badge.textContent = 'edited: not verified against the kernel';
      else if (badgeText !== undefined) badge.innerHTML = badgeText;
    }
    root.dispatchEvent(new CustomEvent('packetwalk:results', { detail: { ok: reply.ok, engineMs: reply.ms, totalMs: performance.now() - sentAt } }));
  };

  model.onDidChangeContent(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(compute, DEBOUNCE_MS);
  });
  if (options.text !== undefined && options.text !== original) compute();
  // Otherwise trace the published scenario once, unseen: the worker's first run compiles the
  // engine's code, and the reader's first edit should not pay for it.
  else worker.postMessage({ seq: -1, text: original, file, id, level } satisfies EngineRequest);
  root.dataset.editing = '';
  root.dispatchEvent(new CustomEvent('packetwalk:editor-ready'));

  return {
    text: () => model.getValue(),
    reset: () => {
      model.setValue(original);
      editor.focus();
    },
    revealLine: (line: number) => {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.focus();
    },
  };
}

/**
 * Editing a playground: Monaco in place of the source listing, the engine in
 * a worker recomputing as the reader types (debounced), results replaced when
 * the scenario traces, markers and a problem list when it does not (the last
 * good results stay), Reset back to the post's scenario. A status line says
 * in words what the engine is doing or found: "Computing…" while a run lasts,
 * the first problem, or the limit a run was stopped at. Nothing here reads
 * the scenario: parsing and rendering happen in the worker.
 */
import type { Diagnostic } from '@packetwalk/engine';
import type { EditingSession } from '../client/playground';
import { currentTheme } from '../client/theme';
import { escapeHtml } from '../render/html';
import { EngineRunner, UNSEEN_SEQ } from './engine-runner';
import type { EngineRequest } from './engine.worker';
import EngineWorker from './engine.worker?worker';
import { monaco } from './monaco';
import { PAGE_LIMITS } from './page-budget';

const DEBOUNCE_MS = 180;
const COMPUTING_AFTER_MS = 300;
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

  const status = document.createElement('p');
  status.className = 'pw-share-status';
  status.dataset.engineStatus = '';
  status.setAttribute('role', 'status');
  problems.before(status);

  let seq = 0;
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Said only when a run lasts: quick runs would otherwise make it blink (and be read out) at every pause in typing.
  let computing: ReturnType<typeof setTimeout> | undefined;

  const finished = (ok: boolean, engineMs: number) => {
    clearTimeout(computing);
    results.removeAttribute('aria-busy');
    const edited = model.getValueLength() !== original.length || model.getValue() !== original;
    if (badge) {
      badge.toggleAttribute('data-edited', edited);
      if (edited) badge.textContent = 'edited: not verified against the kernel';
      else if (badgeText !== undefined) badge.innerHTML = badgeText;
    }
    root.dispatchEvent(new CustomEvent('packetwalk:results', { detail: { ok, engineMs, totalMs: performance.now() - sentAt } }));
  };

  const showProblems = (summary: string, list: string) => {
    problems.innerHTML = `<p><strong>${summary}</strong> — the results below are from the last scenario that worked.</p>${list}`;
    problems.hidden = false;
  };

  /** Without an end, mark to the end of the word, as the CLI's caret would point. */
  const toMarker = (d: Diagnostic): monaco.editor.IMarkerData => ({
    severity: monaco.MarkerSeverity.Error,
    message: d.message,
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine ?? d.line,
    endColumn: d.endColumn ?? model.getWordAtPosition({ lineNumber: d.line, column: d.column })?.endColumn ?? d.column + 1,
    source: 'packetwalk',
  });

  const runner = new EngineRunner(() => new EngineWorker(), PAGE_LIMITS.runMs, {
    reply: (reply) => {
      if (reply.seq !== seq) return;
      if (reply.ok) {
        results.innerHTML = reply.html;
        problems.hidden = true;
        monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
        status.textContent = reply.note ?? `Traced: ${reply.flows === 1 ? '1 flow' : `${reply.flows.toLocaleString('en-US')} flows`}.`;
        options.onResults();
      } else {
        const summary = reply.total === 1 ? '1 problem' : `${reply.total.toLocaleString('en-US')} problems`;
        showProblems(summary, reply.problems);
        const first = reply.diagnostics[0];
        status.textContent = first
          ? `${summary}; line ${first.line}, column ${first.column}: ${first.message.replace(/\.$/, '')}. The results shown are from the last scenario that worked.`
          : `${summary}. The results shown are from the last scenario that worked.`;
        monaco.editor.setModelMarkers(model, MARKER_OWNER, reply.diagnostics.map(toMarker));
      }
      finished(reply.ok, reply.ms);
    },
    stopped: (stoppedSeq, why) => {
      if (stoppedSeq !== seq) return;
      const message =
        'ms' in why
          ? `Stopped: tracing this scenario took longer than ${PAGE_LIMITS.runMs / 1000} s, the page's limit for one run (the CLI has none).`
          : `Stopped: the engine failed on this scenario (${why.error}); it may have run out of memory.`;
      showProblems('Not traced', `<p>${escapeHtml(message)}</p>`);
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      status.textContent = `${message} The results shown are from the last scenario that worked.`;
      finished(false, 'ms' in why ? why.ms : 0);
    },
  });

  const compute = () => {
    clearTimeout(timer);
    timer = undefined;
    seq++;
    sentAt = performance.now();
    results.setAttribute('aria-busy', 'true');
    clearTimeout(computing);
    computing = setTimeout(() => (status.textContent = 'Computing…'), COMPUTING_AFTER_MS);
    const title = root.dataset.title;
    runner.run({ seq, text: model.getValue(), file, id, level, ...(title === undefined ? {} : { title }) });
  };

  model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(compute, DEBOUNCE_MS);
  });
  if (options.text !== undefined && options.text !== original) compute();
  // Otherwise trace the published scenario once, unseen: the worker's first run compiles the
  // engine's code, and the reader's first edit should not pay for it.
  else runner.run({ seq: UNSEEN_SEQ, text: original, file, id, level });
  root.dataset.editing = '';
  root.dispatchEvent(new CustomEvent('packetwalk:editor-ready'));

  return {
    text: () => model.getValue(),
    reset: () => {
      model.setValue(original);
      editor.focus();
    },
    load: (text: string) => {
      // An edit, not a new model: Undo brings back what the reader had.
      editor.pushUndoStop();
      editor.executeEdits('packetwalk-load', [{ range: model.getFullModelRange(), text }]);
      editor.pushUndoStop();
      editor.setPosition({ lineNumber: 1, column: 1 });
      editor.revealLine(1);
      compute();
    },
    revealLine: (line: number) => {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.focus();
    },
  };
}

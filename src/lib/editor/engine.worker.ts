/**
 * The engine in a Web Worker: scenario text in, the rendered results (or the
 * located problems) out. Rendering here uses the very functions the build
 * uses, and keeps the page's main thread free while a reader types. A long
 * run is never waited for: the page terminates this worker when newer text
 * arrives or the run passes its time limit (engine-runner.ts).
 */
// First: the engine's schemas must find zod in its no-eval mode (a CSP sent as a header reaches workers).
import '../security/zod-jitless';
import { traceScenarioText, type Diagnostic } from '@packetwalk/engine';
import { html } from '../render/html';
import { problemsHtml, resultsHtml } from '../render/results';
import { flowsLeftOutNote, flowsToShow, PAGE_LIMITS, problemsLeftOutNote } from './page-budget';

export interface EngineRequest {
  readonly seq: number;
  readonly text: string;
  readonly file: string;
  readonly id: string;
  readonly level: 3 | 4 | 5;
  readonly title?: string;
}

export type EngineResponse =
  | {
      readonly seq: number;
      readonly ok: true;
      readonly html: string;
      readonly flows: number;
      /** Set when the page shows fewer flows than were traced. */
      readonly note?: string;
      readonly ms: number;
    }
  | {
      readonly seq: number;
      readonly ok: false;
      /** The first problems only (PAGE_LIMITS.problems): the editor marks each. */
      readonly diagnostics: Diagnostic[];
      readonly total: number;
      readonly problems: string;
      readonly ms: number;
    };

function traced(seq: number, text: string, file: string, options: { id: string; level: 3 | 4 | 5; title?: string }): EngineResponse {
  const start = performance.now();
  const result = traceScenarioText(text, file);
  if (!result.trace) {
    const shown = result.diagnostics.slice(0, PAGE_LIMITS.problems);
    const more = shown.length < result.diagnostics.length ? html`<p>${problemsLeftOutNote(shown.length, result.diagnostics.length)}</p>` : '';
    return { seq, ok: false, diagnostics: shown, total: result.diagnostics.length, problems: html`${problemsHtml(shown)}${more}`.value, ms: performance.now() - start };
  }
  const trace = result.trace;
  const shown = flowsToShow(trace);
  if (shown === trace.flows.length) {
    return { seq, ok: true, html: resultsHtml(trace, options).value, flows: trace.flows.length, ms: performance.now() - start };
  }
  const note = flowsLeftOutNote(shown, trace.flows.length);
  const results = shown === 0 ? '' : resultsHtml({ ...trace, flows: trace.flows.slice(0, shown) }, options);
  return { seq, ok: true, html: html`<p class="pw-dim" data-page-limit>${note}</p>${results}`.value, flows: trace.flows.length, note, ms: performance.now() - start };
}

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const { seq, text, file, id, level, title } = event.data;
  const start = performance.now();
  let reply: EngineResponse;
  try {
    reply = traced(seq, text, file, { id, level, ...(title === undefined ? {} : { title }) });
  } catch (error) {
    // An engine bug must not freeze the editor: report it at the top of the file.
    const diagnostics: Diagnostic[] = [{ file, line: 1, column: 1, message: `internal error: ${error instanceof Error ? error.message : String(error)}` }];
    reply = { seq, ok: false, diagnostics, total: 1, problems: problemsHtml(diagnostics).value, ms: performance.now() - start };
  }
  self.postMessage(reply);
};

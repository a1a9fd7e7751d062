/**
 * The engine in a Web Worker: scenario text in, the rendered results (or the
 * located problems) out. Rendering here uses the very functions the build
 * uses, and keeps the page's main thread free while a reader types.
 */
import { traceScenarioText, type Diagnostic } from '@packetwalk/engine';
import { problemsHtml, resultsHtml } from '../render/results';

export interface EngineRequest {
  readonly seq: number;
  readonly text: string;
  readonly file: string;
  readonly id: string;
  readonly level: 3 | 4 | 5;
  readonly title?: string;
}

export type EngineResponse =
  | { readonly seq: number; readonly ok: true; readonly html: string; readonly ms: number }
  | { readonly seq: number; readonly ok: false; readonly diagnostics: Diagnostic[]; readonly problems: string; readonly ms: number };

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const { seq, text, file, id, level, title } = event.data;
  const start = performance.now();
  let reply: EngineResponse;
  try {
    const result = traceScenarioText(text, file);
    reply = result.trace
      ? { seq, ok: true, html: resultsHtml(result.trace, { id, level, ...(title === undefined ? {} : { title }) }).value, ms: performance.now() - start }
      : { seq, ok: false, diagnostics: result.diagnostics, problems: problemsHtml(result.diagnostics).value, ms: performance.now() - start };
  } catch (error) {
    // An engine bug must not freeze the editor: report it at the top of the file.
    const diagnostics: Diagnostic[] = [{ file, line: 1, column: 1, message: `internal error: ${error instanceof Error ? error.message : String(error)}` }];
    reply = { seq, ok: false, diagnostics, problems: problemsHtml(diagnostics).value, ms: performance.now() - start };
  }
  self.postMessage(reply);
};

/**
 * How much of a trace and of a problem list the page puts on screen. The
 * engine bounds its own work (packages/engine/src/limits.ts), but a trace it
 * accepts can still be far too big for a page: 1,000 flows render to some
 * 15 MB of HTML, 1,000 flows caught in a routing loop to some 80 MB, and
 * putting that into the document would freeze the reader's tab for seconds.
 * So the page shows the leading flows that fit these figures and says how
 * many it left out; the CLI prints them all. A post's scenario (at most a
 * hundred table rows) is never cut.
 */
import type { FlowTrace, Trace } from '@packetwalk/engine';

export const PAGE_LIMITS = {
  /** Flows shown (each is a tab). */
  flows: 50,
  /** Hop-table rows shown, all shown flows together: some 550 bytes of HTML each. */
  rows: 2_000,
  /** Problems listed and marked in the editor. */
  problems: 200,
  /** Time the engine may take on one text before the page stops it. */
  runMs: 30_000,
} as const;

/** Numbers as people write them: 1,000. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Hop-table rows of a flow: one per step recorded at a host. */
export function rowsOf(flow: FlowTrace): number {
  let rows = 0;
  for (const packet of flow.packets) for (const hop of packet.hops) rows += hop.steps.length;
  return rows;
}

/** How many of the trace's flows, from the first, fit the page's figures. */
export function flowsToShow(trace: Trace, limits: { readonly flows: number; readonly rows: number } = PAGE_LIMITS): number {
  let rows = 0;
  let shown = 0;
  for (const flow of trace.flows) {
    rows += rowsOf(flow);
    if (shown === limits.flows || rows > limits.rows) break;
    shown++;
  }
  return shown;
}

/** What the page says when it shows only `shown` of `total` flows. */
export function flowsLeftOutNote(shown: number, total: number): string {
  const which = shown === 0 ? 'none of them: the first alone is too long to show here' : shown === 1 ? 'only the first' : `the first ${count(shown)}`;
  return `This scenario traced ${count(total)} flows; the page shows ${which} (at most ${count(PAGE_LIMITS.flows)} flows and ${count(PAGE_LIMITS.rows)} table rows). The CLI prints every flow: npx packetwalk trace FILE.yaml.`;
}

/** What the page says when it lists only the first problems. */
export function problemsLeftOutNote(shown: number, total: number): string {
  return `The first ${count(shown)} of ${count(total)} problems are listed and marked.`;
}

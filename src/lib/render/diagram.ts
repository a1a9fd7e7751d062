/**
 * The flow as an SVG sequence diagram: one lane per host, each link crossing
 * an arrow (request solid, reply dashed, ICMP error dotted, each with its own
 * colour and arrowhead), and beside each host what happened there
 * (diagram-notes.ts). Every hop's shapes sit in a group tagged with the hop's
 * step number, like the table's row groups.
 *
 * Two layouts are written, and CSS shows one: this wide one keeps its natural
 * size and scrolls sideways when its column is a little too narrow; the
 * compact one (diagram-compact.ts) takes over in a narrow column, a phone's,
 * where the wide one would need more than a little scrolling. Each carries a
 * class naming the column width under which the compact one is shown.
 */
import { compactDiagramSvg } from './diagram-compact.js';
import type { Note } from './diagram-notes.js';
import { arrowHeads, crossingLabel, flowNotes, headRef, svgElement, titleAndDesc } from './diagram-parts.js';
import { hostOf, type Direction, type FlowView } from './flow-view.js';
import { html, type Html } from './html.js';

/** Width of one character of the diagram's monospace text, with a margin for wider fonts. */
const CHAR = 7.6;
const LANE_MIN = 180;
const LANE_MAX = 620;
const HEADER = 58;
const ARROW_BAND = 50;
const NOTE_LINE = 17;
const PACKET_GAP = 16;
const SIDE = 14;

function textWidth(text: string): number {
  return [...text].length * CHAR;
}

function labelWidth(label: readonly string[]): number {
  return Math.max(...label.map(textWidth));
}

function arrow(x1: number, x2: number, y: number, direction: Direction, label: readonly [string, string], id: string): Html {
  const marker = headRef(id, direction);
  if (x1 === x2) {
    // Loopback: out and back into the same lane.
    const tx = x1 + 46;
    return html`<path class="pw-arrow pw-arrow--${direction}" d="M${x1 + 6} ${y - 10}h34v14h-30" marker-end="${marker}"/><text class="pw-arrow-label" x="${tx}" y="${y - 16}">${label[0]}<tspan x="${tx}" dy="15">${label[1]} (lo)</tspan></text>`;
  }
  const dir = x2 > x1 ? 1 : -1;
  const mid = (x1 + x2) / 2;
  return html`<line class="pw-arrow pw-arrow--${direction}" x1="${x1 + dir * 7}" y1="${y}" x2="${x2 - dir * 9}" y2="${y}" marker-end="${marker}"/><text class="pw-arrow-label" x="${mid}" y="${y - 22}" text-anchor="middle">${label[0]}<tspan x="${mid}" dy="15">${label[1]}</tspan></text>`;
}

function notesMarkup(notes: readonly Note[], x: number, y: number, leftward: boolean): Html {
  const anchor = leftward ? 'end' : 'start';
  const tx = leftward ? x - SIDE : x + SIDE;
  return html`${notes.map((n, i) => html`<text class="pw-note pw-note--${n.kind}" x="${tx}" y="${y + 13 + i * NOTE_LINE}" text-anchor="${anchor}">${n.text}</text>`)}`;
}

export interface DiagramOptions {
  /** Unique on the page: prefixes the ids of markers and labels. */
  readonly id: string;
}

function wideDiagramSvg(view: FlowView, id: string): { svg: (classes: string) => Html; width: number } {
  const lanes = view.lanes;
  const laneIndex = (host: string) => lanes.indexOf(host);
  const packetNotes = flowNotes(view);

  // Lanes far enough apart for every arrow's label and every note.
  let gap = LANE_MIN;
  view.packets.forEach((p) => {
    for (const w of [...p.hops.flatMap((h) => h.arrivals), ...p.lost]) {
      const span = Math.abs(laneIndex(hostOf(w.to)) - laneIndex(hostOf(w.from))) || 1;
      gap = Math.max(gap, (labelWidth(crossingLabel(p, w)) + 30) / span);
    }
  });
  const widestNote = Math.max(0, ...packetNotes.flat(2).map((n) => textWidth(n.text)));
  gap = Math.min(LANE_MAX, Math.max(gap, widestNote + SIDE + 16));
  const boxWidths = lanes.map((h) => Math.max(76, textWidth(h) + 22));
  const single = lanes.length === 1;
  const x0 = Math.max(boxWidths[0]! / 2 + 8, 40);
  const laneX = (host: string) => x0 + Math.max(0, laneIndex(host)) * gap;
  const lastX = x0 + (lanes.length - 1) * gap;
  const width = Math.ceil(lastX + Math.max(boxWidths[boxWidths.length - 1]! / 2 + 8, single ? widestNote + SIDE + 60 : 20));

  const groups: Html[] = [];
  let y = HEADER;
  view.packets.forEach((p, pi) => {
    p.hops.forEach((h, hi) => {
      const top = y;
      const shapes: Html[] = [];
      for (const w of h.arrivals) {
        y += ARROW_BAND;
        shapes.push(arrow(laneX(hostOf(w.from)), laneX(hostOf(w.to)), y, p.direction, crossingLabel(p, w), id));
      }
      const notes = packetNotes[pi]![hi]!;
      const x = laneX(h.hop.host);
      const boxTop = y + 6;
      const height = Math.max(1, notes.length) * NOTE_LINE + 4;
      const leftward = !single && laneIndex(h.hop.host) === lanes.length - 1;
      shapes.push(html`<rect class="pw-activation pw-activation--${p.direction}" x="${x - 5}" y="${boxTop}" width="10" height="${height}" rx="2"/>`);
      shapes.push(notesMarkup(notes, x, boxTop, leftward));
      y = boxTop + height;
      groups.push(html`<g class="pw-hop-shapes" data-step="${h.step}"><rect class="pw-band" x="0" y="${top + 2}" width="${width}" height="${y - top + 2}"/>${shapes}</g>`);
    });
    for (const w of p.lost) {
      y += ARROW_BAND;
      const from = laneX(hostOf(w.from));
      const to = laneIndex(hostOf(w.to)) >= 0 ? laneX(hostOf(w.to)) : from + gap / 2;
      const end = (from + to) / 2;
      groups.push(html`<g class="pw-lost">${arrow(from, end, y, p.direction, crossingLabel(p, w), id)}<text class="pw-note pw-note--bad" x="${end + 4}" y="${y + 4}">✕ nobody took it</text></g>`);
    }
    y += PACKET_GAP;
  });
  const height = Math.ceil(y + 10);

  const laneShapes = lanes.map((host, i) => {
    const x = x0 + i * gap;
    const w = boxWidths[i]!;
    return html`<line class="pw-lane" x1="${x}" y1="${HEADER - 14}" x2="${x}" y2="${height - 6}"/><rect class="pw-host-box" x="${x - w / 2}" y="8" width="${w}" height="30" rx="6"/><text class="pw-host-name" x="${x}" y="28" text-anchor="middle">${host}</text>`;
  });
  return {
    width,
    svg: (classes) => svgElement(classes, id, width, height, html`${titleAndDesc(view, id)}${arrowHeads(id)}${laneShapes}${groups}`),
  };
}

/** Column widths (CSS px) at which the wide layout stops being shown; diagram.css has one rule per step. */
export const FIT_STEPS = [360, 400, 440, 480, 520, 560, 600] as const;

/**
 * The narrowest column the wide layout is shown in: its own width, rounded up
 * to a step, but never above the last step: past a phone's or a small
 * tablet's width, a wide diagram scrolls a little rather than turning compact.
 */
export function fitStep(wideWidth: number): number {
  return FIT_STEPS.find((step) => wideWidth <= step) ?? FIT_STEPS[FIT_STEPS.length - 1]!;
}

export function diagramSvg(view: FlowView, options: DiagramOptions): Html {
  const wide = wideDiagramSvg(view, options.id);
  const fit = `pw-fit-${fitStep(wide.width)}`;
  return html`${wide.svg(`pw-diagram pw-diagram--wide ${fit}`)}${compactDiagramSvg(view, { id: `${options.id}-c`, classes: `pw-diagram pw-diagram--compact ${fit}` })}`;
}

/**
 * The diagram for a narrow column (a phone): the same lanes, arrows, rewrites
 * and conntrack notes as the wide layout, drawn in a box 320 units wide that
 * CSS scales to the column, so nothing scrolls sideways. What changes is where
 * the words go: an arrow's label sits on its own line above the arrow rather
 * than between two lanes; notes go beside the host on whichever side has room
 * and wrap at spaces when neither has enough; host names take two staggered
 * rows when one row is too tight, and are shortened only when even that is too
 * tight (the full name is in the element's tooltip, the diagram's description
 * and the hop table).
 */
import type { WireCrossing } from '@packetwalk/engine';
import type { Note } from './diagram-notes.js';
import { arrowHeads, crossingLabel, flowNotes, headRef, svgElement, titleAndDesc } from './diagram-parts.js';
import { hostOf, type Direction, type FlowView, type PacketView } from './flow-view.js';
import { html, type Html } from './html.js';

export const COMPACT_WIDTH = 320;
/** Advance of one character of the 12 px monospace text, with a margin for wider fonts. */
const CHAR = 7.3;
/** The same for host names (12.5 px bold sans-serif: DejaVu Sans Bold's lower case averages some 0.64 em). */
const NAME_CHAR = 8;
const NAME_PAD = 10;
const EDGE = 4;
/** First and last lane's distance from the sides: room for a host box and an arrowhead. */
const LANE_INSET = 22;
const LINE = 15;
const NAME_ROW = 32;
const SIDE = 10;
const INDENT = 2;

function width(text: string, char = CHAR): number {
  return [...text].length * char;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * Greedy wrapping at spaces into lines of at most `max` characters, following
 * lines `INDENT` characters in; a word longer than a line is cut, so no line
 * ever runs past the box.
 */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  const limit = () => (lines.length === 0 ? max : max - INDENT);
  for (let word of text.split(' ')) {
    while ([...word].length > limit()) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      const chars = [...word];
      lines.push(chars.slice(0, limit()).join(''));
      word = chars.slice(limit()).join('');
    }
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= limit()) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** The name shortened with an ellipsis to `max` characters, when longer. */
function shortened(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

interface Lanes {
  readonly x: (host: string) => number;
  /** Where the lanes' lines start, under the host boxes. */
  readonly top: number;
  readonly header: (bottom: number) => Html;
}

function lanesLayout(lanes: readonly string[]): Lanes {
  const n = lanes.length;
  const gap = n > 1 ? (COMPACT_WIDTH - 2 * LANE_INSET) / (n - 1) : COMPACT_WIDTH;
  const xs = lanes.map((_, i) => LANE_INSET + i * gap);
  const natural = lanes.map((h) => width(h, NAME_CHAR) + NAME_PAD);
  const rows = natural.every((w) => w <= gap - 6) ? 1 : 2;
  const room = Math.min(rows === 1 ? gap - 6 : 2 * gap - 6, COMPACT_WIDTH - 2 * EDGE);
  const top = 8 + rows * NAME_ROW;
  const header = (bottom: number) =>
    html`${lanes.map((host, i) => {
      const x = xs[i]!;
      const name = shortened(host, Math.floor((room - NAME_PAD) / NAME_CHAR));
      const w = Math.min(natural[i]!, room);
      const cx = clamp(x, w / 2 + EDGE, COMPACT_WIDTH - EDGE - w / 2);
      const y = 6 + (rows === 1 ? 0 : i % 2) * NAME_ROW;
      const full = name === host ? '' : html`<title>${host}</title>`;
      return html`<line class="pw-lane" x1="${x}" y1="${y + 28}" x2="${x}" y2="${bottom}"/><rect class="pw-host-box" x="${cx - w / 2}" y="${y}" width="${w}" height="28" rx="6"/><text class="pw-host-name" x="${cx}" y="${y + 19}" text-anchor="middle">${full}${name}</text>`;
    })}`;
  return { x: (host) => xs[Math.max(0, lanes.indexOf(host))]!, top, header };
}

/** Lines of text centred on `centre` where the box allows, each within the box. */
function labelLines(lines: readonly string[], centre: number, firstBaseline: number, kind: string): Html {
  return html`${lines.map((line, i) => {
    const x = clamp(centre - width(line) / 2, EDGE, COMPACT_WIDTH - EDGE - width(line));
    return html`<text class="${kind}" x="${x}" y="${firstBaseline + i * LINE}">${line}</text>`;
  })}`;
}

/** An arrow's label on one line when it fits the box, otherwise its two parts, each wrapped if need be. */
function arrowLabelLines(label: readonly [string, string], loopback: boolean): string[] {
  const second = loopback ? `${label[1]} (lo)` : label[1];
  const max = Math.floor((COMPACT_WIDTH - 2 * EDGE) / CHAR);
  const one = `${label[0]} ${second}`;
  return [...one].length <= max ? [one] : [...wrapWords(label[0], max), ...wrapWords(second, max)];
}

function arrowShape(x1: number, x2: number, y: number, direction: Direction, id: string): Html {
  const marker = headRef(id, direction);
  if (x1 === x2) {
    // Loopback: out and back into the same lane, on the side with room.
    const s = x1 + 40 > COMPACT_WIDTH ? -1 : 1;
    return html`<path class="pw-arrow pw-arrow--${direction}" d="M${x1 + s * 6} ${y - 8}h${s * 26}v12h${s * -22}" marker-end="${marker}"/>`;
  }
  const dir = x2 > x1 ? 1 : -1;
  return html`<line class="pw-arrow pw-arrow--${direction}" x1="${x1 + dir * 7}" y1="${y}" x2="${x2 - dir * 9}" y2="${y}" marker-end="${marker}"/>`;
}

/** An arrow with its label above it; returns the markup and the y below it. */
function crossing(p: PacketView, w: WireCrossing, from: number, to: number, y: number, id: string): [Html, number] {
  const lines = arrowLabelLines(crossingLabel(p, w), from === to);
  const centre = from === to ? from + 20 : (from + to) / 2;
  const labels = labelLines(lines, centre, y + LINE, 'pw-arrow-label');
  const arrowY = y + lines.length * LINE + 10;
  return [html`${labels}${arrowShape(from, to, arrowY, p.direction, id)}`, arrowY + 2];
}

interface PlacedNote {
  readonly note: Note;
  readonly lines: readonly string[];
}

/** Notes beside the host: to the right if they fit, else to the left, else wrapped on the roomier side. */
function notesBlock(notes: readonly Note[], x: number, boxTop: number): { markup: Html; lines: number } {
  const right = COMPACT_WIDTH - EDGE - (x + SIDE);
  const left = x - SIDE - EDGE;
  const widest = Math.max(0, ...notes.map((n) => width(n.text)));
  const toRight = widest <= right || (widest > left && right >= left);
  const room = toRight ? right : left;
  const placed: PlacedNote[] = notes.map((note) => ({ note, lines: width(note.text) <= room ? [note.text] : wrapWords(note.text, Math.floor(room / CHAR)) }));
  const blockWidth = Math.max(0, ...placed.flatMap((p) => p.lines.map((l, i) => width(l) + (i > 0 ? INDENT * CHAR : 0))));
  const start = toRight ? x + SIDE : x - SIDE - blockWidth;
  let line = 0;
  const markup = html`${placed.map(({ note, lines }) =>
    lines.map((text, i) => html`<text class="pw-note pw-note--${note.kind}" x="${start + (i > 0 ? INDENT * CHAR : 0)}" y="${boxTop + 12 + line++ * LINE}">${text}</text>`),
  )}`;
  return { markup, lines: line };
}

export function compactDiagramSvg(view: FlowView, options: { readonly id: string; readonly classes: string }): Html {
  const { id } = options;
  const lanes = lanesLayout(view.lanes);
  const notes = flowNotes(view);
  const groups: Html[] = [];
  let y = lanes.top;
  view.packets.forEach((p, pi) => {
    p.hops.forEach((h, hi) => {
      const top = y;
      const shapes: Html[] = [];
      for (const w of h.arrivals) {
        const [markup, below] = crossing(p, w, lanes.x(hostOf(w.from)), lanes.x(hostOf(w.to)), y, id);
        shapes.push(markup);
        y = below;
      }
      const x = lanes.x(h.hop.host);
      const boxTop = y + 4;
      const block = notesBlock(notes[pi]![hi]!, x, boxTop);
      const height = Math.max(1, block.lines) * LINE + 4;
      shapes.push(html`<rect class="pw-activation pw-activation--${p.direction}" x="${x - 5}" y="${boxTop}" width="10" height="${height}" rx="2"/>`, block.markup);
      y = boxTop + height;
      groups.push(html`<g class="pw-hop-shapes" data-step="${h.step}"><rect class="pw-band" x="0" y="${top + 2}" width="${COMPACT_WIDTH}" height="${y - top + 2}"/>${shapes}</g>`);
    });
    for (const w of p.lost) {
      const from = lanes.x(hostOf(w.from));
      const known = view.lanes.includes(hostOf(w.to));
      const to = known ? lanes.x(hostOf(w.to)) : from + (from < COMPACT_WIDTH / 2 ? 60 : -60);
      const end = (from + to) / 2;
      const [markup, below] = crossing(p, w, from, end, y, id);
      groups.push(html`<g class="pw-lost">${markup}${labelLines(['✕ nobody took it'], end, below + 12, 'pw-note pw-note--bad')}</g>`);
      y = below + LINE;
    }
    y += 12;
  });
  const height = Math.ceil(y + 8);
  return svgElement(options.classes, id, COMPACT_WIDTH, height, html`${titleAndDesc(view, id)}${arrowHeads(id)}${lanes.header(height - 6)}${groups}`);
}

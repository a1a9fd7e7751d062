/**
 * What both layouts of the diagram share (diagram.ts, wide; diagram-compact.ts,
 * for a phone): the words on an arrow, the arrowheads, the accessible name and
 * the per-hop notes, so the two can only differ in where things are drawn.
 */
import type { WireCrossing } from '@packetwalk/engine';
import { hopNotes, type Note } from './diagram-notes.js';
import { icmpName } from './engine-text.js';
import type { FlowView, PacketView } from './flow-view.js';
import { html, trusted, type Html } from './html.js';

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}

/**
 * An arrow's label as two parts, `SYN 192.168.1.10:40000 →` and `198.51.100.20:80`,
 * which a layout may write on two lines. An ICMP error's quoted packet is in the
 * table; the arrow names only the error.
 */
export function crossingLabel(packet: PacketView, w: WireCrossing): [string, string] {
  const first = `${packet.packet.label} ${endpoint(w.src, w.sport)} →`;
  if (w.proto !== 'icmp') return [first, endpoint(w.dst, w.dport)];
  const what = w.inner !== undefined ? ` (${icmpName(w.type, w.code)})` : w.id === undefined ? '' : ` id ${w.id}`;
  return [first, `${w.dst}${what}`];
}

/** Notes per packet, per hop: what each layout writes beside the host. */
export function flowNotes(view: FlowView): Note[][][] {
  return view.packets.map((p) => p.hops.map((h) => hopNotes(h.hop, p.packet, h.last)));
}

/** One arrowhead per kind of packet; ids prefixed with the diagram's own id. */
export function arrowHeads(id: string): Html {
  return html`<defs>${(['request', 'reply', 'error'] as const).map(
    (d) => html`<marker id="${id}-head-${d}" class="pw-head pw-head--${d}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker>`,
  )}</defs>`;
}

export function headRef(id: string, direction: string): string {
  return `url(#${id}-head-${direction})`;
}

/** The diagram's accessible name and description, the same words in both layouts. */
export function titleAndDesc(view: FlowView, id: string): Html {
  const f = view.flow;
  const labels = view.packets.map((p) => `#${p.packet.id} ${p.packet.label} (${p.direction})`).join(', ');
  return html`<title id="${id}-title">Sequence diagram of flow ${view.number}: ${f.from} to ${f.to} over ${f.proto}, ${f.outcome}</title><desc id="${id}-desc">Hosts from left to right: ${view.lanes.join(', ')}. Packets: ${labels || 'none'}. The hop table lists every step.</desc>`;
}

/** Coordinates to a tenth of a unit: sums of fractions otherwise print as 235.60000000000002, bytes on every page. */
function tidyCoordinates(markup: string): string {
  return markup.replace(/="([^"]*)"/g, (_, value: string) => `="${value.replace(/-?\d+\.\d{4,}/g, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}

export function svgElement(classes: string, id: string, width: number, height: number, content: Html): Html {
  return trusted(tidyCoordinates(html`<svg class="${classes}" role="img" aria-labelledby="${id}-title ${id}-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${content}</svg>`.value));
}

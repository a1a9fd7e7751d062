/**
 * The human view of a trace, the CLI's default: per flow a heading, per
 * packet its walk — each host it passed with every step there (routes,
 * conntrack, rules, rewrites, logs, drops), the link crossings between hosts
 * and its fate. Within a packet the steps form one table (kind, qualifier,
 * detail) and the crossings align their headers; output is stable (no
 * trailing spaces, colour only when asked) because it is snapshot-tested.
 */
import type { FlowTrace, HostHop, Outcome, PacketTrace, Trace, WireCrossing } from '../trace/types.js';
import { errnoText, headerText, packetKind } from './packet-text.js';
import { walkPacket, type PacketWalk } from './packet-walk.js';
import { stepRow, type StepRow } from './step-text.js';
import { joinParts, padTo, paint, span, widthOf, wrap, type Line, type Span } from './text.js';

export interface HopTableOptions {
  /** ANSI colour; off by default. */
  readonly color?: boolean;
  /** Wrap long rows at spaces to this many columns; no wrapping when absent. */
  readonly width?: number;
}

/** Rows whose qualifier (`nat POSTROUTING #1`) is longer than this do not widen the column. */
const MAX_SUB_WIDTH = 24;

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  connected: 'connected',
  answered: 'answered',
  refused: 'refused',
  timeout: 'timed out',
  unreachable: 'unreachable',
};

const CAUSE_WORDS: Readonly<Record<PacketTrace['origin']['cause'], string>> = {
  flow: 'follows',
  reply: 'answers',
  'icmp-error': 'about',
  reset: 'resets',
  reject: 'rejects',
};

/** A packet read in walking order, with each step already turned into a row. */
interface PacketView {
  readonly packet: PacketTrace;
  readonly walk: PacketWalk;
  /** Per hop, its steps' rows. */
  readonly rows: StepRow[][];
}

/** Column widths, shared by the whole trace so that columns line up from one packet to the next. */
interface Layout {
  readonly kind: number;
  readonly sub: number;
  readonly host: number;
  readonly place: number;
  readonly width: number | undefined;
}

export function renderHopTable(trace: Trace, options: HopTableOptions = {}): string {
  // Conntrack state outlives packets and flows: one memory for the whole trace, read in order.
  const tcpStates = new Map<string, string>();
  const flows = trace.flows.map((flow) => ({
    flow,
    packets: flow.packets.map((packet): PacketView => {
      const walk = walkPacket(packet, flow);
      const rows = walk.hops.map((h) =>
        h.hop.steps.map((step, i) => stepRow(step, { hop: h.hop, current: h.before[i], routedDev: h.routedDev[i], tcpStates })),
      );
      return { packet, walk, rows };
    }),
  }));
  const views = flows.flatMap((f) => f.packets);
  const rows = views.flatMap((v) => v.rows.flat());
  const layout: Layout = {
    kind: Math.max(0, ...rows.map((r) => r.kind.length)),
    sub: Math.max(0, ...rows.map((r) => widthOf(r.sub)).filter((w) => w <= MAX_SUB_WIDTH)),
    host: Math.max(0, ...views.flatMap((v) => v.walk.hops.map((h) => h.hop.host.length))),
    place: Math.max(0, ...views.flatMap((v) => v.packet.wire.map((w) => crossingPlace(w).length))),
    width: options.width,
  };

  const lines: Span[][] = [];
  if (trace.title !== undefined) lines.push([span(trace.title, 'bold')], []);
  if (trace.flows.length === 0) lines.push([span('no flows')]);
  flows.forEach(({ flow, packets }, position) => {
    if (position > 0) lines.push([]);
    lines.push(...flowHeading(flow, position + 1, layout.width));
    if (packets.length === 0) lines.push([span('  nothing was sent', 'dim')]);
    packets.forEach((view, index) => {
      if (index > 0) lines.push([]);
      lines.push(...packetLines(view, layout));
    });
  });
  return lines.map((line) => paint(line, options.color ?? false)).join('\n') + '\n';
}

function flowHeading(flow: FlowTrace, number: number, width: number | undefined): Span[][] {
  const good = flow.outcome === 'connected' || flow.outcome === 'answered';
  const port = flow.proto === 'icmp' ? `id ${flow.sport}` : `sport ${flow.sport}`;
  const outcome: Line = [span(OUTCOME_WORDS[flow.outcome], good ? 'green' : 'alert')];
  const error: Line = flow.error === undefined ? [] : [span(`error ${errnoText(flow.error)}`, 'alert')];
  const tail = joinParts([[span(`${flow.from} → ${flow.to}`)], [span(flow.proto)], [span(port)], outcome, error]);
  return wrap([span(`flow ${number}`, 'bold'), span('  ')], tail, width);
}

function packetHeading(packet: PacketTrace, width: number | undefined): Span[][] {
  const first = packet.wire[0];
  const tuple = first === undefined ? [span(`never left ${packet.origin.host}`, 'alert')] : [span(headerText(first))];
  const about = packet.inReplyTo === undefined ? [] : [span(`${CAUSE_WORDS[packet.origin.cause]} #${packet.inReplyTo}`, 'dim')];
  return wrap([span('  '), span(`#${packet.id} ${packet.label}`, 'bold'), span('  ')], joinParts([tuple, about]), width);
}

function crossingPlace(w: WireCrossing): string {
  return `── ${w.link}: ${w.from} → ${w.to}`;
}

function crossingLines(w: WireCrossing, layout: Layout): Span[][] {
  const what = [headerText(w), packetKind(w)].filter(Boolean).join(' ');
  const head = [span('    '), ...padTo([span(crossingPlace(w), 'dim')], layout.place + 2)];
  return wrap(head, [span(what), span(`  ttl ${w.ttl}`, 'dim')], layout.width);
}

function stepLines(r: StepRow, layout: Layout): Span[][] {
  const head: Span[] = [span('      '), ...padTo([span(r.kind, r.kindStyle)], layout.kind + 2)];
  // A sub-column wider than the layout (a long chain name) still keeps two spaces before the detail.
  if (widthOf(r.sub) > 0) head.push(...padTo(r.sub, Math.max(layout.sub, widthOf(r.sub)) + 2));
  return wrap(head, r.detail, layout.width);
}

/** The fate; its socket or reason is left out when the last hop's steps already say it word for word. */
function fateLines(packet: PacketTrace, lastHop: HostHop | undefined, width: number | undefined): Span[][] {
  const fate = packet.fate;
  const said = new Set((lastHop?.host === fate.host ? lastHop.steps : []).map((s) => (s.kind === 'socket' ? s.detail : s.kind === 'drop' ? s.reason : '')));
  if (fate.result === 'delivered') {
    const socket = fate.socket === undefined || said.has(fate.socket) ? [] : [span(`  socket ${fate.socket}`)];
    return wrap([span('    '), span('delivered', 'green'), span(' ')], [span(`to ${fate.host}`), ...socket], width);
  }
  const reason = said.has(fate.reason) ? '' : `: ${fate.reason}`;
  return wrap([span('    '), span('dropped', 'alert'), span(' ')], [span(`at ${fate.host}${reason}`)], width);
}

function packetLines({ packet, walk, rows }: PacketView, layout: Layout): Span[][] {
  const lines: Span[][] = packetHeading(packet, layout.width);
  walk.hops.forEach((h, index) => {
    for (const w of h.arrivals) lines.push(...crossingLines(w, layout));
    const last = index === walk.hops.length - 1;
    const stayed = last && packet.fate.host === h.hop.host && packet.fate.result === 'dropped' ? '(dropped)' : '(local)';
    const path = `${h.hop.in ?? '(local)'} → ${h.hop.out ?? stayed}`;
    lines.push([span('    '), ...padTo([span(h.hop.host, 'bold')], layout.host + 2), span(path)]);
    for (const r of rows[index]!) lines.push(...stepLines(r, layout));
  });
  for (const w of walk.trailing) lines.push(...crossingLines(w, layout));
  lines.push(...fateLines(packet, walk.hops[walk.hops.length - 1]?.hop, layout.width));
  return lines;
}

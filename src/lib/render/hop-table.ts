/**
 * The hop table as HTML: one table per packet, one row group per host hop
 * (tagged with its step number), the link crossing that led there with the
 * header fields that changed since the previous crossing marked, every step as
 * the CLI words it, rewrites shown as before → after, and each rule linked to
 * its line in the scenario source.
 */
import type { RewriteStep, RuleStep, Step, WireCrossing } from '@packetwalk/engine';
import { headerText, icmpName, packetKind, type StepRow } from './engine-text.js';
import type { FlowView, HopView, PacketView } from './flow-view.js';
import { html, type Html } from './html.js';
import { spansHtml } from './spans.js';

export interface TableOptions {
  /** Prefix of the ids of the scenario source lines (`${prefix}-L12`), for rule links. */
  readonly sourceId?: string;
}

const DIRECTION_WORDS = { request: 'request', reply: 'reply', error: 'ICMP error' } as const;

const CAUSE_WORDS = {
  flow: 'follows',
  reply: 'answers',
  'icmp-error': 'about',
  reset: 'resets',
  reject: 'rejects',
} as const;

function endpointHtml(address: string, port: number | undefined, addressChanged: boolean, portChanged: boolean): Html {
  const a = addressChanged ? html`<mark>${address}</mark>` : html`${address}`;
  if (port === undefined) return a;
  return html`${a}:${portChanged ? html`<mark>${port}</mark>` : port}`;
}

/** A crossing's headers, with the fields that differ from the previous crossing of the same packet marked. */
export function crossingHeaderHtml(w: WireCrossing, previous: WireCrossing | undefined): Html {
  const changed = (field: 'src' | 'dst' | 'sport' | 'dport' | 'id') => previous !== undefined && previous[field] !== w[field];
  if (w.proto === 'icmp') {
    if (w.inner !== undefined) return html`${headerText(w)}`;
    const what = icmpName(w.type, w.code);
    const id = w.id === undefined ? '' : html` id ${changed('id') ? html`<mark>${w.id}</mark>` : w.id}`;
    return html`${endpointHtml(w.src, undefined, changed('src'), false)} → ${endpointHtml(w.dst, undefined, changed('dst'), false)} ${what}${id}`;
  }
  return html`${endpointHtml(w.src, w.sport, changed('src'), changed('sport'))} → ${endpointHtml(w.dst, w.dport, changed('dst'), changed('dport'))}`;
}

function crossingRow(w: WireCrossing, previous: WireCrossing | undefined): Html {
  const kind = packetKind(w);
  return html`<tr class="pw-wire"><td colspan="3"><span class="pw-wire__link">${w.link}: ${w.from} → ${w.to}</span> <code>${crossingHeaderHtml(w, previous)}</code>${kind ? ` ${kind}` : ''} <span class="pw-dim">ttl ${w.ttl}</span></td></tr>`;
}

function ruleDetail(step: RuleStep, row: StepRow, options: TableOptions): Html {
  const text = html`<code>${step.rule}</code>`;
  const linked = options.sourceId !== undefined && step.line !== undefined
    ? html`<a class="pw-rule-link" href="#${options.sourceId}-L${step.line}" title="Line ${step.line} of the scenario">${text}</a>`
    : text;
  // The engine's row puts the verdict and note after the rule text; keep them.
  return html`${linked}${spansHtml(row.detail.slice(1))}`;
}

function rewriteDetail(step: RewriteStep): Html {
  // Every router lowers the TTL; only address, port and mark rewrites deserve the highlight.
  const after = step.field === 'ttl' ? html`${step.after}` : html`<mark>${step.after}</mark>`;
  return html`<del>${step.before}</del> → ${after} <span class="pw-dim">(${step.by})</span>`;
}

function stepRowHtml(step: Step, row: StepRow, options: TableOptions): Html {
  const detail = step.kind === 'rule' ? ruleDetail(step, row, options) : step.kind === 'rewrite' ? rewriteDetail(step) : spansHtml(row.detail);
  const ttl = step.kind === 'rewrite' && step.field === 'ttl' ? ' pw-step--ttl' : '';
  return html`<tr class="pw-step pw-step--${step.kind}${ttl}"><td class="pw-step__kind">${row.kind}</td><td class="pw-step__sub">${spansHtml(row.sub)}</td><td class="pw-step__detail">${detail}</td></tr>`;
}

function hopBody(view: HopView, packet: PacketView, previous: WireCrossing | undefined, options: TableOptions): Html {
  const { hop } = view;
  const fate = packet.packet.fate;
  const stayed = view.last && fate.host === hop.host && fate.result === 'dropped' ? '(dropped)' : '(local)';
  const crossings = view.arrivals.map((w, i) => crossingRow(w, i === 0 ? previous : view.arrivals[i - 1]));
  return html`<tbody data-step="${view.step}">${crossings}<tr class="pw-host"><th scope="rowgroup" colspan="3">${hop.host} <span class="pw-path">${hop.in ?? '(local)'} → ${hop.out ?? stayed}</span></th></tr>${hop.steps.map((s, i) => stepRowHtml(s, view.rows[i]!, options))}</tbody>`;
}

function fateHtml(packet: PacketView): Html {
  const fate = packet.packet.fate;
  if (fate.result === 'delivered') {
    return html`<span class="pw-good">delivered</span> to ${fate.host}${fate.socket === undefined ? '' : html` <span class="pw-dim">(${fate.socket})</span>`}`;
  }
  return html`<span class="pw-bad">dropped</span> at ${fate.host}: ${fate.reason}`;
}

export function packetTableHtml(packet: PacketView, options: TableOptions = {}): Html {
  const p = packet.packet;
  const first = p.wire[0];
  const about = p.inReplyTo === undefined ? '' : html` <span class="pw-dim">${CAUSE_WORDS[p.origin.cause]} #${p.inReplyTo}</span>`;
  const tuple = first === undefined ? html`<span class="pw-bad">never left ${p.origin.host}</span>` : html`<code>${headerText(first)}</code>`;
  let previous: WireCrossing | undefined;
  const bodies = packet.hops.map((h) => {
    const body = hopBody(h, packet, previous, options);
    previous = h.arrivals[h.arrivals.length - 1] ?? previous;
    return body;
  });
  const lost = packet.lost.map((w, i) => crossingRow(w, i === 0 ? previous : packet.lost[i - 1]));
  const lostBody = lost.length === 0 ? '' : html`<tbody>${lost}</tbody>`;
  return html`<table class="pw-table pw-hops pw-hops--${packet.direction}" data-packet="${p.id}">
<caption><span class="pw-badge pw-badge--${packet.direction}">${DIRECTION_WORDS[packet.direction]}</span> <strong>#${p.id} ${p.label}</strong> ${tuple}${about}</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Where</th><th scope="col">Detail</th></tr></thead>
${bodies}${lostBody}<tfoot><tr><td colspan="3">${fateHtml(packet)}</td></tr></tfoot></table>`;
}

export function flowTablesHtml(view: FlowView, options: TableOptions = {}): Html {
  if (view.packets.length === 0) return html`<p class="pw-dim">Nothing was sent.</p>`;
  return html`${view.packets.map((p) => packetTableHtml(p, options))}`;
}

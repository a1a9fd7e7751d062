/**
 * Each tracking host's conntrack table at the end of the scenario, as an HTML
 * table (the reply tuple's fields that are not the original turned around —
 * the NAT — are marked), followed by the lines exactly as `conntrack -L`
 * prints them.
 */
import type { ConntrackEntryView, ConntrackTupleView, Trace } from '@packetwalk/engine';
import { conntrackLine } from './engine-text.js';
import { html, type Html } from './html.js';

function tupleHtml(proto: string, t: ConntrackTupleView, expected?: ConntrackTupleView): Html {
  const field = (name: keyof ConntrackTupleView, value: string | number | undefined) => {
    if (value === undefined) return '';
    const text = `${name}=${value}`;
    return expected !== undefined && expected[name] !== value ? html`<mark>${text}</mark>` : html`${text}`;
  };
  const ports = proto === 'icmp' ? [field('type', t.type ?? 0), field('code', t.code ?? 0), field('id', t.id)] : [field('sport', t.sport), field('dport', t.dport)];
  return html`<code>${[field('src', t.src), ' ', field('dst', t.dst), ...ports.flatMap((p) => [' ', p])]}</code>`;
}

/** The reply tuple conntrack would expect with no NAT: the original turned around. */
function turnedAround(proto: string, t: ConntrackTupleView): ConntrackTupleView {
  if (proto === 'icmp') {
    // Echo request (8) is answered by echo reply (0); the identifier stays.
    return { src: t.dst, dst: t.src, type: t.type === 8 ? 0 : t.type, code: t.code, id: t.id };
  }
  return { src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

function entryRow(e: ConntrackEntryView): Html {
  const natted = tupleHtml(e.proto, e.reply, turnedAround(e.proto, e.original));
  return html`<tr><td>${e.proto}</td><td>${e.state ?? ''}</td><td>${tupleHtml(e.proto, e.original)}</td><td>${natted}</td><td>${e.flags.join(' ')}</td><td>${e.timeout}</td></tr>`;
}

function hostTable(host: string, entries: readonly ConntrackEntryView[]): Html {
  if (entries.length === 0) return html`<p><strong>${host}</strong>: the table is empty.</p>`;
  return html`<table class="pw-table pw-ct-table"><caption>conntrack -L on <strong>${host}</strong></caption>
<thead><tr><th scope="col">Proto</th><th scope="col">State</th><th scope="col">Original tuple</th><th scope="col">Reply tuple</th><th scope="col">Flags</th><th scope="col">Timeout (s)</th></tr></thead>
<tbody>${entries.map(entryRow)}</tbody></table>`;
}

export function conntrackHtml(trace: Trace): Html {
  const hosts = trace.hosts.filter((h) => trace.conntrack[h] !== undefined);
  const untracked = trace.hosts.filter((h) => trace.conntrack[h] === undefined);
  const listing = hosts.map((h) => [`# ${h}`, ...trace.conntrack[h]!.map(conntrackLine)].join('\n')).join('\n\n');
  const none = untracked.length === 0 ? '' : html`<p class="pw-dim">No connection tracking on ${untracked.join(', ')}: none of their rules needs it.</p>`;
  if (hosts.length === 0) return html`<p class="pw-dim">No host tracks connections: none of the rules needs conntrack.</p>`;
  return html`${hosts.map((h) => hostTable(h, trace.conntrack[h]!))}${none}<details class="pw-raw"><summary>As <code>conntrack -L</code> prints it</summary><pre><code>${listing}</code></pre></details>`;
}

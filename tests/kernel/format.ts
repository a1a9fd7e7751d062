/** One-line texts of the observed things, as the side-by-side report shows them. */
import type { Crossing, CtEntry, CtTuple, InnerTuple, Observation, RuleHit } from './observation.js';

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}

function innerText(inner: InnerTuple): string {
  const id = inner.id === undefined ? '' : ` id ${inner.id}`;
  return `[${inner.proto} ${endpoint(inner.src, inner.sport)} → ${endpoint(inner.dst, inner.dport)}${id}]`;
}

export function crossingText(c: Crossing): string {
  const what = c.flags && c.flags !== c.label ? `${c.label}(${c.flags})` : c.label;
  const icmp = c.type !== undefined && c.label !== 'echo-request' && c.label !== 'echo-reply' ? ` ${c.type}/${c.code}` : '';
  const id = c.id === undefined ? '' : ` id ${c.id}`;
  const inner = c.inner ? ` ${innerText(c.inner)}` : '';
  const ttl = c.ttl === undefined ? '' : ` ttl ${c.ttl}`;
  return `${c.link} ${c.from}→${c.to} ${what}${icmp} ${endpoint(c.src, c.sport)} → ${endpoint(c.dst, c.dport)}${id}${inner}${ttl}`;
}

export function ruleText(hit: RuleHit): string {
  if (hit.index === undefined) return `${hit.table} ${hit.chain} policy ${hit.verdict}`;
  return `${hit.table} ${hit.chain} #${hit.index} → ${hit.verdict || '(no target)'}  ${hit.rule}`;
}

function tupleText(t: CtTuple): string {
  const icmp = t.type === undefined ? '' : ` type ${t.type} code ${t.code} id ${t.id}`;
  return `${endpoint(t.src, t.sport)} → ${endpoint(t.dst, t.dport)}${icmp}`;
}

export function conntrackText(e: CtEntry): string {
  const state = e.state ? ` ${e.state}` : '';
  const flags = e.flags.length > 0 ? ` [${e.flags.join(',')}]` : '';
  return `${e.proto}${state}${flags} ${tupleText(e.original)} ⇄ ${tupleText(e.reply)}`;
}

/** What one side did, flow by flow, for reading rather than comparing. */
export function observationText(o: Observation): string {
  const lines: string[] = [];
  for (const flow of o.flows) {
    lines.push(`  flow ${flow.index + 1}: ${flow.from} → ${flow.to} ${flow.proto}: ${flow.outcome}${flow.error ? ` (${flow.error})` : ''}`);
    for (const c of flow.crossings) lines.push(`    ${crossingText(c)}`);
    for (const [host, hits] of Object.entries(flow.rules)) {
      for (const hit of hits) lines.push(`    rule on ${host}: ${ruleText(hit)}`);
    }
  }
  for (const [host, entries] of Object.entries(o.conntrack)) {
    for (const e of entries) lines.push(`  conntrack on ${host}: ${conntrackText(e)}`);
  }
  return lines.join('\n');
}

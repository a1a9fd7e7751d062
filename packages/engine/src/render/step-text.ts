/**
 * One trace step as a row of the hop table: a kind (`route`, `ct`, `rule`,
 * `rewrite`, `log`, `socket`, `drop`, `bridge`), a short qualifier (`nat POSTROUTING
 * #1`, `new`, `src`), and the detail.
 */
import type { Hook } from '../netfilter/types.js';
import type { ConntrackStep, ConntrackTupleView, HostHop, LogStep, RouteStep, RuleStep, Step } from '../trace/types.js';
import { ctTupleText, type HeaderView } from './packet-text.js';
import { span, type Span, type Style } from './text.js';

export interface StepRow {
  readonly kind: string;
  readonly kindStyle: Style;
  readonly sub: Span[];
  readonly detail: Span[];
}

/** What a step's row needs to know beyond the step itself. */
export interface StepContext {
  readonly hop: HostHop;
  /** The packet's headers just before this step, when known. */
  readonly current?: HeaderView;
  /** The device the last route decision of this hop chose. */
  readonly routedDev?: string;
  /** The TCP state this host's conntrack last showed per entry, so a row can say `SYN_SENT → SYN_RECV`. */
  readonly tcpStates: Map<string, string>;
}

export function stepRow(step: Step, ctx: StepContext): StepRow {
  switch (step.kind) {
    case 'route':
      return routeRow(step, ctx.current?.dst);
    case 'conntrack':
      return conntrackRow(step, ctx);
    case 'rule':
      return ruleRow(step);
    case 'rewrite':
      return {
        kind: 'rewrite',
        kindStyle: 'magenta',
        sub: [span(step.field)],
        detail: [span(`${step.before} → `), span(step.after, 'magenta'), span(`  (${step.by})`)],
      };
    case 'log':
      return { kind: 'log', kindStyle: 'dim', sub: [span(`${step.table} ${step.chain}`)], detail: [span(kernelLogLine(step, ctx), 'dim')] };
    case 'socket':
      return { kind: 'socket', kindStyle: 'green', sub: [], detail: [span(step.detail)] };
    case 'drop':
      return { kind: 'drop', kindStyle: 'alert', sub: [], detail: [span(step.reason, 'alert')] };
    case 'bridge':
      return { kind: 'bridge', kindStyle: 'blue', sub: [span(step.decision)], detail: [span(`${step.dev} → ${step.to}: ${step.detail}`)] };
  }
}

/** Like `ip route get`: `198.51.100.20 via 192.168.1.1 dev eth0 src 192.168.1.10`, then the route that matched. */
function routeRow(step: RouteStep, current: string | undefined): StepRow {
  const dst = current ?? step.dst;
  const kind = step.stage === 'reroute' ? 'reroute' : 'route';
  const failed = step.decision === 'unreachable' || step.decision === 'blackhole' || step.decision === 'prohibit';
  const sub = [span(step.decision, failed ? 'alert' : undefined)];
  if (failed && step.route === undefined) {
    return { kind, kindStyle: 'blue', sub, detail: [span(dst === undefined ? 'no route' : `no route to ${dst}`, 'alert')] };
  }
  const get = [dst, step.via && `via ${step.via}`, step.dev && `dev ${step.dev}`, step.src && `src ${step.src}`].filter(Boolean).join(' ');
  // Which route won the longest-prefix match; the local table's entry for a local address says nothing new.
  const matched = step.route !== undefined && step.decision !== 'local' ? `(${routeDestination(step.route)})` : '';
  const detail = [get, matched].filter(Boolean).join('  ');
  return { kind, kindStyle: 'blue', sub, detail: [span(detail)] };
}

const ROUTE_KEYWORDS = new Set(['via', 'dev', 'src', 'metric', 'proto', 'scope', 'table']);

/** The destination part of a route as `ip route` prints it: `default`, `10.0.0.0/8`, `blackhole 10.9.0.0/16`. */
function routeDestination(route: string): string {
  const words = route.split(' ');
  const end = words.findIndex((w) => ROUTE_KEYWORDS.has(w));
  return words.slice(0, end < 0 ? words.length : end).join(' ');
}

function tupleKey(host: string, t: ConntrackTupleView): string {
  return `${host} ${t.src} ${t.sport ?? ''} ${t.dst} ${t.dport ?? ''} ${t.id ?? ''}`;
}

function isInverse(a: ConntrackTupleView, b: ConntrackTupleView): boolean {
  return a.src === b.dst && a.dst === b.src && a.sport === b.dport && a.dport === b.sport && a.id === b.id;
}

const CT_EVENT_STYLE: Readonly<Record<ConntrackStep['event'], Style>> = {
  new: 'cyan',
  confirmed: 'cyan',
  established: 'cyan',
  related: 'cyan',
  state: 'cyan',
  untracked: 'dim',
  clash: 'yellow',
  invalid: 'alert',
  dropped: 'alert',
};

function conntrackRow(step: ConntrackStep, ctx: StepContext): StepRow {
  const parts: string[] = [];
  // Most packets travel in the original direction; say so only for the other one.
  if (step.direction === 'reply') parts.push('ctdir REPLY');
  if (step.original) parts.push(`orig ${ctTupleText(step.original)}`);
  const showReply =
    step.reply !== undefined && (step.event === 'confirmed' || step.event === 'clash' || (step.event === 'new' && !(step.original && isInverse(step.original, step.reply))));
  if (showReply) parts.push(`reply ${ctTupleText(step.reply!)}`);
  if (step.ctstate !== undefined && step.ctstate !== step.event.toUpperCase()) parts.push(`ctstate ${step.ctstate}`);
  if (step.tcpState !== undefined) {
    const key = step.original ? tupleKey(ctx.hop.host, step.original) : undefined;
    const before = key === undefined ? undefined : ctx.tcpStates.get(key);
    if (key !== undefined) ctx.tcpStates.set(key, step.tcpState);
    if (before === undefined) parts.push(step.tcpState);
    else if (before !== step.tcpState) parts.push(`${before} → ${step.tcpState}`);
  }
  if (step.detail !== undefined) parts.push(step.detail);
  return { kind: 'ct', kindStyle: 'cyan', sub: [span(step.event, CT_EVENT_STYLE[step.event])], detail: [span(parts.join('  '))] };
}

function verdictStyle(verdict: string): Style {
  if (verdict === 'ACCEPT') return 'green';
  if (verdict === 'DROP' || verdict === 'REJECT') return 'alert';
  if (['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT'].includes(verdict)) return 'magenta';
  return 'yellow';
}

function ruleRow(step: RuleStep): StepRow {
  const where = step.index === undefined ? 'policy' : `#${step.index}`;
  // A policy's text (`-P FORWARD DROP`) already names its verdict.
  const detail: Span[] = [span(step.rule)];
  // A rule without a target has no verdict to show; its note says it only counts.
  if (step.verdict !== '' && (step.index !== undefined || !step.rule.endsWith(` ${step.verdict}`))) {
    detail.push(span(' → '), span(step.verdict, verdictStyle(step.verdict)));
  }
  if (step.note !== undefined) detail.push(span(`  (${step.note})`));
  return { kind: 'rule', kindStyle: 'yellow', sub: [span(`${step.table} ${step.chain} ${where}`)], detail };
}

/** The devices the LOG target prints for each hook (net/netfilter/nf_log_syslog.c; ip_output() passes the input device at POSTROUTING). */
function logDevices(hook: Hook, ctx: StepContext): { in: string; out: string } {
  const out = ctx.routedDev ?? ctx.hop.out ?? '';
  // br_nf_post_routing gives POSTROUTING no input device for a bridged frame.
  const bridged = ctx.hop.steps.some((s) => s.kind === 'bridge');
  const devices: Record<Hook, { in: string; out: string }> = {
    PREROUTING: { in: ctx.hop.in ?? '', out: '' },
    INPUT: { in: ctx.hop.in ?? '', out: '' },
    FORWARD: { in: ctx.hop.in ?? '', out },
    OUTPUT: { in: '', out },
    POSTROUTING: { in: bridged ? '' : (ctx.hop.in ?? ''), out },
  };
  return devices[hook];
}

/** Kernel flag order in a LOG line (nf_log_dump_tcp_header): URG ACK PSH RST SYN FIN. */
const LOG_FLAG_ORDER = ['URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];

/**
 * The line a LOG rule writes to the kernel log, shortened to the fields the
 * trace knows: `PREFIX IN=lan OUT=wan SRC=… DST=… PROTO=TCP SPT=… DPT=… SYN`.
 * The kernel concatenates the prefix with no space of its own.
 */
function kernelLogLine(step: LogStep, ctx: StepContext): string {
  const dev = logDevices(step.hook, ctx);
  const fields = [`${step.prefix}IN=${dev.in}`, `OUT=${dev.out}`];
  const h = ctx.current;
  if (h) {
    fields.push(`SRC=${h.src}`, `DST=${h.dst}`, `PROTO=${h.proto.toUpperCase()}`);
    if (h.proto === 'icmp') {
      fields.push(`TYPE=${h.type ?? 0}`, `CODE=${h.code ?? 0}`);
      if (h.id !== undefined) fields.push(`ID=${h.id}`);
    } else {
      fields.push(`SPT=${h.sport ?? 0}`, `DPT=${h.dport ?? 0}`);
      const flags = (h.flags ?? '').split('-');
      if (h.proto === 'tcp') fields.push(...LOG_FLAG_ORDER.filter((f) => flags.includes(f)));
    }
  }
  return fields.join(' ');
}

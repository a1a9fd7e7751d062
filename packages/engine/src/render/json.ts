/**
 * The trace as the JSON of spec §5, pretty-printed with a stable key order:
 * the keys the spec names first, in the spec's order, then the trace's other
 * keys in the order its types declare them, then any key unknown to this file
 * alphabetically. Absent values are left out (a chain policy's step has no
 * `index`, as iptables numbers only rules; UDP and ICMP entries have no `state`).
 */
import type { ConntrackEntryView, FlowTrace, HostHop, PacketTrace, Step, Trace, WireCrossing } from '../trace/types.js';

type Json = unknown;
type Plain = Readonly<Record<string, unknown>>;

/** Copies `value` with keys in `order` first, the rest alphabetically; `nested` reorders children. */
function ordered(value: object, order: readonly string[], nested: Readonly<Record<string, (child: never) => Json>> = {}): Json {
  const source = value as Plain;
  const rest = Object.keys(source)
    .filter((k) => !order.includes(k))
    .sort();
  const out: Record<string, Json> = {};
  for (const key of [...order, ...rest]) {
    const child = source[key];
    if (child === undefined) continue;
    const reorder = nested[key] as ((child: unknown) => Json) | undefined;
    out[key] = reorder ? reorder(child) : child;
  }
  return out;
}

const TUPLE_ORDER = ['src', 'dst', 'sport', 'dport', 'type', 'code', 'id'];

const tuple = (t: object): Json => ordered(t, TUPLE_ORDER);

const STEP_ORDER: Readonly<Record<Step['kind'], readonly string[]>> = {
  rule: ['table', 'chain', 'index', 'rule', 'verdict', 'kind', 'hook', 'line', 'note'],
  rewrite: ['kind', 'hook', 'field', 'before', 'after', 'by'],
  conntrack: ['kind', 'hook', 'event', 'ctstate', 'direction', 'original', 'reply', 'tcpState', 'detail'],
  route: ['kind', 'stage', 'decision', 'route', 'dev', 'via', 'src'],
  socket: ['kind', 'detail'],
  log: ['kind', 'hook', 'table', 'chain', 'prefix'],
  drop: ['kind', 'reason'],
  bridge: ['kind', 'dev', 'decision', 'to', 'detail'],
};

function step(s: Step): Json {
  return ordered(s, STEP_ORDER[s.kind] ?? ['kind'], { original: tuple, reply: tuple });
}

function wire(w: WireCrossing): Json {
  return ordered(w, ['link', 'from', 'to', 'src', 'sport', 'dst', 'dport', 'id', 'type', 'code', 'inner', 'proto', 'flags', 'ttl'], {
    inner: (inner: object) => ordered(inner, ['proto', 'src', 'sport', 'dst', 'dport', 'id']),
  });
}

function hop(h: HostHop): Json {
  return ordered(h, ['host', 'steps', 'in', 'out'], { steps: (steps: Step[]) => steps.map(step) });
}

function packet(p: PacketTrace): Json {
  return ordered(p, ['label', 'wire', 'hops', 'fate', 'id', 'origin', 'inReplyTo'], {
    wire: (crossings: WireCrossing[]) => crossings.map(wire),
    hops: (hops: HostHop[]) => hops.map(hop),
    fate: (fate: object) => ordered(fate, ['result', 'host', 'reason', 'socket']),
    origin: (origin: object) => ordered(origin, ['host', 'cause']),
  });
}

function flow(f: FlowTrace): Json {
  return ordered(f, ['from', 'to', 'proto', 'outcome', 'packets', 'index', 'sport', 'error'], {
    packets: (packets: PacketTrace[]) => packets.map(packet),
  });
}

function entry(e: ConntrackEntryView): Json {
  return ordered(e, ['proto', 'state', 'flags', 'original', 'reply', 'protonum', 'timeout', 'mark'], { original: tuple, reply: tuple });
}

/** Hosts in the trace's order, then any other key alphabetically. */
function conntrackTables(trace: Trace): Json {
  const names = Object.keys(trace.conntrack);
  const order = [...trace.hosts.filter((h) => names.includes(h)), ...names.filter((h) => !trace.hosts.includes(h)).sort()];
  return Object.fromEntries(order.map((host) => [host, (trace.conntrack[host] ?? []).map(entry)]));
}

/** The JSON of spec §5 as a plain value (what `renderJson` prints). */
export function traceToJson(trace: Trace): Json {
  return ordered(trace, ['version', 'flows', 'conntrack', 'title', 'seed', 'hosts'], {
    flows: (flows: FlowTrace[]) => flows.map(flow),
    conntrack: () => conntrackTables(trace),
  });
}

export function renderJson(trace: Trace): string {
  return `${JSON.stringify(traceToJson(trace), null, 2)}\n`;
}

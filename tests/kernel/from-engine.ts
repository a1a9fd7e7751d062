/**
 * The engine's trace JSON (spec §5) reduced to the Observation vocabulary.
 * The shapes below are the parts of the public JSON this file reads, written
 * out here rather than imported, so the harness depends on the contract and
 * not on engine code.
 */
import { COMPARED_CT_FLAGS, type Crossing, type CrossingLabel, type CtEntry, type CtTuple, type FlowOutcome, type Observation, type RuleHit } from './observation.js';

/** `order` places crossings in time across packets (a redirect leaves before the packet that caused it). */
type JsonWire = Omit<Crossing, 'label'> & { readonly order?: number };

interface JsonStep {
  readonly kind?: string;
  /** The decision's place in time (RuleStep.order), shared with crossings. */
  readonly order?: number;
  readonly table?: string;
  readonly chain?: string;
  readonly index?: number;
  readonly rule?: string;
  readonly verdict?: string;
}

interface JsonPacket {
  readonly label: CrossingLabel;
  readonly wire?: readonly JsonWire[];
  readonly hops?: readonly { readonly host: string; readonly steps?: readonly JsonStep[] }[];
}

interface JsonFlow {
  readonly index?: number;
  readonly from: string;
  readonly to: string;
  readonly proto: string;
  readonly outcome: FlowOutcome;
  readonly error?: string;
  readonly packets?: readonly JsonPacket[];
}

interface JsonConntrack {
  readonly proto: string;
  readonly state?: string;
  readonly flags?: readonly string[];
  readonly original: CtTuple;
  readonly reply: CtTuple;
}

interface JsonTrace {
  readonly flows?: readonly JsonFlow[];
  readonly conntrack?: Readonly<Record<string, readonly JsonConntrack[]>>;
}

function tuple(t: CtTuple): CtTuple {
  const { src, dst, sport, dport, type, code, id } = t;
  return { src, dst, ...(sport === undefined ? {} : { sport }), ...(dport === undefined ? {} : { dport }), ...(type === undefined ? {} : { type }), ...(code === undefined ? {} : { code }), ...(id === undefined ? {} : { id }) };
}

function crossing(wire: JsonWire, label: CrossingLabel): Crossing {
  const { link, from, to, proto, src, dst, sport, dport, id, type, code, inner, flags, ttl } = wire;
  const optional = { sport, dport, id, type, code, inner, flags, ttl };
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return { link, from, to, label, proto, src, dst, ...present };
}

export function observationFromEngine(json: unknown): Observation {
  const trace = json as JsonTrace;
  const flows = (trace.flows ?? []).map((flow, i) => {
    const decisions: Record<string, { seq: number; hit: RuleHit }[]> = {};
    const timed: { seq: number; crossing: Crossing }[] = [];
    for (const packet of flow.packets ?? []) {
      for (const wire of packet.wire ?? []) timed.push({ seq: wire.order ?? timed.length, crossing: crossing(wire, packet.label) });
      for (const hop of packet.hops ?? []) {
        for (const step of hop.steps ?? []) {
          if (step.kind !== undefined && step.kind !== 'rule') continue;
          if (step.table === undefined || step.chain === undefined) continue;
          const list = (decisions[hop.host] ??= []);
          list.push({
            seq: step.order ?? list.length,
            hit: {
              table: step.table,
              chain: step.chain,
              ...(step.index === undefined ? {} : { index: step.index }),
              verdict: step.verdict ?? '',
              rule: step.rule ?? '',
            },
          });
        }
      }
    }
    const rules: Record<string, RuleHit[]> = {};
    for (const [host, list] of Object.entries(decisions)) rules[host] = list.sort((a, b) => a.seq - b.seq).map((d) => d.hit);
    return {
      index: flow.index ?? i,
      from: flow.from,
      to: flow.to,
      proto: flow.proto,
      outcome: flow.outcome,
      ...(flow.error ? { error: flow.error } : {}),
      crossings: timed.sort((a, b) => a.seq - b.seq).map((t) => t.crossing),
      rules,
    };
  });
  const conntrack: Record<string, CtEntry[]> = {};
  for (const [host, entries] of Object.entries(trace.conntrack ?? {})) {
    conntrack[host] = entries.map((e) => ({
      proto: e.proto,
      ...(e.state ? { state: e.state } : {}),
      flags: (e.flags ?? []).filter((f) => COMPARED_CT_FLAGS.includes(f)).sort(),
      original: tuple(e.original),
      reply: tuple(e.reply),
    }));
  }
  return { flows, conntrack };
}

/**
 * Flows in, trace out. Each flow opens a socket on its host and sends the
 * first packet; every packet then walks host by host, and whatever it
 * provokes (answers, resets, ICMP errors) is queued behind it, so the trace
 * lists packets in the order they were sent. State (conntrack, sockets,
 * rule counters) carries over from one flow to the next.
 */
import { ConntrackTable } from '../conntrack/table.js';
import { toView } from '../conntrack/view.js';
import type { CtInfo } from '../conntrack/types.js';
import { formatIpv4 } from '../net/ipv4.js';
import { DEFAULT_TTL, ICMP_TYPE, TCP_FLAG, type Packet } from '../net/packet.js';
import { ScenarioError } from '../diagnostics.js';
import { LIMITS, LimitExceeded } from '../limits.js';
import { needsConntrack } from '../netfilter/evaluate.js';
import { RecentLists } from '../netfilter/matches/recent-table.js';
import { seededRandom, type Random } from '../random.js';
import type { FlowSpec, Scenario } from '../scenario/types.js';
import { SocketTable } from '../sockets/sockets.js';
import { buildNetwork, type Network } from '../topology/network.js';
import { lookupRoute } from '../topology/routes.js';
import { selectSourceAddress } from '../topology/source-address.js';
import type { FlowTrace, Outcome, PacketTrace, Trace } from '../trace/types.js';
import type { HostRuntime, PacketCause, SimChoose, SimContext, Work } from './context.js';
import { bridgeReceive } from './bridge.js';
import { TraceBudget } from './budget.js';
import { routeErrno } from './deliver.js';
import { labelOf } from './labels.js';
import { NO_CONNTRACK, type Skb } from './skb.js';
import { dropHere, localOut, openHop, receive, routeStep } from './walk.js';

export interface SimulateOptions {
  /** Seeds every random choice: `statistic` rules, NAT ports, TCP sequence numbers. */
  readonly seed: number;
  /** Decides random `statistic` rules where it answers, instead of the seeded draw (the explore mode). */
  readonly choose?: SimChoose;
}

/** Virtual time between the starts of two flows, and per packet step. */
const FLOW_SPACING_MS = 1000;
const MAX_PACKETS_PER_FLOW = LIMITS.packetsPerFlow;

class Simulation implements SimContext {
  readonly runtimes = new Map<string, HostRuntime>();
  readonly random: Random;
  readonly flows: FlowTrace[] = [];
  private queue: Work[] = [];
  private clock = 0;
  private nextPacketId = 1;
  private events = 0;
  private current?: FlowTrace;
  private currentSpec?: FlowSpec;
  readonly budget = new TraceBudget();

  constructor(
    readonly network: Network,
    seed: number,
    readonly choose?: SimChoose,
  ) {
    this.random = seededRandom(seed);
    for (const host of network.hosts.values()) {
      this.runtimes.set(host.name, {
        host,
        ...(needsConntrack(host.spec.ruleset) ? { conntrack: new ConntrackTable(host.spec.sysctl) } : {}),
        nthCounters: new Map(),
        recent: new RecentLists(),
        sockets: new SocketTable(host.spec.listen),
        redirectPeers: new Map(),
      });
    }
  }

  get flow(): FlowTrace {
    return this.current!;
  }

  spendRules(tried: number): void {
    this.budget.spendRules(tried, this.currentSpec!);
  }

  now(): number {
    return this.clock;
  }

  enqueue(work: Work): void {
    this.queue.push(work);
  }

  nextOrder(): number {
    return this.events++;
  }

  settle(flowIndex: number, outcome: Outcome, error?: string): void {
    const flow = this.flows[flowIndex];
    if (!flow || flow.outcome !== 'timeout' || flow.error !== undefined) return;
    flow.outcome = outcome;
    if (error !== undefined) flow.error = error;
  }

  emit(host: HostRuntime, packet: Packet, cause: PacketCause, inReplyTo?: number, attach?: CtInfo): void {
    const trace = this.newPacketTrace(host.host.name, packet, cause, inReplyTo);
    const skb: Skb = {
      packet,
      mark: 0,
      untracked: false,
      ct: attach ?? NO_CONNTRACK,
      local: true,
      trace,
      hop: { host: host.host.name, steps: [] },
    };
    // The kernel sends a packet it builds at once (icmp_send and nf_send_reset
    // run ip_local_out inside the hook that provoked them), so it goes out
    // before the packet that caused it moves on and while that packet's
    // conntrack entry is still unconfirmed.
    trace.hops.push(skb.hop);
    localOut(this, host, skb);
  }

  /** A new packet of the current flow, listed in the order packets are built. */
  private newPacketTrace(host: string, packet: Packet, cause: PacketCause, inReplyTo?: number): PacketTrace {
    const trace: PacketTrace = {
      id: this.nextPacketId++,
      label: labelOf(packet, cause === 'reply'),
      origin: { host, cause },
      ...(inReplyTo === undefined ? {} : { inReplyTo }),
      wire: [],
      hops: [],
      fate: { result: 'dropped', host, reason: 'still travelling' },
    };
    this.flow.packets.push(trace);
    return trace;
  }

  run(flow: FlowSpec): void {
    this.clock = flow.index * FLOW_SPACING_MS;
    const trace: FlowTrace = {
      index: flow.index,
      from: flow.from,
      to: flow.toText,
      proto: flow.proto,
      sport: flow.sport,
      outcome: 'timeout',
      packets: [],
    };
    this.flows.push(trace);
    this.current = trace;
    this.currentSpec = flow;
    const rt = this.runtimes.get(flow.from)!;
    const first = this.openSocket(rt, flow);
    if (!first) return;
    this.emit(rt, first, 'flow');
    while (this.queue.length > 0) {
      const work = this.queue.shift()!;
      if (trace.packets.length > MAX_PACKETS_PER_FLOW) {
        dropHere(work.host, work.skb, `packetwalk stops this flow after ${MAX_PACKETS_PER_FLOW} packets`);
        this.queue = [];
        break;
      }
      this.clock += 1;
      this.step(work);
    }
  }

  private step(work: Work): void {
    const { host, skb } = work;
    skb.hop = openHop(skb, host.host.name, work.iface);
    skb.inIface = work.iface;
    const bridged = skb.bridged;
    if (bridged) {
      delete skb.bridged;
      bridgeReceive(this, host, skb, bridged);
      return;
    }
    receive(this, host, skb);
  }

  /** Chooses the source as connect()/sendto() would and records the client socket; undefined when the call fails at once. */
  private openSocket(rt: HostRuntime, flow: FlowSpec): Packet | undefined {
    const route = lookupRoute(rt.host.routes, flow.to);
    const usable = route && (route.kind === 'unicast' || route.kind === 'local');
    const src = usable ? selectSourceAddress(rt.host, route, flow.to) : undefined;
    if (!usable || src === undefined) {
      const packet = this.firstPacket(flow, 0, 0);
      const trace = this.newPacketTrace(rt.host.name, packet, 'flow');
      const errno = src === undefined && usable ? 'EADDRNOTAVAIL' : routeErrno(route);
      const reason = `${flow.proto === 'tcp' ? 'connect()' : 'sendmsg()'} fails with ${errno}: ${usable ? 'no source address' : `no usable route to ${formatIpv4(flow.to)}`}`;
      trace.hops.push({
        host: rt.host.name,
        steps: [routeStep('output', route ? (route.kind as 'unreachable') : 'unreachable', flow.to, route), { kind: 'drop', reason }],
      });
      trace.fate = { result: 'dropped', host: rt.host.name, reason };
      this.settle(flow.index, 'unreachable', errno);
      return undefined;
    }
    const iss = flow.proto === 'tcp' ? this.random.below(0x100000000) : 0;
    rt.sockets.clients.push({
      flowIndex: flow.index,
      proto: flow.proto,
      local: src,
      localPort: flow.sport,
      remote: flow.to,
      remotePort: flow.dport ?? 0,
      state: flow.proto === 'tcp' ? 'SYN_SENT' : 'OPEN',
      iss,
    });
    return this.firstPacket(flow, src, iss);
  }

  private firstPacket(flow: FlowSpec, src: number, iss: number): Packet {
    const base = { src, dst: flow.to, ttl: DEFAULT_TTL };
    switch (flow.proto) {
      case 'tcp':
        return { ...base, proto: 'tcp', sport: flow.sport, dport: flow.dport ?? 0, tcp: { flags: TCP_FLAG.SYN, seq: iss, ack: 0 } };
      case 'udp':
        return { ...base, proto: 'udp', sport: flow.sport, dport: flow.dport ?? 0 };
      case 'icmp':
        return { ...base, proto: 'icmp', sport: 0, dport: 0, icmp: { type: ICMP_TYPE.ECHO_REQUEST, code: 0, id: flow.sport, seq: 1 } };
    }
  }

  conntrackViews(): Trace['conntrack'] {
    const views: Trace['conntrack'] = {};
    for (const rt of this.runtimes.values()) {
      if (rt.conntrack) views[rt.host.name] = rt.conntrack.entries(this.clock).map((e) => toView(e, this.clock));
    }
    return views;
  }
}

/** Throws ScenarioError, located, when the trace would pass one of packetwalk's limits (limits.ts). */
export function simulate(scenario: Scenario, options: SimulateOptions): Trace {
  const simulation = new Simulation(buildNetwork(scenario), options.seed, options.choose);
  try {
    for (const flow of scenario.flows) {
      simulation.run(flow);
      simulation.budget.spendSteps(simulation.flow, flow);
    }
  } catch (error) {
    if (error instanceof LimitExceeded) throw new ScenarioError([{ file: scenario.file, ...error.at, message: error.message }]);
    throw error;
  }
  return {
    version: 1,
    ...(scenario.title === undefined ? {} : { title: scenario.title }),
    seed: options.seed,
    hosts: scenario.hosts.map((h) => h.name),
    flows: simulation.flows,
    conntrack: simulation.conntrackViews(),
  };
}

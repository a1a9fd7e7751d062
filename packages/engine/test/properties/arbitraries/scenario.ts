/**
 * Generators of whole scenarios that are valid by construction: 2–5 hosts on
 * 1–3 links (link k is the subnet 10.k.0.0/24, host h has 10.k.0.(h+1)
 * there), routes through neighbours that may well send packets in circles,
 * listeners, kernel settings, iptables rules (iptables.ts) and flows towards
 * owned, unowned, black-holed, local and far-away addresses. The model is
 * kept beside its YAML so that a property can reason from what was asked.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { iptablesArb } from './iptables.js';

export interface HostModel {
  readonly name: string;
  readonly forwarding: boolean;
  /** Interface name → addresses in `ip addr` notation. */
  readonly interfaces: Readonly<Record<string, readonly string[]>>;
  readonly routes: readonly string[];
  readonly listen: readonly string[];
  readonly iptables?: string;
  readonly sysctl?: Readonly<Record<string, number | string>>;
  readonly nat1to1?: readonly { readonly external: string; readonly internal: string }[];
}

export interface FlowModel {
  readonly from: string;
  readonly to: string;
  readonly proto: 'tcp' | 'udp' | 'icmp';
  readonly sport?: number;
}

export interface ScenarioModel {
  readonly title?: string;
  readonly hosts: readonly HostModel[];
  readonly links: Readonly<Record<string, readonly string[]>>;
  readonly flows: readonly FlowModel[];
}

const hostName = (h: number): string => `h${h}`;
const ifaceName = (k: number): string => `e${k}`;
const addressOf = (h: number, k: number): string => `10.${k + 1}.0.${h + 1}`;

/** Which links each host sits on, and whether it forwards. */
interface Shape {
  readonly hosts: number;
  readonly links: number;
  readonly membership: readonly (readonly number[])[];
  readonly forwarding: readonly boolean[];
}

const shapeArb: fc.Arbitrary<Shape> = fc
  .record({ hosts: fc.integer({ min: 2, max: 5 }), links: fc.integer({ min: 1, max: 3 }) })
  .chain(({ hosts, links }) =>
    fc.record({
      hosts: fc.constant(hosts),
      links: fc.constant(links),
      membership: fc.array(fc.subarray([...Array(links).keys()], { minLength: 1 }), { minLength: hosts, maxLength: hosts }),
      forwarding: fc.array(fc.constantFrom(true, true, false), { minLength: hosts, maxLength: hosts }),
    }),
  );

/** Neighbours' addresses on the links host `h` shares with them, and one address nobody owns. */
function gatewaysOf(shape: Shape, h: number): string[] {
  const gateways: string[] = [];
  for (const k of shape.membership[h]!) {
    for (let other = 0; other < shape.hosts; other++) {
      if (other !== h && shape.membership[other]!.includes(k)) gateways.push(addressOf(other, k));
    }
    gateways.push(`10.${k + 1}.0.250`);
  }
  return gateways;
}

function linkOfGateway(gateway: string): number {
  return Number(gateway.split('.')[1]) - 1;
}

/** Routes with distinct destinations (the same destination twice is "File exists"); a default route through a forwarding neighbour is likely. */
function routesArb(shape: Shape, h: number): fc.Arbitrary<string[]> {
  const gateways = gatewaysOf(shape, h);
  const routers = gateways.filter((g) => {
    const owner = Number(g.split('.')[3]) - 1;
    return owner < shape.hosts && shape.forwarding[owner];
  });
  const own = shape.membership[h]!;
  const gateway = fc.constantFrom(...gateways);
  const withSrc = (g: string): fc.Arbitrary<string> =>
    fc.boolean().map((src) => (src ? ` src ${addressOf(h, linkOfGateway(g))}` : ''));
  const via = (prefix: string, through = gateway): fc.Arbitrary<string> => through.chain((g) => withSrc(g).map((src) => `${prefix} via ${g}${src}`));
  const defaultRoute = routers.length > 0 ? fc.oneof({ weight: 4, arbitrary: via('default', fc.constantFrom(...routers)) }, { weight: 1, arbitrary: via('default') }) : via('default');
  const others: fc.Arbitrary<string>[] = [
    via('192.0.2.0/24'),
    fc.constant('blackhole 198.51.100.0/24'),
    fc.constant('unreachable 203.0.113.0/24'),
    fc.constant('prohibit 198.18.0.0/15'),
    fc.constantFrom(...own).map((k) => `10.${k + 1}.0.0/16 dev ${ifaceName(k)}`),
  ];
  for (let k = 0; k < shape.links; k++) if (!own.includes(k)) others.push(via(`10.${k + 1}.0.0/24`));
  const pick = (arbs: readonly fc.Arbitrary<string>[]) =>
    fc.subarray(arbs.map((_, i) => i), { maxLength: 3 }).chain((picked) => (picked.length === 0 ? fc.constant<string[]>([]) : fc.tuple(...picked.map((i) => arbs[i]!))));
  return fc.tuple(fc.option(defaultRoute, { freq: 4, nil: undefined }), pick(others)).map(([d, rest]) => (d === undefined ? rest : [d, ...rest]));
}

function listenArb(shape: Shape, h: number): fc.Arbitrary<string[]> {
  const first = addressOf(h, shape.membership[h]![0]!);
  return fc.subarray(['tcp/22', 'tcp/80', 'udp/53', 'udp/5353', `tcp/${first}:8080`]);
}

const sysctlArb: fc.Arbitrary<Record<string, number | string> | undefined> = fc.option(
  fc
    .subarray<[string, number | string]>([
      ['net.ipv4.conf.all.rp_filter', 1],
      ['net.netfilter.nf_conntrack_tcp_loose', 0],
      ['net.netfilter.nf_conntrack_tcp_be_liberal', 1],
      ['net.ipv4.ip_local_port_range', '40000 40001'],
      ['net.netfilter.nf_conntrack_max', 2],
      ['net.ipv4.conf.all.accept_local', 1],
    ], { minLength: 1 })
    .map((entries) => Object.fromEntries(entries)),
  { freq: 3 },
);

/** Every address a flow or rule might name: owned ones, an unowned one per link, routed-away and local ones. */
function targetAddresses(shape: Shape): string[] {
  const owned = [...Array(shape.hosts).keys()].flatMap((h) => shape.membership[h]!.map((k) => addressOf(h, k)));
  return [...owned, '10.1.0.250', '198.51.100.7', '203.0.113.9', '198.18.0.1', '192.0.2.55', '8.8.8.8', '127.0.0.1'];
}

/** A flow to a socket some host listens on (likely), or to any address of the pool. */
function flowArb(shape: Shape, targets: readonly string[], hosts: readonly HostModel[]): fc.Arbitrary<FlowModel> {
  const sockets = hosts.flatMap((host, h) =>
    host.listen.map((l) => {
      const [proto, rest] = l.split('/') as ['tcp' | 'udp', string];
      const colon = rest.lastIndexOf(':');
      const address = colon < 0 ? addressOf(h, shape.membership[h]![0]!) : rest.slice(0, colon);
      return { proto, address, port: Number(rest.slice(colon + 1)) };
    }),
  );
  const anywhere = fc.record({
    address: fc.constantFrom(...targets),
    port: fc.constantFrom(22, 53, 80, 8080, 5353, 9999),
    proto: fc.constantFrom<FlowModel['proto']>('tcp', 'tcp', 'udp', 'icmp'),
  });
  const destination = sockets.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...sockets) }, { weight: 2, arbitrary: anywhere }) : anywhere;
  return fc
    .record({
      from: fc.integer({ min: 0, max: shape.hosts - 1 }).map(hostName),
      destination,
      sport: fc.option(fc.constantFrom(1024, 40000, 40001, 5353), { freq: 2 }),
    })
    .map(({ from, destination: { address, port, proto }, sport }) => ({
      from,
      to: proto === 'icmp' ? address : `${address}:${port}`,
      proto,
      ...(sport === null ? {} : { sport }),
    }));
}

function hostArb(shape: Shape, h: number, addresses: readonly string[]): fc.Arbitrary<HostModel> {
  const own = shape.membership[h]!;
  const interfaces = Object.fromEntries(own.map((k) => [ifaceName(k), [`${addressOf(h, k)}/24`]]));
  return fc
    .record({
      routes: routesArb(shape, h),
      listen: listenArb(shape, h),
      iptables: fc.option(iptablesArb({ interfaces: own.map(ifaceName), addresses }), { freq: 3 }),
      sysctl: sysctlArb,
      // A stateless mapping of an address nobody owns onto a neighbour (a cloud gateway's external IP).
      nat1to1: fc.option(fc.constantFrom(...addresses.slice(0, -7)).map((internal) => [{ external: '192.0.2.55', internal }]), { freq: 6 }),
    })
    .map(({ routes, listen, iptables, sysctl, nat1to1 }) => ({
      name: hostName(h),
      forwarding: shape.forwarding[h]!,
      interfaces,
      routes,
      listen,
      ...(iptables === null ? {} : { iptables }),
      ...(sysctl === null || sysctl === undefined ? {} : { sysctl }),
      ...(nat1to1 === null ? {} : { nat1to1 }),
    }));
}

export const scenarioModelArb: fc.Arbitrary<ScenarioModel> = shapeArb.chain((shape) => {
  const targets = targetAddresses(shape);
  const links: Record<string, string[]> = {};
  for (let k = 0; k < shape.links; k++) {
    const members = [...Array(shape.hosts).keys()].filter((h) => shape.membership[h]!.includes(k));
    // A link joins two or more interfaces; a lone interface stays on no link.
    if (members.length >= 2) links[`net${k + 1}`] = members.map((h) => `${hostName(h)}:${ifaceName(k)}`);
  }
  return fc.tuple(...[...Array(shape.hosts).keys()].map((h) => hostArb(shape, h, targets))).chain((hosts) =>
    fc.record({
      hosts: fc.constant(hosts),
      links: fc.constant(links),
      flows: fc.array(flowArb(shape, targets, hosts), { minLength: 1, maxLength: 6 }),
    }),
  );
});

/** The scenario as YAML text, as a reader would write it. */
export function scenarioYaml(model: ScenarioModel): string {
  const hosts = Object.fromEntries(
    model.hosts.map((h) => [
      h.name,
      {
        ...(h.forwarding ? { forwarding: true } : {}),
        interfaces: Object.fromEntries(Object.entries(h.interfaces).map(([name, addresses]) => [name, addresses.length === 1 ? addresses[0] : addresses])),
        ...(h.routes.length > 0 ? { routes: h.routes } : {}),
        ...(h.listen.length > 0 ? { listen: h.listen } : {}),
        ...(h.sysctl ? { sysctl: h.sysctl } : {}),
        ...(h.nat1to1 ? { nat1to1: h.nat1to1 } : {}),
        ...(h.iptables ? { iptables: h.iptables } : {}),
      },
    ]),
  );
  return stringify({ ...(model.title === undefined ? {} : { title: model.title }), hosts, links: model.links, flows: model.flows }, { lineWidth: 0 });
}

export const scenarioTextArb: fc.Arbitrary<string> = scenarioModelArb.map(scenarioYaml);

/**
 * Scenarios that stress NAT: a client and a server on either side of a
 * router (and the router's own sockets), the router with random DNAT, SNAT,
 * MASQUERADE and REDIRECT rules, port ranges narrow enough to clash, and
 * flows that reuse source ports — so that conntrack has to pick new tuples
 * and undo them on the way back. Valid by construction, like scenario.ts.
 */
import fc from 'fast-check';

const CLIENT = '10.0.1.10';
const ROUTER_IN = '10.0.1.1';
const ROUTER_OUT = '198.51.100.1';
const SERVER = '198.51.100.20';
const SERVER_2 = '198.51.100.21';

const port = fc.constantFrom(22, 80, 8080);
const proto = fc.constantFrom('tcp', 'udp');

const preroutingArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(proto, port, fc.constantFrom(SERVER, SERVER_2, CLIENT), port).map(([p, from, to, toPort]) => `-A PREROUTING -d ${ROUTER_OUT} -p ${p} --dport ${from} -j DNAT --to-destination ${to}:${toPort}`),
  fc.tuple(proto, port).map(([p, from]) => `-A PREROUTING -i in -p ${p} --dport ${from} -j REDIRECT --to-ports 22`),
  fc.tuple(proto, fc.constantFrom(SERVER, SERVER_2)).map(([p, to]) => `-A PREROUTING -d ${SERVER_2} -p ${p} -j DNAT --to-destination ${to}`),
  fc.constant(`-A PREROUTING -p icmp -d ${ROUTER_OUT} -j DNAT --to-destination ${SERVER}`),
);

const postroutingArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('-A POSTROUTING -o out -j MASQUERADE', '-A POSTROUTING -o out -j MASQUERADE --random-fully', '-A POSTROUTING -o in -j MASQUERADE'),
  fc.tuple(proto, fc.constantFrom('40000-40001', '2000', '1024-1025')).map(([p, ports]) => `-A POSTROUTING -o out -p ${p} -j MASQUERADE --to-ports ${ports}`),
  fc.tuple(proto, fc.constantFrom('', ':40000-40001', ':5000')).map(([p, ports]) => `-A POSTROUTING -o out -p ${p} -j SNAT --to-source ${ROUTER_OUT}${ports}`),
  fc.constant(`-A POSTROUTING -s ${CLIENT} -d ${CLIENT} -j SNAT --to-source ${ROUTER_IN}`),
);

const outputArb: fc.Arbitrary<string> = fc.tuple(proto, port, fc.constantFrom(SERVER, CLIENT)).map(([p, from, to]) => `-A OUTPUT -p ${p} -d ${ROUTER_OUT} --dport ${from} -j DNAT --to-destination ${to}`);

const flowArb = fc
  .record({
    from: fc.constantFrom('client', 'client', 'server', 'router'),
    to: fc.constantFrom(ROUTER_OUT, SERVER, SERVER_2, ROUTER_IN, CLIENT),
    port,
    proto: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp'),
    sport: fc.option(fc.constantFrom(40000, 40001, 2000), { freq: 1, nil: undefined }),
  })
  .map(({ from, to, port: p, proto: pr, sport }) => `  - {from: ${from}, to: "${pr === 'icmp' ? to : `${to}:${p}`}", proto: ${pr}${sport === undefined ? '' : `, sport: ${sport}`}}`);

export const natScenarioTextArb: fc.Arbitrary<string> = fc
  .record({
    prerouting: fc.array(preroutingArb, { maxLength: 3 }),
    output: fc.array(outputArb, { maxLength: 1 }),
    postrouting: fc.array(postroutingArb, { maxLength: 3 }),
    portRange: fc.constantFrom('', '40000 40001'),
    flows: fc.array(flowArb, { minLength: 1, maxLength: 8 }),
  })
  .map(({ prerouting, output, postrouting, portRange, flows }) => {
    const rules = ['*nat', ...prerouting, ...output, ...postrouting, 'COMMIT'].map((r) => `      ${r}`).join('\n');
    const sysctl = portRange === '' ? '' : `    sysctl: {net.ipv4.ip_local_port_range: "${portRange}"}\n`;
    return `hosts:
  client:
    interfaces: {eth0: ${CLIENT}/24}
    routes: [default via ${ROUTER_IN}]
    listen: [tcp/22, udp/8080]
  router:
    forwarding: true
    interfaces: {in: ${ROUTER_IN}/24, out: ${ROUTER_OUT}/24}
    listen: [tcp/22, udp/22]
${sysctl}    iptables: |
${rules}
  server:
    interfaces: {eth0: [${SERVER}/24, ${SERVER_2}/24]}
    routes: [default via ${ROUTER_OUT}]
    listen: [tcp/80, tcp/8080, udp/80, udp/8080, tcp/22]
links:
  inside: [client:eth0, router:in]
  outside: [router:out, server:eth0]
flows:
${flows.join('\n')}
`;
  });

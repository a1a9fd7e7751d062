/**
 * Generators of iptables-save text drawn from the subset of spec §3, valid
 * by construction: each target sits in a table and chain the kernel allows
 * it in (DNAT and REDIRECT at PREROUTING/OUTPUT, SNAT at INPUT/POSTROUTING,
 * MASQUERADE at POSTROUTING, REJECT in filter, NOTRACK and CT in raw), port
 * options only under `-p tcp|udp`, `-i` and `-o` only where the hook has that
 * device, user chains jumped to only from chains declared before them (so
 * the jump graph has no loop and stays shallow).
 */
import fc from 'fast-check';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

/** What a host offers the rules to talk about. */
export interface RuleContext {
  readonly interfaces: readonly string[];
  /** Addresses in the scenario (any host's), for -s, -d and NAT targets. */
  readonly addresses: readonly string[];
}

const BUILTINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** User chains per table; in nat one per NAT direction, so that DNAT and SNAT each stay in hooks that allow them. */
const USER_CHAINS: Readonly<Record<TableName, readonly { name: string; from: readonly string[] }[]>> = {
  raw: [],
  mangle: [
    { name: 'MARKS', from: ['PREROUTING', 'FORWARD', 'OUTPUT'] },
    { name: 'MARKS-2', from: ['PREROUTING', 'MARKS'] },
  ],
  nat: [
    { name: 'DNATS', from: ['PREROUTING', 'OUTPUT'] },
    { name: 'SNATS', from: ['POSTROUTING'] },
  ],
  filter: [
    { name: 'CHECK', from: ['INPUT', 'FORWARD', 'OUTPUT'] },
    { name: 'CHECK-2', from: ['FORWARD', 'CHECK'] },
  ],
};

/** Which hooks a chain is reached from (a user chain: those of the chains that may jump to it). */
function hooksOf(table: TableName, chain: string): readonly string[] {
  if (BUILTINS[table].includes(chain)) return [chain];
  const user = USER_CHAINS[table].find((c) => c.name === chain);
  return [...new Set((user?.from ?? []).flatMap((from) => hooksOf(table, from)))];
}

type Proto = 'tcp' | 'udp' | 'icmp' | 'all' | undefined;

const portArb = fc.constantFrom('22', '53', '80', '8080', '1000:2000', '5353');
const markArb = fc.constantFrom('0x1', '0x7', '0x7/0xff', '0x10/0x10', '1');

function addressArb(ctx: RuleContext): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...ctx.addresses),
    fc.constantFrom('10.1.0.0/16', '10.0.0.0/8', '192.0.2.0/24', '127.0.0.1', '10.2.0.0/24'),
  );
}

/** `-s/-d/-p/-i/-o`, with the protocol chosen so the later options know it. */
function headerArb(ctx: RuleContext, hooks: readonly string[]): fc.Arbitrary<{ text: string; proto: Proto }> {
  const inAllowed = !hooks.includes('OUTPUT') && !hooks.includes('POSTROUTING');
  const outAllowed = !hooks.includes('PREROUTING') && !hooks.includes('INPUT');
  const iface = fc.oneof(fc.constantFrom(...ctx.interfaces), fc.constant('e+'), fc.constant('lo'));
  return fc
    .record({
      src: fc.option(fc.tuple(fc.boolean(), addressArb(ctx)), { freq: 2 }),
      dst: fc.option(fc.tuple(fc.boolean(), addressArb(ctx)), { freq: 2 }),
      proto: fc.option(fc.tuple(fc.boolean(), fc.constantFrom<Proto>('tcp', 'udp', 'icmp', 'all')), { freq: 1 }),
      inIface: fc.option(fc.tuple(fc.boolean(), iface), { freq: 3 }),
      outIface: fc.option(fc.tuple(fc.boolean(), iface), { freq: 3 }),
    })
    .map(({ src, dst, proto, inIface, outIface }) => {
      const parts: string[] = [];
      // `! -s 0.0.0.0/0` can never match and iptables-nft refuses it; these lists never hold a /0.
      if (src) parts.push(`${src[0] ? '! ' : ''}-s ${src[1]}`);
      if (dst) parts.push(`${dst[0] ? '! ' : ''}-d ${dst[1]}`);
      if (proto) parts.push(`${proto[0] ? '! ' : ''}-p ${proto[1]}`);
      if (inIface && inAllowed) parts.push(`${inIface[0] ? '! ' : ''}-i ${inIface[1]}`);
      if (outIface && outAllowed) parts.push(`${outIface[0] ? '! ' : ''}-o ${outIface[1]}`);
      // Port options need a protocol that is not inverted.
      const usable = proto && !proto[0] ? proto[1] : undefined;
      return { text: parts.join(' '), proto: usable };
    });
}

function protoMatchArb(proto: Proto): fc.Arbitrary<string> {
  switch (proto) {
    case 'tcp':
      return fc.constantFrom(
        '--dport 80',
        '-m tcp --dport 22',
        '--sport 1000:65535',
        '! --dport 8080',
        '--syn',
        '-m tcp --tcp-flags SYN,ACK SYN',
        '-m tcp ! --tcp-flags SYN,RST,ACK SYN',
        '-m multiport --dports 22,80,8080',
        '-m multiport --sports 80,1000:2000',
      );
    case 'udp':
      return fc.constantFrom('--dport 53', '-m udp --sport 5353', '-m multiport --dports 53,5353', '! --dport 53');
    case 'icmp':
      return fc.constantFrom('--icmp-type echo-request', '-m icmp --icmp-type 0', '--icmp-type destination-unreachable', '! --icmp-type 8');
    default:
      return fc.constant('');
  }
}

const otherMatchArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '-m conntrack --ctstate NEW',
    '-m conntrack --ctstate RELATED,ESTABLISHED',
    '-m conntrack --ctstate INVALID',
    '-m conntrack ! --ctstate NEW,UNTRACKED',
    '-m conntrack --ctstate DNAT',
    '-m conntrack --ctstate SNAT',
    '-m state --state ESTABLISHED',
    '-m conntrack --ctstatus SEEN_REPLY',
    '-m conntrack --ctorigdst 10.1.0.0/16',
    '-m conntrack --ctreplsrc 10.2.0.0/16',
    '-m addrtype --dst-type LOCAL',
    '-m addrtype ! --src-type LOCAL',
    '-m statistic --mode random --probability 0.5',
    '-m statistic --mode nth --every 2 --packet 1',
    '-m comment --comment "a comment with spaces"',
    '-m comment --comment plain',
  ),
  markArb.map((m) => `-m mark --mark ${m}`),
  markArb.map((m) => `-m connmark ! --mark ${m}`),
);

/** Targets allowed in `table` for a chain reached from `hooks`; `proto` decides whether ports may be given. */
function targetArb(table: TableName, hooks: readonly string[], proto: Proto, ctx: RuleContext, jumps: readonly string[]): fc.Arbitrary<string> {
  const ports = proto === 'tcp' || proto === 'udp';
  const all = (...allowed: string[]): boolean => hooks.every((h) => allowed.includes(h));
  // Targets that let packets on are weighted up, so that traffic still flows through hosts with rules.
  const options: fc.Arbitrary<string>[] = [];
  const harmless = fc.constantFrom('-j ACCEPT', '-j RETURN', '', '-j LOG --log-prefix "seen: "');
  if (jumps.length > 0) options.push(fc.constantFrom(...jumps).chain((c) => fc.constantFrom(`-j ${c}`, `-g ${c}`)));
  const address = fc.constantFrom(...ctx.addresses);
  switch (table) {
    case 'filter':
      options.push(
        fc.constantFrom('-j DROP', '-j REJECT', '-j REJECT --reject-with icmp-host-unreachable', '-j REJECT --reject-with icmp-net-unreachable', '-j REJECT --reject-with icmp-admin-prohibited'),
      );
      if (proto === 'tcp') options.push(fc.constant('-j REJECT --reject-with tcp-reset'));
      break;
    case 'nat':
      if (all('PREROUTING', 'OUTPUT')) {
        options.push(address.map((a) => `-j DNAT --to-destination ${a}`));
        if (ports) {
          options.push(fc.tuple(address, portArb.filter((p) => !p.includes(':'))).map(([a, p]) => `-j DNAT --to-destination ${a}:${p}`));
          options.push(fc.constantFrom('-j REDIRECT --to-ports 8080', '-j REDIRECT --to-ports 22'));
        }
      }
      if (all('POSTROUTING')) {
        options.push(fc.constantFrom('-j MASQUERADE', '-j MASQUERADE --random-fully'));
        if (ports) options.push(fc.constant('-j MASQUERADE --to-ports 40000-40002'));
      }
      if (all('POSTROUTING', 'INPUT')) {
        options.push(address.map((a) => `-j SNAT --to-source ${a}`));
        if (ports) options.push(address.map((a) => `-j SNAT --to-source ${a}:2000-2001`));
      }
      break;
    case 'mangle':
      options.push(
        fc.constantFrom('-j DROP', '-j MARK --set-mark 0x7', '-j MARK --set-xmark 0x2/0xff', '-j CONNMARK --save-mark', '-j CONNMARK --restore-mark', '-j CONNMARK --set-mark 0x3'),
      );
      break;
    case 'raw':
      options.push(fc.constantFrom('-j DROP', '-j NOTRACK', '-j CT --notrack', '-j TRACE'));
      break;
  }
  return fc.oneof({ weight: 2 * options.length + 1, arbitrary: harmless }, ...options.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function ruleArb(table: TableName, chain: string, ctx: RuleContext, declared: readonly string[]): fc.Arbitrary<string> {
  const hooks = hooksOf(table, chain);
  const chains = USER_CHAINS[table];
  const position = chains.findIndex((c) => c.name === chain);
  // Jump only to declared user chains that list this chain as a caller: the graph is acyclic and shallow.
  const jumps = chains.filter((c, i) => i > position && c.from.includes(chain) && declared.includes(c.name)).map((c) => c.name);
  return headerArb(ctx, hooks).chain((header) =>
    fc
      .tuple(fc.option(protoMatchArb(header.proto), { freq: 2 }), fc.option(otherMatchArb, { freq: 2 }), targetArb(table, hooks, header.proto, ctx, jumps))
      .map(([protoMatch, other, target]) => ['-A', chain, header.text, protoMatch ?? '', other ?? '', target].filter((p) => p !== '').join(' ')),
  );
}

function tableArb(table: TableName, ctx: RuleContext): fc.Arbitrary<string> {
  const policy = table === 'nat' ? fc.constant('ACCEPT') : fc.constantFrom('ACCEPT', 'ACCEPT', 'DROP');
  return fc
    .record({
      builtins: fc.subarray([...BUILTINS[table]], { minLength: 1 }),
      users: fc.subarray(USER_CHAINS[table].map((c) => c.name)),
    })
    .chain(({ builtins, users }) => {
      // A user chain can only be used once declared; its callers may be absent, then nothing reaches it.
      const chains = [...builtins, ...users];
      return fc.tuple(
        fc.tuple(...builtins.map(() => policy)),
        fc.tuple(...chains.map((chain) => fc.array(ruleArb(table, chain, ctx, users), { maxLength: 4 }))),
      ).map(([policies, rules]) => [
        `*${table}`,
        ...builtins.map((chain, i) => `:${chain} ${policies[i]} [0:0]`),
        ...users.map((chain) => `:${chain} - [0:0]`),
        ...rules.flat(),
        'COMMIT',
      ]);
    })
    .map((lines) => lines.join('\n'));
}

/** A host's whole `iptables:` text: some of the four tables, in iptables-save's order. */
export function iptablesArb(ctx: RuleContext): fc.Arbitrary<string> {
  return fc
    .subarray<TableName>(['raw', 'mangle', 'nat', 'filter'], { minLength: 1 })
    .chain((tables) => fc.tuple(...tables.map((t) => tableArb(t, ctx))))
    .map((texts) => `${texts.join('\n')}\n`);
}

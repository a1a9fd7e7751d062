/**
 * `-m addrtype --src-type|--dst-type TYPE[,TYPE…]` (net/netfilter/xt_addrtype.c
 * addrtype_mt_v1): each holds when the address's route type, as this host's
 * tables say, is one of the listed ones; `!` negates the list.
 *
 * `--limit-iface-in/out` narrows the lookup to one device
 * (inet_dev_addr_type); MatchContext.addressType has no device parameter, so
 * we refuse those options rather than ignore them.
 */
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { arg } from '../extension.js';
import type { AddressType, Match } from '../types.js';
import type { Token } from '../tokenize.js';

const TYPES: readonly AddressType[] = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
];

export interface AddrtypeTest {
  readonly types: ReadonlySet<AddressType>;
  readonly inverted: boolean;
}

export function buildAddrtypeMatch(src: AddrtypeTest | undefined, dst: AddrtypeTest | undefined): Match {
  return {
    name: 'addrtype',
    matches: (ctx) => {
      if (src && src.types.has(ctx.addressType(ctx.packet.src)) === src.inverted) return false;
      if (dst && dst.types.has(ctx.addressType(ctx.packet.dst)) === dst.inverted) return false;
      return true;
    },
  };
}

function parseTypes(token: Token, report: Report): Set<AddressType> | undefined {
  const types = new Set<AddressType>();
  for (const name of token.text.split(',')) {
    const type = TYPES.find((t) => t === name.toUpperCase());
    if (!type) {
      report(token, `addrtype: bad type "${name}"`);
      return undefined;
    }
    types.add(type);
  }
  return types;
}

class AddrtypeParser implements ExtensionInstance<Match> {
  private src: AddrtypeTest | undefined;
  private dst: AddrtypeTest | undefined;
  private given = false;

  option(use: OptionUse, report: Report): void {
    if (use.spec.name === 'limit-iface-in' || use.spec.name === 'limit-iface-out') {
      report(use.flag, `addrtype: --${use.spec.name} is not supported here (the route-type lookup has no per-device view)`);
      return;
    }
    this.given = true;
    const types = parseTypes(arg(use), report);
    if (!types) return;
    const test = { types, inverted: use.inverted };
    if (use.spec.name === 'src-type') this.src = test;
    else this.dst = test;
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (!this.given) {
      report(at, 'addrtype: you must specify --src-type or --dst-type');
      return undefined;
    }
    return buildAddrtypeMatch(this.src, this.dst);
  }
}

export const addrtypeMatch: MatchExtension = {
  name: 'addrtype',
  options: [
    { name: 'src-type', args: 1, invertible: true },
    { name: 'dst-type', args: 1, invertible: true },
    { name: 'limit-iface-in', args: 0 },
    { name: 'limit-iface-out', args: 0 },
  ],
  needsConntrack: false,
  create: () => new AddrtypeParser(),
};

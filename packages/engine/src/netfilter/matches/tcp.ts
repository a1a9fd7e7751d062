/**
 * `-m tcp` (net/netfilter/xt_tcpudp.c tcp_mt, extensions/libxt_tcp.c): source
 * and destination port ranges, and `--tcp-flags MASK COMP`, which holds when
 * the flags under MASK are exactly COMP. `--syn` is `--tcp-flags
 * FIN,SYN,RST,ACK SYN`. The flag names stop at URG: `ALL` is 0x3f.
 */
import type { ExtensionInstance, MatchExtension, OptionUse, Report, RuleFacts } from '../extension.js';
import { arg } from '../extension.js';
import type { Match } from '../types.js';
import { TCP_FLAG } from '../../net/packet.js';
import type { Token } from '../tokenize.js';
import { checkProtocol, parsePortOption, portOptions, portTestPasses, type PortTest } from './ports.js';

/** The names `--tcp-flags` takes: the six classic flags, ALL and NONE (libxt_tcp.c). */
const FLAG_NAMES: Readonly<Record<string, number>> = {
  FIN: TCP_FLAG.FIN,
  SYN: TCP_FLAG.SYN,
  RST: TCP_FLAG.RST,
  PSH: TCP_FLAG.PSH,
  ACK: TCP_FLAG.ACK,
  URG: TCP_FLAG.URG,
  ALL: 0x3f,
  NONE: 0,
};

const ONE_FLAGS_OPTION = "Only one of `--syn' or `--tcp-flags' allowed";

export interface FlagTest {
  readonly mask: number;
  readonly comp: number;
  readonly inverted: boolean;
}

function parseFlags(token: Token, report: Report): number | undefined {
  let flags = 0;
  for (const name of token.text.split(',')) {
    const bit = FLAG_NAMES[name.toUpperCase()];
    if (bit === undefined) {
      report(token, `Unknown TCP flag \`${name}'`);
      return undefined;
    }
    flags |= bit;
  }
  return flags;
}

export function buildTcpMatch(sport: PortTest | undefined, dport: PortTest | undefined, flags: FlagTest | undefined): Match {
  return {
    name: 'tcp',
    matches: (ctx) => {
      const packet = ctx.packet;
      if (packet.proto !== 'tcp') return false;
      if (!portTestPasses(sport, packet.sport) || !portTestPasses(dport, packet.dport)) return false;
      if (flags && (((packet.tcp?.flags ?? 0) & flags.mask) === flags.comp) === flags.inverted) return false;
      return true;
    },
  };
}

class TcpParser implements ExtensionInstance<Match> {
  private sport: PortTest | undefined;
  private dport: PortTest | undefined;
  private flags: FlagTest | undefined;
  private flagsGiven = false;

  option(use: OptionUse, report: Report): void {
    switch (use.spec.name) {
      case 'sport':
        this.sport = parsePortOption(use, 'tcp', report);
        return;
      case 'dport':
        this.dport = parsePortOption(use, 'tcp', report);
        return;
      case 'syn':
      case 'tcp-flags': {
        if (this.flagsGiven) {
          report(use.flag, ONE_FLAGS_OPTION);
          return;
        }
        this.flagsGiven = true;
        if (use.spec.name === 'syn') {
          this.flags = { mask: 0x17, comp: FLAG_NAMES.SYN!, inverted: use.inverted };
          return;
        }
        const comp = arg(use, 1);
        const mask = parseFlags(arg(use, 0), report);
        const compFlags = parseFlags(comp, report);
        if (mask !== undefined && compFlags !== undefined) this.flags = { mask, comp: compFlags, inverted: use.inverted };
        return;
      }
    }
  }

  finish(facts: RuleFacts, at: Token, report: Report): Match | undefined {
    if (!checkProtocol('tcp', facts, at, report)) return undefined;
    return buildTcpMatch(this.sport, this.dport, this.flags);
  }
}

export const tcpMatch: MatchExtension = {
  name: 'tcp',
  options: [
    // libxt_tcp still has its own wording for a repeated port option.
    ...portOptions("Only one `--source-port' allowed", "Only one `--destination-port' allowed"),
    { name: 'syn', args: 0, invertible: true, duplicateMessage: ONE_FLAGS_OPTION },
    { name: 'tcp-flags', args: 2, invertible: true, duplicateMessage: ONE_FLAGS_OPTION },
  ],
  needsConntrack: false,
  create: () => new TcpParser(),
};

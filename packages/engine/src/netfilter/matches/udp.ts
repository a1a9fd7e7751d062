/** `-m udp` (net/netfilter/xt_tcpudp.c udp_mt): source and destination port ranges. */
import type { ExtensionInstance, MatchExtension, OptionUse, Report, RuleFacts } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';
import { checkProtocol, parsePortOption, portOptions, portTestPasses, type PortTest } from './ports.js';

export function buildUdpMatch(sport: PortTest | undefined, dport: PortTest | undefined): Match {
  return {
    name: 'udp',
    matches: (ctx) => {
      const packet = ctx.packet;
      return packet.proto === 'udp' && portTestPasses(sport, packet.sport) && portTestPasses(dport, packet.dport);
    },
  };
}

class UdpParser implements ExtensionInstance<Match> {
  private sport: PortTest | undefined;
  private dport: PortTest | undefined;

  option(use: OptionUse, report: Report): void {
    if (use.spec.name === 'sport') this.sport = parsePortOption(use, 'udp', report);
    else this.dport = parsePortOption(use, 'udp', report);
  }

  finish(facts: RuleFacts, at: Token, report: Report): Match | undefined {
    if (!checkProtocol('udp', facts, at, report)) return undefined;
    return buildUdpMatch(this.sport, this.dport);
  }
}

export const udpMatch: MatchExtension = {
  name: 'udp',
  options: portOptions(
    'udp: option "--source-port" can only be used once.',
    'udp: option "--destination-port" can only be used once.',
  ),
  needsConntrack: false,
  create: () => new UdpParser(),
};

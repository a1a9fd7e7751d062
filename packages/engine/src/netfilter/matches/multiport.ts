/**
 * `-m multiport --dports|--sports|--ports LIST` (net/netfilter/xt_multiport.c
 * revision 1, extensions/libxt_multiport.c): up to 15 ports, a range `a:b`
 * taking two of the slots. `--ports` holds when either port is listed; `!`
 * negates the whole list.
 */
import type { ExtensionInstance, MatchExtension, OptionUse, Report, RuleFacts } from '../extension.js';
import { arg, conflictMessage, splitList } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';
import { parsePort, portInRange, type PortRange } from '../values.js';

const MAX_SLOTS = 15;

export type MultiportDirection = 'source' | 'destination' | 'either';

export interface MultiportTest {
  readonly direction: MultiportDirection;
  readonly ranges: readonly PortRange[];
  readonly inverted: boolean;
}

const DIRECTION_OF: Readonly<Record<string, MultiportDirection>> = {
  sports: 'source',
  dports: 'destination',
  ports: 'either',
};

const TABLE_ORDER = ['sports', 'dports', 'ports'];

/** The long names libxt_multiport uses in its messages. */
const LONG_NAME: Readonly<Record<string, string>> = {
  sports: 'source-ports',
  dports: 'destination-ports',
  ports: 'ports',
};

function parseList(token: Token, proto: 'tcp' | 'udp', report: Report): PortRange[] | undefined {
  const ranges: PortRange[] = [];
  let slots = 0;
  for (const part of splitList(token)) {
    const colon = part.text.indexOf(':');
    slots += colon < 0 ? 1 : 2;
    if (slots > MAX_SLOTS) {
      report(token, 'too many ports specified');
      return undefined;
    }
    const lowText = colon < 0 ? part.text : part.text.slice(0, colon);
    const low = parsePort(lowText, proto);
    if (low === undefined) {
      report(part.text === '' ? token : part, `invalid port/service \`${lowText}' specified`);
      return undefined;
    }
    if (colon < 0) {
      ranges.push({ min: low, max: low });
      continue;
    }
    const highText = part.text.slice(colon + 1);
    const high = parsePort(highText, proto);
    if (high === undefined) {
      report(part, `invalid port/service \`${highText}' specified`);
      return undefined;
    }
    if (low >= high) {
      report(part, 'invalid portrange specified');
      return undefined;
    }
    ranges.push({ min: low, max: high });
  }
  return ranges;
}

export function buildMultiportMatch(test: MultiportTest): Match {
  const ranges = test.ranges;
  const inList = (port: number): boolean => {
    for (let i = 0; i < ranges.length; i++) if (portInRange(ranges[i]!, port)) return true;
    return false;
  };
  return {
    name: 'multiport',
    matches: (ctx) => {
      const { sport, dport } = ctx.packet;
      let hit: boolean;
      if (test.direction === 'source') hit = inList(sport);
      else if (test.direction === 'destination') hit = inList(dport);
      else hit = inList(sport) || inList(dport);
      return hit !== test.inverted;
    },
  };
}

class MultiportParser implements ExtensionInstance<Match> {
  private chosen: OptionUse | undefined;

  option(use: OptionUse, report: Report): void {
    if (this.chosen) {
      // libxtables names them in the order of the module's option table.
      const [first, second] = [this.chosen.spec.name, use.spec.name].sort((a, b) => TABLE_ORDER.indexOf(a) - TABLE_ORDER.indexOf(b));
      report(use.flag, conflictMessage('multiport', LONG_NAME[first!]!, LONG_NAME[second!]!));
      return;
    }
    this.chosen = use;
  }

  finish(facts: RuleFacts, at: Token, report: Report): Match | undefined {
    if (!this.chosen) {
      report(at, 'multiport expection an option');
      return undefined;
    }
    const protocol = facts.protocol;
    if (!protocol || protocol.number === 0) {
      report(at, "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      return undefined;
    }
    if (protocol.inverted || (protocol.number !== 6 && protocol.number !== 17)) {
      report(at, 'multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
      return undefined;
    }
    const ranges = parseList(arg(this.chosen), protocol.number === 6 ? 'tcp' : 'udp', report);
    if (!ranges) return undefined;
    return buildMultiportMatch({ direction: DIRECTION_OF[this.chosen.spec.name]!, ranges, inverted: this.chosen.inverted });
  }
}

export const multiportMatch: MatchExtension = {
  name: 'multiport',
  options: [
    { name: 'sports', aliases: ['source-ports'], args: 1, invertible: true, duplicateMessage: 'multiport: option "--source-ports" can only be used once.' },
    { name: 'dports', aliases: ['destination-ports'], args: 1, invertible: true, duplicateMessage: 'multiport: option "--destination-ports" can only be used once.' },
    { name: 'ports', args: 1, invertible: true },
  ],
  needsConntrack: false,
  create: () => new MultiportParser(),
};

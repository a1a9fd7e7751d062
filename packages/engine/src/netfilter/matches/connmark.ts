/**
 * `-m connmark --mark V[/M]` (net/netfilter/xt_connmark.c connmark_mt): tests
 * the connection's mark; a packet without a conntrack entry never matches.
 */
import { ctmarkOf } from '../eval-context.js';
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { mandatoryMessage } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';
import { markTestPasses, parseMarkTest, type MarkTest } from './mark-value.js';

export function buildConnmarkMatch(test: MarkTest): Match {
  return {
    name: 'connmark',
    matches: (ctx) => {
      const ctmark = ctmarkOf(ctx);
      return ctmark !== undefined && markTestPasses(test, ctmark);
    },
  };
}

class ConnmarkParser implements ExtensionInstance<Match> {
  private test: MarkTest | undefined;
  private given = false;

  option(use: OptionUse, report: Report): void {
    this.given = true;
    this.test = parseMarkTest('connmark', use, report);
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (!this.given) report(at, mandatoryMessage('connmark', 'mark'));
    return this.test && buildConnmarkMatch(this.test);
  }
}

export const connmarkMatch: MatchExtension = {
  name: 'connmark',
  options: [{ name: 'mark', args: 1, invertible: true }],
  needsConntrack: true,
  create: () => new ConnmarkParser(),
};

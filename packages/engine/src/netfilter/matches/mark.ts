/** `-m mark --mark V[/M]` (net/netfilter/xt_mark.c mark_mt): tests the packet's mark. */
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { mandatoryMessage } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';
import { markTestPasses, parseMarkTest, type MarkTest } from './mark-value.js';

export function buildMarkMatch(test: MarkTest): Match {
  return { name: 'mark', matches: (ctx) => markTestPasses(test, ctx.mark) };
}

class MarkParser implements ExtensionInstance<Match> {
  private test: MarkTest | undefined;
  private given = false;

  option(use: OptionUse, report: Report): void {
    this.given = true;
    this.test = parseMarkTest('mark', use, report);
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (!this.given) report(at, mandatoryMessage('mark', 'mark'));
    return this.test && buildMarkMatch(this.test);
  }
}

export const markMatch: MatchExtension = {
  name: 'mark',
  options: [{ name: 'mark', args: 1, invertible: true }],
  needsConntrack: false,
  create: () => new MarkParser(),
};

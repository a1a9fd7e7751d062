/** `-m comment --comment TEXT` (net/netfilter/xt_comment.c): always matches; the text is kept for the trace. */
import type { ExtensionInstance, MatchExtension, OptionUse, Report } from '../extension.js';
import { arg, mandatoryMessage } from '../extension.js';
import type { Match } from '../types.js';
import type { Token } from '../tokenize.js';

export interface CommentMatch extends Match {
  readonly name: 'comment';
  readonly comment: string;
}

export function isCommentMatch(match: Match): match is CommentMatch {
  return match.name === 'comment';
}

/** One function for every comment match (a dump has a comment on most rules). */
function alwaysMatches(): boolean {
  return true;
}

class CommentParser implements ExtensionInstance<Match> {
  private text: string | undefined;

  option(use: OptionUse): void {
    this.text = arg(use).text;
  }

  finish(_facts: unknown, at: Token, report: Report): Match | undefined {
    if (this.text === undefined) {
      report(at, mandatoryMessage('comment', 'comment'));
      return undefined;
    }
    const match: CommentMatch = { name: 'comment', comment: this.text, matches: alwaysMatches };
    return match;
  }
}

export const commentMatch: MatchExtension = {
  name: 'comment',
  options: [{ name: 'comment', args: 1 }],
  needsConntrack: false,
  create: () => new CommentParser(),
};

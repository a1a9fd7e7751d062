/** What a hook (or one stage of it) decided about a packet. */
export type HookVerdict = { readonly verdict: 'accept' } | { readonly verdict: 'drop'; readonly reason: string };

export const ACCEPT: HookVerdict = { verdict: 'accept' };

export function drop(reason: string): HookVerdict {
  return { verdict: 'drop', reason };
}

/**
 * ICMP redirects are rate limited per destination host (ip_rt_send_redirect
 * in net/ipv4/route.c): the first is sent at once, the n-th only when
 * 20 ms << n have passed since the last; after 9 none, until 20 s of
 * silence reset the count.
 */
import type { Ipv4 } from '../net/ipv4.js';
import type { HostRuntime, SimContext } from './context.js';

const REDIRECT_LOAD_MS = 20;
const REDIRECT_NUMBER = 9;
const REDIRECT_SILENCE_MS = REDIRECT_LOAD_MS << 10;

export interface RedirectPeer {
  sent: number;
  lastAt: number;
}

export function shouldSendRedirect(ctx: SimContext, rt: HostRuntime, to: Ipv4): boolean {
  const now = ctx.now();
  const peer = rt.redirectPeers.get(to) ?? { sent: 0, lastAt: now };
  rt.redirectPeers.set(to, peer);
  if (now - peer.lastAt > REDIRECT_SILENCE_MS) peer.sent = 0;
  if (peer.sent >= REDIRECT_NUMBER) {
    peer.lastAt = now;
    return false;
  }
  if (peer.sent === 0 || now - peer.lastAt > REDIRECT_LOAD_MS << peer.sent) {
    peer.lastAt = now;
    peer.sent += 1;
    return true;
  }
  return false;
}

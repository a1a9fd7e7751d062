/**
 * The probabilities of kube-proxy's load-balancing rules. With n endpoints,
 * rule i (0-based) of all but the last matches with probability 1/(n-i), so
 * that each endpoint is chosen with 1/n overall; the last rule always
 * matches. kube-proxy writes 1/k with ten decimals (computeProbability:
 * "%0.10f"); iptables stores round(P * 2^31) and iptables-save prints that
 * back with eleven (1/3 → 0.3333333333 → 0.33333333349).
 */
import { formatProbability, storedProbability } from '../netfilter/matches/statistic.js';

/** What kube-proxy writes after --probability for 1/k. */
export function kubeProxyProbability(k: number): string {
  return (1 / k).toFixed(10);
}

/** The same probability as iptables-save prints it. */
export function savedProbability(k: number): string {
  return formatProbability(storedProbability(Number(kubeProxyProbability(k))));
}

/**
 * The chance that the i-th of n rules is the one taken, with each earlier
 * rule passed over at the probability the kernel really uses (the stored
 * value, not the exact 1/k).
 */
export function endpointShares(n: number): number[] {
  const shares: number[] = [];
  let remaining = 1;
  for (let i = 0; i < n; i++) {
    const p = i === n - 1 ? 1 : storedProbability(Number(kubeProxyProbability(n - i))) / 0x80000000;
    shares.push(remaining * p);
    remaining *= 1 - p;
  }
  return shares;
}

/**
 * Expected strings: kube-proxy's "%0.10f" of 1/k restored into Linux 6.18
 * (iptables 1.8.9 nf_tables) and printed back by iptables-save.
 */
import { describe, expect, it } from 'vitest';
import { endpointShares, kubeProxyProbability, savedProbability } from './probability.js';

describe('kube-proxy probabilities', () => {
  it.each([
    [2, '0.5000000000', '0.50000000000'],
    [3, '0.3333333333', '0.33333333349'],
    [4, '0.2500000000', '0.25000000000'],
    [5, '0.2000000000', '0.20000000019'],
    [6, '0.1666666667', '0.16666666651'],
    [7, '0.1428571429', '0.14285714272'],
    [10, '0.1000000000', '0.10000000009'],
    [100, '0.0100000000', '0.00999999978'],
    [1000, '0.0010000000', '0.00100000016'],
  ])('1/%d is written %s and saved as %s', (k, written, saved) => {
    expect(kubeProxyProbability(k)).toBe(written);
    expect(savedProbability(k)).toBe(saved);
  });

  it.each([1, 2, 3, 5, 7, 64])('gives each of %d endpoints a share of about 1/n, the shares adding up to 1', (n) => {
    const shares = endpointShares(n);
    expect(shares).toHaveLength(n);
    for (const share of shares) expect(share).toBeCloseTo(1 / n, 8);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

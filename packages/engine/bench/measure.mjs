// The repeated-run timer shared by the benchmark's parent and its child
// process (kube-proxy-child.mjs): warm up, then the mean of at least
// `minRuns` runs lasting at least `minMs` in all.
import { performance } from 'node:perf_hooks';

export function measure(run, { minMs = 300, minRuns = 20 } = {}) {
  for (let i = 0; i < 5; i++) run();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs || runs < minRuns) {
    run();
    runs += 1;
    elapsed = performance.now() - start;
  }
  return elapsed / runs;
}

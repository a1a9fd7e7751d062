/**
 * Scenarios where the engine is known to disagree with the kernel, each with
 * the finding that explains it (FINDINGS.md). kernel.test.ts expects these to
 * differ, so the suite stays green while the engine is being fixed, and fails
 * as soon as one of them agrees: then its line here must go. `npm run
 * verify:kernel` reports them as differences all the same.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'tests/kernel/scenarios/icmp-redirect-on-shared-link.yaml': 'the redirect is sent before the packet is forwarded (FINDINGS 26)',
};

/**
 * Scenarios where the engine is known to disagree with the kernel, each with
 * the finding that explains it (FINDINGS.md). kernel.test.ts expects these to
 * differ, so the suite stays green while the engine is being fixed, and fails
 * as soon as one of them agrees: then its line here must go. `npm run
 * verify:kernel` reports them as differences all the same.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'content/scenarios/home-router-masquerade.yaml': 'an empty declared chain still shows its policy (FINDINGS 6)',
  'content/scenarios/port-forwarding.yaml': 'empty declared INPUT/OUTPUT chains show their policies (FINDINGS 6)',
  'tests/kernel/scenarios/asymmetric-routing-without-invalid-drop.yaml': 'a matching rule without a target is a rule hit (FINDINGS 8)',
  'tests/kernel/scenarios/icmp-redirect-on-shared-link.yaml': 'the redirect is sent before the packet is forwarded (FINDINGS 26)',
  'tests/kernel/scenarios/no-route-at-router.yaml': 'UDP ignores net unreachable, a soft error (FINDINGS 18)',
  'tests/kernel/scenarios/reject-icmp-host-unreachable.yaml': 'UDP ignores host unreachable, a soft error (FINDINGS 18)',
  'tests/kernel/scenarios/reject-icmp-net-unreachable-udp-times-out.yaml': 'UDP ignores net unreachable, a soft error (FINDINGS 18)',
  'tests/kernel/scenarios/rp-filter-also-checks-arp-requests.yaml': 'rp_filter refuses the ARP request, the sender reports host unreachable to itself (FINDINGS 20, 21)',
};

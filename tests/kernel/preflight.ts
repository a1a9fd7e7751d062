/**
 * Can this machine run scenarios on its kernel? Linux, root, the tools, the
 * nf_tables backend of iptables, and the right to make a network namespace.
 * The answer is one sentence, printed as the reason for skipping.
 */
import { run } from './exec.js';
import { namespacePrefix } from './names.js';

/** Debian packages: iproute2, iptables, nftables, conntrack, tcpdump, iputils-ping, coreutils. */
export const REQUIRED_TOOLS = ['ip', 'iptables-restore', 'nft', 'conntrack', 'tcpdump', 'xtables-monitor', 'ping', 'stdbuf'] as const;

export type Preflight = { readonly ok: true } | { readonly ok: false; readonly reason: string };

async function missingTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of REQUIRED_TOOLS) {
    const found = await run(['sh', '-c', `command -v ${tool}`], { allowFailure: true });
    if (found.code !== 0) missing.push(tool);
  }
  return missing;
}

export async function preflight(): Promise<Preflight> {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux network namespaces (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root to create network namespaces' };
  const missing = await missingTools();
  if (missing.length > 0) {
    return { ok: false, reason: `missing tools: ${missing.join(', ')} (Debian: iproute2 iptables nftables conntrack tcpdump iputils-ping)` };
  }
  const version = await run(['iptables-restore', '--version'], { allowFailure: true });
  if (!/nf_tables/.test(version.stdout + version.stderr)) {
    return { ok: false, reason: 'iptables is not the nf_tables backend (xtables-monitor --trace needs it)' };
  }
  const probe = `${namespacePrefix()}probe`;
  const added = await run(['ip', 'netns', 'add', probe], { allowFailure: true });
  if (added.code !== 0) return { ok: false, reason: `cannot create a network namespace: ${added.stderr.trim()}` };
  await run(['ip', 'netns', 'del', probe], { allowFailure: true });
  return { ok: true };
}

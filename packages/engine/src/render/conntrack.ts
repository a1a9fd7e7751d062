/**
 * Each host's connection tracking table as `conntrack -L` (conntrack-tools
 * 1.4.7) lists it, checked against the real tool in network namespaces:
 *
 *   tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=198.51.100.20 sport=40000 dport=80 src=198.51.100.20 dst=198.51.100.7 sport=80 dport=40000 [ASSURED] mark=0 use=1
 *   udp      17 29 src=192.168.1.10 dst=198.51.100.20 sport=40003 dport=54 [UNREPLIED] src=198.51.100.20 dst=198.51.100.7 sport=54 dport=40003 mark=0 use=1
 *   icmp     1 29 src=192.168.1.10 dst=198.51.100.20 type=8 code=0 id=7 src=198.51.100.20 dst=198.51.100.7 type=0 code=0 id=7 mark=0 use=1
 *
 * The protocol name is padded to 8 columns, then the protocol number, the
 * seconds left, the TCP state; `[UNREPLIED]` follows the original tuple while
 * no reply was seen, `[ASSURED]` follows the reply tuple (the kernel's
 * ct_seq_show() in nf_conntrack_standalone.c uses the same order); the mark is
 * decimal. Status bits the tool does not print (SEEN_REPLY, CONFIRMED,
 * SRC_NAT …) are not printed here either.
 *
 * Layout of our view: per host a `# host` line, its entries in the order the
 * trace holds them (the kernel lists in hash order), then the summary line
 * `conntrack v1.4.7 (conntrack-tools): N flow entries have been shown.` The
 * real tool writes that summary to stderr; we keep it in the text, right after
 * the entries, which is where a terminal shows it. A host that tracks no
 * connections (no rule needs conntrack) gets a note in its heading and the
 * summary the tool prints in such a namespace: 0 entries.
 */
import type { ConntrackEntryView, ConntrackTupleView, Trace } from '../trace/types.js';
import { visible } from './text.js';

const TOOL = 'conntrack v1.4.7 (conntrack-tools)';

function tupleFields(proto: string, t: ConntrackTupleView): string {
  const addresses = `src=${t.src} dst=${t.dst}`;
  if (proto === 'icmp') return `${addresses} type=${t.type ?? 0} code=${t.code ?? 0} id=${t.id ?? 0}`;
  return `${addresses} sport=${t.sport ?? 0} dport=${t.dport ?? 0}`;
}

/** Flags printed after the reply tuple; the kernel shows at most one (offload wins over assured). */
const AFTER_REPLY = ['HW_OFFLOAD', 'OFFLOAD', 'ASSURED'];

export function conntrackLine(e: ConntrackEntryView): string {
  const parts = [e.proto.padEnd(8), String(e.protonum), String(e.timeout)];
  if (e.state !== undefined) parts.push(e.state);
  parts.push(tupleFields(e.proto, e.original));
  if (e.flags.includes('UNREPLIED')) parts.push('[UNREPLIED]');
  parts.push(tupleFields(e.proto, e.reply));
  const after = AFTER_REPLY.find((f) => e.flags.includes(f));
  if (after !== undefined) parts.push(`[${after}]`);
  parts.push(`mark=${e.mark}`, 'use=1');
  return parts.join(' ');
}

function summary(count: number): string {
  return `${TOOL}: ${count} flow entries have been shown.`;
}

export function renderConntrack(trace: Trace): string {
  const hosts = [...trace.hosts, ...Object.keys(trace.conntrack).filter((h) => !trace.hosts.includes(h))];
  const blocks = hosts.map((host) => {
    const entries = trace.conntrack[host];
    if (entries === undefined) return [`# ${visible(host)}: no connection tracking (no rule needs it)`, summary(0)];
    return [`# ${visible(host)}`, ...entries.map(conntrackLine), summary(entries.length)];
  });
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

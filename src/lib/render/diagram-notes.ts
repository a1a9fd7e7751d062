/**
 * What the diagram writes beside a host when a packet is there: the rewrites
 * (`- dst 203.0.113.10` / `+ dst 10.0.0.5`), what conntrack did (an entry
 * created, an entry used, INVALID, untracked), a frame a bridge kept (through
 * the host's iptables by br_netfilter, but not routed) and, at the last host, the fate.
 * The hop table has every step; the diagram keeps only these.
 */
import type { ConntrackStep, HostHop, PacketTrace } from '@packetwalk/engine';

export type NoteKind = 'minus' | 'plus' | 'ct' | 'path' | 'good' | 'bad';

export interface Note {
  readonly text: string;
  readonly kind: NoteKind;
}

const MAX_REASON = 38;

function conntrackNote(events: readonly ConntrackStep[]): Note | undefined {
  const has = (e: ConntrackStep['event']) => events.find((s) => s.event === e);
  if (has('invalid')) return { text: 'ct: INVALID', kind: 'bad' };
  if (has('clash')) return { text: 'ct: clash, other tuple', kind: 'ct' };
  if (has('confirmed')) return { text: 'ct: entry created', kind: 'ct' };
  if (has('dropped')) return { text: 'ct: entry discarded', kind: 'bad' };
  if (has('new')) return { text: 'ct: new entry', kind: 'ct' };
  const known = has('established');
  if (known) return { text: known.direction === 'reply' ? 'ct: entry used (reply)' : 'ct: entry used', kind: 'ct' };
  if (has('related')) return { text: 'ct: related to an entry', kind: 'ct' };
  if (has('untracked')) return { text: 'ct: untracked', kind: 'ct' };
  return undefined;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function hopNotes(hop: HostHop, packet: PacketTrace, last: boolean): Note[] {
  const notes: Note[] = [];
  const ct = conntrackNote(hop.steps.filter((s): s is ConntrackStep => s.kind === 'conntrack'));
  if (ct) notes.push(ct);
  const bridged = hop.steps.find((s) => s.kind === 'bridge');
  if (bridged) notes.push({ text: `bridged on ${bridged.dev}`, kind: 'path' });
  // One net change per field: kube-proxy sets a mark and clears it again in the same hop,
  // which says nothing about where the packet goes. The hop table keeps every step.
  const net = new Map<string, { before: string; after: string }>();
  for (const step of hop.steps) {
    // TTL goes down at every router; marking it would drown the rewrites that matter.
    if (step.kind !== 'rewrite' || step.field === 'ttl') continue;
    const known = net.get(step.field);
    net.set(step.field, { before: known?.before ?? step.before, after: step.after });
  }
  for (const [field, change] of net) {
    if (change.before === change.after) continue;
    notes.push({ text: `- ${field} ${change.before}`, kind: 'minus' }, { text: `+ ${field} ${change.after}`, kind: 'plus' });
  }
  const fate = packet.fate;
  if (last && fate.host === hop.host) {
    notes.push(fate.result === 'delivered' ? { text: '✓ delivered', kind: 'good' } : { text: `✕ ${shorten(fate.reason, MAX_REASON)}`, kind: 'bad' });
  }
  return notes;
}

/**
 * The engine's own text helpers for a trace (how the CLI words a packet, a
 * step, a conntrack tuple), reused so that the site and `packetwalk trace`
 * say the same thing. They are pure functions of trace data.
 */
export { walkPacket, type HopWalk, type PacketWalk } from '../../../packages/engine/src/render/packet-walk.js';
export { ctTupleText, endpoints, errnoText, headerText, icmpName, packetKind, type HeaderView } from '../../../packages/engine/src/render/packet-text.js';
export { stepRow, type StepRow } from '../../../packages/engine/src/render/step-text.js';
export type { Span, Style } from '../../../packages/engine/src/render/text.js';
export { conntrackLine } from '../../../packages/engine/src/render/conntrack.js';

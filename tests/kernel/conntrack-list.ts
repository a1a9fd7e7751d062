/**
 * `conntrack -L` lines to entries:
 *   tcp  6 431999 ESTABLISHED src=A dst=B sport=1 dport=2 src=B dst=C sport=2 dport=1 [ASSURED] mark=0 use=1
 *   icmp 1 29 src=A dst=B type=8 code=0 id=7 [UNREPLIED] src=B dst=A type=0 code=0 id=7 mark=0 use=1
 * The first `src=` opens the original tuple, the second the reply tuple.
 * Timeouts, marks and use counts are not compared.
 */
import { COMPARED_CT_FLAGS, type CtEntry, type CtTuple } from './observation.js';

const NUMERIC_KEYS = new Set(['sport', 'dport', 'type', 'code', 'id']);

export function parseConntrackLine(line: string): CtEntry | undefined {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 4) return undefined;
  const [proto] = tokens;
  const tuples: Record<string, string | number>[] = [];
  const flags: string[] = [];
  let state: string | undefined;
  for (const token of tokens.slice(3)) {
    const bracket = /^\[(\w+)\]$/.exec(token);
    if (bracket) {
      if (COMPARED_CT_FLAGS.includes(bracket[1]!)) flags.push(bracket[1]!);
      continue;
    }
    const pair = /^(\w+)=(.*)$/.exec(token);
    if (!pair) {
      if (tuples.length === 0) state = token;
      continue;
    }
    const [, key, value] = pair as unknown as [string, string, string];
    if (key === 'src') tuples.push({});
    const tuple = tuples[tuples.length - 1];
    if (tuple && tuples.length <= 2 && (key === 'src' || key === 'dst' || NUMERIC_KEYS.has(key))) {
      tuple[key] = NUMERIC_KEYS.has(key) ? Number(value) : value;
    }
  }
  const [original, reply] = tuples;
  if (!proto || !original || !reply) return undefined;
  return {
    proto,
    ...(state ? { state } : {}),
    flags: flags.sort(),
    original: original as unknown as CtTuple,
    reply: reply as unknown as CtTuple,
  };
}

/** Scenario traffic only: the IGMP reports of interfaces coming up leave `unknown 2` entries on tracking hosts. */
const SCENARIO_PROTOCOLS = new Set(['tcp', 'udp', 'icmp']);

export function parseConntrackList(output: string): CtEntry[] {
  return output
    .split('\n')
    .map(parseConntrackLine)
    .filter((e): e is CtEntry => e !== undefined && SCENARIO_PROTOCOLS.has(e.proto));
}

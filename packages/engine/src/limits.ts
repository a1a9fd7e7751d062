/**
 * How much work packetwalk takes on, and where it stops. Scenario text comes
 * from readers' pastes and strangers' links, so it may be huge or built to
 * explode; every limit here ends the work with a located diagnostic (the
 * CLI's exit 2, a marker in the editor), never with a hang, an exhausted heap
 * or an internal error. `npm run bench` prints what the cases near each
 * limit cost (packages/engine/bench/bench.mjs).
 *
 * The figures leave room for any real scenario: the largest iptables-save
 * dumps of big Kubernetes clusters hold some 100,000 rules; a scenario of the
 * blog has a few hundred YAML tokens, a few flows and traces of a few hundred
 * steps.
 */
import type { SourceSpan } from './diagnostics.js';

export const LIMITS = {
  /** Characters of scenario text (16 MiB): 200,000 iptables rules of 80 characters fit. */
  scenarioChars: 16 * 1024 * 1024,
  /**
   * YAML tokens (keys, values, blanks, punctuation, as the yaml library's
   * lexer splits them) in the document. An iptables block is one token
   * however long, so this bounds the slow part of reading YAML (some 6 µs a
   * token, measured by `npm run bench`) without limiting rules: 200,000
   * tokens are about 10,000 lines of flow mappings, or a second and a half.
   */
  yamlTokens: 200_000,
  /** iptables rules in the whole scenario, every host's added up. */
  rules: 250_000,
  /** Flows in one scenario: 5,000 short flows are some 90,000 YAML tokens. */
  flows: 5_000,
  /** Packets one flow may cause (a routing loop ends on TTL long before). */
  packetsPerFlow: 1_000,
  /** Rules one packet may try in one table at one hook (jumps that fan out can multiply them). */
  rulesPerTraversal: 1_000_000,
  /** Rules all packets of a trace may try together: about 5 s of work. */
  rulesPerTrace: 50_000_000,
  /** Steps (routes, rule decisions, conntrack events, rewrites…) recorded in one trace. */
  traceSteps: 1_000_000,
} as const;

/** Numbers in messages as people write them: 1,000,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Thrown where a limit is reached deep inside the simulation, with the span
 * of the text at fault; the simulator turns it into a ScenarioError, which
 * knows the file.
 */
export class LimitExceeded extends Error {
  constructor(
    readonly at: SourceSpan,
    message: string,
  ) {
    super(message);
    this.name = 'LimitExceeded';
  }
}

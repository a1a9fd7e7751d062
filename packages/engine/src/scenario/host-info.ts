/**
 * What the checks of one part of a scenario need to know about a host that
 * was checked before: its interfaces, and whether all their addresses could
 * be read. When some could not, checks that depend on the host's addresses
 * stay quiet rather than raise false alarms from a problem already reported.
 */
import type { InterfaceSpec } from './types.js';
import type { Path } from './source.js';

export interface HostInfo {
  readonly name: string;
  readonly path: Path;
  /** Every interface name declared, whether or not its addresses were valid. */
  readonly interfaceNames: ReadonlySet<string>;
  /** The interfaces whose addresses were all valid, in the order written. */
  readonly interfaces: readonly InterfaceSpec[];
  /** True when every interface and every address of the host was valid. */
  readonly complete: boolean;
}

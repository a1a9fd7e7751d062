/**
 * Ports (and ICMP echo identifiers) that neither the scenario nor a rule
 * fixed are the kernel's own choice: a source-NAT clash, `--random-fully`, a
 * port range. Any free port is right there (spec §5), so such a port is
 * compared as a variable: the first time the engine's value meets the
 * kernel's, they bind; afterwards the same engine value must meet the same
 * kernel value, and no two engine values may bind one kernel value.
 */
import type { KernelScenario } from './scenario-file.js';

export interface PortRules {
  /** Ports the scenario names: flows, listeners, single ports in rules. */
  readonly fixed: ReadonlySet<number>;
  /** NAT port ranges (`--to-source A:1000-2000`, `--to-ports 8000-8010`): any port inside is a choice. */
  readonly ranges: readonly (readonly [number, number])[];
}

const PORT_OPTIONS = /--(dports?|sports?|to-ports|to-destination|to-source|ct(?:orig|repl)(?:src|dst)port)\s+(\S+)/g;

/** The port part of an option's value: after the address in `A[-B]:P[-Q]`, else the whole value. */
function portPart(value: string): string {
  if (!/\d+\.\d+\.\d+\.\d+/.test(value)) return value;
  return value.includes(':') ? value.slice(value.lastIndexOf(':') + 1) : '';
}

export function portRules(scenario: KernelScenario): PortRules {
  const fixed = new Set<number>();
  const ranges: [number, number][] = [];
  for (const flow of scenario.flows) {
    fixed.add(flow.sport);
    if (flow.dport !== undefined) fixed.add(flow.dport);
  }
  for (const host of scenario.hosts) {
    for (const l of host.listen) fixed.add(l.port);
    for (const [, option, value] of (host.iptables ?? '').matchAll(PORT_OPTIONS)) {
      for (const piece of portPart(value!).split(',')) {
        const [low, high] = piece.split(/[-:]/).map(Number);
        if (low === undefined || Number.isNaN(low)) continue;
        if (high === undefined || Number.isNaN(high) || high === low) fixed.add(low);
        // A NAT range is a choice; a match range (`--dport 1000:2000`) fixes nothing.
        else if (option!.startsWith('to-')) ranges.push([Math.min(low, high), Math.max(low, high)]);
      }
    }
  }
  return { fixed, ranges };
}

export class PortBindings {
  private readonly forward = new Map<number, number>();
  private readonly backward = new Map<number, number>();

  constructor(private readonly rules: PortRules) {}

  /** A port the engine chose itself, not one the scenario fixed. */
  isVariable(enginePort: number): boolean {
    if (this.rules.ranges.some(([low, high]) => enginePort >= low && enginePort <= high)) return true;
    return !this.rules.fixed.has(enginePort);
  }

  /** Would the two values agree, without binding anything? (Used to align lists.) */
  couldMatch(enginePort: number | undefined, kernelPort: number | undefined): boolean {
    if (enginePort === kernelPort) return true;
    if (enginePort === undefined || kernelPort === undefined || !this.isVariable(enginePort)) return false;
    const bound = this.forward.get(enginePort);
    return bound === undefined ? !this.backward.has(kernelPort) : bound === kernelPort;
  }

  /** Compares and, for a variable port, binds. */
  match(enginePort: number | undefined, kernelPort: number | undefined): boolean {
    if (enginePort === undefined || kernelPort === undefined) return enginePort === kernelPort;
    if (!this.isVariable(enginePort)) return enginePort === kernelPort;
    const bound = this.forward.get(enginePort);
    if (bound !== undefined) return bound === kernelPort;
    const other = this.backward.get(kernelPort);
    if (other !== undefined && other !== enginePort) return false;
    this.forward.set(enginePort, kernelPort);
    this.backward.set(kernelPort, enginePort);
    return true;
  }

  /** `$port` for display where the two sides bound different values. */
  describe(enginePort: number): string | undefined {
    const bound = this.forward.get(enginePort);
    return bound !== undefined && bound !== enginePort ? `${enginePort}≙${bound}` : undefined;
  }

  snapshot(): PortBindings {
    const copy = new PortBindings(this.rules);
    for (const [e, k] of this.forward) copy.forward.set(e, k);
    for (const [k, e] of this.backward) copy.backward.set(k, e);
    return copy;
  }

  adopt(other: PortBindings): void {
    this.forward.clear();
    this.backward.clear();
    for (const [e, k] of other.forward) this.forward.set(e, k);
    for (const [k, e] of other.backward) this.backward.set(k, e);
  }
}

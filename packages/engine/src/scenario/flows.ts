/**
 * Flows: `from` a declared host, `to` ADDR:PORT (tcp, udp) or ADDR (icmp),
 * `proto` tcp by default, `sport` 40000 + the flow's index by default. Ports
 * are 1..65535 (port 0 is bind()'s "any port", never a real one); for icmp
 * `sport` is the echo identifier, a 16-bit field where 0 is valid.
 */
import { count, LIMITS } from '../limits.js';
import { parseIpv4 } from '../net/ipv4.js';
import type { Proto } from '../net/packet.js';
import type { HostInfo } from './host-info.js';
import { parsePort } from './listen.js';
import { conforming, flowSchema, isMapping } from './schema.js';
import type { Path, Reporter } from './source.js';
import { suggestion } from './suggest.js';
import type { FlowSpec } from './types.js';

export const DEFAULT_SPORT_BASE = 40000;

const fields = flowSchema.shape;

function checkTo(reporter: Reporter, path: Path, text: string, proto: Proto): { to: number; dport?: number } | undefined {
  const colon = text.lastIndexOf(':');
  const addressText = colon < 0 ? text : text.slice(0, colon);
  const to = parseIpv4(addressText);
  let ok = true;
  if (to === undefined) {
    reporter.in(path, 0, addressText.length, `'${addressText}' is not an IPv4 address`);
    ok = false;
  }
  if (proto === 'icmp') {
    if (colon >= 0) {
      reporter.in(path, colon, text.length, 'icmp has no ports: write just the address (sport sets the echo identifier)');
      return undefined;
    }
    return ok && to !== undefined ? { to } : undefined;
  }
  if (colon < 0) {
    reporter.at(path, `a ${proto} flow goes to ADDR:PORT, e.g. ${addressText}:80`);
    return undefined;
  }
  const dport = parsePort(text.slice(colon + 1));
  if (dport === undefined) {
    reporter.in(path, colon + 1, text.length, `port '${text.slice(colon + 1)}' is not a number from 1 to 65535`);
    return undefined;
  }
  return ok && to !== undefined ? { to, dport } : undefined;
}

export function checkFlows(reporter: Reporter, raw: unknown, hosts: ReadonlyMap<string, HostInfo>): FlowSpec[] {
  if (!Array.isArray(raw)) return [];
  if (raw.length > LIMITS.flows) {
    reporter.at(['flows', LIMITS.flows], `packetwalk traces at most ${count(LIMITS.flows)} flows in one scenario; this is flow ${count(LIMITS.flows + 1)} of ${count(raw.length)}`);
    return [];
  }
  const flows: FlowSpec[] = [];
  raw.forEach((item: unknown, index) => {
    if (!isMapping(item)) return;
    const path: Path = ['flows', index];
    const from = conforming(fields.from, item.from);
    const toText = conforming(fields.to, item.to);
    const proto = conforming(fields.proto, item.proto);
    const sport = conforming(fields.sport, item.sport);
    let ok = from !== undefined && toText !== undefined && proto !== undefined && (item.sport === undefined || sport !== undefined);
    if (from !== undefined && !hosts.has(from)) {
      const hint = suggestion(from, hosts.keys());
      reporter.at([...path, 'from'], `there is no host '${from}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
      ok = false;
    }
    const target = toText !== undefined && proto !== undefined ? checkTo(reporter, [...path, 'to'], toText, proto) : undefined;
    if (sport === 0 && proto !== 'icmp') {
      reporter.at([...path, 'sport'], `sport 0 is not a port a ${proto ?? 'tcp'} socket can send from; use 1 to 65535`);
      ok = false;
    }
    if (!ok || !target || from === undefined || toText === undefined || proto === undefined) return;
    flows.push({
      index,
      from,
      to: target.to,
      ...(target.dport === undefined ? {} : { dport: target.dport }),
      proto,
      sport: sport ?? DEFAULT_SPORT_BASE + index,
      toText,
      at: reporter.spanAt(path),
    });
  });
  return flows;
}

/**
 * The sysctl keys of spec §1, with values checked as the kernel's handlers
 * check them (observed by writing /proc/sys in a namespace, Linux 6.18):
 * - net.ipv4.conf.{all,IFACE}.rp_filter and .accept_local: proc_dointvec,
 *   any int is stored. rp_filter only defines 0 (off), 1 (strict) and 2
 *   (loose), and the spec allows just those. accept_local: non-zero is on.
 * - net.netfilter.nf_conntrack_max: proc_dointvec_minmax 0..INT_MAX
 *   (0: no limit).
 * - nf_conntrack_tcp_loose, nf_conntrack_tcp_be_liberal: proc_dou8vec_minmax 0..1.
 * - net.ipv4.ip_local_port_range: two ports 1..65535 with LOW <= HIGH and LOW
 *   at least net.ipv4.ip_unprivileged_port_start (1024), else EINVAL
 *   (ipv4_local_port_range() in net/ipv4/sysctl_net_ipv4.c).
 * Values are numbers or strings of decimal digits; YAML true/false is not a
 * sysctl value ("true" written to /proc/sys fails with EINVAL).
 * An interface whose name contains dots is written with slashes, as
 * sysctl(8) prints it (net.ipv4.conf.eth0/100.rp_filter); both forms work.
 */
import { DEFAULT_SYSCTL, type Sysctl } from './types.js';
import type { HostInfo } from './host-info.js';
import { LOOPBACK_INTERFACE } from './names.js';
import type { Path, Reporter } from './source.js';
import { suggestion } from './suggest.js';

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const UNPRIVILEGED_PORT_START = 1024;

const FIXED_KEYS = [
  'net.ipv4.conf.all.rp_filter',
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_tcp_loose',
  'net.netfilter.nf_conntrack_tcp_be_liberal',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.conf.all.accept_local',
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An integer as proc_dointvec reads it from YAML: a number, or decimal digits with an optional sign. */
function integerValue(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return /^\s*-?[0-9]+\s*$/.test(value) ? Number(value) : undefined;
}

/** The interface an rp_filter key names (`all` included), or undefined when the key is not one. */
function rpFilterTarget(key: string): string | undefined {
  const slashed = key.startsWith('net/');
  const parts = key.split(slashed ? '/' : '.');
  if (parts.length < 5 || parts[0] !== 'net' || parts[1] !== 'ipv4' || parts[2] !== 'conf' || parts[parts.length - 1] !== 'rp_filter') {
    return undefined;
  }
  const middle = parts.slice(3, -1).join('.');
  return slashed ? middle : middle.replaceAll('/', '.');
}

export function checkSysctl(reporter: Reporter, path: Path, entries: readonly [string, number | string][], host: HostInfo): Sysctl {
  const result: Mutable<Sysctl> = { ...DEFAULT_SYSCTL, rpFilter: {} };
  const rpFilter: Record<string, 0 | 1 | 2> = {};
  for (const [key, value] of entries) {
    const keyPath = [...path, key];
    const bad = (message: string): void => reporter.at(keyPath, `${key}: ${message}`);
    const integer = integerValue(value);
    const needInteger = (low: number, high: number, meaning: string): number | undefined => {
      if (integer === undefined || integer < low || integer > high) {
        bad(`expected ${meaning}, found ${JSON.stringify(value)} (writing it to /proc/sys fails with EINVAL)`);
        return undefined;
      }
      return integer;
    };
    const target = rpFilterTarget(key);
    if (target !== undefined) {
      if (target === 'default') {
        reporter.at(keyPath, `${key} only applies to interfaces created later; set net.ipv4.conf.all.rp_filter or one interface's`, 'key');
        continue;
      }
      if (target !== 'all' && target !== LOOPBACK_INTERFACE && !host.interfaceNames.has(target)) {
        const hint = suggestion(target, host.interfaceNames);
        reporter.at(keyPath, `host '${host.name}' has no interface '${target}'${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
        continue;
      }
      const mode = needInteger(0, 2, '0 (off), 1 (strict) or 2 (loose)');
      if (mode !== undefined) rpFilter[target] = mode as 0 | 1 | 2;
      continue;
    }
    switch (key.startsWith('net/') ? key.replaceAll('/', '.') : key) {
      case 'net.netfilter.nf_conntrack_max': {
        const max = needInteger(0, INT_MAX, `a whole number from 0 (no limit) to ${INT_MAX}`);
        if (max !== undefined) result.conntrackMax = max;
        break;
      }
      case 'net.netfilter.nf_conntrack_tcp_loose': {
        const loose = needInteger(0, 1, '0 or 1');
        if (loose !== undefined) result.tcpLoose = loose === 1;
        break;
      }
      case 'net.netfilter.nf_conntrack_tcp_be_liberal': {
        const liberal = needInteger(0, 1, '0 or 1');
        if (liberal !== undefined) result.tcpBeLiberal = liberal === 1;
        break;
      }
      case 'net.ipv4.conf.all.accept_local': {
        const accept = needInteger(INT_MIN, INT_MAX, 'a whole number (0: off, anything else: on)');
        if (accept !== undefined) result.acceptLocal = accept !== 0;
        break;
      }
      case 'net.ipv4.ip_local_port_range': {
        const range = portRange(value);
        if (typeof range === 'string') bad(range);
        else result.localPortRange = range;
        break;
      }
      default: {
        const forwarding = key === 'net.ipv4.ip_forward' || /^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(key);
        const hint = forwarding ? ' (use forwarding: true on the host)' : suggestionText(key);
        reporter.at(keyPath, `unknown sysctl '${key}'${hint}; packetwalk models ${FIXED_KEYS.join(', ')} and net.ipv4.conf.IFACE.rp_filter`, 'key');
      }
    }
  }
  result.rpFilter = rpFilter;
  return result;
}

function suggestionText(key: string): string {
  const hint = suggestion(key, FIXED_KEYS);
  return hint ? ` (did you mean '${hint}'?)` : '';
}

/** "LOW HIGH" as ipv4_local_port_range() accepts it, or what is wrong. */
function portRange(value: number | string): readonly [number, number] | string {
  const text = String(value).trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 2 || !parts.every((p) => /^[0-9]+$/.test(p))) {
    return `expected two ports "LOW HIGH", found ${JSON.stringify(value)}`;
  }
  const [low, high] = parts.map(Number) as [number, number];
  if (low < 1 || high > 65535) return `ports must be from 1 to 65535 (writing "${text}" fails with EINVAL)`;
  if (low > high) return `LOW ${low} is above HIGH ${high} (writing "${text}" fails with EINVAL)`;
  if (low < UNPRIVILEGED_PORT_START) {
    return `LOW ${low} is below net.ipv4.ip_unprivileged_port_start (${UNPRIVILEGED_PORT_START}); writing "${text}" fails with EINVAL`;
  }
  return [low, high];
}

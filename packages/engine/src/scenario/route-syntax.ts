/**
 * The words of one route in `ip route` notation, as `ip route add` takes them:
 *
 *   [unicast|blackhole|unreachable|prohibit] DESTINATION
 *     [via GATEWAY] [dev INTERFACE] [src ADDRESS] [metric N] [onlink]
 *
 * DESTINATION is `default`, an address (a /32) or ADDRESS/PREFIXLEN. Only the
 * words are checked here; whether the kernel would accept the route on a
 * given host is routes.ts's business. Problems carry character offsets into
 * the route text so they can be located inside the YAML string.
 */
import { formatPrefix, isExactPrefix, parseIpv4, parsePrefix, type Ipv4, type Prefix } from '../net/ipv4.js';
import type { RouteType } from './types.js';

export interface RouteWord {
  readonly text: string;
  /** Offsets into the route text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface RouteProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface ParsedRoute {
  readonly text: string;
  readonly type: RouteType;
  readonly prefix: Prefix;
  readonly destination: RouteWord;
  readonly via?: { readonly address: Ipv4; readonly word: RouteWord; readonly keyword: RouteWord };
  readonly dev?: { readonly name: string; readonly word: RouteWord; readonly keyword: RouteWord };
  readonly src?: { readonly address: Ipv4; readonly word: RouteWord };
  readonly metric: number;
  readonly onlink?: RouteWord;
}

const TYPES: ReadonlySet<string> = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit']);
/** Route types `ip route` knows that packetwalk does not model. */
const OTHER_TYPES: ReadonlySet<string> = new Set(['local', 'broadcast', 'throw', 'nat', 'anycast', 'multicast']);
/** `ip route` options (each with a value) that exist but are not modelled: say so rather than "unexpected". */
const OTHER_OPTIONS: ReadonlySet<string> = new Set([
  'table', 'proto', 'protocol', 'scope', 'tos', 'dsfield', 'mtu', 'advmss', 'nexthop', 'realm', 'realms',
  'encap', 'weight', 'initcwnd', 'initrwnd', 'expires', 'pref', 'nhid', 'from', 'to', 'hoplimit',
]);
const METRIC_KEYWORDS: ReadonlySet<string> = new Set(['metric', 'priority', 'preference']);
const MAX_METRIC = 0xffffffff;

export const ROUTE_FORM = '[TYPE] DESTINATION [via GATEWAY] [dev INTERFACE] [src ADDRESS] [metric N] [onlink]';

function words(text: string): RouteWord[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

function problemAt(word: RouteWord, message: string): RouteProblem {
  return { start: word.start, end: word.end, message };
}

function parseDestination(word: RouteWord, problems: RouteProblem[]): Prefix | undefined {
  if (word.text === 'default') return { address: 0, length: 0 };
  const prefix = parsePrefix(word.text);
  if (!prefix) {
    problems.push(problemAt(word, `'${word.text}' is not a destination: write default, an address, or ADDRESS/PREFIXLEN`));
    return undefined;
  }
  if (!isExactPrefix(word.text)) {
    // fib_table_insert() refuses a key with bits outside the mask.
    problems.push(
      problemAt(
        word,
        `${word.text} has host bits set beyond /${prefix.length} (ip route add: "Invalid prefix for given prefix length"); did you mean ${formatPrefix(prefix)}?`,
      ),
    );
    return undefined;
  }
  return prefix;
}

export function parseRoute(text: string): { route?: ParsedRoute; problems: RouteProblem[] } {
  const problems: RouteProblem[] = [];
  const list = words(text);
  if (list.length === 0) return { problems: [{ start: 0, end: text.length, message: `empty route; write ${ROUTE_FORM}` }] };

  let i = 0;
  let type: RouteType = 'unicast';
  const first = list[0]!;
  if (TYPES.has(first.text)) {
    type = first.text as RouteType;
    i++;
  } else if (OTHER_TYPES.has(first.text)) {
    problems.push(problemAt(first, `route type '${first.text}' is not supported (only unicast, blackhole, unreachable and prohibit)`));
    i++;
  }
  const destination = list[i];
  if (!destination) {
    problems.push(problemAt(first, `the route has no destination; write ${ROUTE_FORM}`));
    return { problems };
  }
  i++;
  const prefix = parseDestination(destination, problems);

  let via: ParsedRoute['via'];
  let dev: ParsedRoute['dev'];
  let src: ParsedRoute['src'];
  let metric: { value: number; word: RouteWord } | undefined;
  let onlink: RouteWord | undefined;
  const seen = new Map<string, RouteWord>();

  while (i < list.length) {
    const keyword = list[i]!;
    i++;
    const name = METRIC_KEYWORDS.has(keyword.text) ? 'metric' : keyword.text;
    const known = name === 'via' || name === 'dev' || name === 'src' || name === 'metric' || name === 'onlink';
    if (!known) {
      if (OTHER_OPTIONS.has(keyword.text)) {
        problems.push(problemAt(keyword, `'${keyword.text}' is an ip route option packetwalk does not model; write ${ROUTE_FORM}`));
        i++; // its value
      } else {
        problems.push(problemAt(keyword, `unexpected '${keyword.text}' in the route; write ${ROUTE_FORM}`));
      }
      continue;
    }
    if (seen.has(name)) {
      const extra = name === 'via' ? ' (one gateway per route: multipath routes are not supported)' : '';
      problems.push(problemAt(keyword, `'${keyword.text}' appears twice in the route${extra}`));
    }
    seen.set(name, keyword);
    if (name === 'onlink') {
      onlink = keyword;
      continue;
    }
    const argument = list[i];
    if (!argument || argument.text === 'via' || argument.text === 'dev' || argument.text === 'src' || METRIC_KEYWORDS.has(argument.text) || argument.text === 'onlink') {
      const what = name === 'dev' ? 'an interface name' : name === 'metric' ? 'a number' : 'an address';
      problems.push(problemAt(keyword, `'${keyword.text}' needs ${what} after it`));
      continue;
    }
    i++;
    if (name === 'dev') {
      dev = { name: argument.text, word: argument, keyword };
    } else if (name === 'metric') {
      const value = /^[0-9]+$/.test(argument.text) ? Number(argument.text) : Number.NaN;
      if (!(value <= MAX_METRIC)) {
        problems.push(problemAt(argument, `metric '${argument.text}' is not a whole number from 0 to ${MAX_METRIC}`));
      } else {
        metric = { value, word: argument };
      }
    } else {
      const address = parseIpv4(argument.text);
      if (address === undefined) {
        problems.push(problemAt(argument, `'${argument.text}' is not an IPv4 address`));
      } else if (name === 'via') {
        via = { address, word: argument, keyword };
      } else {
        src = { address, word: argument };
      }
    }
  }

  if (problems.length > 0 || !prefix) return { problems };
  return {
    route: {
      text,
      type,
      prefix,
      destination,
      ...(via ? { via } : {}),
      ...(dev ? { dev } : {}),
      ...(src ? { src } : {}),
      metric: metric?.value ?? 0,
      ...(onlink ? { onlink } : {}),
    },
    problems,
  };
}

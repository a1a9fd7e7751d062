/**
 * `-j LOG` (net/netfilter/xt_LOG.c) and `-j TRACE`: neither changes the
 * packet's fate. LOG's prefix is recorded in the trace, cut to the 29
 * characters the kernel keeps (struct xt_log_info prefix[30]), as
 * iptables does silently. TRACE is accepted in any table, as iptables-nft
 * does (legacy allows it in raw only).
 */
import type { ExtensionInstance, OptionUse, Report, TargetExtension } from '../extension.js';
import { arg } from '../extension.js';
import type { Target, TargetVerdict } from '../types.js';
import { parseNumber } from '../values.js';
import { CONTINUE_VERDICT } from './standard.js';

const PREFIX_MAX = 29;

/** Level names libxtables accepts (xtopt_parse_sysloglevel); `err` and `warn` are not among them. */
const LEVELS: Readonly<Record<string, number>> = {
  alert: 1,
  crit: 2,
  debug: 7,
  emerg: 0,
  error: 3,
  info: 6,
  notice: 5,
  panic: 0,
  warning: 4,
};

export function buildLogTarget(prefix: string): Target {
  const verdict: TargetVerdict = Object.freeze({ kind: 'log', prefix });
  return { name: 'LOG', apply: () => verdict };
}

class LogParser implements ExtensionInstance<Target> {
  private prefix = '';

  option(use: OptionUse, report: Report): void {
    if (use.spec.name === 'log-prefix') {
      const token = arg(use);
      if (token.text === '') report(token, 'Argument must have a minimum length of 1 characters');
      else this.prefix = token.text.slice(0, PREFIX_MAX);
    } else if (use.spec.name === 'log-level') {
      const token = arg(use);
      if (parseNumber(token.text, 0, 7) === undefined && !Object.hasOwn(LEVELS, token.text)) {
        report(token, `log level "${token.text}" unknown`);
      }
    }
  }

  finish(): Target {
    return buildLogTarget(this.prefix);
  }
}

export const logTarget: TargetExtension = {
  name: 'LOG',
  options: [
    { name: 'log-level', args: 1 },
    { name: 'log-prefix', args: 1 },
    { name: 'log-tcp-sequence', args: 0 },
    { name: 'log-tcp-options', args: 0 },
    { name: 'log-ip-options', args: 0 },
    { name: 'log-uid', args: 0 },
    { name: 'log-macdecode', args: 0 },
  ],
  needsConntrack: false,
  create: () => new LogParser(),
};

const traceTargetObject: Target = { name: 'TRACE', apply: () => CONTINUE_VERDICT };
const traceInstance: ExtensionInstance<Target> = { option: () => undefined, finish: () => traceTargetObject };

export const traceTarget: TargetExtension = {
  name: 'TRACE',
  options: [],
  needsConntrack: false,
  create: () => traceInstance,
};

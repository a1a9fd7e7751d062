/**
 * Host and interface names. Interface names follow what `ip link add` accepts
 * (observed on Linux 6.18; dev_valid_name() in net/core/dev.c): at most 15
 * characters (IFNAMSIZ is 16 with the NUL), not `.` or `..`, not `all` or
 * `default` ("Invalid argument": they would clash with
 * /proc/sys/net/ipv4/conf/all and …/default), and not `lo`, which every host
 * already has ("File exists"). The spec narrows the characters further.
 */
import { HOST_NAME_PATTERN, INTERFACE_NAME_PATTERN } from './schema.js';

export const LOOPBACK_INTERFACE = 'lo';

export function hostNameProblem(name: string): string | undefined {
  if (name === '') return 'a host needs a name';
  if (!HOST_NAME_PATTERN.test(name)) return `host name '${name}' may only contain lower-case letters, digits and '-'`;
  return undefined;
}

export function interfaceNameProblem(name: string): string | undefined {
  if (name === '') return 'an interface needs a name';
  if (name.length > 15) return `interface name '${name}' is ${name.length} characters long; Linux allows at most 15`;
  if (!INTERFACE_NAME_PATTERN.test(name)) return `interface name '${name}' may only contain letters, digits, '-', '_' and '.'`;
  if (name === '.' || name === '..') return `interface name '${name}' is refused by the kernel (ip link add: Invalid argument)`;
  if (name === 'all' || name === 'default') {
    return `interface name '${name}' is reserved: it would clash with net.ipv4.conf.${name} (ip link add: Invalid argument)`;
  }
  if (name === LOOPBACK_INTERFACE) {
    return `'lo' is the loopback interface every host already has, with 127.0.0.1/8 (ip link add: File exists)`;
  }
  return undefined;
}

/**
 * A host's interfaces and their addresses in `ip addr` notation. What
 * `ip addr add` does, observed on Linux 6.18:
 * - the same address with the same prefix length on the same interface:
 *   "Error: ipv4: Address already assigned." (EEXIST);
 * - the same address with another prefix length, or on another interface:
 *   accepted. packetwalk refuses these too, so every address of a host names
 *   one interface (a design choice, said so in the message);
 * - 0.0.0.0: accepted and silently ignored (__inet_insert_ifa() drops it);
 * - /33: `any valid prefix is expected rather than "10.0.0.3/33"`;
 * - 127.0.0.0/8, multicast and 255.255.255.255 are accepted on any interface,
 *   but a host can never use them on a wire; packetwalk refuses them.
 */
import {
  formatInterfaceAddress,
  formatIpv4,
  isLoopback,
  isMulticast,
  LIMITED_BROADCAST,
  parseInterfaceAddress,
  parseIpv4,
  type InterfaceAddress,
  type Ipv4,
} from '../net/ipv4.js';
import { interfaceNameProblem } from './names.js';
import { conforming, interfaceAddressesSchema, isMapping } from './schema.js';
import type { Path, Reporter } from './source.js';
import type { InterfaceSpec } from './types.js';

export interface CheckedInterfaces {
  readonly interfaces: InterfaceSpec[];
  readonly names: Set<string>;
  readonly complete: boolean;
}

function specialAddressProblem(address: Ipv4): string | undefined {
  const text = formatIpv4(address);
  if (address === 0) return `0.0.0.0 cannot be an interface address: ip addr add accepts it and does nothing`;
  if (isLoopback(address)) return `${text} is a loopback address; it belongs on lo, which every host already has with 127.0.0.1/8`;
  if (isMulticast(address)) return `${text} is a multicast address; an interface address must be unicast`;
  if (address === LIMITED_BROADCAST) return `255.255.255.255 is the limited broadcast address; an interface address must be unicast`;
  return undefined;
}

/** One address item: parsed, or undefined after reporting why not. */
function checkAddress(reporter: Reporter, path: Path, text: string): InterfaceAddress | undefined {
  const parsed = parseInterfaceAddress(text);
  const slash = text.indexOf('/');
  const addressEnd = slash < 0 ? text.length : slash;
  if (!parsed) {
    if (slash >= 0 && parseIpv4(text.slice(0, slash)) !== undefined) {
      reporter.in(
        path,
        slash + 1,
        text.length,
        `prefix length '${text.slice(slash + 1)}' is not a whole number from 0 to 32 (ip addr add: any valid prefix is expected rather than "${text}")`,
      );
    } else {
      reporter.at(path, `'${text}' is not an address in ip addr notation: write ADDRESS/PREFIXLEN, e.g. 192.168.1.10/24`);
    }
    return undefined;
  }
  const special = specialAddressProblem(parsed.address);
  if (special) {
    reporter.in(path, 0, addressEnd, special);
    return undefined;
  }
  return parsed;
}

export function checkInterfaces(reporter: Reporter, hostPath: Path, raw: unknown): CheckedInterfaces {
  const interfaces: InterfaceSpec[] = [];
  const names = new Set<string>();
  if (raw === undefined) return { interfaces, names, complete: true };
  if (!isMapping(raw)) return { interfaces, names, complete: false };
  let complete = true;
  const owners = new Map<Ipv4, { iface: string; address: InterfaceAddress }>();
  for (const [name, value] of Object.entries(raw)) {
    const path = [...hostPath, 'interfaces', name];
    names.add(name);
    const nameProblem = interfaceNameProblem(name);
    if (nameProblem) reporter.at(path, nameProblem, 'key');
    const items = conforming(interfaceAddressesSchema, value);
    if (items === undefined) {
      complete = false;
      continue;
    }
    const written = items === null ? [] : typeof items === 'string' ? [{ text: items, path }] : items.map((text, i) => ({ text, path: [...path, i] }));
    const addresses: InterfaceAddress[] = [];
    for (const item of written) {
      const address = checkAddress(reporter, item.path, item.text);
      if (!address) {
        complete = false;
        continue;
      }
      const owner = owners.get(address.address);
      if (owner?.iface === name && owner.address.prefixLength === address.prefixLength) {
        reporter.at(item.path, `${formatInterfaceAddress(address)} is already assigned to ${name} (ip addr add: "Address already assigned")`);
      } else if (owner) {
        reporter.at(
          item.path,
          `${formatIpv4(address.address)} is already assigned to ${owner.iface} of this host as ${formatInterfaceAddress(owner.address)}; ` +
            'Linux would take it again, but packetwalk needs each address of a host once',
        );
      } else {
        owners.set(address.address, { iface: name, address });
      }
      addresses.push(address);
    }
    interfaces.push({ name, addresses, at: reporter.spanAt(path, 'key') });
  }
  return { interfaces, names, complete };
}

/**
 * Links: broadcast segments joining two or more interfaces, each written
 * `host:interface`. An interface is plugged into at most one link, and two
 * hosts on one link may not share an address (ARP could only ever find one
 * of them; the kernel does not stop it, it just breaks).
 */
import { formatIpv4, type Ipv4 } from '../net/ipv4.js';
import type { HostInfo } from './host-info.js';
import { conformingItems, isMapping, linkMembersSchema } from './schema.js';
import type { Path, Reporter } from './source.js';
import { suggestion } from './suggest.js';
import type { LinkMemberSpec, LinkSpec } from './types.js';

function didYouMean(word: string, candidates: Iterable<string>): string {
  const hint = suggestion(word, candidates);
  return hint ? ` (did you mean '${hint}'?)` : '';
}

function checkMember(reporter: Reporter, path: Path, text: string, hosts: ReadonlyMap<string, HostInfo>): LinkMemberSpec | undefined {
  const colon = text.indexOf(':');
  if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
    reporter.at(path, `link member '${text}' must be written host:interface, e.g. router:eth0`);
    return undefined;
  }
  const hostName = text.slice(0, colon);
  const iface = text.slice(colon + 1);
  const host = hosts.get(hostName);
  if (!host) {
    reporter.in(path, 0, colon, `there is no host '${hostName}'${didYouMean(hostName, hosts.keys())}`);
    return undefined;
  }
  if (!host.interfaceNames.has(iface)) {
    reporter.in(path, colon + 1, text.length, `host '${hostName}' has no interface '${iface}'${didYouMean(iface, host.interfaceNames)}`);
    return undefined;
  }
  return { host: hostName, iface, at: reporter.spanAt(path) };
}

/**
 * `implicit`: members the kubernetes section plugs in (a node's eth0 on its
 * link, pods on their node's bridge); they join a declared link of the same
 * name, or make a link of their own.
 */
export function checkLinks(
  reporter: Reporter,
  raw: unknown,
  hosts: ReadonlyMap<string, HostInfo>,
  implicit: ReadonlyMap<string, readonly LinkMemberSpec[]> = new Map(),
): LinkSpec[] {
  const links: LinkSpec[] = [];
  const linkOf = new Map<string, string>();
  for (const [name, members] of implicit) for (const m of members) linkOf.set(`${m.host}:${m.iface}`, name);
  for (const [name, value] of Object.entries(isMapping(raw) ? raw : {})) {
    const path: Path = ['links', name];
    if (name.trim() === '') reporter.at(path, 'a link needs a name', 'key');
    if (!Array.isArray(value)) continue;
    const members: LinkMemberSpec[] = [...(implicit.get(name) ?? [])];
    const size = value.length + members.length;
    if (size < 2) {
      reporter.at(path, `link '${name}' has ${size === 0 ? 'no members' : 'one member'}; a link joins two or more interfaces`, 'key');
    }
    const addressOwner = new Map<Ipv4, string>();
    for (const m of members) {
      for (const { address } of hosts.get(m.host)?.interfaces.find((i) => i.name === m.iface)?.addresses ?? []) addressOwner.set(address, `${m.host}:${m.iface}`);
    }
    conformingItems(linkMembersSchema, value).forEach(({ index, item: text }) => {
      const memberPath = [...path, index];
      const member = checkMember(reporter, memberPath, text, hosts);
      if (!member) return;
      const key = `${member.host}:${member.iface}`;
      const other = linkOf.get(key);
      if (other === name) {
        reporter.at(memberPath, `${key} is listed twice on link '${name}'`);
        return;
      }
      if (other !== undefined) {
        const by = implicit.get(other)?.some((m) => `${m.host}:${m.iface}` === key) ? ' (the kubernetes section puts it there)' : '';
        reporter.at(memberPath, `${key} is already on link '${other}'${by}; an interface belongs to at most one link`);
        return;
      }
      linkOf.set(key, name);
      members.push(member);
      const addresses = hosts.get(member.host)?.interfaces.find((i) => i.name === member.iface)?.addresses ?? [];
      for (const { address } of addresses) {
        const owner = addressOwner.get(address);
        if (owner !== undefined && !owner.startsWith(`${member.host}:`)) {
          reporter.at(memberPath, `${formatIpv4(address)} is on both ${owner} and ${key}, which share link '${name}'; an address must be unique on a link`);
        } else if (owner === undefined) {
          addressOwner.set(address, key);
        }
      }
    });
    links.push({ name, members, at: reporter.spanAt(path, 'key') });
  }
  for (const [name, members] of implicit) {
    if (links.some((l) => l.name === name)) continue;
    links.push({ name, members: [...members], at: members[0]?.at ?? { line: 1, column: 1 } });
  }
  return links;
}

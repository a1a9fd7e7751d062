/**
 * Every namespace the harness makes is named `pwk-<pid>-…`, so it can only
 * ever touch its own, and namespaces left by a run that died can be told from
 * those of a run still going (its pid is gone).
 */

const ROOT = 'pwk-';

export function namespacePrefix(pid: number = process.pid): string {
  return `${ROOT}${pid}-`;
}

/** Host names are lower-case letters, digits and `-`; the harness's own namespaces use `.`, which hosts cannot. */
export function hostNamespace(host: string, pid?: number): string {
  return `${namespacePrefix(pid)}${host}`;
}

export function bridgeNamespace(linkIndex: number, pid?: number): string {
  return `${namespacePrefix(pid)}.link${linkIndex}`;
}

/** Where the far ends of interfaces that are on no link sit. */
export function voidNamespace(pid?: number): string {
  return `${namespacePrefix(pid)}.void`;
}

/** The pid a namespace name of ours carries, or undefined for a name that is not ours. */
export function ownerPid(namespace: string): number | undefined {
  const match = /^pwk-(\d+)-/.exec(namespace);
  return match ? Number(match[1]) : undefined;
}

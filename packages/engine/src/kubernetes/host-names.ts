/** Kubernetes names as host names: node names are often DNS names (ip-10-0-1-7.ec2.internal). */
export function hostNameFor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

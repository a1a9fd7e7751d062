/**
 * The shape of the `kubernetes:` section (spec §4) as a zod schema, with the
 * descriptions editors show. Field names are Kubernetes' own. Besides the
 * spec's short form (nodes, pods, services) a section may carry real objects
 * as `kubectl get -o yaml` prints them (`objects`); those are checked kind by
 * kind in manifests.ts, since a pasted object has many fields packetwalk
 * does not read.
 */
import * as z from 'zod';

/** The host-name pattern of scenario/schema.ts, which imports this file and so cannot be imported back. */
const HOST_NAME = '^[a-z0-9-]+$';

const port = z.int().min(1).max(65535);

const protocol = z
  .enum(['TCP', 'UDP'])
  .default('TCP')
  .describe('TCP (default) or UDP. SCTP is not modelled.');

const routes = z
  .array(z.string().describe('A route in `ip route` notation, as for a host.'))
  .describe('Routes the node needs besides the pod CIDRs of the other nodes, e.g. `default via 10.128.0.1` towards clients outside the link.');

export const nodeSchema = z
  .strictObject({
    address: z.string().describe('The node\'s address on its link, in `ip addr` notation (ADDRESS/PREFIXLEN): eth0 gets it.'),
    podCIDR: z.string().describe('The node\'s pod network (spec.podCIDR): its bridge cni0 gets the first address, its pods the others.'),
    link: z.string().describe('The link (L2 segment) eth0 is plugged into; hosts under `hosts` may be on it too.'),
    routes: routes.optional(),
    iptables: z
      .string()
      .describe('A real node\'s `iptables-save` output. When given, packetwalk uses it instead of the kube-proxy and portmap rules it would generate.')
      .optional(),
  })
  .describe('A node: a host with eth0 on `link`, forwarding on, the bridge cni0, routes to the other nodes\' pod CIDRs, and kube-proxy\'s rules.');

export const containerPortSchema = z
  .strictObject({
    containerPort: port.describe('The port the pod listens on.'),
    hostPort: port.optional().describe('Publish the port on the node\'s addresses through the CNI portmap plugin.'),
    hostIP: z.string().optional().describe('With hostPort: publish on this node address only.'),
    protocol,
    name: z.string().optional().describe('A name a Service\'s targetPort can refer to.'),
  })
  .describe('One container port (Pod spec.containers[].ports[]).');

export const podSchema = z
  .strictObject({
    name: z.string().meta({ pattern: HOST_NAME, description: 'The pod\'s name; it becomes a host of that name.' }),
    namespace: z.string().optional().describe('default unless given.'),
    node: z.string().describe('The node it runs on (spec.nodeName).'),
    ip: z.string().describe('Its address (status.podIP), inside the node\'s podCIDR.'),
    labels: z.record(z.string(), z.string()).optional().describe('Labels the Services\' selectors match.'),
    ports: z.array(containerPortSchema).optional().describe('The ports it listens on (all TCP unless protocol says UDP).'),
  })
  .describe('A pod: a host behind its node\'s bridge cni0, with a default route through it.');

export const servicePortSchema = z
  .strictObject({
    name: z.string().optional().describe('Required when a Service has more than one port; it is part of kube-proxy\'s chain hashes.'),
    port: port.describe('The port on the cluster IP (and load-balancer and external IPs).'),
    targetPort: z.union([port, z.string()]).optional().describe('The pod port: a number, or the name of a container port. Default: `port`.'),
    nodePort: port.optional().describe('The port on every node\'s addresses (NodePort and LoadBalancer).'),
    protocol,
  })
  .describe('One port of a Service.');

export const serviceSchema = z
  .strictObject({
    name: z.string().describe('The Service\'s name.'),
    namespace: z.string().optional().describe('default unless given.'),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP').describe('ClusterIP (default), NodePort or LoadBalancer.'),
    clusterIP: z.string().describe('The virtual IP, or None for a headless Service (kube-proxy writes no rules for it).'),
    selector: z.record(z.string(), z.string()).optional().describe('The pods whose labels match all of these are the endpoints.'),
    ports: z.array(servicePortSchema).describe('The Service\'s ports.'),
    externalTrafficPolicy: z
      .enum(['Cluster', 'Local'])
      .optional()
      .describe('For NodePort and LoadBalancer: Cluster (default) masquerades and may cross nodes; Local keeps the client\'s address and uses only the node\'s own endpoints.'),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional().describe('Cluster (default), or Local: the cluster IP reaches only endpoints on the same node.'),
    sessionAffinity: z.enum(['None', 'ClientIP']).optional().describe('ClientIP: a client keeps its endpoint (kube-proxy uses `-m recent`).'),
    sessionAffinityConfig: z
      .strictObject({
        clientIP: z.strictObject({ timeoutSeconds: z.int().min(1).max(86400).describe('Default 10800.') }).describe('ClientIP affinity settings.'),
      })
      .optional()
      .describe('How long ClientIP affinity lasts.'),
    loadBalancerIP: z.string().optional().describe('For LoadBalancer: the address the cloud load balancer sends traffic to (status.loadBalancer.ingress).'),
    loadBalancerSourceRanges: z.array(z.string()).optional().describe('For LoadBalancer: only these source prefixes may use the load-balancer IP.'),
    externalIPs: z.array(z.string()).optional().describe('Addresses outside the cluster that also lead to the Service.'),
    healthCheckNodePort: port.optional().describe('For LoadBalancer with Local policy: the health-check port kube-proxy opens.'),
  })
  .describe('A Service, with Kubernetes\' own field names.');

const nodeNetworkSchema = z
  .strictObject({
    link: z.string().describe('The link Node objects\' eth0 is plugged into.'),
    subnet: z.string().describe('The subnet of their InternalIP addresses, e.g. 10.128.0.0/20: it gives eth0\'s prefix length.'),
    routes: routes.optional(),
  })
  .describe('Where the nodes given as Node objects sit: a Node object says its InternalIP but not its link or subnet.');

export const objectSchema = z
  .looseObject({ kind: z.string().describe('Node, Pod, Service or EndpointSlice.') })
  .describe('A Kubernetes object as `kubectl get -o yaml` prints it.');

export const objectsSchema = z
  .union(
    [
      z.array(objectSchema),
      z.looseObject({ kind: z.enum(['List']), items: z.array(objectSchema) }).describe('A `kind: List`, as `kubectl get A,B -o yaml` prints several objects.'),
    ],
    { error: 'expected a list of Kubernetes objects, or a kind: List' },
  )
  .describe('Kubernetes objects as pasted from `kubectl get -o yaml`: Node (spec.podCIDR), Pod (spec.nodeName, status.podIP), Service, EndpointSlice.');

export const kubernetesSchema = z
  .strictObject({
    clusterCIDR: z.string().optional().describe('The pod network of the whole cluster (kube-proxy --cluster-cidr): traffic from outside it to a cluster IP is masqueraded.'),
    nodes: z
      .record(z.string().meta({ pattern: HOST_NAME, description: 'Node name: it becomes a host of that name.' }), nodeSchema)
      .optional()
      .describe('The nodes by name.'),
    pods: z.array(podSchema).optional().describe('The pods.'),
    services: z.array(serviceSchema).optional().describe('The Services; kube-proxy\'s rules are generated for them on every node.'),
    nodeNetwork: nodeNetworkSchema.optional(),
    objects: objectsSchema.optional(),
  })
  .describe('A Kubernetes cluster compiled into hosts, links and kube-proxy rules (spec §4).');

export type NodeInput = z.output<typeof nodeSchema>;
export type PodInput = z.output<typeof podSchema>;
export type ServiceInput = z.output<typeof serviceSchema>;
export type KubernetesInput = z.output<typeof kubernetesSchema>;

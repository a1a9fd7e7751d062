/**
 * The fields packetwalk reads from pasted Kubernetes objects, as loose zod
 * schemas: everything else a real object carries (managedFields, status
 * conditions, …) passes unread.
 */
import * as z from 'zod';

const metadata = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).nullish(),
});

const port = z.int().min(1).max(65535);

export const nodeObject = z.looseObject({
  metadata,
  spec: z.looseObject({ podCIDR: z.string().optional(), podCIDRs: z.array(z.string()).optional() }).optional(),
  status: z.looseObject({ addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional() }).optional(),
});

export const podObject = z.looseObject({
  metadata,
  spec: z.looseObject({
    nodeName: z.string().optional(),
    hostNetwork: z.boolean().optional(),
    containers: z.array(
      z.looseObject({
        ports: z
          .array(
            z.looseObject({
              containerPort: port,
              hostPort: port.optional(),
              hostIP: z.string().optional(),
              protocol: z.string().optional(),
              name: z.string().optional(),
            }),
          )
          .optional(),
      }),
    ),
  }),
  status: z.looseObject({ podIP: z.string().optional(), phase: z.string().optional() }).optional(),
});

export const serviceObject = z.looseObject({
  metadata,
  spec: z.looseObject({
    type: z.string().optional(),
    clusterIP: z.string().optional(),
    selector: z.record(z.string(), z.string()).nullish(),
    ports: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          port,
          targetPort: z.union([port, z.string()]).optional(),
          nodePort: port.optional(),
          protocol: z.string().optional(),
        }),
      )
      .optional(),
    externalTrafficPolicy: z.string().optional(),
    internalTrafficPolicy: z.string().optional(),
    sessionAffinity: z.string().optional(),
    sessionAffinityConfig: z.looseObject({ clientIP: z.looseObject({ timeoutSeconds: z.int().optional() }).optional() }).optional(),
    externalIPs: z.array(z.string()).optional(),
    loadBalancerSourceRanges: z.array(z.string()).optional(),
    healthCheckNodePort: port.optional(),
  }),
  status: z
    .looseObject({
      loadBalancer: z.looseObject({ ingress: z.array(z.looseObject({ ip: z.string().optional(), ipMode: z.string().optional() })).optional() }).optional(),
    })
    .optional(),
});

const nullableBoolean = z.boolean().nullish();

export const endpointSliceObject = z.looseObject({
  metadata,
  addressType: z.string(),
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()),
        conditions: z.looseObject({ ready: nullableBoolean, serving: nullableBoolean, terminating: nullableBoolean }).optional(),
        nodeName: z.string().optional(),
      }),
    )
    .nullish(),
  ports: z
    .array(z.looseObject({ name: z.string().nullish(), port: port.nullish(), protocol: z.string().optional() }))
    .nullish(),
});

export type NodeObject = z.output<typeof nodeObject>;
export type PodObject = z.output<typeof podObject>;
export type ServiceObject = z.output<typeof serviceObject>;
export type EndpointSliceObject = z.output<typeof endpointSliceObject>;

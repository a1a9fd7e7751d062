/**
 * A sender with no route to the destination: connect() fails at once with
 * ENETUNREACH and nothing reaches the wire (spec §1, Flows). The host tracks
 * no connections.
 */
import type { Trace } from '../../trace/types.js';
import { drop, route } from './builders.js';

export const noRouteTrace: Trace = {
  version: 1,
  seed: 1,
  hosts: ['isolated'],
  flows: [
    {
      index: 0,
      from: 'isolated',
      to: '203.0.113.9:443',
      proto: 'tcp',
      sport: 40000,
      outcome: 'unreachable',
      error: 'ENETUNREACH',
      packets: [
        {
          id: 1,
          label: 'SYN',
          origin: { host: 'isolated', cause: 'flow' },
          wire: [],
          hops: [{ host: 'isolated', steps: [route('output', 'unreachable'), drop('no route to 203.0.113.9: connect() fails with ENETUNREACH')] }],
          fate: { result: 'dropped', host: 'isolated', reason: 'no route to host 203.0.113.9' },
        },
      ],
    },
  ],
  conntrack: {},
};

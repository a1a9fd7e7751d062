/** The scenario of spec §1, word for word: the contract's own example, for end-to-end tests. */
export const SPEC_EXAMPLE = `title: Home router masquerade            # optional
description: A laptop behind a home router talks to a web server.   # optional

hosts:
  laptop:
    interfaces:
      eth0: 192.168.1.10/24              # \`ip addr\` notation; a list is allowed: [a/24, b/32]
    routes:
      - default via 192.168.1.1          # \`ip route\` notation
  router:
    forwarding: true                     # net.ipv4.ip_forward; default false
    sysctl: {net.netfilter.nf_conntrack_max: 65536}   # optional, see below
    interfaces:
      lan: 192.168.1.1/24
      wan: 198.51.100.7/24
    iptables: |                          # exactly what \`iptables-save\` prints (or a subset)
      *nat
      -A POSTROUTING -o wan -j MASQUERADE
      COMMIT
  server:
    interfaces:
      eth0: 198.51.100.20/24
    listen: [tcp/80, udp/53]             # sockets a process answers on (any local address)

links:                                   # L2 segments: who can reach whom without a router
  home: [laptop:eth0, router:lan]
  internet: [router:wan, server:eth0]

flows:                                   # what happens, in order; state (conntrack) carries over
  - from: laptop
    to: 198.51.100.20:80
    proto: tcp                           # tcp | udp | icmp (default tcp)
    sport: 40000                         # optional; default: 40000 + index of the flow
`;

/**
 * Two mistakes at known places: an impossible address (line 4, its value
 * starts at column 13) and a flow from a host that does not exist (line 7,
 * column 11).
 */
export const TWO_MISTAKES = `hosts:
  laptop:
    interfaces:
      eth0: 192.168.1.300/24
links: {}
flows:
  - from: nobody
    to: 198.51.100.20:80
`;

/** What `packetwalk --help` prints, and the one-line usage shown after a usage error. */

export const USAGE = 'usage: packetwalk trace FILE|- [--format table|json|conntrack] [--seed N] [--explore] [--color|--no-color]';

export const HELP = `${USAGE}
       packetwalk compile FILE|-
       packetwalk --help | --version

Walks every packet of a scenario through routing, netfilter, conntrack and NAT
as the Linux kernel would, and prints what happened, hop by hop.

  trace FILE            trace the scenario in FILE (YAML, see the scenario spec)
  trace -               read the scenario from standard input; problems are
                        reported against the name <stdin>

  --format table        per flow and packet: each host, its route decisions,
                        conntrack events, the rules that decided, rewrites,
                        logs, drops, the link crossings and the fate (default)
  --format json         the trace as JSON
  --format conntrack    each host's table as \`conntrack -L\` lists it; the
                        summary line the real tool writes to stderr follows
                        the entries here, where a terminal shows it
  --seed N              seed of every random choice (-m statistic, NAT ports),
                        an integer from 0 to 4294967295; default 1
  --explore             instead of one trace, every branch the random rules
                        (-m statistic, as kube-proxy balances a Service) allow,
                        per flow: its probability, outcome and endpoint
                        (as a table, or with --format json as JSON)

  compile FILE          print the scenario with its kubernetes section written
                        out as plain hosts, links and iptables-save rules
  --color, --no-color   colour the table; by default only when standard
                        output is a terminal and NO_COLOR is not set

Exit status: 0 traced (whatever the packets' fate), 2 bad scenario (every
problem as FILE:LINE:COLUMN: message on stderr) or bad usage, 1 internal error
(a bug in packetwalk; PACKETWALK_DEBUG=1 prints its stack).
`;

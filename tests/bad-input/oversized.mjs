// Inputs too big to keep as files: each builds a scenario just past one of
// packetwalk's limits (packages/engine/src/limits.ts) and says where the one
// diagnostic must point, worked out from the text it builds.

const HOST = 'hosts:\n  a:\n    interfaces: {eth0: 10.0.0.1/24}\n';

/** @typedef {{ name: string, text: string, expect: { line: number, column?: number, contains: string }[] }} OversizedCase */

/** @param {{ scenarioChars: number, yamlTokens: number, rules: number, flows: number }} limits @returns {OversizedCase[]} */
export function oversizedCases(limits) {
  const rules = (n) => '      -A INPUT\n'.repeat(n);
  return [
    {
      name: 'more characters than the limit',
      text: `# ${'x'.repeat(limits.scenarioChars)}\n`,
      expect: [{ line: 1, column: 1, contains: `the scenario has ${(limits.scenarioChars + 3).toLocaleString('en-US')} characters` }],
    },
    {
      // One long line of items, each several tokens: the limit is passed in it. Where exactly
      // depends on how the YAML lexer splits it, so the column is left open.
      name: 'more YAML tokens than the limit',
      text: `flows: [${'1, '.repeat(limits.yamlTokens)}1]\n`,
      expect: [{ line: 1, contains: `more than ${limits.yamlTokens.toLocaleString('en-US')} YAML tokens` }],
    },
    {
      // Lines 1–4 up to the table, *filter on 5: rule n (from 1) is on line 5 + n, indented six.
      name: 'more rule lines than the limit',
      text: `${HOST}    iptables: |\n      *filter\n${rules(limits.rules + 1)}      COMMIT\n`,
      expect: [{ line: 5 + limits.rules + 1, column: 7, contains: `packetwalk reads at most ${limits.rules.toLocaleString('en-US')} iptables rules` }],
    },
    {
      // Three lines of hosts and `flows:`: flow n (from 0) is on line 5 + n.
      name: 'more flows than the limit',
      text: `${HOST}flows:\n${'  - {from: a, to: 10.0.0.1, proto: icmp}\n'.repeat(limits.flows + 1)}`,
      expect: [{ line: 5 + limits.flows, column: 5, contains: `packetwalk traces at most ${limits.flows.toLocaleString('en-US')} flows` }],
    },
  ];
}

/**
 * Scenario text in, typed Scenario or located diagnostics out (spec §1).
 * Problems never throw: YAML syntax, shape (schema.ts), and what each string
 * means to the kernel are all reported, sorted by position, in one pass. A
 * Scenario is returned only when there is nothing to report.
 *
 * The `kubernetes:` section (spec §4) becomes more hosts and link members
 * (kubernetes/compile.ts) before links and flows are checked, so both may
 * name nodes and pods.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import { compileKubernetes } from '../kubernetes/compile.js';
import { aliasAtFault } from './alias-errors.js';
import { checkFlows } from './flows.js';
import type { HostInfo } from './host-info.js';
import { checkOneBridgePerLink } from './bridges.js';
import { checkHost } from './hosts.js';
import { checkLinks } from './links.js';
import { reportSchemaIssues } from './schema-issues.js';
import { conforming, isMapping, scenarioSchema } from './schema.js';
import { parseSource, Reporter, spanOfNode } from './source.js';
import type { HostSpec, Scenario } from './types.js';

/** Aliases expand when the document becomes plain data; this bounds a "billion laughs" document. */
const MAX_ALIAS_EXPANSIONS = 1000;

function finish(diagnostics: readonly Diagnostic[], scenario?: Scenario): { scenario?: Scenario; diagnostics: Diagnostic[] } {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  return sorted.length === 0 && scenario ? { scenario, diagnostics: sorted } : { diagnostics: sorted };
}

export function loadScenario(text: string, file: string): { scenario?: Scenario; diagnostics: Diagnostic[] } {
  const { source, diagnostics, fatal } = parseSource(text, file);
  if (fatal) return finish(diagnostics);
  const reporter = new Reporter(source);
  reporter.diagnostics.push(...diagnostics);

  let raw: unknown;
  try {
    raw = source.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const alias = aliasAtFault(source.doc, message);
    reporter.atSpan(alias ? spanOfNode(source, alias) : { line: 1, column: 1 }, `YAML: ${message}`);
    return finish(reporter.diagnostics);
  }

  const shape = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!shape.success) reportSchemaIssues(reporter, scenarioSchema, shape.error.issues);
  if (!isMapping(raw)) return finish(reporter.diagnostics);

  const hosts: HostSpec[] = [];
  const infos = new Map<string, HostInfo>();
  if (isMapping(raw.hosts)) {
    for (const [name, value] of Object.entries(raw.hosts)) {
      const { info, spec } = checkHost(reporter, name, value);
      hosts.push(spec);
      infos.set(name, info);
    }
  }
  const cluster = compileKubernetes(reporter, raw.kubernetes, new Set(infos.keys()));
  hosts.push(...cluster.hosts);
  for (const [name, info] of cluster.infos) infos.set(name, info);
  const links = checkLinks(reporter, raw.links, infos, cluster.links);
  checkOneBridgePerLink(reporter, hosts, links);
  const flows = checkFlows(reporter, raw.flows, infos);
  const fields = scenarioSchema.shape;
  const title = conforming(fields.title, raw.title);
  const description = conforming(fields.description, raw.description);
  return finish(reporter.diagnostics, {
    file,
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    hosts,
    links,
    flows,
  });
}

/**
 * zod's issues turned into located diagnostics: each issue's path leads back
 * to the YAML node it is about, and the wording says what was expected and
 * what was found, in the reader's terms (mapping, list) rather than zod's.
 */
import type * as z from 'zod';
import type { Path, Reporter } from './source.js';
import { suggestion } from './suggest.js';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** The keys an object schema allows at `path`, found by walking the schema along it. */
export function knownKeysAt(schema: AnySchema, path: Path): string[] {
  let current: AnySchema | undefined = schema;
  const unwrap = (s: AnySchema | undefined): AnySchema | undefined => {
    let inner = s;
    for (let guard = 0; inner && guard < 10; guard++) {
      const def = inner._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
      if (def.innerType) inner = def.innerType;
      else if (def.type === 'pipe' && def.in) inner = def.in;
      else break;
    }
    return inner;
  };
  const objectIn = (s: AnySchema | undefined): { shape: Record<string, AnySchema> } | undefined => {
    const def = unwrap(s)?._zod.def as { type: string; shape?: Record<string, AnySchema>; options?: AnySchema[] } | undefined;
    if (def?.type === 'object' && def.shape) return { shape: def.shape };
    if (def?.type === 'union') {
      for (const option of def.options ?? []) {
        const found = objectIn(option);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const segment of path) {
    const def = unwrap(current)?._zod.def as
      | { type: string; shape?: Record<string, AnySchema>; valueType?: AnySchema; element?: AnySchema; options?: AnySchema[] }
      | undefined;
    if (!def) return [];
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'union') {
      const options: AnySchema[] = def.options ?? [];
      current = options.map((o) => (unwrap(o)?._zod.def as { element?: AnySchema } | undefined)?.element ?? objectIn(o)?.shape[String(segment)]).find(Boolean);
    } else return [];
  }
  return Object.keys(objectIn(current)?.shape ?? {});
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  string: 'a string',
  int: 'a whole number',
  number: 'a number',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** How a value found in the YAML reads in a message. */
export function describeFound(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return input.length > 40 ? `${JSON.stringify(input.slice(0, 40))}…` : JSON.stringify(input);
  return String(input);
}

/** `'sport'`, `item 2 of 'routes'`, or `the scenario` for the root. */
function label(path: Path): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the scenario';
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return parent === undefined ? `item ${last + 1}` : `item ${last + 1} of '${String(parent)}'`;
  }
  return `'${last}'`;
}

function messageFor(issue: Issue, path: Path): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      return `${label(path)}: expected ${expected}, found ${describeFound(input)}`;
    }
    case 'invalid_union':
      return `${label(path)}: ${issue.message}, found ${describeFound(input)}`;
    case 'invalid_value':
      return `${label(path)}: expected one of ${issue.values.map(String).join(', ')}, found ${describeFound(input)}`;
    case 'too_big':
      return `${label(path)}: must be at most ${String(issue.maximum)}, found ${describeFound(input)}`;
    case 'too_small':
      return `${label(path)}: must be at least ${String(issue.minimum)}, found ${describeFound(input)}`;
    default:
      return `${label(path)}: ${issue.message}`;
  }
}

/** Reports zod's issues for the whole scenario (parsed with `reportInput: true`). */
export function reportSchemaIssues(reporter: Reporter, schema: AnySchema, issues: readonly Issue[]): void {
  // A misspelt required key is reported once, as the misspelling, not again as missing.
  const suggested = new Set<string>();
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const hint = suggestion(key, known);
        if (hint) suggested.add(JSON.stringify([...path, hint]));
        const detail = hint ? ` (did you mean '${hint}'?)` : known.length > 0 ? `; known keys: ${known.join(', ')}` : '';
        reporter.at([...path, key], `unknown key '${key}'${detail}`, 'key');
      }
    }
  }
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys') continue;
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'invalid_type' && input === undefined && path.length > 0) {
      if (suggested.has(JSON.stringify(path))) continue;
      const parent = path.slice(0, -1);
      const where = parent.length > 0 ? ` in ${label(parent)}` : '';
      reporter.at(parent, `missing required key '${String(path[path.length - 1])}'${where}`, 'key');
      continue;
    }
    reporter.at(path, messageFor(issue, path));
  }
}

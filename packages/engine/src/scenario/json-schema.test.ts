import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer']);

/** The JSON Schema 2020-12 keywords this schema may use, each with a check of its value. */
function problemsOf(schema: Json, where: string): string[] {
  if (typeof schema === 'boolean') return [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [`${where}: a schema must be an object or a boolean`];
  const problems: string[] = [];
  const sub = (value: Json, path: string): void => void problems.push(...problemsOf(value, path));
  const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${where}/${keyword}`;
    switch (keyword) {
      case '$schema':
      case 'title':
      case 'description':
        if (typeof value !== 'string') problems.push(`${at}: must be a string`);
        break;
      case 'type': {
        const names = Array.isArray(value) ? value : [value];
        if (!names.every((n) => typeof n === 'string' && TYPES.has(n))) problems.push(`${at}: unknown type`);
        break;
      }
      case 'properties':
        if (!isObject(value)) problems.push(`${at}: must be an object`);
        else for (const [name, s] of Object.entries(value)) sub(s, `${at}/${name}`);
        break;
      case 'additionalProperties':
      case 'propertyNames':
      case 'items':
        sub(value, at);
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        if (!Array.isArray(value) || value.length === 0) problems.push(`${at}: must be a non-empty array`);
        else value.forEach((s, i) => sub(s, `${at}/${i}`));
        break;
      case 'required': {
        const properties = isObject(schema.properties ?? null) ? Object.keys(schema.properties as object) : [];
        if (!Array.isArray(value) || !value.every((n) => typeof n === 'string' && properties.includes(n))) problems.push(`${at}: must name properties`);
        break;
      }
      case 'enum':
        if (!Array.isArray(value) || value.length === 0) problems.push(`${at}: must be a non-empty array`);
        break;
      case 'pattern':
        try {
          new RegExp(String(value), 'u');
        } catch {
          problems.push(`${at}: not a regular expression`);
        }
        break;
      case 'minimum':
      case 'maximum':
        if (typeof value !== 'number') problems.push(`${at}: must be a number`);
        break;
      case 'default':
        break;
      default:
        problems.push(`${at}: not a JSON Schema keyword this schema should use`);
    }
  }
  return problems;
}

const root = scenarioJsonSchema as unknown as { [key: string]: Json };
const properties = root.properties as { [key: string]: { [key: string]: Json } };
const host = (properties.hosts!.additionalProperties as { properties: { [key: string]: { [key: string]: Json } } });

describe('the JSON Schema of a scenario', () => {
  it('is a valid JSON Schema (2020-12) and survives JSON', () => {
    expect(root.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(problemsOf(root, '#')).toEqual([]);
    expect(JSON.parse(JSON.stringify(root))).toEqual(root);
  });

  it('allows the top-level keys of the spec and no others', () => {
    expect(Object.keys(properties).sort()).toEqual(['description', 'flows', 'hosts', 'kubernetes', 'links', 'title']);
    expect(root.additionalProperties).toBe(false);
    expect(root.required).toBeUndefined();
  });

  it('describes the scenario and every key of a host', () => {
    expect(root.description).toContain('scenario');
    for (const [name, schema] of Object.entries(host.properties)) {
      expect(typeof schema.description, name).toBe('string');
    }
    expect(host.properties.forwarding!.description).toContain('net.ipv4.ip_forward');
  });

  it('gives editors the name patterns', () => {
    const pattern = (s: Json): RegExp => new RegExp((s as { pattern: string }).pattern);
    const hostNames = pattern(properties.hosts!.propertyNames!);
    expect(['router', 'node-1'].every((n) => hostNames.test(n))).toBe(true);
    expect(hostNames.test('Router')).toBe(false);
    const sysctlKeys = pattern((host.properties.sysctl!.propertyNames as Json)!);
    expect(sysctlKeys.test('net.netfilter.nf_conntrack_max')).toBe(true);
    expect(sysctlKeys.test('net.ipv4.conf.eth0.rp_filter')).toBe(true);
    expect(sysctlKeys.test('net.ipv4.ip_forward')).toBe(false);
  });
});

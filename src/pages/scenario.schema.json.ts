/**
 * The scenario format's JSON Schema, generated from the engine's own schema at
 * build time. The playground's YAML worker fetches it when the editor opens
 * (so the editor's code carries neither the schema nor zod), and any editor
 * with yaml-language-server can use it:
 * `# yaml-language-server: $schema=<site>/scenario.schema.json`.
 */
import { scenarioJsonSchema } from '@packetwalk/engine';

export function GET(): Response {
  return new Response(JSON.stringify(scenarioJsonSchema), { headers: { 'Content-Type': 'application/schema+json' } });
}

/**
 * The scenario's JSON Schema, generated from the zod schema, for editors
 * (completion, hover text from the descriptions, early markers). It
 * describes the input as written: keys with defaults are optional.
 */
import * as z from 'zod';
import { scenarioSchema } from './schema.js';

export const scenarioJsonSchema = {
  ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }),
  title: 'packetwalk scenario',
};

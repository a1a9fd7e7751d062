/** Types of oversized.mjs. */
import type { Expected } from './corpus.mjs';

export interface OversizedCase {
  readonly name: string;
  readonly text: string;
  readonly expect: Expected[];
}

export declare function oversizedCases(limits: { readonly scenarioChars: number; readonly yamlTokens: number; readonly rules: number; readonly flows: number }): OversizedCase[];

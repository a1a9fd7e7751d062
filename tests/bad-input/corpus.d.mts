/** Types of corpus.mjs, for the TypeScript test suites that read the corpus. */
export interface Expected {
  readonly line: number;
  /** Absent where the exact column is not part of the promise (oversized inputs). */
  readonly column?: number;
  /** A part of the message. */
  readonly contains: string;
}

export interface BadInputCase {
  readonly file: string;
  readonly description: string;
  readonly expect: Expected[];
}

export declare const CORPUS_DIR: string;
export declare function expectationsOf(text: string): { description: string; expect: Expected[] };
export declare function readCorpus(dir?: string): BadInputCase[];
export declare function indexOf(dir?: string): { about: string; cases: BadInputCase[] };

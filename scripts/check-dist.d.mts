/** Types of check-dist.mjs for the TypeScript tests that call it. */
export interface DistCheckOptions {
  /** The build's folder (default dist). */
  readonly dist?: string;
  /** The base path the site is served from (default PACKETWALK_BASE, else /). */
  readonly base?: string;
  /** The origin canonical links use (default PACKETWALK_SITE, else http://localhost:4321). */
  readonly site?: string;
}

export function checkDist(options?: DistCheckOptions): Promise<{ pages: string[]; problems: string[] }>;

/** The built site's pages, read from its sitemap, as paths the test server serves. */
import type { APIRequestContext } from '@playwright/test';

export async function sitePaths(request: APIRequestContext): Promise<string[]> {
  const index = await (await request.get('/sitemap-0.xml')).text();
  const paths = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  if (paths.length === 0) throw new Error('the sitemap lists no pages');
  return paths;
}

export async function postPaths(request: APIRequestContext): Promise<string[]> {
  return (await sitePaths(request)).filter((p) => /\/posts\/[^/]+\/$/.test(p));
}

/** The page of the first post, the one every interaction test uses. */
export const FIRST_POST = '/posts/how-packets-find-their-way-back/';

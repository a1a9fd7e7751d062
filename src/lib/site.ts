/** Site-wide facts and helpers shared by pages, layouts and components. */
import { getCollection, type CollectionEntry } from 'astro:content';

export const SITE_TITLE = 'packetwalk';
export const SITE_DESCRIPTION = 'How packets find their way through routers, NAT, conntrack and Kubernetes Services, hop by hop, with simulations you can edit.';

/** A path inside the site, with the configured base in front (the site may live under a sub-path). */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export type Post = CollectionEntry<'posts'>;

/** Published posts, newest first. */
export async function publishedPosts(): Promise<Post[]> {
  const posts = await getCollection('posts', (p) => !p.data.draft);
  return posts.sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
}

export function tagSlug(tag: string): string {
  return tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function formatDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

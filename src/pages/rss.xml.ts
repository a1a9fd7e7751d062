import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { SITE_DESCRIPTION, SITE_TITLE, publishedPosts, url } from '../lib/site';

export async function GET(context: APIContext) {
  const posts = await publishedPosts();
  return rss({
    title: SITE_TITLE,
    description: SITE_DESCRIPTION,
    site: new URL(url('/'), context.site),
    items: posts.map((post) => ({
      title: post.data.title,
      description: post.data.description,
      pubDate: post.data.date,
      link: url(`/posts/${post.id}/`),
      categories: post.data.tags,
    })),
  });
}

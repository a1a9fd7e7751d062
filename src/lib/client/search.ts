/**
 * The search page: Pagefind's index (built after astro build into
 * pagefind/), queried as the reader types; results are the posts' titles
 * with Pagefind's excerpt (its own HTML, with <mark> around the matches).
 */
interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  init(): Promise<void>;
  debouncedSearch(query: string): Promise<{ results: PagefindResult[] } | null>;
}

const MAX_RESULTS = 10;

export function initSearch(): void {
  const form = document.querySelector<HTMLFormElement>('[data-search]')!;
  const input = form.querySelector<HTMLInputElement>('input')!;
  const status = document.querySelector<HTMLElement>('[data-search-status]')!;
  const list = document.querySelector<HTMLOListElement>('[data-search-results]')!;
  let pagefind: Promise<Pagefind> | undefined;

  const load = () => {
    pagefind ??= import(/* @vite-ignore */ `${import.meta.env.BASE_URL.replace(/\/$/, '')}/pagefind/pagefind.js`).then(async (p: Pagefind) => {
      await p.init();
      return p;
    });
    return pagefind;
  };

  const run = async () => {
    const query = input.value.trim();
    if (query === '') {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    let search: { results: PagefindResult[] } | null;
    try {
      search = await (await load()).debouncedSearch(query);
    } catch {
      status.textContent = 'The search index is built with the site (npm run build); it is not available here.';
      return;
    }
    if (search === null) return; // superseded by a newer query
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    status.textContent = found.length === 0 ? `No post mentions “${query}”.` : `${search.results.length} ${search.results.length === 1 ? 'post' : 'posts'} found.`;
    list.replaceChildren(
      ...found.map((r) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = r.url;
        link.textContent = r.meta.title ?? r.url;
        const excerpt = document.createElement('p');
        // Pagefind builds the excerpt from our own pages' text and marks the matches.
        excerpt.innerHTML = r.excerpt;
        item.append(link, excerpt);
        return item;
      }),
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const address = new URL(location.href);
    address.searchParams.set('q', input.value);
    history.replaceState(null, '', address);
    void run();
  });
  input.addEventListener('input', () => void run());
  input.addEventListener('focus', () => void load().catch(() => undefined), { once: true });
  const initial = new URL(location.href).searchParams.get('q');
  if (initial) {
    input.value = initial;
    void run();
  }
}

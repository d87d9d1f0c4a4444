import { api, type Page, type SearchHit } from '../api.js';
import { h, marked, mount } from '../dom.js';
import { routeHref, type Route } from '../router.js';
import { docHref, empty, load, pageHeader, plural } from '../ui.js';
import { pager } from './entity.js';

const PAGE = 20;

export function searchView(root: HTMLElement, route: Route): Promise<void> | void {
  const q = route.params.get('q') ?? '';
  const offset = Number(route.params.get('offset') ?? 0) || 0;
  const input = h('input', { name: 'q', type: 'search', value: q, placeholder: 'e.g. Wagner, "Operation Barkhane", withdraw*', autocomplete: 'off', size: 40, 'aria-label': 'Search query' });
  const form = h('form', { class: 'filters search-form', role: 'search' }, input, h('button', { type: 'submit', class: 'btn primary' }, 'Search'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = routeHref('search', null, { q: input.value.trim() });
  });
  const body = h('div', { class: 'results' });
  mount(root, pageHeader('Search', 'Full-text search over titles and cleaned texts.'), form, body);
  queueMicrotask(() => input.focus());
  if (!q) {
    mount(body, empty('Type words to search the articles.', 'Quoted phrases, OR and prefix* work as in SQLite full-text search.'));
    return;
  }
  return load(body, api.search(q, PAGE, offset), (page) => render(page, q, offset), 'Searching…');
}

function render(page: Page<SearchHit>, q: string, offset: number): HTMLElement[] {
  if (!page.items.length) return [empty(`Nothing found for “${q}”.`, 'Try fewer or shorter words, or a prefix like withdraw*.')];
  return [
    h('p', { class: 'muted' }, plural(page.total, 'document'), ' match'),
    h('ol', { class: 'hits', start: String(offset + 1) }, page.items.map((hit) =>
      h('li', { class: 'hit' },
        h('a', { class: 'hit-title', href: docHref(hit.id) }, hit.title ?? '(untitled)'),
        h('div', { class: 'hit-source muted small' }, hit.source),
        h('p', { class: 'snippet' }, marked(hit.snippet)),
      ),
    )),
    pager(page.total, offset, PAGE),
  ].filter((x): x is HTMLElement => !!x);
}

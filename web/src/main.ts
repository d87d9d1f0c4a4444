import './style.css';
import { EXPORTS, apiUrl } from './api.js';
import { h, mount } from './dom.js';
import { parseHash, routeHref, type Route } from './router.js';
import { empty, pageHeader } from './ui.js';
import { claimsView } from './views/claims.js';
import { docView, documentsView } from './views/documents.js';
import { entitiesView, entityView } from './views/entity.js';
import { forcesView } from './views/forces.js';
import { graphView } from './views/graph.js';
import { mapView } from './views/map.js';
import { overviewView } from './views/overview.js';
import { searchView } from './views/search.js';
import { timelineView } from './views/timeline.js';

type View = (root: HTMLElement, route: Route) => void | Promise<void>;

const VIEWS: Record<string, { title: string; nav: string; render: View }> = {
  overview: { title: 'Overview', nav: 'overview', render: overviewView },
  timeline: { title: 'Timeline', nav: 'timeline', render: timelineView },
  map: { title: 'Map', nav: 'map', render: mapView },
  graph: { title: 'Actor graph', nav: 'graph', render: graphView },
  claims: { title: 'Claims & contradictions', nav: 'claims', render: claimsView },
  forces: { title: 'Forces', nav: 'forces', render: forcesView },
  entities: { title: 'Entities', nav: 'entities', render: entitiesView },
  entity: { title: 'Entity', nav: 'entities', render: entityView },
  documents: { title: 'Documents', nav: 'documents', render: documentsView },
  doc: { title: 'Document', nav: 'documents', render: docView },
  search: { title: 'Search', nav: 'search', render: searchView },
};

const main = document.getElementById('main') as HTMLElement;
let lastView = '';
let lastArg: string | null = null;

async function render(): Promise<void> {
  const route = parseHash();
  const view = VIEWS[route.view];
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.nav a')) {
    const on = a.dataset.view === view?.nav;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // A fresh container per render: an answer arriving after the analyst moved on lands in a detached node.
  const root = h('div', { class: ['view', `view-${route.view}`], dataset: { view: route.view } });
  const samePage = route.view === lastView && route.arg === lastArg;
  mount(main, root);
  lastView = route.view;
  lastArg = route.arg;
  if (!view) {
    document.title = 'Not found · sitrep';
    mount(root, pageHeader('Not found'), empty(`There is no view “${route.view}”.`, h('a', { href: '#/overview' }, 'Back to the overview')));
    return;
  }
  document.title = `${view.title} · sitrep`;
  if (!samePage) window.scrollTo(0, 0);
  await view.render(root, route);
}

function setupChrome(): void {
  const ul = document.getElementById('export-links');
  if (ul) {
    mount(
      ul,
      EXPORTS.map((x) =>
        h('li', null, h('a', { href: apiUrl(`export/${x.file}`), download: x.file, class: 'export-link', title: x.label }, x.file)),
      ),
    );
  }
  const form = document.getElementById('quick-search') as HTMLFormElement | null;
  form?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = (form.elements.namedItem('q') as HTMLInputElement).value.trim();
    location.hash = routeHref('search', null, { q });
  });
}

setupChrome();
window.addEventListener('hashchange', () => void render());
if (!location.hash) history.replaceState(null, '', '#/overview');
void render();

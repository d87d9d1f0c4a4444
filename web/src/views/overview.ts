import { EXPORTS, api, apiUrl, type ContradictionView, type Overview } from '../api.js';
import { h } from '../dom.js';
import { ENTITY_LABEL } from '../plover.js';
import { routeHref } from '../router.js';
import { actors, dateText, docHref, empty, entityHref, fmtNumber, load, pageHeader, quadLegend, typeBadge } from '../ui.js';
import { formatTime } from '../time.js';

export function overviewView(root: HTMLElement): Promise<void> {
  return load(root, api.overview(), render, 'Loading the situation picture…');
}

function render(o: Overview): HTMLElement {
  const c = o.counts;
  const cards: [string, number, string | null][] = [
    ['Documents', c.documents, '#/documents'],
    ['Entities', c.entities, '#/entities'],
    ['Events', c.events, '#/timeline'],
    ['Event reports', c.eventMentions, '#/timeline'],
    ['Claims', c.claims, '#/claims'],
    ['Contradictions', c.contradictions, '#/claims'],
    ['Time expressions', c.times, null],
    ['Quantities', c.quantities, '#/forces'],
  ];
  if (!c.documents) {
    return h(
      'div',
      null,
      pageHeader('Overview'),
      empty('The store is empty.', ['Ingest articles with ', h('code', null, 'sitrep ingest <files or folders>'), ' and reload this page.']),
    );
  }
  return h(
    'div',
    null,
    pageHeader('Overview', `${fmtNumber(c.documents)} documents analysed`),
    h(
      'section',
      { class: 'cards', 'aria-label': 'Counts' },
      cards.map(([label, n, href]) =>
        h(href ? 'a' : 'div', { class: 'card', href: href ?? undefined, dataset: { count: label } },
          h('span', { class: 'card-n' }, fmtNumber(n)), h('span', { class: 'card-label' }, label)),
      ),
    ),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Latest events ', h('a', { class: 'more', href: '#/timeline' }, 'timeline →')),
        quadLegend(),
        o.latestEvents.length
          ? h(
              'table',
              { class: 'table' },
              h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Type'), h('th', null, 'Who → whom'), h('th', { class: 'num' }, 'Reports'))),
              h(
                'tbody',
                null,
                o.latestEvents.map((e) =>
                  h(
                    'tr',
                    null,
                    h('td', { class: 'nowrap' }, dateText(e.time)),
                    h('td', null, h('a', { href: routeHref('timeline', null, { event: e.id }) }, typeBadge(e.type, e.quad))),
                    h('td', null, actors(e)),
                    h('td', { class: 'num' }, String(e.reports.length)),
                  ),
                ),
              ),
            )
          : empty('No dated events yet.'),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Most active actors ', h('a', { class: 'more', href: '#/graph' }, 'graph →')),
        o.topActors.length
          ? h(
              'table',
              { class: 'table' },
              h('thead', null, h('tr', null, h('th', null, 'Entity'), h('th', null, 'Kind'), h('th', { class: 'num' }, 'Mentions'), h('th', { class: 'num' }, 'Documents'))),
              h(
                'tbody',
                null,
                o.topActors.map((a) =>
                  h(
                    'tr',
                    null,
                    h('td', null, h('a', { href: entityHref(a.id) }, a.name)),
                    h('td', { class: 'muted' }, a.kind ?? ENTITY_LABEL[a.type] ?? a.type),
                    h('td', { class: 'num' }, fmtNumber(a.mentions)),
                    h('td', { class: 'num' }, fmtNumber(a.documents)),
                  ),
                ),
              ),
            )
          : empty('No entities yet.'),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Open contradictions ', h('a', { class: 'more', href: '#/claims' }, `all ${fmtNumber(c.contradictions)} →`)),
      o.contradictions.length ? h('ul', { class: 'con-list' }, o.contradictions.map(contradictionLine)) : empty('No contradictions between sources.'),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Exports'),
      h(
        'ul',
        { class: 'export-list' },
        EXPORTS.map((x) => h('li', null, h('a', { href: apiUrl(`export/${x.file}`), download: x.file }, x.file), h('span', { class: 'muted' }, ` — ${x.label}`))),
      ),
    ),
  );
}

function contradictionLine(x: ContradictionView): HTMLElement {
  return h(
    'li',
    null,
    h('span', { class: ['badge', 'kind', `kind-${x.kind}`] }, x.kind.replace('_', ' ')),
    ' ',
    h('a', { href: routeHref('claims', null, { focus: x.id }) }, x.about),
    h(
      'span',
      { class: 'muted' },
      ': ',
      h('a', { href: docHref(x.a.documentId) }, x.a.publisher ?? x.a.title ?? 'a source'),
      ` (${x.a.statement}, ${formatTime(x.a.published)}) vs `,
      h('a', { href: docHref(x.b.documentId) }, x.b.publisher ?? x.b.title ?? 'another source'),
      ` (${x.b.statement}, ${formatTime(x.b.published)})`,
    ),
  );
}

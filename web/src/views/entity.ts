import { ApiError, api, type ClaimView, type EntityPage, type EntitySummary, type Page } from '../api.js';
import { type Child, emphasise, h, mount } from '../dom.js';
import { forcesChart } from '../forces-chart.js';
import { ENTITY_COLOR, ENTITY_LABEL } from '../plover.js';
import { routeHref, setParams, type Route } from '../router.js';
import { timelineChart } from '../timeline-chart.js';
import { dateText, docHref, empty, entityHref, eventCard, fmtNumber, load, pageHeader, plural, quadLegend } from '../ui.js';

const PAGE = 50;

/** A message shown once on the next entity page (after a merge or split). */
let flash: string | null = null;

export function entitiesView(root: HTMLElement, route: Route): Promise<void> {
  const type = route.params.get('type') ?? '';
  const q = route.params.get('q') ?? '';
  const offset = Number(route.params.get('offset') ?? 0) || 0;
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('label', null, 'Name starts with', h('input', { name: 'q', type: 'search', value: q, autocomplete: 'off' })),
    h(
      'label',
      null,
      'Type',
      h('select', { name: 'type', on: { change: () => form.requestSubmit() } }, h('option', { value: '' }, 'any'), Object.entries(ENTITY_LABEL).map(([t, l]) => h('option', { value: t, selected: t === type }, `${t} — ${l}`))),
    ),
    h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    setParams({ q: String(d.get('q') ?? '').trim() || null, type: String(d.get('type') ?? '') || null, offset: null });
  });
  const body = h('div');
  mount(root, pageHeader('Entities', 'People, organisations, countries, places and facilities, merged across documents.'), form, body);
  return load(body, api.entities({ type: type || undefined, q: q || undefined, limit: PAGE, offset }), (page) => renderList(page, offset), 'Loading entities…');
}

function renderList(page: Page<EntitySummary>, offset: number): Child {
  if (!page.items.length) return empty(page.total ? 'No more entities.' : 'No entity matches.');
  return h('section', { class: 'panel' },
    h('p', { class: 'muted' }, `${fmtNumber(offset + 1)}–${fmtNumber(offset + page.items.length)} of ${fmtNumber(page.total)}`),
    h(
      'table',
      { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Type'), h('th', null, 'Kind'), h('th', null, 'Country'), h('th', { class: 'num' }, 'Mentions'), h('th', { class: 'num' }, 'Documents'))),
      h(
        'tbody',
        null,
        page.items.map((e) =>
          h(
            'tr',
            null,
            h('td', null, h('a', { href: entityHref(e.id) }, e.name)),
            h('td', null, h('span', { class: ['ent-type', `ent-${e.type}`] }, e.type)),
            h('td', { class: 'muted' }, e.kind ?? ''),
            h('td', null, e.country ?? ''),
            h('td', { class: 'num' }, fmtNumber(e.mentions)),
            h('td', { class: 'num' }, fmtNumber(e.documents)),
          ),
        ),
      ),
    ),
    pager(page.total, offset),
  );
}

/** Previous and next buttons for a paged list; `param` names the offset in the route (several lists on a view). */
export function pager(total: number, offset: number, limit = PAGE, param = 'offset'): HTMLElement | null {
  if (total <= limit && offset === 0) return null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    offset > 0 ? h('button', { type: 'button', class: 'btn', on: { click: () => setParams({ [param]: String(Math.max(0, offset - limit)) || null }) } }, '← Previous') : null,
    h('span', { class: 'muted' }, `page ${Math.floor(offset / limit) + 1} of ${Math.max(1, Math.ceil(total / limit))}`),
    offset + limit < total ? h('button', { type: 'button', class: 'btn', on: { click: () => setParams({ [param]: String(offset + limit) }) } }, 'Next →') : null,
  );
}

export function entityView(root: HTMLElement, route: Route): Promise<void> {
  const id = route.arg ?? '';
  // Links from a document carry the name too: after a merge, the id in an old analysis may be gone.
  const name = route.params.get('name');
  const entity = api.entity(id).catch((err: unknown) => {
    if (name && err instanceof ApiError && err.status === 404) return api.entity(name);
    throw err;
  });
  const data = Promise.all([entity, api.claims({ about: id }).catch(() => ({ total: 0, items: [] as ClaimView[] }))]);
  return load(root, data, ([e, claims]) => render(e, claims.items, route), 'Loading the entity…');
}

function render(e: EntityPage, claims: ClaimView[], route: Route): Child {
  const facts: [string, Child][] = [
    ['Canonical name', h('strong', { class: 'canonical' }, e.name)],
    ['Type', h('span', null, h('span', { class: ['ent-type', `ent-${e.type}`] }, e.type), ` ${ENTITY_LABEL[e.type] ?? ''}`)],
    ['Kind', e.kind ?? h('span', { class: 'muted' }, 'unknown')],
    ['Aliases', e.aliases.length ? h('ul', { class: 'chips' }, e.aliases.map((a) => h('li', null, a))) : h('span', { class: 'muted' }, 'none')],
    ['Country', e.country ?? h('span', { class: 'muted' }, 'unknown')],
    [
      'Coordinates',
      e.geo
        ? h('span', null, `${e.geo.lat.toFixed(4)}, ${e.geo.lon.toFixed(4)} `, h('a', { href: routeHref('map', null, { place: e.id }), class: 'more' }, 'on the map →'))
        : h('span', { class: 'muted' }, 'none'),
    ],
    ['Mentions', `${plural(e.mentions, 'mention')} in ${plural(e.documents, 'document')}`],
  ];
  const detail = h('div', { class: 'entity-event-detail', 'aria-live': 'polite' });
  const chart = e.events.length
    ? timelineChart(
        e.events.filter((x) => x.time && x.time.kind !== 'duration' && x.time.kind !== 'set'),
        { onSelect: (ev) => mount(detail, ev ? eventCard(ev) : null), maxHeight: 300 },
      )
    : null;
  const undated = e.events.filter((x) => !x.time || x.time.kind === 'duration' || x.time.kind === 'set').length;

  const notice = flash ? h('p', { class: 'notice ok', role: 'status' }, flash) : null;
  flash = null;
  return [
    notice,
    pageHeader(
      h('span', null, h('span', { class: 'ent-dot', style: { background: ENTITY_COLOR[e.type] ?? '#777' } }), e.name),
      `${ENTITY_LABEL[e.type] ?? e.type}${e.kind ? ` · ${e.kind}` : ''}${e.country ? ` · ${e.country}` : ''}`,
    ),
    h(
      'div',
      { class: 'grid-2 entity-top' },
      h('section', { class: 'panel' }, h('h2', null, 'Identity'), h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]))),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Related entities'),
        e.related.length
          ? h(
              'ul',
              { class: 'related' },
              e.related.slice(0, 20).map((r) => h('li', null, h('a', { href: entityHref(r.entity.id) }, r.entity.name), h('span', { class: 'muted' }, ` ${plural(r.events, 'shared event')}`))),
            )
          : empty('No event ties this entity to another.'),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Events ', h('span', { class: 'muted' }, `${plural(e.eventsTotal, 'event')}${e.events.length < e.eventsTotal ? ` (the first ${e.events.length} shown)` : ''}${undated ? `, ${undated} undated` : ''}`), ' ', h('a', { class: 'more', href: routeHref('timeline', null, { actor: e.id }) }, 'open in the timeline →')),
      chart ? [quadLegend(), chart.el, detail] : empty('No event involves this entity.'),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Numbers over time'),
      e.forces.length ? forcesChart(e.forces, { height: 260 }) : empty('No force figures (troops, fighters, deployments) are reported for this entity.'),
    ),
    claims.length
      ? h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Claims about ', e.name),
          h('ul', { class: 'claim-list' }, claims.slice(0, 30).map((c) =>
            h('li', null, h('strong', null, c.claimantText ?? c.claimant?.name ?? 'unattributed'), ': ', c.statement, ' ', h('a', { class: 'more', href: docHref(c.documentId) }, `${c.publisher ?? c.title ?? 'document'} →`)),
          )),
        )
      : null,
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Mentions per document', e.byDocument.length < e.documents ? h('span', { class: 'muted' }, ` the first ${e.byDocument.length} of ${e.documents} documents`) : null),
      e.byDocument.length
        ? h(
            'table',
            { class: 'table mentions-table' },
            h('thead', null, h('tr', null, h('th', null, 'Document'), h('th', null, 'Published'), h('th', { class: 'num' }, 'Mentions'), h('th', null, 'Written as'))),
            h(
              'tbody',
              null,
              e.byDocument.map((d) =>
                h(
                  'tr',
                  null,
                  h(
                    'td',
                    null,
                    h('a', { href: docHref(d.documentId), title: d.source }, d.title ?? `(untitled) ${d.source.split(/[\\/]/).pop() ?? ''}`),
                    h(
                      'details',
                      null,
                      h('summary', null, 'sentences'),
                      h('ul', { class: 'sentences' }, uniqueSentences(d.mentions).map((m) => h('li', null, h('blockquote', null, emphasise(m.sentence, m.text))))),
                    ),
                  ),
                  h('td', { class: 'nowrap' }, dateText(d.published)),
                  h('td', { class: 'num' }, String(d.mentions.length)),
                  h('td', { class: 'small' }, [...new Set(d.mentions.map((m) => m.text))].join(', ')),
                ),
              ),
            ),
          )
        : empty('No mentions.'),
    ),
    curate(e, route),
  ];
}

function uniqueSentences<T extends { sentence: string }>(ms: T[]): T[] {
  const seen = new Set<string>();
  return ms.filter((m) => !seen.has(m.sentence) && seen.add(m.sentence));
}

/** Merge and split: the same store operations as `sitrep entity merge` / `sitrep entity split`. */
function curate(e: EntityPage, route: Route): HTMLElement {
  const status = h('p', { class: 'status', role: 'status' });
  const fail = (err: unknown): void => {
    status.className = 'status error';
    status.textContent = err instanceof Error ? err.message : String(err);
  };
  const mergeInput = h('input', { name: 'from', list: 'merge-names', required: true, placeholder: 'name or id of the duplicate', autocomplete: 'off', size: 32 });
  const names = h('datalist', { id: 'merge-names' });
  void api.allEntities().then((p) => names.append(...p.items.filter((x) => x.id !== e.id && x.type === e.type).map((x) => h('option', { value: x.name }))));
  const mergeBtn = h('button', { type: 'submit', class: 'btn' }, 'Merge…');
  let armed = '';
  const merge = h('form', { class: 'curate-form', dataset: { op: 'merge' } }, h('label', null, `Merge into ${e.name}: `, mergeInput, names), mergeBtn);
  merge.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const from = mergeInput.value.trim();
    if (!from) return;
    if (armed !== from) {
      armed = from;
      mergeBtn.textContent = 'Confirm merge';
      mergeBtn.classList.add('danger');
      status.className = 'status';
      status.textContent = `“${from}” will become part of ${e.name}, here and in later ingests. Click “Confirm merge” to proceed.`;
      return;
    }
    mergeBtn.disabled = true;
    api.merge(e.id, from).then(
      (res) => {
        flash = `Merged “${from}” into ${res.name}.`;
        if (res.id !== route.arg) location.hash = entityHref(res.id);
        else window.dispatchEvent(new HashChangeEvent('hashchange'));
      },
      (err) => {
        mergeBtn.disabled = false;
        fail(err);
      },
    );
  });

  // Only forms written in the documents can be split off (an alias from the gazetteer has no mention to move).
  const forms = new Map<string, number>();
  for (const d of e.byDocument) for (const m of d.mentions) forms.set(m.text, (forms.get(m.text) ?? 0) + 1);
  const splittable = [...forms].filter(() => forms.size > 1).sort((a, b) => b[1] - a[1]);
  const aliasSel = h(
    'select',
    { name: 'alias', required: true },
    h('option', { value: '' }, 'choose a form'),
    splittable.map(([form, n]) => h('option', { value: form }, `${form} (${n})`)),
  );
  const newName = h('input', { name: 'name', placeholder: 'name of the new entity (optional)', size: 28 });
  const split = h(
    'form',
    { class: 'curate-form', dataset: { op: 'split' } },
    h('label', null, 'Split the mentions written ', aliasSel),
    h('label', null, ' off into a new entity ', newName),
    h('button', { type: 'submit', class: 'btn' }, 'Split'),
  );
  split.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!aliasSel.value) return fail(new Error('Choose the alias to split off.'));
    const alias = aliasSel.value;
    api.split(e.id, alias, newName.value.trim() || undefined).then((res) => {
      flash = `Split the mentions written “${alias}” off ${e.name} into ${res.name}.`;
      location.hash = entityHref(res.id);
    }, fail);
  });
  return h(
    'section',
    { class: 'panel curate' },
    h('h2', null, 'Curate'),
    h('p', { class: 'muted small' }, 'Same operations as ', h('code', null, 'sitrep entity merge'), ' and ', h('code', null, 'sitrep entity split'), ': the decision is kept and replayed on later documents.'),
    merge,
    splittable.length ? split : h('p', { class: 'muted small' }, 'Every mention is written the same way: nothing to split off.'),
    status,
  );
}


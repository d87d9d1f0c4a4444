import { api, type ClaimView, type ContradictionSide, type ContradictionView, type Page } from '../api.js';
import { emphasise, h, mount } from '../dom.js';
import { setParams, type Route } from '../router.js';
import { formatTime, precisionNote } from '../time.js';
import { docHref, empty, entityLink, fmtNumber, load, pageHeader, plural } from '../ui.js';
import { pager } from './entity.js';

/** Contradictions a page. */
const CONTRADICTIONS_PAGE = 50;

const KIND_LABEL: Record<ContradictionView['kind'], string> = {
  number: 'numbers differ',
  denial: 'asserted vs denied',
  perpetrator: 'perpetrator differs',
  force_size: 'force size differs',
  date: 'dates differ',
};

export function claimsView(root: HTMLElement, route: Route): Promise<void> {
  const about = route.params.get('about') ?? '';
  const by = route.params.get('by') ?? '';
  const focus = route.params.get('focus');
  const conOffset = Number(route.params.get('coffset') ?? 0) || 0;
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', null, 'Claims about', h('input', { name: 'about', type: 'search', value: about, placeholder: 'entity', autocomplete: 'off' })),
    h('label', null, 'Claimed by', h('input', { name: 'by', type: 'search', value: by, placeholder: 'claimant', autocomplete: 'off' })),
    h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
    about || by ? h('button', { type: 'button', class: 'btn', on: { click: () => setParams({ about: null, by: null }) } }, 'Clear') : null,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    setParams({ about: String(d.get('about') ?? '').trim() || null, by: String(d.get('by') ?? '').trim() || null });
  });
  const cons = h('section', { class: 'panel' });
  const claims = h('section', { class: 'panel' });
  mount(root, pageHeader('Claims & contradictions', 'Where sources disagree, both sides side by side; below, every attributed claim.'), cons, claims);
  return Promise.all([
    load(cons, api.contradictions(CONTRADICTIONS_PAGE, conOffset), (d) => renderContradictions(d, conOffset, focus), 'Loading contradictions…'),
    load(claims, api.claims({ about: about || undefined, by: by || undefined }), (d) => [h('h2', null, 'Claims ', h('span', { class: 'muted' }, plural(d.total, 'claim'))), form, renderClaims(d.items)], 'Loading claims…'),
  ]).then(() => {
    if (focus) document.getElementById(`con-${focus}`)?.scrollIntoView({ block: 'start' });
  });
}

function side(label: string, x: ContradictionSide): HTMLElement {
  return h('div', { class: 'side-col' },
    h('div', { class: 'side-head' }, h('span', { class: 'side-label' }, label), h('strong', { class: 'statement' }, x.statement)),
    h('dl', { class: 'facts compact' },
      h('dt', null, 'Claimant'), h('dd', null, x.claimant ?? h('span', { class: 'muted' }, 'the publisher (unattributed)')),
      h('dt', null, 'Source'), h('dd', null, h('a', { href: docHref(x.documentId) }, x.title ?? x.documentId)),
      h('dt', null, 'Publisher'), h('dd', null, x.publisher ?? h('span', { class: 'muted' }, 'unknown')),
      h('dt', null, 'Date'), h('dd', null, h('span', { title: precisionNote(x.published) }, x.published ? formatTime(x.published) : 'undated')),
    ),
    h('figure', { class: 'evidence' }, h('blockquote', null, x.sentence)),
  );
}

function renderContradictions(page: Page<ContradictionView>, offset: number, focus: string | null): Array<HTMLElement | null> {
  const items = page.items;
  const head = h('h2', null, 'Contradictions ', h('span', { class: 'muted' }, plural(page.total, 'contradiction')));
  if (!items.length) return [head, empty(page.total ? 'No contradictions past this page.' : 'No contradiction found between the sources.')];
  return [
    head,
    page.total > items.length ? h('p', { class: 'muted' }, `${fmtNumber(offset + 1)}–${fmtNumber(offset + items.length)} of ${fmtNumber(page.total)}`) : null,
    h('ol', { class: 'contradictions' }, items.map((c) =>
      h('li', { id: `con-${c.id}`, class: ['contradiction', c.id === focus && 'focused'] },
        h('header', null,
          h('span', { class: ['badge', 'kind', `kind-${c.kind}`] }, KIND_LABEL[c.kind] ?? c.kind),
          h('span', { class: 'about' }, c.about),
          c.eventId ? h('a', { class: 'more', href: `#/timeline?event=${encodeURIComponent(c.eventId)}` }, 'the event →') : null,
        ),
        h('div', { class: 'sides' }, side('A', c.a), h('div', { class: 'vs', 'aria-hidden': 'true' }, 'vs'), side('B', c.b)),
      ),
    )),
    pager(page.total, offset, CONTRADICTIONS_PAGE, 'coffset'),
  ];
}

function renderClaims(items: ClaimView[]): HTMLElement {
  if (!items.length) return empty('No claim matches.');
  return h('table', { class: 'table claims-table' },
    h('thead', null, h('tr', null, h('th', null, 'Claimant'), h('th', null, 'About'), h('th', null, 'Statement'), h('th', null, 'When'), h('th', null, 'Sentence'))),
    h('tbody', null, items.map((c) => h('tr', null,
      h('td', null, c.claimant ? entityLink(c.claimant) : c.claimantText ?? h('span', { class: 'muted' }, '—')),
      h('td', null, entityLink(c.subject)),
      h('td', null, c.statement, c.modality && c.modality !== 'asserted' ? h('span', { class: 'tag modality' }, c.modality) : null),
      h('td', { class: 'nowrap' }, c.time ? formatTime(c.time) : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'claim-cell' }, h('blockquote', { class: 'inline-quote' }, emphasise(c.sentence, null)),
        h('span', { class: 'small muted' }, c.publisher ?? 'unknown publisher', ' · ', h('a', { href: docHref(c.documentId) }, c.title ?? 'document'))),
    ))),
  );
}

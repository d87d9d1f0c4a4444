import { api, type ForcePoint, type Page } from '../api.js';
import { emphasise, h, mount } from '../dom.js';
import { actorColors, forcesChart } from '../forces-chart.js';
import { setParams, type Route } from '../router.js';
import { formatTime } from '../time.js';
import { docHref, empty, entityLink, fmtNumber, load, pageHeader, plural } from '../ui.js';
import { pager } from './entity.js';

/** Figures a page: by actor then time, so a page holds whole runs of an actor's figures. */
const PAGE = 500;

export function forcesView(root: HTMLElement, route: Route): Promise<void> {
  const place = route.params.get('in') ?? '';
  const offset = Number(route.params.get('offset') ?? 0) || 0;
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', null, 'About the place', h('input', { name: 'in', type: 'search', value: place, placeholder: 'e.g. Mali', autocomplete: 'off' })),
    h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
    place ? h('button', { type: 'button', class: 'btn', on: { click: () => setParams({ in: null, offset: null }) } }, 'Clear') : null,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setParams({ in: String(new FormData(form).get('in') ?? '').trim() || null, offset: null });
  });
  const body = h('div');
  mount(root, pageHeader('Forces', 'Troops, fighters and mercenaries by actor over time, with deployments and withdrawals: each point is a claim in an article.'), form, body);
  return load(body, api.forces({ in: place || undefined, limit: PAGE, offset }), (d) => render(d, offset, !!place), 'Loading force figures…');
}

function figure(f: ForcePoint): string {
  if (f.value != null) return `${f.approx ? '~' : ''}${fmtNumber(f.value)}`;
  if (f.low != null || f.high != null) return `${fmtNumber(f.low)}–${fmtNumber(f.high)}`;
  return '—';
}

function render(page: Page<ForcePoint>, offset: number, filtered: boolean): HTMLElement {
  const points = page.items;
  if (!points.length) return empty(page.total ? 'No force figures past this page.' : filtered ? 'No force figure about this place.' : 'No force figures in the store yet.');
  const colors = actorColors(points);
  const sorted = [...points].sort((a, b) => (a.actor.name.localeCompare(b.actor.name)) || ((a.time ?? a.reported)?.value ?? '').localeCompare((b.time ?? b.reported)?.value ?? ''));
  return h('div', null,
    h('section', { class: 'panel' }, h('h2', null, 'By actor over time ', h('span', { class: 'muted' }, page.total > points.length ? `${fmtNumber(offset + 1)}–${fmtNumber(offset + points.length)} of ${plural(page.total, 'figure')}` : plural(points.length, 'figure'))), forcesChart(points, { colors })),
    h('section', { class: 'panel' }, h('h2', null, 'Every figure'),
      h('table', { class: 'table forces-table' },
        h('thead', null, h('tr', null, h('th', null, 'Actor'), h('th', null, 'Kind'), h('th', { class: 'num' }, 'Figure'), h('th', null, 'When'), h('th', null, 'Where'), h('th', null, 'Claim'))),
        h('tbody', null, sorted.map((f) => h('tr', null,
          h('td', null, h('span', { class: 'swatch', style: { background: colors.get(f.actor.id) ?? '#777' } }), entityLink(f.actor)),
          h('td', null, f.kind),
          h('td', { class: 'num' }, figure(f), f.unit ? h('span', { class: 'muted small' }, ` ${f.unit}`) : null),
          h('td', { class: 'nowrap' }, f.time ? formatTime(f.time) : h('span', { class: 'muted', title: 'not dated in the text: publication date' }, `rep. ${formatTime(f.reported)}`)),
          h('td', null, f.places.map((p, i) => [i ? ', ' : '', entityLink(p)])),
          h('td', { class: 'claim-cell' },
            h('blockquote', { class: 'inline-quote' }, emphasise(f.sentence, f.value != null ? String(f.value) : null)),
            h('span', { class: 'small muted' }, f.claimant ? `${f.claimant} · ` : '', f.publisher ?? 'unknown publisher', ' · ', h('a', { href: docHref(f.documentId) }, 'document →')),
          ),
        ))),
      ),
      pager(page.total, offset, PAGE),
    ),
  );
}

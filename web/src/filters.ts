/** The filter bar shared by the timeline, map and graph: values live in the route, so views are linkable. */
import { api } from './api.js';
import { h } from './dom.js';
import { PLOVER_TYPES, PLOVER, QUADS } from './plover.js';
import { setParams, type Route } from './router.js';
import { validPeriod } from './time.js';

export type Field = 'actor' | 'type' | 'quad' | 'from' | 'to';

let entityNames: Promise<string[]> | null = null;

function names(): Promise<string[]> {
  entityNames ??= api
    .allEntities()
    .then((p) => p.items.map((e) => e.name))
    .catch(() => {
      entityNames = null;
      return [];
    });
  return entityNames;
}

export function filterBar(route: Route, fields: Field[]): HTMLFormElement {
  const p = route.params;
  const parts: HTMLElement[] = [];
  const err = h('span', { class: 'form-error', role: 'alert' });
  if (fields.includes('actor')) {
    const list = h('datalist', { id: 'entity-names' });
    void names().then((ns) => list.append(...ns.map((n) => h('option', { value: n }))));
    parts.push(
      h('label', null, 'Actor', h('input', { name: 'actor', type: 'search', value: p.get('actor') ?? '', list: 'entity-names', placeholder: 'any', autocomplete: 'off' }), list),
    );
  }
  if (fields.includes('type')) {
    parts.push(
      h(
        'label',
        null,
        'Type',
        h(
          'select',
          { name: 'type' },
          h('option', { value: '' }, 'any type'),
          QUADS.map((q) =>
            h('optgroup', { label: q.label }, PLOVER_TYPES.filter((t) => PLOVER[t] === q.id).map((t) => h('option', { value: t, selected: p.get('type') === t }, t))),
          ),
        ),
      ),
    );
  }
  if (fields.includes('quad')) {
    parts.push(
      h(
        'label',
        null,
        'Quad',
        h('select', { name: 'quad' }, h('option', { value: '' }, 'all four'), QUADS.map((q) => h('option', { value: q.id, selected: p.get('quad') === q.id }, q.label))),
      ),
    );
  }
  if (fields.includes('from')) {
    parts.push(h('label', null, 'From', h('input', { name: 'from', value: p.get('from') ?? '', placeholder: 'YYYY[-MM[-DD]]', size: 11, inputmode: 'numeric' })));
  }
  if (fields.includes('to')) {
    parts.push(h('label', null, 'To', h('input', { name: 'to', value: p.get('to') ?? '', placeholder: 'YYYY[-MM[-DD]]', size: 11, inputmode: 'numeric' })));
  }
  const active = fields.some((f) => p.get(f));
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filters' },
    parts,
    h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
    active
      ? h('button', { type: 'button', class: 'btn', on: { click: () => setParams(Object.fromEntries(fields.map((f) => [f, null]))) } }, 'Clear filters')
      : null,
    err,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const update: Record<string, string | null> = {};
    for (const f of fields) update[f] = String(data.get(f) ?? '').trim() || null;
    for (const f of ['from', 'to'] as const) {
      if (update[f] && !validPeriod(update[f]!)) {
        err.textContent = `“${update[f]}” is not a date: write 2022, 2022-05 or 2022-05-26.`;
        return;
      }
    }
    update.event = null;
    setParams(update);
  });
  // Selects apply at once; text fields on Enter or Apply.
  for (const sel of form.querySelectorAll('select')) sel.addEventListener('change', () => form.requestSubmit());
  return form;
}

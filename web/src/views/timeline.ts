import { api, type TimelineEvent } from '../api.js';
import { h, mount } from '../dom.js';
import { filterBar } from '../filters.js';
import { routeHref, type Route } from '../router.js';
import { timelineChart } from '../timeline-chart.js';
import { actors, dateText, empty, eventCard, load, pageHeader, plural, quadLegend, typeBadge } from '../ui.js';

export function timelineView(root: HTMLElement, route: Route): Promise<void> {
  const p = route.params;
  const filter = {
    entity: p.get('actor') ?? undefined,
    type: p.get('type') ?? undefined,
    quad: p.get('quad') ?? undefined,
    from: p.get('from') ?? undefined,
    to: p.get('to') ?? undefined,
  };
  const body = h('div');
  mount(root, pageHeader('Timeline', 'What happened when, as reported: click an event for the sentences behind it.'), filterBar(route, ['actor', 'type', 'quad', 'from', 'to']), body);
  return load(body, api.events(filter), (page) => render(page.items, route), 'Loading events…');
}

function render(events: TimelineEvent[], route: Route): HTMLElement {
  if (!events.length) {
    const filtered = ['actor', 'type', 'quad', 'from', 'to'].some((k) => route.params.get(k));
    return empty(filtered ? 'No event matches these filters.' : 'No events in the store yet.', filtered ? h('a', { href: '#/timeline' }, 'Show all events') : undefined);
  }
  const dated = events.filter((e) => e.time && e.time.kind !== 'duration' && e.time.kind !== 'set');
  const undated = events.filter((e) => !dated.includes(e));
  const detail = h('aside', { class: 'detail panel sticky', 'aria-live': 'polite' }, empty('Select an event on the timeline or in the list to read its evidence.'));
  const listBody = h('tbody');
  const count = h('span', { class: 'muted' });
  let selected: string | null = route.params.get('event');

  const select = (e: TimelineEvent | null, fromChart: boolean): void => {
    selected = e?.id ?? null;
    mount(detail, e ? eventCard(e, { heading: 'h2' }) : empty('Select an event on the timeline or in the list to read its evidence.'));
    for (const tr of listBody.querySelectorAll<HTMLTableRowElement>('tr')) tr.classList.toggle('selected', tr.dataset.event === selected);
    if (!fromChart && e) chart.select(e.id, true);
    // Keep the selection in the address, without re-rendering the view.
    history.replaceState(null, '', routeHref('timeline', null, new URLSearchParams([...route.params.entries()].filter(([k]) => k !== 'event').concat(selected ? [['event', selected]] : []))));
  };

  const row = (e: TimelineEvent): HTMLTableRowElement =>
    h(
      'tr',
      { dataset: { event: e.id }, class: ['clickable', e.id === selected && 'selected'], tabindex: '0', on: { click: () => select(e, false), keydown: (ev) => ev.key === 'Enter' && select(e, false) } },
      h('td', { class: 'nowrap' }, dateText(e.time)),
      h('td', null, typeBadge(e.type, e.quad)),
      h('td', null, actors(e)),
      h('td', { class: 'num' }, String(e.reports.length)),
    );

  const fillList = (): void => {
    const vis = chart.visible();
    count.textContent = `${plural(vis.length, 'event')} in view${undated.length ? `, ${plural(undated.length, 'undated event')} below` : ''}`;
    mount(listBody, vis.map(row), undated.length ? [h('tr', { class: 'group' }, h('th', { colspan: 4 }, 'Undated')), undated.map(row)] : null);
  };

  const chart = timelineChart(dated, { onSelect: (e) => select(e, true), onView: () => fillList() });
  if (!dated.length) fillList();
  const initial = selected ? events.find((e) => e.id === selected) ?? null : null;
  if (initial) {
    requestAnimationFrame(() => select(initial, false));
  }
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, quadLegend(), h('span', { class: 'muted' }, `${plural(events.length, 'event')} · ${dated.length} dated`)),
    dated.length ? chart.el : empty('None of these events has a date that can be placed on a timeline.'),
    h(
      'div',
      { class: 'split' },
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Events ', count),
        h(
          'table',
          { class: 'table events-table' },
          h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Type'), h('th', null, 'Who → whom'), h('th', { class: 'num' }, 'Reports'))),
          listBody,
        ),
      ),
      detail,
    ),
  );
}

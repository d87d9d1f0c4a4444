import { api, type Analysis, type DocumentSummary, type Page } from '../api.js';
import { type Child, h, mount } from '../dom.js';
import { QUAD_COLOR, quadLabel, quadOf } from '../plover.js';
import type { Route } from '../router.js';
import { formatIso, formatTime, precisionNote } from '../time.js';
import { dateText, docHref, empty, entityHref, fmtNumber, load, pageHeader, plural, typeBadge } from '../ui.js';
import { pager } from './entity.js';

const PAGE = 50;

export function documentsView(root: HTMLElement, route: Route): Promise<void> {
  const offset = Number(route.params.get('offset') ?? 0) || 0;
  const body = h('div');
  mount(root, pageHeader('Documents', 'Every article in the store, newest first. Open one to read it with its annotations.'), body);
  return load(body, api.documents(PAGE, offset), (p) => renderList(p, offset), 'Loading documents…');
}

function renderList(page: Page<DocumentSummary>, offset: number): Child {
  if (!page.items.length) return empty('No documents yet.', ['Ingest articles with ', h('code', null, 'sitrep ingest <files or folders>'), '.']);
  return h(
    'section',
    { class: 'panel' },
    h(
      'table',
      { class: 'table docs-table' },
      h('thead', null, h('tr', null, h('th', null, 'Title'), h('th', null, 'Publisher'), h('th', null, 'Published'), h('th', null, 'Lang.'), h('th', { class: 'num' }, 'Characters'), h('th', null, 'Source'))),
      h(
        'tbody',
        null,
        page.items.map((d) =>
          h(
            'tr',
            null,
            h('td', null, h('a', { href: docHref(d.id) }, d.title ?? '(untitled)')),
            h('td', null, d.publisher ?? h('span', { class: 'muted' }, '—')),
            h('td', { class: 'nowrap' }, dateText(d.published)),
            h('td', null, d.language),
            h('td', { class: 'num' }, fmtNumber(d.chars)),
            h('td', { class: 'small muted source-cell' }, d.source),
          ),
        ),
      ),
    ),
    pager(page.total, offset, PAGE),
  );
}

type Ann =
  | { kind: 'ent'; start: number; end: number; id: string; name: string; type: string; key: string }
  | { kind: 'time'; start: number; end: number; title: string }
  | { kind: 'qty'; start: number; end: number; title: string }
  | { kind: 'trig'; start: number; end: number; event: Analysis['events'][number] }
  | { kind: 'focus'; start: number; end: number };

export function docView(root: HTMLElement, route: Route): Promise<void> {
  return load(root, api.document(route.arg ?? ''), (a) => render(a, route.params.get('event')), 'Loading the document…');
}

/**
 * The cleaned text with its annotations, built only from text nodes: the text is cut at every annotation
 * boundary and each piece wrapped in an element whose content is a text node.
 */
export function annotatedText(text: string, anns: Ann[], onEvent: (e: Analysis['events'][number]) => void): HTMLElement {
  const n = text.length;
  const valid = anns.filter((a) => a.start >= 0 && a.end <= n && a.end > a.start);
  const cuts = new Set<number>([0, n]);
  for (const a of valid) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  const byStart = [...valid].sort((x, y) => x.start - y.start);
  const out = h('div', { class: 'doc-text', lang: '' });
  let open: Ann[] = [];
  let k = 0;
  let primaryEl: HTMLElement | null = null;
  let primaryKey: string | null = null;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    open = open.filter((x) => x.end > a);
    while (k < byStart.length && byStart[k].start <= a) {
      if (byStart[k].end > a) open.push(byStart[k]);
      k++;
    }
    const piece = text.slice(a, b);
    const ent = open.find((x): x is Extract<Ann, { kind: 'ent' }> => x.kind === 'ent');
    const focus = open.some((x) => x.kind === 'focus');
    const secondary = open.filter((x) => x.kind === 'time' || x.kind === 'qty' || x.kind === 'trig');
    let node: Node = document.createTextNode(piece);
    if (secondary.length) {
      const trig = secondary.find((x): x is Extract<Ann, { kind: 'trig' }> => x.kind === 'trig');
      const cls = ['ann', ...secondary.map((x) => x.kind)];
      const titles = secondary.map((x) =>
        x.kind === 'trig' ? `${x.event.type} (${quadLabel(quadOf(x.event.type))}) — click for the event` : x.kind === 'time' || x.kind === 'qty' ? x.title : '',
      );
      const el = h(trig ? 'button' : 'span', { class: cls, title: titles.filter(Boolean).join(' · '), type: trig ? 'button' : undefined }, node);
      if (trig) {
        el.dataset.event = trig.event.id;
        el.style.setProperty('--q', QUAD_COLOR[quadOf(trig.event.type)]);
        el.addEventListener('click', (ev) => {
          ev.preventDefault();
          onEvent(trig.event);
        });
      }
      node = el;
    }
    if (ent) {
      if (primaryKey !== ent.key || !primaryEl) {
        primaryEl = h('a', { class: ['ann', 'ent', `ent-${ent.type}`, focus && 'focus'], href: `${entityHref(ent.id)}?name=${encodeURIComponent(ent.name)}`, title: `${ent.name} (${ent.type})` });
        primaryKey = ent.key;
        out.append(primaryEl);
      }
      primaryEl.append(node);
    } else {
      primaryEl = null;
      primaryKey = null;
      if (focus) {
        const last = out.lastChild;
        if (last instanceof HTMLElement && last.classList.contains('focus') && last.tagName === 'SPAN') last.append(node);
        else out.append(h('span', { class: 'focus' }, node));
      } else out.append(node);
    }
  }
  return out;
}

function render(a: Analysis, focusEvent: string | null): Child {
  const d = a.document;
  const entById = new Map(a.entities.map((e) => [e.id, e]));
  const anns: Ann[] = [];
  for (const e of a.entities) {
    for (const m of e.mentions) anns.push({ kind: 'ent', start: m.start, end: m.end, id: e.id, name: e.name, type: e.type, key: `${e.id}@${m.start}` });
  }
  for (const t of a.times) anns.push({ kind: 'time', start: t.start, end: t.end, title: `time: ${formatIso(t.value)}${t.until ? ` – ${formatIso(t.until)}` : ''} (${t.precision})` });
  for (const q of a.quantities) {
    const v = q.value ?? `${q.low ?? '?'}–${q.high ?? '?'}`;
    anns.push({ kind: 'qty', start: q.start, end: q.end, title: `quantity: ${q.approx ? '~' : ''}${v}${q.unit ? ` ${q.unit}` : ''}${q.subject ? ` of ${entById.get(q.subject)?.name ?? q.subject}` : ''}` });
  }
  for (const e of a.events) anns.push({ kind: 'trig', start: e.trigger.start, end: e.trigger.end, event: e });
  const focused = focusEvent ? a.events.find((e) => e.id === focusEvent) : undefined;
  if (focused) anns.push({ kind: 'focus', start: focused.evidence.start, end: focused.evidence.end });

  const side = h('aside', { class: 'panel detail sticky doc-side', 'aria-live': 'polite' });
  const names = (ids: string[]): Child => (ids.length ? ids.map((id, i) => [i ? ', ' : '', h('a', { href: entityHref(id) }, entById.get(id)?.name ?? id)]) : h('span', { class: 'muted' }, '—'));
  const showEvent = (e: Analysis['events'][number]): void => {
    for (const b of text.querySelectorAll<HTMLElement>('.trig.active')) b.classList.remove('active');
    for (const b of text.querySelectorAll<HTMLElement>(`.trig[data-event="${CSS.escape(e.id)}"]`)) b.classList.add('active');
    mount(
      side,
      h('h2', null, typeBadge(e.type), e.subtype ? h('span', { class: 'subtype' }, ` ${e.subtype.replace(/_/g, ' ')}`) : null),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Trigger'), h('dd', null, `“${e.trigger.text}”`),
        h('dt', null, 'Source'), h('dd', null, names(e.source)),
        h('dt', null, 'Target'), h('dd', null, names(e.target)),
        h('dt', null, 'Where'), h('dd', null, e.location ? names([e.location]) : h('span', { class: 'muted' }, '—')),
        h('dt', null, 'When'), h('dd', null, h('span', { title: precisionNote(e.time) }, formatTime(e.time))),
        h('dt', null, 'Modality'), h('dd', null, e.modality),
        e.attribution ? [h('dt', null, 'According to'), h('dd', null, e.attribution.text)] : null,
        e.quantities.length ? [h('dt', null, 'Numbers'), h('dd', null, e.quantities.map((q) => `${q.approx ? '~' : ''}${q.value ?? `${q.low}–${q.high}`} ${q.kind}`).join(', '))] : null,
      ),
      h('figure', { class: 'evidence' }, h('blockquote', null, e.evidence.sentence)),
      h('a', { class: 'more', href: `#/timeline?event=${encodeURIComponent(e.id)}` }, 'find on the timeline →'),
    );
  };

  const text = annotatedText(d.text, anns, showEvent);
  const toggles = (['ent', 'time', 'qty', 'trig'] as const).map((k) => {
    const label = { ent: 'Entities', time: 'Times', qty: 'Quantities', trig: 'Event triggers' }[k];
    const box = h('input', { type: 'checkbox', checked: true, name: k });
    box.addEventListener('change', () => text.classList.toggle(`hide-${k}`, !box.checked));
    return h('label', { class: ['toggle', `toggle-${k}`] }, box, h('span', { class: ['ann', k] }, label));
  });

  mount(side, focused ? null : empty('Click a highlighted event trigger to see the event.'));
  if (focused) queueMicrotask(() => showEvent(focused));

  const meta: [string, Child][] = [
    ['Publisher', d.publisher ?? h('span', { class: 'muted' }, 'unknown')],
    ['Published', d.published ? h('span', { title: precisionNote(d.published) }, formatTime(d.published), d.published.inferred ? h('span', { class: 'muted small' }, ' (inferred)') : null) : h('span', { class: 'muted' }, 'undated')],
    ['Authors', d.authors.length ? d.authors.join(', ') : h('span', { class: 'muted' }, '—')],
    ['Language', d.language],
    ['Source', h('span', { class: 'source-cell' }, d.source)],
    ['URL', d.url ? (/^https?:\/\//i.test(d.url) ? h('a', { href: d.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, d.url) : d.url) : h('span', { class: 'muted' }, '—')],
    ['Id', h('code', null, d.id)],
  ];

  const view = h(
    'div',
    null,
    pageHeader(d.title ?? '(untitled)', `${plural(a.entities.length, 'entity', 'entities')} · ${plural(a.events.length, 'event')} · ${plural(a.times.length, 'time expression')} · ${plural(a.quantities.length, 'quantity', 'quantities')}`),
    h('dl', { class: 'facts doc-meta' }, meta.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('div', { class: 'toolbar toggles', role: 'group', 'aria-label': 'Highlights' }, toggles),
    h('div', { class: 'split doc-split' }, h('article', { class: 'panel reader' }, d.text ? text : empty('This document has no body text.')), side),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'What cleaning removed ', h('span', { class: 'muted' }, plural(d.removed.length, 'part'))),
      d.removed.length
        ? h('table', { class: 'table removed-table' }, h('thead', null, h('tr', null, h('th', null, 'Kind'), h('th', null, 'Text'))),
            h('tbody', null, d.removed.map((r) => h('tr', null, h('td', null, h('span', { class: 'tag' }, r.kind)), h('td', { class: 'removed-text' }, r.text)))))
        : empty('Nothing was removed.'),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', null, 'Encoding repairs ', h('span', { class: 'muted' }, plural(d.repairs.length, 'repair'))),
      d.repairs.length
        ? h('table', { class: 'table repairs-table' }, h('thead', null, h('tr', null, h('th', null, 'Kind'), h('th', null, 'Before'), h('th', null, 'After'), h('th', { class: 'num' }, 'Times'))),
            h('tbody', null, d.repairs.map((r) => h('tr', null, h('td', null, r.kind), h('td', null, h('code', null, r.before)), h('td', null, h('code', null, r.after)), h('td', { class: 'num' }, String(r.count))))))
        : empty('No encoding repair was needed.'),
    ),
  );
  if (focused) {
    requestAnimationFrame(() => text.querySelector('.focus')?.scrollIntoView({ block: 'center' }));
  }
  return view;
}


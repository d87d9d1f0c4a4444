/** Shared pieces: states, badges, links, evidence quotes, event cards. */
import type { EntityRef, TimelineEvent, TimeValue } from './api.js';
import { type Child, emphasise, h, mount } from './dom.js';
import { QUADS, quadLabel, quadOf } from './plover.js';
import { formatTime, precisionNote } from './time.js';

export function loading(what = 'Loading…'): HTMLElement {
  return h('div', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), what);
}

export function empty(message: string, hint?: Child): HTMLElement {
  return h('div', { class: 'state empty' }, h('p', null, message), hint ? h('p', { class: 'hint' }, hint) : null);
}

export function errorBox(err: unknown): HTMLElement {
  const msg = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'state error', role: 'alert' }, h('strong', null, 'Could not load: '), msg);
}

/** Shows a loading state in `root`, then what `render` builds from the data, or the error. */
export async function load<T>(root: HTMLElement, data: Promise<T>, render: (d: T) => Child, what?: string): Promise<void> {
  mount(root, loading(what));
  try {
    const d = await data;
    mount(root, render(d));
  } catch (err) {
    console.warn(err);
    mount(root, errorBox(err));
  }
}

export function hashLink(href: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href }, ...children);
}

export function entityHref(id: string): string {
  return `#/entity/${encodeURIComponent(id)}`;
}

export function docHref(id: string, event?: string | null): string {
  return `#/doc/${encodeURIComponent(id)}${event ? `?event=${encodeURIComponent(event)}` : ''}`;
}

export function entityLink(ref: EntityRef | null | undefined): Child {
  if (!ref) return h('span', { class: 'muted' }, '—');
  return h('a', { href: entityHref(ref.id), class: 'entity-link' }, ref.name);
}

export function refList(refs: EntityRef[], none = '—'): Child {
  if (!refs.length) return h('span', { class: 'muted' }, none);
  const out: Child[] = [];
  refs.forEach((r, i) => {
    if (i) out.push(', ');
    out.push(entityLink(r));
  });
  return out;
}

export function typeBadge(type: string, quad?: string | null): HTMLElement {
  const q = quadOf(type, quad);
  return h('span', { class: ['badge', `q-${q}`], title: `${type} · ${quadLabel(q)}` }, type);
}

export function quadLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Event colours' },
    QUADS.map((q) => h('li', null, h('span', { class: ['swatch', `q-${q.id}`] }), q.label)),
  );
}

export function dateText(t: TimeValue | null | undefined): HTMLElement {
  return h('span', { class: ['date', !t && 'muted'], title: precisionNote(t) || undefined }, formatTime(t));
}

export function actors(e: TimelineEvent): Child {
  return h(
    'span',
    { class: 'actors' },
    refList(e.sources, '(no source)'),
    h('span', { class: 'arrow', 'aria-label': 'acts on' }, ' → '),
    refList(e.targets, '(no target)'),
  );
}

/** One report of an event: the evidence sentence in a quote, with publisher, date and document. */
export function evidenceQuote(r: TimelineEvent['reports'][number]): HTMLElement {
  const meta: Child[] = [
    h('span', { class: 'publisher' }, r.publisher ?? 'unknown publisher'),
    ' · ',
    h('span', { title: r.published ? precisionNote(r.published) : 'no publication date' }, r.published ? formatTime(r.published) : 'undated'),
    ' · ',
    h('a', { href: docHref(r.documentId, r.mentionId), class: 'doc-link', title: 'Read the sentence in its document' }, r.title ?? 'untitled document'),
  ];
  const notes: Child[] = [];
  if (r.modality !== 'asserted') notes.push(h('span', { class: 'tag modality' }, r.modality));
  if (r.attribution) {
    notes.push(
      h('span', { class: 'tag attribution' }, 'according to ', r.attribution.source ? entityLink(r.attribution.source) : r.attribution.text),
    );
  }
  for (const q of r.quantities) {
    const v = q.value ?? (q.low != null || q.high != null ? `${q.low ?? '?'}–${q.high ?? '?'}` : '?');
    notes.push(h('span', { class: 'tag qty' }, `${q.approx ? '~' : ''}${v} ${q.kind}`));
  }
  return h(
    'figure',
    { class: 'evidence' },
    h('blockquote', null, emphasise(r.sentence, r.trigger)),
    h('figcaption', null, meta, notes.length ? h('span', { class: 'tags' }, notes) : null),
  );
}

export function eventCard(e: TimelineEvent, opts: { heading?: 'h2' | 'h3' } = {}): HTMLElement {
  const publishers = [...new Set(e.reports.map((r) => r.publisher ?? 'unknown publisher'))];
  return h(
    'article',
    { class: 'event-card', dataset: { event: e.id } },
    h(
      opts.heading ?? 'h3',
      { class: 'event-head' },
      typeBadge(e.type, e.quad),
      e.subtype ? h('span', { class: 'subtype' }, e.subtype.replace(/_/g, ' ')) : null,
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Who'), h('dd', null, actors(e)),
      h('dt', null, 'When'), h('dd', null, dateText(e.time), e.time ? h('span', { class: 'muted small' }, ` (${precisionNote(e.time)})`) : null),
      h('dt', null, 'Where'), h('dd', null, entityLink(e.location)),
      h('dt', null, 'Sources'), h('dd', null, `${e.reports.length} report${e.reports.length === 1 ? '' : 's'} from ${publishers.join(', ')}`),
    ),
    h('div', { class: 'reports' }, e.reports.map(evidenceQuote)),
  );
}

export function pageHeader(title: Child, sub?: Child, ...extra: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', null, title), sub ? h('p', { class: 'sub' }, sub) : null, ...extra);
}

export function fmtNumber(n: number | null | undefined): string {
  return n == null ? '—' : n.toLocaleString('en-GB');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtNumber(n)} ${n === 1 ? one : many}`;
}

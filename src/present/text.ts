import type { Analysis } from '../model/analysis.js';
import type { TimeValue } from '../model/time.js';
import type { ClaimView, ContradictionView, DocumentSummary, EntityDetail, EntitySummary, ForcePoint, ForceSummary, Page, SearchHit, StoreStats, TimelineEvent } from '../store/store.js';
import type { IngestSummary } from '../pipeline/ingest.js';

export function timeLabel(t: TimeValue | null): string {
  if (!t) return 'undated';
  return `${t.value}${t.end ? `/${t.end}` : ''}${t.inferred ? ' (inferred)' : ''}`;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatIngestSummary(s: IngestSummary): string {
  const parts = [`${s.files} file${s.files === 1 ? '' : 's'}`, `${s.documents} document${s.documents === 1 ? '' : 's'}`];
  const outcome = [`${s.inserted} new`, `${s.updated} updated`, `${s.unchanged} unchanged`];
  if (s.failures.length) outcome.push(`${s.failures.length} failed`);
  return `${s.interrupted ? 'interrupted after ingesting' : 'ingested'} ${parts.join(', ')}: ${outcome.join(', ')} in ${s.seconds.toFixed(2)} s`;
}

export function formatDocuments(docs: DocumentSummary[], total: number): string {
  const lines = docs.map(
    (d) => `${d.id.slice(0, 20)}  ${timeLabel(d.published).padEnd(22)} ${d.language}  ${clip(d.title ?? '(untitled)', 60).padEnd(60)}  ${d.publisher ?? ''}`,
  );
  lines.push(`${total} document${total === 1 ? '' : 's'}${docs.length < total ? ` (showing ${docs.length})` : ''}`);
  return lines.join('\n');
}

export function formatDocument(a: Analysis): string {
  const d = a.document;
  const head = [
    `id:        ${d.id}`,
    `source:    ${d.source}`,
    `title:     ${d.title ?? '(none)'}`,
    `publisher: ${d.publisher ?? '(unknown)'}`,
    `authors:   ${d.authors.join(', ') || '(none)'}`,
    `published: ${timeLabel(d.published)}`,
    `language:  ${d.language}`,
    ...(d.url ? [`url:       ${d.url}`] : []),
  ];
  const removed = d.removed.map((r) => `  [${r.kind}] ${clip(r.text.replace(/\s+/g, ' '), 100)}`);
  const repairs = d.repairs.map((r) => `  ${r.kind}: ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)} ×${r.count}`);
  return [
    ...head,
    '',
    d.text,
    '',
    `removed (${d.removed.length}):`,
    ...removed,
    `repairs (${d.repairs.length}):`,
    ...repairs,
  ].join('\n');
}

export function formatSearch(hits: SearchHit[], query: string): string {
  if (hits.length === 0) return `no document matches '${query}'`;
  return hits
    .map((h, i) => `${i + 1}. ${h.title ?? '(untitled)'}  [${h.id.slice(0, 20)}]\n   ${h.snippet.replace(/\s+/g, ' ')}`)
    .join('\n');
}

export function formatStats(s: StoreStats, where: string): string {
  return [
    `${where}: ${s.documents} documents from ${s.sources} sources (schema v${s.schemaVersion})`,
    `  ${s.entities} entities, ${s.mentions} mentions, ${s.times} time expressions, ${s.quantities} quantities`,
    `  ${s.events} events from ${s.eventMentions} reports, ${s.claims} attributed claims, ${s.contradictions} contradictions`,
    `  ${s.removedParts} boilerplate parts set aside, ${s.repairs} encoding repairs`,
  ].join('\n');
}

const geoLabel = (e: EntitySummary): string => (e.geo ? `${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}` : '');

export function formatEntities(list: EntitySummary[]): string {
  if (list.length === 0) return 'no entities';
  return list
    .map((e) => `${String(e.mentions).padStart(5)}  ${e.type.padEnd(6)} ${(e.kind ?? '').padEnd(18)} ${clip(e.name, 44).padEnd(44)} ${e.documents} doc${e.documents === 1 ? '' : 's'}  ${e.id}`)
    .join('\n');
}

/** An entity with one page of its documents; `offset` is where that page starts among them. */
export function formatEntity(e: EntityDetail, offset = 0): string {
  const lines = [
    `${e.name}  (${e.type}${e.kind ? `, ${e.kind}` : ''})  ${e.id}`,
    `aliases:   ${e.aliases.join(', ') || '(none)'}`,
    `country:   ${e.country ?? '(unknown)'}`,
    ...(e.geo ? [`geo:       ${geoLabel(e)}`] : []),
    `mentions:  ${e.mentions} in ${e.documents} document${e.documents === 1 ? '' : 's'}`,
  ];
  if (e.byDocument.length < e.documents) {
    lines.push(
      e.byDocument.length
        ? `showing documents ${offset + 1}–${offset + e.byDocument.length} of ${e.documents} (oldest first; --offset and --limit for others)`
        : `no documents past the first ${Math.min(offset, e.documents)} (--offset)`,
    );
  }
  for (const d of e.byDocument) {
    lines.push('', `${d.title ?? '(untitled)'}  [${d.documentId.slice(0, 20)}]  ${timeLabel(d.published)}  ${d.mentions.length} mention${d.mentions.length === 1 ? '' : 's'}`);
    const seen = new Set<string>();
    for (const m of d.mentions) {
      if (seen.has(m.sentence)) continue;
      seen.add(m.sentence);
      lines.push(`  - ${clip(m.sentence.replace(/\s+/g, ' '), 160)}`);
    }
  }
  return lines.join('\n');
}

/** A time value as an analyst reads it: its precision shows ("2022-02" is a month, not the 1st). */
export function timeWithPrecision(t: TimeValue | null): string {
  if (!t) return 'undated';
  const range = t.end ? `/${t.end}` : '';
  return `${t.value}${range} (${t.precision}${t.approx ? ', approx.' : ''}${t.inferred ? ', inferred' : ''})`;
}

const names = (refs: Array<{ name: string }>): string => refs.map((r) => r.name).join(', ') || '—';

export function formatTimeline(events: TimelineEvent[]): string {
  if (events.length === 0) return 'no events';
  const lines: string[] = [];
  for (const e of events) {
    lines.push(
      `${timeWithPrecision(e.time).padEnd(30)} ${e.type}${e.subtype ? `/${e.subtype}` : ''}  ${names(e.sources)} → ${names(e.targets)}${e.location ? `  @ ${e.location.name}` : ''}`,
    );
    for (const r of e.reports) {
      const who = r.attribution ? ` [${r.attribution.source?.name ?? r.attribution.text}]` : '';
      lines.push(`    ${r.modality === 'asserted' ? '' : `(${r.modality}) `}${r.publisher ?? r.title ?? r.documentId.slice(0, 20)}${who}: ${clip(r.sentence.replace(/\s+/g, ' '), 150)}`);
    }
  }
  return lines.join('\n');
}

function amount(p: { value: number | null; low: number | null; high: number | null; approx: boolean }): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  if (p.value !== null) return `${p.approx ? '~' : ''}${n(p.value)}`;
  if (p.low !== null && p.high !== null) return `${n(p.low)}–${n(p.high)}`;
  if (p.low !== null) return `≥${n(p.low)}`;
  if (p.high !== null) return `≤${n(p.high)}`;
  return '';
}

/** Where a page sits in its list, and how to see the rest; empty when the page is the whole list. */
function pageNote(page: Page<unknown>, offset: number, what: string, more: string): string {
  if (offset === 0 && page.items.length >= page.total) return '';
  return `(${what} ${offset + 1}–${offset + page.items.length} of ${page.total}; ${more})`;
}

/** A page of force figures, by actor, with where the page sits in the list. */
export function formatForcePage(page: Page<ForcePoint>, offset = 0): string {
  if (page.items.length === 0) return page.total ? `no force figures past the first ${page.total}` : 'no force figures';
  const note = pageNote(page, offset, 'figures', '--offset and --limit for others');
  return note ? `${formatForces(page.items)}\n${note}` : formatForces(page.items);
}

/** A page of contradictions, with where the page sits in the list. */
export function formatContradictionPage(page: Page<ContradictionView>, offset = 0): string {
  if (page.items.length === 0) return page.total ? `no contradictions past the first ${page.total}` : 'no contradictions found';
  const note = pageNote(page, offset, 'contradictions', '--offset and --limit for others');
  return note ? `${formatContradictions(page.items)}\n\n${note}` : formatContradictions(page.items);
}

export function formatForces(points: ForcePoint[]): string {
  if (points.length === 0) return 'no force figures';
  const lines: string[] = [];
  let actor = '';
  for (const p of points) {
    if (p.actor.name !== actor) {
      actor = p.actor.name;
      lines.push(`${actor}`);
    }
    const what = p.kind === 'size' ? `${amount(p)} ${p.unit ?? ''}`.trim() : `${p.kind}${p.modality && p.modality !== 'asserted' ? ` (${p.modality})` : ''}${amount(p) ? ` of ${amount(p)}` : ''}`;
    const where = p.places.length ? ` in ${names(p.places)}` : '';
    const who = [p.claimant, p.publisher].filter(Boolean).join(', ');
    const when = p.time ? p.time.value : p.reported ? `(reported ${p.reported.value})` : 'undated';
    lines.push(`  ${when.padEnd(12)} ${what}${where}${who ? `  — ${who}` : ''}`);
    lines.push(`      ${clip(p.sentence.replace(/\s+/g, ' '), 150)}`);
  }
  return lines.join('\n');
}

/** Actors with force figures, one line each: how many figures, their range, the latest one and its source. */
export function formatForceSummary(page: Page<ForceSummary>, offset = 0): string {
  if (page.items.length === 0) return page.total ? `no actors past the first ${page.total}` : 'no force figures';
  const lines = page.items.map((s) => {
    const range = s.low === null || s.high === null ? '' : s.low === s.high ? `  figure ${s.low.toLocaleString('en-US')}` : `  range ${s.low.toLocaleString('en-US')}–${s.high.toLocaleString('en-US')}`;
    const moves = [s.withdrawals ? `${s.withdrawals} withdrawal${s.withdrawals === 1 ? '' : 's'}` : '', s.deployments ? `${s.deployments} deployment${s.deployments === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(', ');
    const latest = s.latest ? `\n      latest: ${amount(s.latest)} ${s.latest.unit ?? ''} (${s.latest.time?.value ?? (s.latest.reported ? `reported ${s.latest.reported.value}` : 'undated')}${s.latest.publisher ? `, ${s.latest.publisher}` : ''})` : '';
    return `${s.actor.name}  ${s.figures} figure${s.figures === 1 ? '' : 's'}${moves ? `, ${moves}` : ''}${range}  from ${s.sources} source${s.sources === 1 ? '' : 's'}${latest}`;
  });
  if (page.items.length < page.total) lines.push(`(actors ${offset + 1}–${offset + page.items.length} of ${page.total}; --offset and --limit for others, --actor NAME for one actor's figures)`);
  return lines.join('\n');
}

export function formatClaims(claims: ClaimView[]): string {
  if (claims.length === 0) return 'no claims';
  return claims
    .map((c) => {
      const who = c.claimant?.name ?? c.claimantText ?? c.publisher ?? '?';
      return `${(c.time?.value ?? 'undated').padEnd(12)} ${who}: ${c.statement}${c.modality && c.modality !== 'asserted' ? ` [${c.modality}]` : ''}\n      ${c.publisher ?? c.title ?? c.documentId.slice(0, 20)}: ${clip(c.sentence.replace(/\s+/g, ' '), 150)}`;
    })
    .join('\n');
}

export function formatContradictions(list: ContradictionView[]): string {
  if (list.length === 0) return 'no contradictions found';
  const side = (label: string, s: ContradictionView['a']): string[] => [
    `  ${label} ${s.claimant ?? 'the article'} (${[s.publisher ?? s.title ?? s.documentId.slice(0, 20), s.published ? s.published.value : null].filter(Boolean).join(', ')}): ${s.statement}`,
    `      ${clip(s.sentence.replace(/\s+/g, ' '), 160)}`,
  ];
  return list.map((c) => [`${c.kind}: ${c.about}`, ...side('A', c.a), ...side('B', c.b)].join('\n')).join('\n\n');
}

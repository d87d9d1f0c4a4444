/**
 * Row shapes and row ↔ model conversions shared by the SQL backends (SQLite, PostgreSQL). Both keep the same
 * columns with the same meaning (JSON kept as text, so both give back byte-identical values); what differs is
 * only how a backend reads and writes them.
 */
import { ANALYSIS_VERSION, type Analysis, type EntityType } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';
import type { DocumentSummary, EntitySummary } from '../store.js';

export interface DocumentRow {
  id: string;
  content_hash: string;
  title: string | null;
  publisher: string | null;
  authors: string;
  published: string | null;
  language: string;
  url: string | null;
  text: string;
  removed: string;
  repairs: string;
  analysis: string;
  ingested_at: string;
  source: string | null;
}

export type Layers = Pick<Analysis, 'entities' | 'times' | 'quantities' | 'events'>;

export interface EntitySummaryRow {
  id: string;
  name: string;
  type: EntityType;
  kind: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  mentions: number;
  documents: number;
}

export const parseTime = (s: string | null | undefined): TimeValue | null => (s ? (JSON.parse(s) as TimeValue) : null);

export const toEntitySummary = (r: EntitySummaryRow): EntitySummary => ({
  id: r.id,
  name: r.name,
  type: r.type,
  kind: r.kind,
  country: r.country,
  geo: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
  mentions: r.mentions,
  documents: r.documents,
});

/** The values of a `documents` row for an analysis (without the source, which lives in `sources`). */
export function documentValues(analysis: Analysis, now: string): Omit<DocumentRow, 'source'> & { published_value: string | null } {
  const d = analysis.document;
  const layers: Layers = { entities: analysis.entities, times: analysis.times, quantities: analysis.quantities, events: analysis.events };
  return {
    id: d.id,
    content_hash: d.contentHash ?? '',
    title: d.title,
    publisher: d.publisher,
    authors: JSON.stringify(d.authors),
    published: d.published ? JSON.stringify(d.published) : null,
    published_value: d.published?.value ?? null,
    language: d.language,
    url: d.url ?? null,
    text: d.text,
    removed: JSON.stringify(d.removed),
    repairs: JSON.stringify(d.repairs),
    analysis: JSON.stringify(layers),
    ingested_at: now,
  };
}

/** A stored document back as the analysis it was written from. */
export function analysisFromRow(row: DocumentRow): Analysis {
  const layers = JSON.parse(row.analysis) as Layers;
  return {
    version: ANALYSIS_VERSION,
    document: {
      id: row.id,
      source: row.source ?? '',
      title: row.title,
      publisher: row.publisher,
      authors: JSON.parse(row.authors) as string[],
      published: parseTime(row.published),
      language: row.language,
      text: row.text,
      removed: JSON.parse(row.removed) as Analysis['document']['removed'],
      repairs: JSON.parse(row.repairs) as Analysis['document']['repairs'],
      url: row.url,
      contentHash: row.content_hash,
    },
    ...layers,
  };
}

/** The analysis the event layer reads again after a merge or split (document metadata it does not use left empty). */
export function reindexAnalysisFromRow(row: DocumentRow): Analysis {
  const layers = JSON.parse(row.analysis) as Layers;
  const document = { id: row.id, source: row.source ?? '', title: row.title, publisher: row.publisher, authors: [], published: parseTime(row.published), language: row.language, text: row.text, removed: [], repairs: [] };
  return { version: ANALYSIS_VERSION, document, ...layers };
}

export function documentSummaryFromRow(r: DocumentRow & { chars: number }): DocumentSummary {
  return {
    id: r.id,
    source: r.source ?? '',
    title: r.title,
    publisher: r.publisher,
    published: parseTime(r.published),
    language: r.language,
    chars: r.chars,
    ingestedAt: r.ingested_at,
  };
}

/** The sentence of `text` around [start, end): from the previous sentence end to the next one. */
export function sentenceAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/[.!?\n]/.test(text[to]!)) to++;
  if (to < text.length && text[to] !== '\n') to++;
  return text.slice(from, to).trim();
}

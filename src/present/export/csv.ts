import { timeInterval } from '../../resolve/time-intervals.js';
import type { Store } from '../../store/store.js';
import { allEvents, fatalities, placeIndex, unique, validGeo } from './events.js';

/** The events CSV columns, close to ACLED's (docs/api.md). */
export const EVENT_CSV_COLUMNS = [
  'event_id', 'event_date', 'time_precision', 'plover_type', 'subtype', 'quad', 'actor1', 'actor2', 'location',
  'latitude', 'longitude', 'geo_precision', 'fatalities', 'modality', 'sources', 'publishers', 'evidence',
] as const;

export type EventCsvColumn = (typeof EVENT_CSV_COLUMNS)[number];

/** Columns holding numbers: never altered. */
const NUMERIC: ReadonlySet<EventCsvColumn> = new Set(['latitude', 'longitude', 'fatalities']);

/** Multi-valued cells are joined with this. */
export const CSV_JOIN = '; ';

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). Text that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe: article text is
 * untrusted, and the apostrophe is what OWASP recommends; pandas and R read it as part of the text.
 */
export function csvField(value: string | number | null | undefined, numeric = false): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (!numeric && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** Events as ACLED-like CSV: a header, then one row per merged event, in time order (undated last). */
export async function* eventsCsv(store: Store): AsyncIterable<string> {
  const places = await placeIndex(store);
  yield csvRecord([...EVENT_CSV_COLUMNS]);
  for await (const e of allEvents(store)) {
    const place = e.location ? places.get(e.location.id) : undefined;
    const geo = validGeo(place?.geo) ? place!.geo : null;
    const row: Record<EventCsvColumn, string | number | null> = {
      event_id: e.id,
      event_date: timeInterval(e.time)?.[0] ?? null,
      time_precision: e.time?.precision ?? null,
      plover_type: e.type,
      subtype: e.subtype,
      quad: e.quad,
      actor1: e.sources.map((a) => a.name).join(CSV_JOIN),
      actor2: e.targets.map((a) => a.name).join(CSV_JOIN),
      location: e.location?.name ?? null,
      latitude: geo?.lat ?? null,
      longitude: geo?.lon ?? null,
      geo_precision: geo && place ? (place.kind ?? place.type.toLowerCase()) : null,
      fatalities: fatalities(e),
      modality: unique(e.reports.map((r) => r.modality)).join(CSV_JOIN),
      sources: unique(e.reports.map((r) => r.documentId)).join(CSV_JOIN),
      publishers: unique(e.reports.map((r) => r.publisher).filter((p): p is string => !!p)).join(CSV_JOIN),
      evidence: unique(e.reports.map((r) => r.sentence.replace(/\s+/g, ' ').trim())).join(CSV_JOIN),
    };
    yield csvRecord(EVENT_CSV_COLUMNS.map((c) => csvField(row[c], NUMERIC.has(c))));
  }
}

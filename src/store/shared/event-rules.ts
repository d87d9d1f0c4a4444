/**
 * The SQL-free half of the cross-document event layer, shared by the SQLite and PostgreSQL stores: an analysed
 * event as a mention with canonical entity ids, the rows of merged events, claims and contradictions, and which
 * actors a change can touch. The merge and contradiction rules themselves are `src/resolve/events.ts`.
 */
import { dataFile } from '../../data/loader.js';
import { contentId } from '../../model/ids.js';
import { deniesPresence, forceGroupOf, ploverInfo, presenceVoice, reportsPresence, summarize, type Contradiction, type EventMention, type ForceClaim, type MergedEvent } from '../../resolve/events.js';
import { timeInterval } from '../../resolve/time-intervals.js';
import { entityId } from '../../resolve/entities.js';
import { foldName } from '../../resolve/names.js';
import type { Analysis, EventRecord, Quantity } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';

interface ForceUnits {
  en: string[];
  fr: string[];
  forceKinds: string[];
  armedKinds: string[];
  headcountUnits: string[];
}

const forceData = (): ForceUnits => dataFile<ForceUnits>('data/ontology/force-units.json');
let forceUnits: Set<string> | null = null;
let forceKinds: Set<string> | null = null;

/** Units that count an armed force (data/ontology/force-units.json). */
export function isForceUnit(unit: string | null | undefined): boolean {
  if (!unit) return false;
  forceUnits ??= new Set([...forceData().en, ...forceData().fr]);
  return forceUnits.has(unit);
}

/** "About 300 people" of an armed group or a mission is its strength; of a country it is not a force figure. */
export function isArmedHeadcount(unit: string | null | undefined, kind: string | null): boolean {
  const data = forceData();
  return !!unit && data.headcountUnits.includes(unit) && kind !== null && data.armedKinds.includes(kind);
}

/** Whether an entity of this kind can field a force: a newspaper "with 300 people" is not an army. */
export function canFieldForce(kind: string | null): boolean {
  forceKinds ??= new Set(forceData().forceKinds);
  return kind === null || forceKinds.has(kind);
}

/** Sentence bounds around an offset, by punctuation and line breaks (the store keeps no sentence layer). */
export function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/[.!?\n]/.test(text[to]!)) to++;
  if (to < text.length && text[to] !== '\n') to++;
  while (from < to && /\s/.test(text[from]!)) from++;
  return [from, to];
}

export interface ClaimRow {
  id: string;
  document_id: string;
  kind: 'event' | 'quantity';
  event_mention_id: string | null;
  claimant: string | null;
  claimant_text: string | null;
  attributed: number;
  subject: string | null;
  places: string;
  statement: string;
  value: number | null;
  low: number | null;
  high: number | null;
  approx: number;
  unit: string | null;
  force: number;
  modality: string | null;
  time: string | null;
  time_start: string | null;
  sentence: string;
  start: number;
  end: number;
}

export interface EventSummaryRow {
  id: string;
  family: string;
  type: string;
  subtype: string | null;
  quad: string;
  sources: string;
  targets: string;
  location: string | null;
  time: string | null;
  time_start: string | null;
  time_end: string | null;
  mentions: number;
  documents: number;
}

export interface ContradictionRow {
  id: string;
  kind: string;
  about: string;
  event_id: string | null;
  subject_id: string | null;
  a: string;
  b: string;
  a_document: string;
  b_document: string;
}

/** Whether two contradiction rows hold the same values (a row need not be written again). */
export const sameContradictionRow = (x: ContradictionRow, y: ContradictionRow): boolean =>
  x.id === y.id && x.kind === y.kind && x.about === y.about && x.event_id === y.event_id && x.subject_id === y.subject_id &&
  x.a === y.a && x.b === y.b && x.a_document === y.a_document && x.b_document === y.b_document;

/** Maps a document's local entity ids to canonical ones: the most mentioned canonical entity of each local one. */
export type GlobalOf = (id: string | null | undefined) => string | null;

/** From `(local_id, entity_id)` pairs ordered by mention count, most first. */
export function globalMapper(rows: Iterable<{ local_id: string; entity_id: string }>): GlobalOf {
  const globalOf = new Map<string, string>();
  for (const r of rows) if (!globalOf.has(r.local_id)) globalOf.set(r.local_id, r.entity_id);
  return (id) => (id ? globalOf.get(id) ?? null : null);
}

/** A document's event as the cross-document layer sees it. */
export function eventMentionOf(analysis: Analysis, e: EventRecord, g: GlobalOf): EventMention {
  const doc = analysis.document;
  return {
    id: e.id,
    documentId: doc.id,
    publisher: doc.publisher,
    published: doc.published,
    type: e.type,
    subtype: e.subtype,
    trigger: e.trigger.text,
    sources: unique(e.source.map(g)),
    targets: unique(e.target.map(g)),
    location: g(e.location),
    time: e.time,
    quantities: e.quantities,
    modality: e.modality,
    attribution: e.attribution ? { source: g(e.attribution.source), text: e.attribution.text } : null,
    sentence: e.evidence.sentence,
    evidenceStart: e.evidence.start,
  };
}

/** The entity ids a mention names (actors, place, claimant). */
export function mentionEntityIds(m: EventMention): string[] {
  return unique([...m.sources, ...m.targets, m.location, m.attribution?.source ?? null]);
}

/** A merged event's summary row and its actor rows. */
export function eventSummaryRow(event: MergedEvent): { row: EventSummaryRow; actors: Array<[string, 'source' | 'target']> } {
  const s = summarize(event);
  const interval = timeInterval(s.time);
  return {
    row: {
      id: event.id,
      family: event.family,
      type: s.type,
      subtype: s.subtype,
      quad: ploverInfo(s.type).quad,
      sources: JSON.stringify(s.sources),
      targets: JSON.stringify(s.targets),
      location: s.location,
      time: s.time ? JSON.stringify(s.time) : null,
      time_start: interval?.[0] ?? null,
      time_end: interval?.[1] ?? null,
      mentions: event.members.length,
      documents: new Set(event.members.map((m) => m.documentId)).size,
    },
    actors: [...s.sources.map((a) => [a, 'source'] as [string, 'source']), ...s.targets.map((a) => [a, 'target'] as [string, 'target'])],
  };
}

/** An event mention as a claim (attributed or not). */
export function eventClaimRow(analysis: Analysis, m: EventMention, evidenceEnd: number, entityName: (id: string) => string, entityCountry: (id: string) => string | null): ClaimRow {
  const names = (ids: string[]): string => ids.map(entityName).join(', ') || '?';
  const time = m.time ?? null;
  return {
    id: contentId('clm', m.id),
    document_id: analysis.document.id,
    kind: 'event',
    event_mention_id: m.id,
    claimant: m.attribution?.source ?? null,
    claimant_text: m.attribution?.text ?? null,
    attributed: m.attribution ? 1 : 0,
    subject: m.sources[0] ?? null,
    places: JSON.stringify(unique([m.location, ...m.targets.filter((t) => entityCountry(t) !== null)])),
    statement: `${m.type}${m.subtype ? `/${m.subtype}` : ''}: ${names(m.sources)} → ${names(m.targets)} (${m.trigger}; ${m.modality})`,
    value: null,
    low: null,
    high: null,
    approx: 0,
    unit: null,
    force: 0,
    modality: m.modality,
    time: time ? JSON.stringify(time) : null,
    time_start: timeInterval(time)?.[0] ?? null,
    sentence: m.sentence,
    start: m.evidenceStart,
    end: evidenceEnd,
  };
}

/** The canonical subject of a quantity (what the country lookup of `quantityClaimRow` needs), or null. */
export const quantitySubject = (q: Quantity, g: GlobalOf): string | null => g(q.subject ?? null);

/** A quantity with a unit as a claim, and its subject when it is a force figure; null for a bare number. */
export function quantityClaimRow(
  analysis: Analysis,
  q: Quantity,
  g: GlobalOf,
  entityCountry: (id: string) => string | null,
  entityKind: (id: string) => string | null,
): { row: ClaimRow; forceSubject: string | null; forceGroup: { key: string; middle: number } | null } | null {
  if (!q.unit) return null;
  const text = analysis.document.text;
  const [from, to] = sentenceBounds(text, q.start, q.end);
  const subject = g(q.subject ?? null);
  const places = new Set<string>();
  for (const e of analysis.entities) {
    if (e.type !== 'GPE') continue;
    if (e.mentions.some((m) => m.start >= from && m.end <= to && m.form !== 'demonym')) {
      const id = g(e.id);
      if (id) places.add(id);
    }
  }
  // The time a figure holds at is a date in its sentence; views fall back on the publication date, saying so.
  const inSentence = analysis.times.find((t) => t.start >= from && t.end <= to && t.kind === 'date' && timeInterval({ value: t.value }));
  const time: TimeValue | null = inSentence ? { value: inSentence.value, precision: inSentence.precision, kind: inSentence.kind } : null;
  // A figure about an actor tied to one country is about that country too ("EUTM Mali has 160 soldiers").
  const subjectCountry = subject ? entityCountry(subject) : null;
  if (subjectCountry) places.add(entityId(`country:${subjectCountry}`, 'GPE', ''));
  const kind = subject !== null ? entityKind(subject) : null;
  const force = subject !== null && ((isForceUnit(q.unit) && canFieldForce(kind)) || isArmedHeadcount(q.unit, kind));
  return {
    row: {
      id: contentId('clm', analysis.document.id, String(q.start), String(q.end)),
      document_id: analysis.document.id,
      kind: 'quantity',
      event_mention_id: null,
      claimant: g(q.attribution?.source ?? null),
      claimant_text: q.attribution?.text ?? null,
      attributed: q.attribution ? 1 : 0,
      subject,
      places: JSON.stringify([...places]),
      statement: q.text,
      value: q.value,
      low: q.low,
      high: q.high,
      approx: q.approx ? 1 : 0,
      unit: q.unit,
      force: force ? 1 : 0,
      modality: null,
      time: time ? JSON.stringify(time) : null,
      time_start: timeInterval(time)?.[0] ?? null,
      sentence: text.slice(from, to).trim(),
      start: q.start,
      end: q.end,
    },
    forceSubject: force ? subject : null,
    // An undated figure holds at its document's publication (as `forceClaimOf` reads it back).
    forceGroup: force ? forceGroupOf({ time: time ?? analysis.document.published, value: q.value, low: q.low, high: q.high, approx: q.approx }) : null,
  };
}

/** A force-figure claim row as the contradiction finder reads it; undated figures hold at their publication. */
export function forceClaimOf(r: ClaimRow, subject: string, publishedOf: (documentId: string) => TimeValue | null): ForceClaim {
  return {
    id: r.id,
    documentId: r.document_id,
    subject,
    value: r.value,
    low: r.low,
    high: r.high,
    approx: r.approx === 1,
    unit: r.unit ?? '',
    time: r.time ? (JSON.parse(r.time) as TimeValue) : publishedOf(r.document_id),
    claimant: r.claimant,
    claimantText: r.claimant_text,
    sentence: r.sentence,
  };
}

export function contradictionRow(c: Contradiction): ContradictionRow {
  return {
    id: c.id,
    kind: c.kind,
    about: c.about,
    event_id: c.eventId,
    subject_id: c.subjectId,
    a: JSON.stringify(c.a),
    b: JSON.stringify(c.b),
    a_document: c.a.documentId,
    b_document: c.b.documentId,
  };
}

/** Whether a sentence names an entity by one of its folded names or aliases (on word boundaries). */
export function namedIn(sentence: string, foldedNames: readonly string[]): boolean {
  const folded = ` ${foldName(sentence).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return foldedNames.some((n) => n.length >= 2 && folded.includes(` ${n.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `));
}

/** A row of `presence_reports`: a report denying (`denial`) or reporting (`presence`) an actor's presence. */
export interface PresenceRow {
  actor: string;
  role: 'denial' | 'presence';
  mention_id: string;
  document_id: string;
  /** A denial's voice (`presenceVoice`); empty for a presence report. */
  voice: string;
}

/** The presence rows of reports: what presence contradictions are found from, per actor, without reading the rest. */
export function presenceRows(mentions: readonly EventMention[]): PresenceRow[] {
  const out: PresenceRow[] = [];
  for (const m of mentions) {
    for (const actor of new Set([...m.sources, ...m.targets])) {
      if (deniesPresence(m, actor)) out.push({ actor, role: 'denial', mention_id: m.id, document_id: m.documentId, voice: presenceVoice(m) });
      if (reportsPresence(m, actor)) out.push({ actor, role: 'presence', mention_id: m.id, document_id: m.documentId, voice: '' });
    }
  }
  return out;
}

/** Actors whose presence is denied or reported by these happenings (where presence contradictions can change). */
export function presenceActors(events: readonly MergedEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    for (const m of e.members) {
      if (m.type === 'REJECT' && m.subtype === 'deny') for (const t of m.targets) out.add(t);
      if (m.type === 'MOBILIZE') for (const a of m.sources) out.add(a);
    }
  }
  return out;
}

export function unique(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

/** The merged event of loaded members, or null when none is left. */
export function mergedOf(id: string, members: EventMention[]): MergedEvent | null {
  return members.length ? { id, family: ploverInfo(members[0]!.type).family, members } : null;
}

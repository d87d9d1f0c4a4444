import type Database from 'better-sqlite3';
import { dataFile } from '../../data/loader.js';
import { contentId } from '../../model/ids.js';
import {
  chooseMerge,
  contradictionsOf,
  forceContradictions,
  newMergedEventId,
  ploverInfo,
  presenceContradictions,
  summarize,
  type Contradiction,
  type EventMention,
  type ForceClaim,
  type MergedEvent,
} from '../../resolve/events.js';
import { timeInterval } from '../../resolve/time-intervals.js';
import { entityId } from '../../resolve/entities.js';
import { foldName } from '../../resolve/names.js';
import type { Analysis, Quantity } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';

interface ForceUnits {
  en: string[];
  fr: string[];
  forceKinds: string[];
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

/** Whether an entity of this kind can field a force: a newspaper "with 300 people" is not an army. */
export function canFieldForce(kind: string | null): boolean {
  forceKinds ??= new Set(forceData().forceKinds);
  return kind === null || forceKinds.has(kind);
}

/** Sentence bounds around an offset, by punctuation and line breaks (the store keeps no sentence layer). */
function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/[.!?\n]/.test(text[to]!)) to++;
  if (to < text.length && text[to] !== '\n') to++;
  while (from < to && /\s/.test(text[from]!)) from++;
  return [from, to];
}

interface ClaimRow {
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

/**
 * The cross-document event layer of the SQLite store: each document's event mentions join the happening they
 * describe (merging is incremental: a new document is compared only with happenings that share an actor, a place
 * or the document), every attributed event and every quantity is kept as a claim, and the contradictions of the
 * happenings and force figures a document touches are found again.
 */
export class SqliteEventIndex {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    private readonly entityName: (id: string) => string,
    private readonly entityCountry: (id: string) => string | null,
    private readonly entityKind: (id: string) => string | null = () => null,
  ) {
    this.q = {
      localToGlobal: db.prepare<[string], { local_id: string; entity_id: string; n: number }>(
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = ? GROUP BY local_id, entity_id ORDER BY n DESC',
      ),
      candidatesByActor: db.prepare<[string, string], { merged_id: string }>(
        'SELECT DISTINCT a.event_id AS merged_id FROM event_actors a JOIN events e ON e.id = a.event_id WHERE a.entity_id = ? AND e.family = ?',
      ),
      candidatesByLocation: db.prepare<[string, string], { merged_id: string }>('SELECT id AS merged_id FROM events WHERE location = ? AND family = ?'),
      membersOf: db.prepare<[string], { data: string }>('SELECT data FROM event_mentions WHERE merged_id = ? ORDER BY id'),
      familyOf: db.prepare<[string], { family: string }>('SELECT family FROM events WHERE id = ?'),
      insertMention: db.prepare('INSERT OR REPLACE INTO event_mentions (id, document_id, merged_id, family, data) VALUES (?, ?, ?, ?, ?)'),
      deleteEvent: db.prepare('DELETE FROM events WHERE id = ?'),
      insertEvent: db.prepare(
        `INSERT INTO events (id, family, type, subtype, quad, sources, targets, location, time, time_start, time_end, mentions, documents)
         VALUES (@id, @family, @type, @subtype, @quad, @sources, @targets, @location, @time, @time_start, @time_end, @mentions, @documents)`,
      ),
      insertActor: db.prepare('INSERT OR IGNORE INTO event_actors (event_id, entity_id, role) VALUES (?, ?, ?)'),
      mergedOfDocument: db.prepare<[string], { merged_id: string }>('SELECT DISTINCT merged_id FROM event_mentions WHERE document_id = ?'),
      subjectsOfDocument: db.prepare<[string], { subject: string }>('SELECT DISTINCT subject FROM claims WHERE document_id = ? AND force = 1 AND subject IS NOT NULL'),
      insertClaim: db.prepare(
        `INSERT OR REPLACE INTO claims (id, document_id, kind, event_mention_id, claimant, claimant_text, attributed, subject, places,
           statement, value, low, high, approx, unit, force, modality, time, time_start, sentence, start, end)
         VALUES (@id, @document_id, @kind, @event_mention_id, @claimant, @claimant_text, @attributed, @subject, @places,
           @statement, @value, @low, @high, @approx, @unit, @force, @modality, @time, @time_start, @sentence, @start, @end)`,
      ),
      forceClaimsOf: db.prepare<[string], ClaimRow>('SELECT * FROM claims WHERE subject = ? AND force = 1'),
      presenceMentionsOf: db.prepare<[string], { data: string }>(
        `SELECT DISTINCT m.data FROM event_mentions m JOIN event_actors a ON a.event_id = m.merged_id
         WHERE a.entity_id = ? AND m.family IN ('reject', 'mobilize') ORDER BY m.id`,
      ),
      deletePresenceContradictions: db.prepare("DELETE FROM contradictions WHERE kind = 'denial' AND event_id IS NULL AND subject_id = ?"),
      published: db.prepare<[string], { published: string | null }>('SELECT published FROM documents WHERE id = ?'),
      namesOf: db.prepare<[string], { folded: string }>("SELECT folded FROM entity_names WHERE entity_id = ? AND role != 'surname'"),
      deleteMentionsOf: db.prepare('DELETE FROM event_mentions WHERE document_id = ?'),
      deleteClaimsOf: db.prepare('DELETE FROM claims WHERE document_id = ?'),
      deleteContradictionsOfEvent: db.prepare('DELETE FROM contradictions WHERE event_id = ?'),
      deleteForceContradictions: db.prepare("DELETE FROM contradictions WHERE kind = 'force_size' AND subject_id = ?"),
      insertContradiction: db.prepare(
        `INSERT OR REPLACE INTO contradictions (id, kind, about, event_id, subject_id, a, b, a_document, b_document)
         VALUES (@id, @kind, @about, @event_id, @subject_id, @a, @b, @a_document, @b_document)`,
      ),
    };
  }

  /** Writes a document's events and claims and refreshes what they touch. Call after its entities are indexed. */
  indexDocument(analysis: Analysis): void {
    const doc = analysis.document;
    const globalOf = new Map<string, string>();
    for (const r of this.q.localToGlobal.all(doc.id)) if (!globalOf.has(r.local_id)) globalOf.set(r.local_id, r.entity_id);
    const g = (id: string | null | undefined): string | null => (id ? globalOf.get(id) ?? null : null);
    const touched = new Map<string, MergedEvent>();
    const cache = new Map<string, MergedEvent>();

    for (const e of analysis.events) {
      const mention: EventMention = {
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
      const family = ploverInfo(mention.type).family;
      const candidateIds = new Set<string>();
      for (const a of [...mention.sources, ...mention.targets]) for (const r of this.q.candidatesByActor.all(a, family)) candidateIds.add(r.merged_id);
      if (mention.location) for (const r of this.q.candidatesByLocation.all(mention.location, family)) candidateIds.add(r.merged_id);
      for (const t of touched.values()) if (t.family === family) candidateIds.add(t.id);
      const candidates = [...candidateIds].map((id) => touched.get(id) ?? this.load(id, cache)).filter((x): x is MergedEvent => !!x);
      const chosen = chooseMerge(mention, candidates, this.entityCountry) ?? { id: newMergedEventId(mention), family, members: [] };
      chosen.members.push(mention);
      touched.set(chosen.id, chosen);
      this.q.insertMention.run(mention.id, doc.id, chosen.id, family, JSON.stringify(mention));
      // Keep the summary row current so later mentions of this document find the happening by actor.
      this.writeSummary(chosen);
      this.writeClaimForEvent(analysis, mention, e.evidence.end);
    }

    const subjects = new Set<string>();
    for (const quantity of analysis.quantities) {
      const subject = this.writeClaimForQuantity(analysis, quantity, g);
      if (subject) subjects.add(subject);
    }
    for (const event of touched.values()) this.refreshContradictions(event);
    for (const s of subjects) this.refreshForceContradictions(s);
    for (const a of presenceActors([...touched.values()])) this.refreshPresenceContradictions(a);
  }

  /**
   * Reads a document's events again (after an analyst merged or split entities, its canonical ids changed):
   * its mentions and claims go, what they touched is refreshed, and the document is indexed anew.
   */
  reindexDocument(analysis: Analysis): void {
    const touched = this.touchedBy(analysis.document.id);
    this.q.deleteMentionsOf.run(analysis.document.id);
    this.q.deleteClaimsOf.run(analysis.document.id);
    this.refresh(touched);
    this.indexDocument(analysis);
  }

  /** Before a document goes: the happenings, force subjects and denied or reported actors it touches. */
  touchedBy(documentId: string): { events: string[]; subjects: string[]; actors: string[] } {
    const events = this.q.mergedOfDocument.all(documentId).map((r) => r.merged_id);
    const loaded = events.map((id) => this.load(id, new Map())).filter((e): e is MergedEvent => !!e);
    return {
      events,
      subjects: this.q.subjectsOfDocument.all(documentId).map((r) => r.subject),
      actors: [...presenceActors(loaded)],
    };
  }

  /** After documents went: rebuild or drop the happenings they touched and find their contradictions again. */
  refresh(touched: { events: string[]; subjects: string[]; actors: string[] }): void {
    for (const id of touched.events) {
      const event = this.load(id, new Map());
      if (!event) {
        this.q.deleteEvent.run(id);
        this.q.deleteContradictionsOfEvent.run(id);
        continue;
      }
      this.writeSummary(event);
      this.refreshContradictions(event);
    }
    for (const s of touched.subjects) this.refreshForceContradictions(s);
    for (const a of touched.actors) this.refreshPresenceContradictions(a);
  }

  private refreshPresenceContradictions(actor: string): void {
    this.q.deletePresenceContradictions.run(actor);
    const mentions = this.q.presenceMentionsOf.all(actor).map((r) => JSON.parse(r.data) as EventMention);
    this.insertContradictions(presenceContradictions(actor, mentions, this.entityName, (sentence, id) => this.namedIn(sentence, id)));
  }

  /** Whether a sentence names an entity by one of its names or aliases (folded, on word boundaries). */
  private namedIn(sentence: string, entityId: string): boolean {
    const folded = ` ${foldName(sentence).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    return this.q.namesOf.all(entityId).some((n) => n.folded.length >= 2 && folded.includes(` ${n.folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `));
  }

  private load(id: string, cache: Map<string, MergedEvent>): MergedEvent | null {
    const hit = cache.get(id);
    if (hit) return hit;
    const members = this.q.membersOf.all(id).map((r) => JSON.parse(r.data) as EventMention);
    if (members.length === 0) return null;
    const event: MergedEvent = { id, family: ploverInfo(members[0]!.type).family, members };
    cache.set(id, event);
    return event;
  }

  private writeSummary(event: MergedEvent): void {
    const s = summarize(event);
    const interval = timeInterval(s.time);
    this.q.deleteEvent.run(event.id);
    this.q.insertEvent.run({
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
    });
    for (const a of s.sources) this.q.insertActor.run(event.id, a, 'source');
    for (const a of s.targets) this.q.insertActor.run(event.id, a, 'target');
  }

  private writeClaimForEvent(analysis: Analysis, m: EventMention, evidenceEnd: number): void {
    const names = (ids: string[]): string => ids.map(this.entityName).join(', ') || '?';
    const time = m.time ?? null;
    this.q.insertClaim.run({
      id: contentId('clm', m.id),
      document_id: analysis.document.id,
      kind: 'event',
      event_mention_id: m.id,
      claimant: m.attribution?.source ?? null,
      claimant_text: m.attribution?.text ?? null,
      attributed: m.attribution ? 1 : 0,
      subject: m.sources[0] ?? null,
      places: JSON.stringify(unique([m.location, ...m.targets.filter((t) => this.entityCountry(t) !== null)])),
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
    });
  }

  /** A quantity as a claim; returns its subject when it is a force figure. */
  private writeClaimForQuantity(analysis: Analysis, q: Quantity, g: (id: string | null | undefined) => string | null): string | null {
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
    const subjectCountry = subject ? this.entityCountry(subject) : null;
    if (subjectCountry) places.add(entityId(`country:${subjectCountry}`, 'GPE', ''));
    const force = subject !== null && isForceUnit(q.unit) && canFieldForce(this.entityKind(subject));
    this.q.insertClaim.run({
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
    });
    return force ? subject : null;
  }

  private publishedOf(documentId: string): TimeValue | null {
    const row = this.q.published.get(documentId);
    return row?.published ? (JSON.parse(row.published) as TimeValue) : null;
  }

  private insertContradictions(list: Contradiction[]): void {
    for (const c of list) {
      this.q.insertContradiction.run({
        id: c.id,
        kind: c.kind,
        about: c.about,
        event_id: c.eventId,
        subject_id: c.subjectId,
        a: JSON.stringify(c.a),
        b: JSON.stringify(c.b),
        a_document: c.a.documentId,
        b_document: c.b.documentId,
      });
    }
  }

  private refreshContradictions(event: MergedEvent): void {
    this.q.deleteContradictionsOfEvent.run(event.id);
    this.insertContradictions(contradictionsOf(event, this.entityName));
  }

  private refreshForceContradictions(subject: string): void {
    this.q.deleteForceContradictions.run(subject);
    const claims: ForceClaim[] = this.q.forceClaimsOf.all(subject).map((r) => ({
      id: r.id,
      documentId: r.document_id,
      subject,
      value: r.value,
      low: r.low,
      high: r.high,
      approx: r.approx === 1,
      unit: r.unit ?? '',
      time: r.time ? (JSON.parse(r.time) as TimeValue) : this.publishedOf(r.document_id),
      claimant: r.claimant,
      claimantText: r.claimant_text,
      sentence: r.sentence,
    }));
    this.insertContradictions(forceContradictions(claims, this.entityName));
  }
}

/** Actors whose presence is denied or reported by these happenings (where presence contradictions can change). */
function presenceActors(events: readonly MergedEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    for (const m of e.members) {
      if (m.type === 'REJECT' && m.subtype === 'deny') for (const t of m.targets) out.add(t);
      if (m.type === 'MOBILIZE') for (const a of m.sources) out.add(a);
    }
  }
  return out;
}

function unique(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

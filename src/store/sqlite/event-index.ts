import type Database from 'better-sqlite3';
import { timeInterval } from '../../resolve/time-intervals.js';
import {
  addMember,
  chooseMerge,
  contradictionsOf,
  forceContradictions,
  newMergedEventId,
  ploverInfo,
  presenceContradictions,
  type Contradiction,
  type EventMention,
  type MergedEvent,
} from '../../resolve/events.js';
import type { Analysis, Quantity } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';
import {
  contradictionRow,
  eventClaimRow,
  eventMentionOf,
  eventSummaryRow,
  forceClaimOf,
  globalMapper,
  mergedOf,
  namedIn,
  presenceActors,
  quantityClaimRow,
  type ClaimRow,
  type GlobalOf,
} from '../shared/event-rules.js';

export { canFieldForce, isForceUnit } from '../shared/event-rules.js';

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
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = ? GROUP BY local_id, entity_id ORDER BY n DESC, local_id, entity_id',
      ),
      // A dated report can only join an undated happening or one whose time overlaps its own. A busy actor (a
      // country in every article) is in thousands of happenings: the 200 most recently written are the candidates,
      // which keeps each write bounded as the store grows.
      candidatesByActor: db.prepare<[{ actor: string; family: string; from: string | null; to: string | null }], { merged_id: string }>(
        `SELECT DISTINCT a.event_id AS merged_id FROM event_actors a JOIN events e ON e.id = a.event_id
         WHERE a.entity_id = @actor AND e.family = @family AND (e.time_start IS NULL OR @from IS NULL OR (e.time_start <= @to AND e.time_end >= @from))
         ORDER BY e.rowid DESC LIMIT 200`,
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
        `SELECT DISTINCT m.data, m.id FROM event_mentions m JOIN event_actors a ON a.event_id = m.merged_id
         WHERE a.entity_id = ? AND m.family IN ('reject', 'mobilize') ORDER BY m.id LIMIT 1000`,
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
    const g = globalMapper(this.q.localToGlobal.all(doc.id));
    const touched = new Map<string, MergedEvent>();
    const cache = new Map<string, MergedEvent>();

    for (const e of analysis.events) {
      const mention = eventMentionOf(analysis, e, g);
      const family = ploverInfo(mention.type).family;
      const candidateIds = new Set<string>();
      const span = timeInterval(mention.time);
      for (const a of [...mention.sources, ...mention.targets]) {
        for (const r of this.q.candidatesByActor.all({ actor: a, family, from: span?.[0] ?? null, to: span?.[1] ?? null })) candidateIds.add(r.merged_id);
      }
      if (mention.location) for (const r of this.q.candidatesByLocation.all(mention.location, family)) candidateIds.add(r.merged_id);
      for (const t of touched.values()) if (t.family === family) candidateIds.add(t.id);
      const candidates = [...candidateIds].map((id) => touched.get(id) ?? this.load(id, cache)).filter((x): x is MergedEvent => !!x);
      const chosen = chooseMerge(mention, candidates, this.entityCountry) ?? { id: newMergedEventId(mention), family, members: [] };
      addMember(chosen, mention);
      touched.set(chosen.id, chosen);
      this.remember(chosen);
      this.q.insertMention.run(mention.id, doc.id, chosen.id, family, JSON.stringify(mention));
      this.writeClaimForEvent(analysis, mention, e.evidence.end);
    }

    const subjects = new Set<string>();
    for (const quantity of analysis.quantities) {
      const subject = this.writeClaimForQuantity(analysis, quantity, g);
      if (subject) subjects.add(subject);
    }
    // Summaries once per touched happening: later mentions of this document find them through \`touched\`.
    for (const event of touched.values()) this.writeSummary(event);
    for (const event of touched.values()) this.refreshContradictions(event);
    for (const s of subjects) this.refreshForceContradictions(s);
    for (const a of presenceActors([...touched.values()])) this.refreshPresenceContradictions(a);
  }

  /**
   * Reads a document's events again (after an analyst merged or split entities, its canonical ids changed):
   * its mentions and claims go, what they touched is refreshed, and the document is indexed anew.
   */
  reindexDocument(analysis: Analysis): void {
    this.recent.clear();
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
    this.recent.clear();
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
    return namedIn(sentence, this.q.namesOf.all(entityId).map((n) => n.folded));
  }

  /**
   * Happenings recently read or written, kept across documents: this index is the store's only writer, and every
   * report it adds goes into the cached object too, so the cache stays true until a refresh (which clears it).
   */
  private readonly recent = new Map<string, MergedEvent>();

  private load(id: string, cache: Map<string, MergedEvent>): MergedEvent | null {
    const hit = cache.get(id) ?? this.recent.get(id);
    if (hit) {
      cache.set(id, hit);
      return hit;
    }
    const event = mergedOf(id, this.q.membersOf.all(id).map((r) => JSON.parse(r.data) as EventMention));
    if (!event) return null;
    cache.set(id, event);
    this.remember(event);
    return event;
  }

  private remember(event: MergedEvent): void {
    this.recent.delete(event.id);
    this.recent.set(event.id, event);
    if (this.recent.size > 5_000) this.recent.delete(this.recent.keys().next().value!);
  }

  private writeSummary(event: MergedEvent): void {
    const { row, actors } = eventSummaryRow(event);
    this.q.deleteEvent.run(event.id);
    this.q.insertEvent.run(row);
    for (const [a, role] of actors) this.q.insertActor.run(event.id, a, role);
  }

  private writeClaimForEvent(analysis: Analysis, m: EventMention, evidenceEnd: number): void {
    this.q.insertClaim.run(eventClaimRow(analysis, m, evidenceEnd, this.entityName, this.entityCountry));
  }

  /** A quantity as a claim; returns its subject when it is a force figure. */
  private writeClaimForQuantity(analysis: Analysis, q: Quantity, g: GlobalOf): string | null {
    const claim = quantityClaimRow(analysis, q, g, this.entityCountry, this.entityKind);
    if (!claim) return null;
    this.q.insertClaim.run(claim.row);
    return claim.forceSubject;
  }

  private publishedOf(documentId: string): TimeValue | null {
    const row = this.q.published.get(documentId);
    return row?.published ? (JSON.parse(row.published) as TimeValue) : null;
  }

  private insertContradictions(list: Contradiction[]): void {
    for (const c of list) this.q.insertContradiction.run(contradictionRow(c));
  }

  private refreshContradictions(event: MergedEvent): void {
    this.q.deleteContradictionsOfEvent.run(event.id);
    this.insertContradictions(contradictionsOf(event, this.entityName));
  }

  private refreshForceContradictions(subject: string): void {
    this.q.deleteForceContradictions.run(subject);
    const claims = this.q.forceClaimsOf.all(subject).map((r) => forceClaimOf(r, subject, (id) => this.publishedOf(id)));
    this.insertContradictions(forceContradictions(claims, this.entityName));
  }
}


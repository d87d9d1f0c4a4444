import type Database from 'better-sqlite3';
import { candidateBuckets, clusterCanonically, eventLinkKeys, eventSpan, linkLookups, membershipOf } from '../../resolve/event-clusters.js';
import {
  contradictionsOf,
  FORCE_WINDOW_DAYS,
  forceContradictionId,
  forceContradictions,
  ploverInfo,
  deniesPresence,
  presenceContradictionId,
  presenceContradictions,
  presenceVoice,
  reportsPresence,
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
  namedIn,
  presenceActors,
  presenceRows,
  quantityClaimRow,
  sameContradictionRow,
  type ClaimRow,
  type ContradictionRow,
  type GlobalOf,
} from '../shared/event-rules.js';

export { canFieldForce, isForceUnit } from '../shared/event-rules.js';

export interface EntityFacts {
  name: string;
  country: string | null;
  kind: string | null;
}

/**
 * What a document's going touches: its link components, its force figures (subject and group), and per actor
 * whose presence its reports deny or report, the voices of its denials and whether it held one of the actor's
 * first two presence reports.
 */
export interface Touched {
  events: string[];
  forces: Array<{ subject: string; group: { key: string; middle: number } | null }>;
  presence: Array<{ actor: string; full: boolean; voices: string[] }>;
}

/** The groups of force figures by subject (a figure without a group still names its subject). */
function forceGroupsBySubject(forces: Touched['forces']): Map<string, Array<{ key: string; middle: number }>> {
  const groups = new Map<string, Array<{ key: string; middle: number }>>();
  for (const f of forces) {
    let list = groups.get(f.subject);
    if (!list) groups.set(f.subject, (list = []));
    if (f.group) list.push(f.group);
  }
  return groups;
}

/** A force figure's claim row with what the windowed refresh reads: its publication, group and middle. */
type ForceClaimRow = ClaimRow & { document_published: string | null; force_group: string; force_middle: number | null };

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
    /** What events and claims record of an entity (its current name, kind and country). */
    private readonly entityFacts: (id: string) => EntityFacts | undefined,
  ) {
    this.q = {
      localToGlobal: db.prepare<[string], { local_id: string; entity_id: string; n: number }>(
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = ? GROUP BY local_id, entity_id ORDER BY n DESC, local_id, entity_id',
      ),
      // Components holding a report a new one may be linked to: one of its lookups among their keys (`linkKeys`),
      // the same family, and one of the report's time buckets. No limit: keys and buckets bound the answer, and a
      // limit would make it depend on what came first.
      candidates: db.prepare<[{ keys: string; family: string; buckets: string }], { component: string }>(
        `SELECT DISTINCT e.component FROM event_link_keys k JOIN events e ON e.id = k.event_id
         WHERE k.link_key IN (SELECT value FROM json_each(@keys)) AND k.family = @family
           AND k.bucket IN (SELECT value FROM json_each(@buckets))`,
      ),
      membersOfComponent: db.prepare<[string], { data: string; merged_id: string }>('SELECT data, merged_id FROM event_mentions WHERE component = ? ORDER BY id'),
      eventsOfComponent: db.prepare<[string], { id: string }>('SELECT id FROM events WHERE component = ?'),
      eventExists: db.prepare<[string], { id: string }>('SELECT id FROM events WHERE id = ?'),
      componentsOfDocument: db.prepare<[string], { component: string }>('SELECT DISTINCT component FROM event_mentions WHERE document_id = ?'),
      mentionsOfDocument: db.prepare<[string], { data: string }>('SELECT data FROM event_mentions WHERE document_id = ? ORDER BY id'),
      placeMention: db.prepare('UPDATE event_mentions SET merged_id = ?, component = ? WHERE id = ?'),
      insertKey: db.prepare('INSERT OR IGNORE INTO event_link_keys (link_key, family, bucket, event_id) VALUES (?, ?, ?, ?)'),
      membersOf: db.prepare<[string], { data: string }>('SELECT data FROM event_mentions WHERE merged_id = ? ORDER BY id'),
      familyOf: db.prepare<[string], { family: string }>('SELECT family FROM events WHERE id = ?'),
      insertMention: db.prepare('INSERT OR REPLACE INTO event_mentions (id, document_id, merged_id, family, data, component) VALUES (?, ?, ?, ?, ?, ?)'),
      deleteEvent: db.prepare('DELETE FROM events WHERE id = ?'),
      renameEvent: db.prepare('UPDATE events SET id = ? WHERE id = ?'),
      renameEventActors: db.prepare('UPDATE event_actors SET event_id = ? WHERE event_id = ?'),
      // Moving a happening's entities together leaves its pairs of entities as they are: no trigger on update.
      renameEventEntities: db.prepare('UPDATE event_entities SET event_id = ? WHERE event_id = ?'),
      renameEventKeys: db.prepare('UPDATE event_link_keys SET event_id = ? WHERE event_id = ?'),
      // A happening rewritten in place: its row updated, its actors and keys changed by difference (deleting the
      // row would take every actor and key with it, to be written again a moment later). A plain UPDATE, then an
      // INSERT: an upsert's conflict clause would override the `OR IGNORE` of the triggers it fires.
      updateEvent: db.prepare(
        `UPDATE events SET family = @family, type = @type, subtype = @subtype, quad = @quad, sources = @sources, targets = @targets,
           location = @location, time = @time, time_start = @time_start, time_end = @time_end, mentions = @mentions, documents = @documents,
           component = @component, span_start = @span_start, span_end = @span_end, undated = @undated
         WHERE id = @id`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (id, family, type, subtype, quad, sources, targets, location, time, time_start, time_end, mentions, documents,
           component, span_start, span_end, undated)
         VALUES (@id, @family, @type, @subtype, @quad, @sources, @targets, @location, @time, @time_start, @time_end, @mentions, @documents,
           @component, @span_start, @span_end, @undated)`,
      ),
      actorsOfEvent: db.prepare<[string], { entity_id: string; role: string }>('SELECT entity_id, role FROM event_actors WHERE event_id = ?'),
      deleteActor: db.prepare('DELETE FROM event_actors WHERE event_id = ? AND entity_id = ? AND role = ?'),
      keysOfEvent: db.prepare<[string], { link_key: string; family: string; bucket: string }>('SELECT link_key, family, bucket FROM event_link_keys WHERE event_id = ?'),
      deleteKey: db.prepare('DELETE FROM event_link_keys WHERE link_key = ? AND family = ? AND bucket = ? AND event_id = ?'),
      insertActor: db.prepare('INSERT OR IGNORE INTO event_actors (event_id, entity_id, role) VALUES (?, ?, ?)'),
      // A happening's entities, once each: triggers keep entity_pairs (migration 10) from them.
      entitiesOfEvent: db.prepare<[string], { entity_id: string }>('SELECT entity_id FROM event_entities WHERE event_id = ?'),
      insertEventEntity: db.prepare('INSERT OR IGNORE INTO event_entities (event_id, entity_id) VALUES (?, ?)'),
      deleteEventEntity: db.prepare('DELETE FROM event_entities WHERE event_id = ? AND entity_id = ?'),
      mergedOfDocument: db.prepare<[string], { merged_id: string }>('SELECT DISTINCT merged_id FROM event_mentions WHERE document_id = ?'),
      // By the document's claims: the planner would otherwise walk every force figure (claims_force_subject).
      forceGroupsOfDocument: db.prepare<[string], { subject: string; force_group: string | null; force_middle: number | null }>(
        'SELECT subject, force_group, force_middle FROM claims INDEXED BY claims_document WHERE document_id = ? AND force = 1 AND subject IS NOT NULL',
      ),
      insertClaim: db.prepare(
        `INSERT OR REPLACE INTO claims (id, document_id, kind, event_mention_id, claimant, claimant_text, attributed, subject, places,
           statement, value, low, high, approx, unit, force, modality, time, time_start, sentence, start, end, force_group, force_middle,
           force_key, force_order)
         VALUES (@id, @document_id, @kind, @event_mention_id, @claimant, @claimant_text, @attributed, @subject, @places,
           @statement, @value, @low, @high, @approx, @unit, @force, @modality, @time, @time_start, @sentence, @start, @end,
           @force_group, @force_middle,
           CASE WHEN @force = 1 THEN coalesce(@time_start, (SELECT published_value FROM documents WHERE id = @document_id)) END,
           CASE WHEN @force = 1 THEN coalesce(json_extract(@time, '$.value'), (SELECT published_value FROM documents WHERE id = @document_id), '9999') END)`,
      ),
      // A subject's force figures of some groups (`forceGroupOf`), and the groups with a figure in a window of time.
      forceGroupMembers: db.prepare<[string, string], ForceClaimRow>(
        `SELECT c.*, d.published AS document_published FROM claims c JOIN documents d ON d.id = c.document_id
         WHERE c.subject = ? AND c.force = 1 AND c.force_group IN (SELECT value FROM json_each(?))`,
      ),
      forceGroupsBetween: db.prepare<[string, number, number], { force_group: string }>(
        'SELECT DISTINCT force_group FROM claims WHERE subject = ? AND force = 1 AND force_middle BETWEEN ? AND ?',
      ),
      contradictionsById: db.prepare<[string], ContradictionRow>(
        'SELECT id, kind, about, event_id, subject_id, a, b, a_document, b_document FROM contradictions WHERE id IN (SELECT value FROM json_each(?))',
      ),
      // The reports presence contradictions are found from (see `presenceContradictions`): every denial, the
      // first presence report, the first of another document, and those of the denials' documents.
      presenceDenials: db.prepare<[string], { data: string; document_id: string }>(
        `SELECT m.data, p.document_id FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = ? AND p.role = 'denial' ORDER BY p.mention_id`,
      ),
      firstPresence: db.prepare<[string, string], { data: string; document_id: string; mention_id: string }>(
        `SELECT m.data, p.document_id, p.mention_id FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = ? AND p.role = 'presence' AND p.document_id != ? ORDER BY p.mention_id LIMIT 1`,
      ),
      // From the documents (a few reports each), not from the actor's reports (which grow with the store).
      presenceIn: db.prepare<[{ actor: string; documents: string }], { data: string }>(
        `SELECT m.data FROM json_each(@documents) j CROSS JOIN presence_reports p INDEXED BY presence_reports_document ON p.document_id = j.value
         JOIN event_mentions m ON m.id = p.mention_id WHERE p.actor = @actor AND p.role = 'presence' ORDER BY p.mention_id`,
      ),
      firstDenialOf: db.prepare<[string, string], { data: string; document_id: string; mention_id: string }>(
        `SELECT m.data, p.document_id, p.mention_id FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = ? AND p.voice = ? AND p.role = 'denial' ORDER BY p.mention_id LIMIT 1`,
      ),
      deleteContradiction: db.prepare('DELETE FROM contradictions WHERE id = ?'),
      insertPresence: db.prepare(
        'INSERT OR IGNORE INTO presence_reports (actor, role, mention_id, document_id, voice) VALUES (@actor, @role, @mention_id, @document_id, @voice)',
      ),
      deletePresenceOf: db.prepare('DELETE FROM presence_reports WHERE document_id = ?'),
      deletePresenceContradictions: db.prepare("DELETE FROM contradictions WHERE kind = 'denial' AND event_id IS NULL AND subject_id = ?"),
      namesOf: db.prepare<[string], { folded: string }>("SELECT folded FROM entity_names WHERE entity_id = ? AND role != 'surname'"),
      deleteMentionsOf: db.prepare('DELETE FROM event_mentions WHERE document_id = ?'),
      deleteClaimsOf: db.prepare('DELETE FROM claims WHERE document_id = ?'),
      deleteContradictionsOfEvent: db.prepare('DELETE FROM contradictions WHERE event_id = ?'),
      insertContradiction: db.prepare(
        `INSERT OR REPLACE INTO contradictions (id, kind, about, event_id, subject_id, a, b, a_document, b_document)
         VALUES (@id, @kind, @about, @event_id, @subject_id, @a, @b, @a_document, @b_document)`,
      ),
    };
  }

  /**
   * Entities asked about during one write (merging asks about the same places over and over, and every claim
   * about its actors): entities do not change while events are written, so one read each per write.
   */
  private readonly facts = new Map<string, EntityFacts | null>();
  private fact(id: string): EntityFacts | null {
    let f = this.facts.get(id);
    if (f === undefined) this.facts.set(id, (f = this.entityFacts(id) ?? null));
    return f;
  }
  private readonly entityName = (id: string): string => this.fact(id)?.name ?? id;
  private readonly entityCountry = (id: string): string | null => this.fact(id)?.country ?? null;
  private readonly entityKind = (id: string): string | null => this.fact(id)?.kind ?? null;
  private readonly countryOf = this.entityCountry;

  /** Writes a document's events and claims and refreshes what they touch. Call after its entities are indexed. */
  indexDocument(analysis: Analysis): void {
    this.indexDocuments([analysis]);
  }

  /**
   * Writes several documents' events and claims at once: one re-clustering of every component they touch, and
   * each force subject and actor refreshed once. The state is a function of the set of reports, so this ends as
   * writing them one by one would.
   */
  indexDocuments(analyses: readonly Analysis[], removed: Touched | null = null): void {
    this.facts.clear();
    const written = analyses.map((analysis) => {
      const g = globalMapper(this.q.localToGlobal.all(analysis.document.id));
      return { analysis, g, mentions: analysis.events.map((e) => eventMentionOf(analysis, e, g)) };
    });
    const mentions = written.flatMap((w) => w.mentions);
    /** Stored components new reports may join, each with the first of those reports. */
    const firstNew = new Map<string, string>();
    for (const m of mentions) {
      const keys = linkLookups(m);
      if (!keys.length) continue; // links, if at all, within its own document
      const query = { keys: JSON.stringify(keys), family: ploverInfo(m.type).family, buckets: JSON.stringify(candidateBuckets(m)) };
      for (const { component } of this.q.candidates.all(query)) {
        const first = firstNew.get(component);
        if (first === undefined || m.id < first) firstNew.set(component, m.id);
      }
    }
    // Documents read again: the components their previous reports were in are clustered with the new ones once.
    const stale = new Set(removed?.events ?? []);
    const staleEvents = this.staleEventsOf(stale);
    const components = new Set([...firstNew.keys(), ...stale]);
    const after = this.recluster([...components], mentions, stale, staleEvents, firstNew);
    this.dropStaleEvents(staleEvents, after);

    const forces: Touched['forces'] = [...(removed?.forces ?? [])];
    for (const { analysis, g, mentions: own } of written) {
      analysis.events.forEach((e, i) => this.writeClaimForEvent(analysis, own[i]!, e.evidence.end));
      for (const quantity of analysis.quantities) {
        const force = this.writeClaimForQuantity(analysis, quantity, g);
        if (force) forces.push(force);
      }
    }
    // The force figures written (and those that went), by subject: only their groups' contradictions can change.
    const added = forceGroupsBySubject(forces);
    for (const s of [...added.keys()].sort()) this.refreshForceContradictionsOf(s, added.get(s)!);
    if (removed) this.removePresenceOf(removed.presence);
    // Which reports deny or report an actor's presence does not depend on how they are clustered: only the
    // actors these documents' reports name can gain or lose such a contradiction.
    for (const a of [...presenceActors([{ id: '', family: '', members: mentions }])].sort()) this.addPresenceContradictions(a, mentions);
  }

  /** The stored happenings of components about to be clustered again after reports went. */
  private staleEventsOf(components: ReadonlySet<string>): Set<string> {
    const stale = new Set<string>();
    for (const c of components) for (const r of this.q.eventsOfComponent.all(c)) stale.add(r.id);
    return stale;
  }

  /** Reports of documents that went are gone from event_mentions (cascade); their happenings go unless live. */
  private dropStaleEvents(stale: ReadonlySet<string>, after: readonly MergedEvent[]): void {
    const live = new Set(after.map((e) => e.id));
    for (const id of stale) {
      if (live.has(id) && this.q.eventExists.get(id)) continue;
      if (this.q.membersOf.all(id).length) continue;
      this.q.deleteEvent.run(id);
      this.q.deleteContradictionsOfEvent.run(id);
    }
  }

  /** The presence contradictions that reports which went can change (see `removePresenceReports`). */
  private removePresenceOf(touched: Touched['presence']): void {
    const presence = new Map<string, { full: boolean; voices: string[] }>();
    for (const p of touched) {
      const seen = presence.get(p.actor);
      if (seen) {
        seen.full ||= p.full;
        seen.voices.push(...p.voices);
      } else presence.set(p.actor, { full: p.full, voices: [...p.voices] });
    }
    for (const a of [...presence.keys()].sort()) this.removePresenceReports(a, presence.get(a)!);
  }

  /**
   * After reports were added (none went): a denial is paired with the first presence report of another document
   * (else of its own), so unless an added presence report is now one of the first two (of two documents), only the
   * added denials that are now the first of their voice get a contradiction (replacing the one of their voice).
   */
  private addPresenceContradictions(actor: string, added: readonly EventMention[]): void {
    const first = this.q.firstPresence.get(actor, '');
    const second = first ? this.q.firstPresence.get(actor, first.document_id) : undefined;
    if (added.some((m) => reportsPresence(m, actor) && (m.id === first?.mention_id || m.id === second?.mention_id))) {
      this.refreshPresenceContradictions(actor);
      return;
    }
    const addedIds = new Set(added.map((m) => m.id));
    for (const voice of [...new Set(added.filter((m) => deniesPresence(m, actor)).map(presenceVoice))].sort()) {
      const denial = this.q.firstDenialOf.get(actor, voice);
      if (!denial || !addedIds.has(denial.mention_id)) continue;
      this.rewritePresenceVoice(actor, voice, denial, first, second);
    }
  }

  /**
   * The presence contradiction of one voice denying an actor's presence, written again from its first denial
   * (none: it goes) and the presence reports it can be paired with (`presenceContradictions`).
   */
  private rewritePresenceVoice(
    actor: string,
    voice: string,
    denial: { data: string; document_id: string } | undefined,
    first: { data: string } | undefined,
    second: { data: string } | undefined,
  ): void {
    this.q.deleteContradiction.run(presenceContradictionId(actor, voice));
    if (!denial) return;
    const data = [denial.data, ...(first ? [first.data] : []), ...(second ? [second.data] : [])];
    for (const r of this.q.presenceIn.all({ actor, documents: JSON.stringify([denial.document_id]) })) data.push(r.data);
    const mentions = [...new Set(data)].map((d) => JSON.parse(d) as EventMention);
    this.insertContradictions(presenceContradictions(actor, mentions, this.entityName, (sentence, id) => this.namedIn(sentence, id)));
  }

  /**
   * After reports went (`touchedBy` said which, before): the voices that had a denial among them are written
   * again; every voice is, when one of them was one of the actor's first two presence reports (of two documents),
   * which every denial may be paired with. A voice's row depends on no other report, so the others stay.
   */
  private removePresenceReports(actor: string, removed: { full: boolean; voices: string[] }): void {
    if (removed.full) {
      this.refreshPresenceContradictions(actor);
      return;
    }
    const first = this.q.firstPresence.get(actor, '');
    const second = first ? this.q.firstPresence.get(actor, first.document_id) : undefined;
    for (const voice of [...new Set(removed.voices)].sort()) this.rewritePresenceVoice(actor, voice, this.q.firstDenialOf.get(actor, voice), first, second);
  }

  /**
   * Clusters again the components given plus new reports (see `clusterCanonically`): happenings whose members
   * changed are rewritten with their contradictions, the others stay. Those of `stale` components, which reports
   * left, are all rewritten, as their stored summaries still count them; `staleEvents` are their stored
   * happenings. `firstNew`: per component, the first added report that reaches it (see `PriorClustering`).
   * Returns the happenings before and after.
   */
  private recluster(
    componentIds: string[],
    added: EventMention[],
    stale: ReadonlySet<string>,
    staleEvents: ReadonlySet<string>,
    firstNew: ReadonlyMap<string, string>,
  ): MergedEvent[] {
    const old = new Map<string, EventMention>();
    const oldEvents = new Map<string, EventMention[]>();
    const oldPlacement = new Map<string, { merged: string; component: string }>();
    for (const id of [...new Set(componentIds)].sort()) {
      for (const r of this.q.membersOfComponent.all(id)) {
        const m = JSON.parse(r.data) as EventMention;
        old.set(m.id, m);
        let list = oldEvents.get(r.merged_id);
        if (!list) oldEvents.set(r.merged_id, (list = []));
        list.push(m);
        oldPlacement.set(m.id, { merged: r.merged_id, component: id });
      }
    }
    const oldMembership = new Map<string, string>();
    for (const [id, list] of oldEvents) oldMembership.set(id, membershipOf({ id, family: '', members: list }));

    const addedIds = new Set(added.map((m) => m.id));
    const all = [...[...old.values()].filter((m) => !addedIds.has(m.id)), ...added];
    // Reports were only added: in each component, those before the first added report that reaches it keep
    // their happenings.
    const prior = added.length && !stale.size ? { from: firstNew, placement: oldPlacement } : null;
    const components = clusterCanonically(all, this.countryOf, prior);
    const kept = new Set<string>();
    for (const c of components) {
      for (const e of c.events) {
        const was = oldPlacement.get(e.members[0]!.id)?.component;
        if (was === c.id && !stale.has(was) && oldMembership.get(e.id) === membershipOf(e)) kept.add(e.id);
      }
    }
    // Happenings that are gone; those that changed are rewritten in place below (`writeSummary`).
    const rewritten = new Set<string>();
    for (const c of components) for (const e of c.events) if (!kept.has(e.id)) rewritten.add(e.id);
    // A happening that is gone because its smallest report changed lives on in the new happening that holds its
    // reports: its row, actors, entities and keys are renamed, and `writeSummary` updates what else changed.
    // Deleting them all and writing them again cost twice as much, and a new report takes the smallest id often.
    // An heir's id is new to the store: a stale component's happening whose reports all went still has its row
    // (`dropStaleEvents` takes it later), and a document read again brings back reports with their old ids, so
    // its happening may come back under that id and is updated in place.
    const heirs = new Map<string, string>();
    for (const c of components) {
      for (const e of c.events) if (!oldEvents.has(e.id) && !staleEvents.has(e.id)) for (const m of e.members) heirs.set(m.id, e.id);
    }
    /** New ids already given to a stored happening: an heir takes one. */
    const renamed = new Set<string>();
    for (const [id, members] of oldEvents) {
      if (kept.has(id) || rewritten.has(id)) continue;
      const heir = members.map((m) => heirs.get(m.id)).find((h) => h !== undefined && !renamed.has(h));
      if (heir !== undefined) {
        // The rows that point at a renamed happening follow in the same transaction: foreign keys wait for its end.
        if (!renamed.size) this.db.pragma('defer_foreign_keys = ON');
        this.renameEvent(id, heir);
        renamed.add(heir);
      } else this.q.deleteEvent.run(id);
      this.q.deleteContradictionsOfEvent.run(id);
    }
    const changed: MergedEvent[] = [];
    for (const c of components) {
      for (const e of c.events) {
        for (const m of e.members) {
          if (addedIds.has(m.id)) {
            this.q.insertMention.run(m.id, m.documentId, e.id, e.family, JSON.stringify(m), c.id);
            for (const row of presenceRows([m])) this.q.insertPresence.run(row);
          }
          else {
            const was = oldPlacement.get(m.id);
            if (!was || was.merged !== e.id || was.component !== c.id) this.q.placeMention.run(e.id, c.id, m.id);
          }
        }
        if (kept.has(e.id)) continue;
        this.writeSummary(e, c.id, oldEvents.has(e.id) || renamed.has(e.id) || staleEvents.has(e.id));
        this.refreshContradictions(e);
        changed.push(e);
      }
    }
    const before = [...oldEvents.entries()].map(([id, members]) => ({ id, family: ploverInfo(members[0]!.type).family, members }));
    return [...before, ...changed];
  }

  /**
   * Reads documents' events again (after an analyst merged or split entities, or an entity's attributes
   * changed): their mentions and claims go, what they touched is refreshed once, and they are indexed anew
   * together (one re-clustering for all of them rather than two per document).
   */
  reindexDocuments(analyses: readonly Analysis[]): void {
    if (!analyses.length) return;
    const touched: Touched = { events: [], forces: [], presence: [] };
    for (const analysis of analyses) {
      const t = this.touchedBy(analysis.document.id);
      touched.events.push(...t.events);
      touched.forces.push(...t.forces);
      touched.presence.push(...t.presence);
    }
    for (const analysis of analyses) {
      this.q.deleteMentionsOf.run(analysis.document.id);
      this.q.deletePresenceOf.run(analysis.document.id);
      this.q.deleteClaimsOf.run(analysis.document.id);
    }
    this.indexDocuments(analyses, { ...touched, events: [...new Set(touched.events)] });
  }

  /** Before a document goes: the components, force figures and denied or reported actors it touches. */
  touchedBy(documentId: string): Touched {
    const components = this.q.componentsOfDocument.all(documentId).map((r) => r.component);
    const members = this.q.mentionsOfDocument.all(documentId).map((r) => JSON.parse(r.data) as EventMention);
    const ids = new Set(members.map((m) => m.id));
    const presence = [...presenceActors([{ id: '', family: '', members }])].sort().map((actor) => {
      const first = this.q.firstPresence.get(actor, '');
      const second = first ? this.q.firstPresence.get(actor, first.document_id) : undefined;
      return {
        actor,
        full: (!!first && ids.has(first.mention_id)) || (!!second && ids.has(second.mention_id)),
        voices: members.filter((m) => deniesPresence(m, actor)).map(presenceVoice),
      };
    });
    return {
      events: components,
      forces: this.q.forceGroupsOfDocument
        .all(documentId)
        .map((r) => ({ subject: r.subject, group: r.force_group === null ? null : { key: r.force_group, middle: r.force_middle! } })),
      presence,
    };
  }

  /** After documents went: cluster the components they touched again and find their contradictions again. */
  refresh(touched: Touched): void {
    this.facts.clear();
    const components = new Set(touched.events);
    const stale = this.staleEventsOf(components);
    this.dropStaleEvents(stale, this.recluster([...components], [], components, stale, new Map()));
    // Only the groups the figures that went were in, and their neighbours, can gain or lose a contradiction.
    const groups = forceGroupsBySubject(touched.forces);
    for (const s of [...groups.keys()].sort()) this.refreshForceContradictionsOf(s, groups.get(s)!);
    this.removePresenceOf(touched.presence);
  }

  private refreshPresenceContradictions(actor: string): void {
    this.q.deletePresenceContradictions.run(actor);
    const denials = this.q.presenceDenials.all(actor);
    const presence = new Map<string, string>();
    const first = this.q.firstPresence.get(actor, '');
    if (first) {
      presence.set(first.data, first.document_id);
      const second = this.q.firstPresence.get(actor, first.document_id);
      if (second) presence.set(second.data, second.document_id);
    }
    if (denials.length) for (const r of this.q.presenceIn.all({ actor, documents: JSON.stringify([...new Set(denials.map((d) => d.document_id))]) })) presence.set(r.data, '');
    const mentions = [...denials.map((r) => r.data), ...presence.keys()].map((data) => JSON.parse(data) as EventMention);
    this.insertContradictions(presenceContradictions(actor, mentions, this.entityName, (sentence, id) => this.namedIn(sentence, id)));
  }

  /** Whether a sentence names an entity by one of its names or aliases (folded, on word boundaries). */
  private namedIn(sentence: string, entityId: string): boolean {
    return namedIn(sentence, this.q.namesOf.all(entityId).map((n) => n.folded));
  }

  /** Gives a stored happening a new id, with its actors, entities and link keys (foreign keys deferred). */
  private renameEvent(from: string, to: string): void {
    this.q.renameEvent.run(to, from);
    this.q.renameEventActors.run(to, from);
    this.q.renameEventEntities.run(to, from);
    this.q.renameEventKeys.run(to, from);
  }

  /**
   * Writes a happening's row, actors, entities and keys. `stored`: a row with its id may exist (a stored happening,
   * renamed or not, or a stale one); any other id is new to the store, and is inserted without first trying an
   * update that finds no row (21,358 of 28,576 updates on 1,000 news documents in groups of 256 did).
   */
  private writeSummary(event: MergedEvent, component: string, stored: boolean): void {
    const { row, actors } = eventSummaryRow(event);
    const span = eventSpan(event);
    const values = { ...row, component, span_start: span.start, span_end: span.end, undated: span.undated ? 1 : 0 };
    const entities = [...new Set([...actors.map(([a]) => a), ...(row.location ? [row.location] : [])])].sort();
    if (!stored || this.q.updateEvent.run(values).changes === 0) {
      // A new happening has no actors, entities or keys yet (they go with their happening).
      this.q.insertEvent.run(values);
      for (const [a, role] of actors) this.q.insertActor.run(event.id, a, role);
      for (const x of entities) this.q.insertEventEntity.run(event.id, x);
      for (const k of eventLinkKeys(event)) this.q.insertKey.run(k.key, event.family, k.bucket, event.id);
      return;
    }
    const entitiesWanted = new Set(entities);
    for (const r of this.q.entitiesOfEvent.all(event.id)) {
      if (!entitiesWanted.delete(r.entity_id)) this.q.deleteEventEntity.run(event.id, r.entity_id);
    }
    for (const x of entitiesWanted) this.q.insertEventEntity.run(event.id, x);
    const actorsWanted = new Map(actors.map(([a, role]) => [`${a}\u0000${role}`, [a, role] as const]));
    for (const r of this.q.actorsOfEvent.all(event.id)) {
      if (!actorsWanted.delete(`${r.entity_id}\u0000${r.role}`)) this.q.deleteActor.run(event.id, r.entity_id, r.role);
    }
    for (const [a, role] of actorsWanted.values()) this.q.insertActor.run(event.id, a, role);
    const keysWanted = new Map(eventLinkKeys(event).map((k) => [`${k.key}\u0000${event.family}\u0000${k.bucket}`, k]));
    for (const r of this.q.keysOfEvent.all(event.id)) {
      if (!keysWanted.delete(`${r.link_key}\u0000${r.family}\u0000${r.bucket}`)) this.q.deleteKey.run(r.link_key, r.family, r.bucket, event.id);
    }
    for (const k of keysWanted.values()) this.q.insertKey.run(k.key, event.family, k.bucket, event.id);
  }

  private writeClaimForEvent(analysis: Analysis, m: EventMention, evidenceEnd: number): void {
    this.q.insertClaim.run({ ...eventClaimRow(analysis, m, evidenceEnd, this.entityName, this.entityCountry), force_group: null, force_middle: null });
  }

  /** A quantity as a claim; returns its subject and group when it is a force figure. */
  private writeClaimForQuantity(analysis: Analysis, q: Quantity, g: GlobalOf): { subject: string; group: { key: string; middle: number } | null } | null {
    const claim = quantityClaimRow(analysis, q, g, this.entityCountry, this.entityKind);
    if (!claim) return null;
    this.q.insertClaim.run({ ...claim.row, force_group: claim.forceGroup?.key ?? null, force_middle: claim.forceGroup?.middle ?? null });
    return claim.forceSubject ? { subject: claim.forceSubject, group: claim.forceGroup } : null;
  }

  private insertContradictions(list: Contradiction[]): void {
    for (const c of list) this.q.insertContradiction.run(contradictionRow(c));
  }

  private refreshContradictions(event: MergedEvent): void {
    this.q.deleteContradictionsOfEvent.run(event.id);
    this.insertContradictions(contradictionsOf(event, this.entityName));
  }

  /**
   * After force figures were added to or taken from groups of a subject (`changed`: their groups and the middles of
   * their times): only contradictions involving those groups can change (a pair's sides, its disagreement and its
   * id depend on its two groups alone), and such a pair's other group, before or after, has its time within the
   * window of a figure of a changed group, one that went included. So the figures read are those of the changed
   * groups and of the groups with a figure within the window of them, and the rows compared those that pair a
   * changed group with one of these: the same rows as comparing every figure of the subject, without reading them.
   */
  private refreshForceContradictionsOf(subject: string, changed: ReadonlyArray<{ key: string; middle: number }>): void {
    const touched = new Set(changed.map((a) => a.key));
    if (!touched.size) return;
    const withDocument = (r: ForceClaimRow) =>
      forceClaimOf(r, subject, () => (r.document_published ? (JSON.parse(r.document_published) as TimeValue) : null));
    const inTouched = this.q.forceGroupMembers.all(subject, JSON.stringify([...touched]));
    // Every figure of a touched group, old or new, and every one that went, may be (or have been) the one that
    // dates its group.
    let from = Infinity;
    let to = -Infinity;
    for (const c of changed) {
      from = Math.min(from, c.middle);
      to = Math.max(to, c.middle);
    }
    for (const r of inTouched) {
      if (r.force_middle === null) continue;
      from = Math.min(from, r.force_middle);
      to = Math.max(to, r.force_middle);
    }
    const windowMs = FORCE_WINDOW_DAYS * 864e5;
    const keys = new Set(touched);
    const neighbours: string[] = [];
    if (from <= to) {
      for (const r of this.q.forceGroupsBetween.all(subject, from - windowMs - 1, to + windowMs + 1)) {
        if (keys.has(r.force_group)) continue;
        keys.add(r.force_group);
        neighbours.push(r.force_group);
      }
    }
    // The touched groups' figures are read already; only the neighbours' are read now.
    const rows = neighbours.length ? [...inTouched, ...this.q.forceGroupMembers.all(subject, JSON.stringify(neighbours))] : inTouched;
    const fresh = forceContradictions(rows.map(withDocument), this.entityName, FORCE_WINDOW_DAYS, touched).map(contradictionRow);
    const candidates = new Set<string>();
    for (const k of touched) for (const l of keys) if (l !== k) candidates.add(forceContradictionId(subject, k, l));
    const stale = new Map(this.q.contradictionsById.all(JSON.stringify([...candidates])).map((r) => [r.id, r]));
    for (const row of fresh) {
      const old = stale.get(row.id);
      stale.delete(row.id);
      if (!old || !sameContradictionRow(old, row)) this.q.insertContradiction.run(row);
    }
    for (const id of stale.keys()) this.q.deleteContradiction.run(id);
  }

}


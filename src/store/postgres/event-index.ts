import { candidateBuckets, clusterCanonically, eventKeys, eventSpan, membershipOf, mentionKeys } from '../../resolve/event-clusters.js';
import {
  contradictionsOf,
  forceContradictions,
  ploverInfo,
  presenceContradictions,
  type Contradiction,
  type EventMention,
  type MergedEvent,
} from '../../resolve/events.js';
import type { Analysis } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';
import {
  contradictionRow,
  eventClaimRow,
  eventMentionOf,
  eventSummaryRow,
  forceClaimOf,
  globalMapper,
  mentionEntityIds,
  mergedOf,
  namedIn,
  presenceActors,
  quantityClaimRow,
  quantitySubject,
  type ClaimRow,
} from '../shared/event-rules.js';
import type { Sql } from './db.js';

interface EntityFacts {
  name: string;
  country: string | null;
  kind: string | null;
}

/**
 * What the pure rules ask of entities (name, country, kind), answered synchronously from a batch fetched before.
 * Asking about an id that was not fetched is a bug, and throws: a silent fallback would let the backends drift.
 */
class EntityFactsCache {
  private readonly facts = new Map<string, EntityFacts | null>();
  constructor(private readonly db: Sql) {}

  async need(ids: Iterable<string | null | undefined>): Promise<void> {
    const missing = [...new Set([...ids].filter((id): id is string => !!id && !this.facts.has(id)))];
    if (!missing.length) return;
    for (const id of missing) this.facts.set(id, null);
    const rows = await this.db.rows<EntityFacts & { id: string }>('SELECT id, name, country, kind FROM entities WHERE id = ANY($1::text[])', [missing]);
    for (const r of rows) this.facts.set(r.id, { name: r.name, country: r.country, kind: r.kind });
  }

  private get(id: string): EntityFacts | null {
    if (!this.facts.has(id)) throw new Error(`internal: entity ${id} asked for before it was fetched`);
    return this.facts.get(id)!;
  }

  readonly name = (id: string): string => this.get(id)?.name ?? id;
  readonly country = (id: string): string | null => this.get(id)?.country ?? null;
  readonly kind = (id: string): string | null => this.get(id)?.kind ?? null;
}

const membersIds = (events: Iterable<MergedEvent>): string[] => [...events].flatMap((e) => e.members.flatMap(mentionEntityIds));

/**
 * The cross-document event layer of the PostgreSQL store: the same steps as the SQLite one
 * (`../sqlite/event-index.ts`) with the same rules (`src/resolve/events.ts`, `../shared/event-rules.ts`),
 * asynchronous. Runs inside the store's write transactions, under its advisory lock.
 */
export class PgEventIndex {
  /** Writes a document's events and claims and refreshes what they touch. Call after its entities are indexed. */
  async indexDocument(db: Sql, analysis: Analysis): Promise<void> {
    const doc = analysis.document;
    const facts = new EntityFactsCache(db);
    const g = globalMapper(
      await db.rows<{ local_id: string; entity_id: string }>(
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = $1 GROUP BY local_id, entity_id ORDER BY n DESC, local_id, entity_id',
        [doc.id],
      ),
    );
    const mentions = analysis.events.map((e) => eventMentionOf(analysis, e, g));
    const components = new Set<string>();
    // One query for every report: (key, family, bucket) triples, as the SQLite index asks them one report at a time.
    const lookups: Array<[string, string, string]> = [];
    for (const m of mentions) {
      const family = ploverInfo(m.type).family;
      for (const key of mentionKeys(m)) for (const bucket of [...candidateBuckets(m), '*']) lookups.push([key, family, bucket]);
    }
    if (lookups.length) {
      for (const r of await db.rows<{ component: string }>(
        `SELECT DISTINCT e.component FROM unnest($1::text[], $2::text[], $3::text[]) AS l(entity_id, family, bucket)
         JOIN event_link_keys k ON k.entity_id = l.entity_id AND k.family = l.family AND k.bucket = l.bucket
         JOIN events e ON e.id = k.event_id`,
        [lookups.map((l) => l[0]), lookups.map((l) => l[1]), lookups.map((l) => l[2])],
      )) components.add(r.component);
    }
    await this.recluster(db, [...components], mentions, false);
    await facts.need(mentions.flatMap(mentionEntityIds));
    for (let i = 0; i < mentions.length; i++) {
      await this.writeClaim(db, eventClaimRow(analysis, mentions[i]!, analysis.events[i]!.evidence.end, facts.name, facts.country));
    }

    const subjects = new Set<string>();
    await facts.need(analysis.quantities.map((q) => quantitySubject(q, g)));
    for (const quantity of analysis.quantities) {
      const claim = quantityClaimRow(analysis, quantity, g, facts.country, facts.kind);
      if (!claim) continue;
      await this.writeClaim(db, claim.row);
      if (claim.forceSubject) subjects.add(claim.forceSubject);
    }
    for (const s of [...subjects].sort()) await this.refreshForceContradictions(db, s);
    // Only the actors this document's reports name can gain or lose a presence contradiction (see the SQLite index).
    for (const a of [...presenceActors([{ id: '', family: '', members: mentions }])].sort()) await this.refreshPresenceContradictions(db, a);
  }

  /** Clusters again the components given plus new reports, as the SQLite index does. */
  private async recluster(db: Sql, componentIds: string[], added: EventMention[], rewriteAll: boolean): Promise<MergedEvent[]> {
    const ids = [...new Set(componentIds)].sort();
    const rows = ids.length
      ? await db.rows<{ id: string; data: string; merged_id: string; component: string }>(
          'SELECT id, data, merged_id, component FROM event_mentions WHERE component = ANY($1::text[]) ORDER BY id',
          [ids],
        )
      : [];
    const old = new Map<string, EventMention>();
    const oldEvents = new Map<string, EventMention[]>();
    const oldPlacement = new Map<string, { merged: string; component: string }>();
    for (const r of rows) {
      const m = JSON.parse(r.data) as EventMention;
      old.set(m.id, m);
      let list = oldEvents.get(r.merged_id);
      if (!list) oldEvents.set(r.merged_id, (list = []));
      list.push(m);
      oldPlacement.set(r.id, { merged: r.merged_id, component: r.component });
    }
    const oldMembership = new Map<string, string>();
    for (const [id, list] of oldEvents) oldMembership.set(id, membershipOf({ id, family: '', members: list }));

    const addedIds = new Set(added.map((m) => m.id));
    const all = [...[...old.values()].filter((m) => !addedIds.has(m.id)), ...added];
    const facts = new EntityFactsCache(db);
    await facts.need(all.flatMap((m) => (m.location ? [m.location] : [])));
    const components = clusterCanonically(all, facts.country);
    const kept = new Set<string>();
    if (!rewriteAll) {
      for (const c of components) {
        for (const e of c.events) if (oldMembership.get(e.id) === membershipOf(e) && oldPlacement.get(e.members[0]!.id)?.component === c.id) kept.add(e.id);
      }
    }
    const gone = [...oldEvents.keys()].filter((id) => !kept.has(id));
    if (gone.length) {
      await db.run('DELETE FROM events WHERE id = ANY($1::text[])', [gone]);
      await db.run('DELETE FROM contradictions WHERE event_id = ANY($1::text[])', [gone]);
    }
    const changed: MergedEvent[] = [];
    for (const c of components) {
      for (const e of c.events) {
        for (const m of e.members) {
          if (addedIds.has(m.id)) {
            await db.run(
              `INSERT INTO event_mentions (id, document_id, merged_id, family, data, component) VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, merged_id = excluded.merged_id, family = excluded.family,
                 data = excluded.data, component = excluded.component`,
              [m.id, m.documentId, e.id, e.family, JSON.stringify(m), c.id],
            );
          } else {
            const was = oldPlacement.get(m.id);
            if (!was || was.merged !== e.id || was.component !== c.id) await db.run('UPDATE event_mentions SET merged_id = $1, component = $2 WHERE id = $3', [e.id, c.id, m.id]);
          }
        }
        if (kept.has(e.id)) continue;
        await this.writeSummary(db, e, c.id);
        await this.refreshContradictions(db, e);
        changed.push(e);
      }
    }
    const before = [...oldEvents.entries()].map(([id, members]) => ({ id, family: ploverInfo(members[0]!.type).family, members }));
    return [...before, ...changed];
  }

  /** Reads a document's events again after an entity change reached it (analyst decision, attributes). */
  async reindexDocument(db: Sql, analysis: Analysis): Promise<void> {
    const touched = await this.touchedBy(db, analysis.document.id);
    await db.run('DELETE FROM event_mentions WHERE document_id = $1', [analysis.document.id]);
    await db.run('DELETE FROM claims WHERE document_id = $1', [analysis.document.id]);
    await this.refresh(db, touched);
    await this.indexDocument(db, analysis);
  }

  /** Before a document goes: the components, force subjects and denied or reported actors it touches. */
  async touchedBy(db: Sql, documentId: string): Promise<{ events: string[]; subjects: string[]; actors: string[] }> {
    const rows = await db.rows<{ data: string; component: string }>('SELECT data, component FROM event_mentions WHERE document_id = $1 ORDER BY id', [documentId]);
    const members = rows.map((r) => JSON.parse(r.data) as EventMention);
    const subjects = await db.rows<{ subject: string }>('SELECT DISTINCT subject FROM claims WHERE document_id = $1 AND force = 1 AND subject IS NOT NULL', [documentId]);
    return { events: [...new Set(rows.map((r) => r.component))], subjects: subjects.map((r) => r.subject), actors: [...presenceActors([{ id: '', family: '', members }])] };
  }

  /** After documents went: cluster the components they touched again and find their contradictions again. */
  async refresh(db: Sql, touched: { events: string[]; subjects: string[]; actors: string[] }): Promise<void> {
    const stale = touched.events.length
      ? (await db.rows<{ id: string }>('SELECT id FROM events WHERE component = ANY($1::text[])', [touched.events])).map((r) => r.id)
      : [];
    const after = await this.recluster(db, touched.events, [], true);
    const live = new Set(after.map((e) => e.id));
    for (const id of stale) {
      if (live.has(id) && (await db.one('SELECT 1 AS x FROM events WHERE id = $1', [id]))) continue;
      if (await db.one('SELECT 1 AS x FROM event_mentions WHERE merged_id = $1', [id])) continue;
      await db.run('DELETE FROM events WHERE id = $1', [id]);
      await db.run('DELETE FROM contradictions WHERE event_id = $1', [id]);
    }
    for (const s of [...new Set(touched.subjects)].sort()) await this.refreshForceContradictions(db, s);
    for (const a of [...new Set(touched.actors)].sort()) await this.refreshPresenceContradictions(db, a);
  }

  /** Loads merged events (their members in id order) into `cache`; ids without members stay out. */
  private async loadMany(db: Sql, ids: string[], cache: Map<string, MergedEvent>): Promise<void> {
    const missing = [...new Set(ids.filter((id) => !cache.has(id)))];
    if (!missing.length) return;
    const rows = await db.rows<{ merged_id: string; data: string }>(
      'SELECT merged_id, data FROM event_mentions WHERE merged_id = ANY($1::text[]) ORDER BY id',
      [missing],
    );
    const byEvent = new Map<string, EventMention[]>();
    for (const r of rows) {
      let list = byEvent.get(r.merged_id);
      if (!list) byEvent.set(r.merged_id, (list = []));
      list.push(JSON.parse(r.data) as EventMention);
    }
    for (const id of missing) {
      const event = mergedOf(id, byEvent.get(id) ?? []);
      if (event) cache.set(id, event);
    }
  }

  private async writeSummary(db: Sql, event: MergedEvent, component: string): Promise<void> {
    const { row: r, actors } = eventSummaryRow(event);
    const span = eventSpan(event);
    await db.run('DELETE FROM events WHERE id = $1', [event.id]);
    await db.run(
      `INSERT INTO events (id, family, type, subtype, quad, sources, targets, location, time, time_start, time_end, mentions, documents,
         component, span_start, span_end, undated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [r.id, r.family, r.type, r.subtype, r.quad, r.sources, r.targets, r.location, r.time, r.time_start, r.time_end, r.mentions, r.documents,
        component, span.start, span.end, span.undated ? 1 : 0],
    );
    const keys = eventKeys(event);
    await db.run(
      'INSERT INTO event_link_keys (entity_id, family, bucket, event_id) SELECT k.entity_id, $2, k.bucket, $1 FROM unnest($3::text[], $4::text[]) AS k(entity_id, bucket) ON CONFLICT DO NOTHING',
      [event.id, event.family, keys.map((k) => k.entity), keys.map((k) => k.bucket)],
    );
    if (actors.length) {
      await db.run(
        `INSERT INTO event_actors (event_id, entity_id, role) SELECT $1, u.entity_id, u.role FROM unnest($2::text[], $3::text[]) AS u(entity_id, role)
         ON CONFLICT DO NOTHING`,
        [event.id, actors.map((a) => a[0]), actors.map((a) => a[1])],
      );
    }
  }

  private async writeClaim(db: Sql, c: ClaimRow): Promise<void> {
    await db.run(
      `INSERT INTO claims (id, document_id, kind, event_mention_id, claimant, claimant_text, attributed, subject, places,
         statement, value, low, high, approx, unit, force, modality, time, time_start, sentence, start, "end")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, kind = excluded.kind, event_mention_id = excluded.event_mention_id,
         claimant = excluded.claimant, claimant_text = excluded.claimant_text, attributed = excluded.attributed, subject = excluded.subject,
         places = excluded.places, statement = excluded.statement, value = excluded.value, low = excluded.low, high = excluded.high,
         approx = excluded.approx, unit = excluded.unit, force = excluded.force, modality = excluded.modality, time = excluded.time,
         time_start = excluded.time_start, sentence = excluded.sentence, start = excluded.start, "end" = excluded."end"`,
      [
        c.id, c.document_id, c.kind, c.event_mention_id, c.claimant, c.claimant_text, c.attributed, c.subject, c.places,
        c.statement, c.value, c.low, c.high, c.approx, c.unit, c.force, c.modality, c.time, c.time_start, c.sentence, c.start, c.end,
      ],
    );
  }

  private async insertContradictions(db: Sql, list: Contradiction[]): Promise<void> {
    for (const c of list) {
      const r = contradictionRow(c);
      await db.run(
        `INSERT INTO contradictions (id, kind, about, event_id, subject_id, a, b, a_document, b_document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, about = excluded.about, event_id = excluded.event_id, subject_id = excluded.subject_id,
           a = excluded.a, b = excluded.b, a_document = excluded.a_document, b_document = excluded.b_document`,
        [r.id, r.kind, r.about, r.event_id, r.subject_id, r.a, r.b, r.a_document, r.b_document],
      );
    }
  }

  private async refreshContradictions(db: Sql, event: MergedEvent): Promise<void> {
    await db.run('DELETE FROM contradictions WHERE event_id = $1', [event.id]);
    const facts = new EntityFactsCache(db);
    await facts.need(membersIds([event]));
    await this.insertContradictions(db, contradictionsOf(event, facts.name));
  }

  private async refreshForceContradictions(db: Sql, subject: string): Promise<void> {
    await db.run("DELETE FROM contradictions WHERE kind = 'force_size' AND subject_id = $1", [subject]);
    const rows = await db.rows<ClaimRow>('SELECT * FROM claims WHERE subject = $1 AND force = 1', [subject]);
    const published = new Map<string, TimeValue | null>();
    const docs = [...new Set(rows.filter((r) => !r.time).map((r) => r.document_id))];
    if (docs.length) {
      for (const d of await db.rows<{ id: string; published: string | null }>('SELECT id, published FROM documents WHERE id = ANY($1::text[])', [docs])) {
        published.set(d.id, d.published ? (JSON.parse(d.published) as TimeValue) : null);
      }
    }
    const facts = new EntityFactsCache(db);
    await facts.need([subject]);
    const claims = rows.map((r) => forceClaimOf(r, subject, (id) => published.get(id) ?? null));
    await this.insertContradictions(db, forceContradictions(claims, facts.name));
  }

  private async refreshPresenceContradictions(db: Sql, actor: string): Promise<void> {
    await db.run("DELETE FROM contradictions WHERE kind = 'denial' AND event_id IS NULL AND subject_id = $1", [actor]);
    const mentions = (
      await db.rows<{ data: string }>(
        `SELECT m.data FROM event_mentions m WHERE m.family IN ('reject', 'mobilize')
           AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = m.merged_id AND a.entity_id = $1) ORDER BY m.id`,
        [actor],
      )
    ).map((r) => JSON.parse(r.data) as EventMention);
    const names = (await db.rows<{ folded: string }>("SELECT folded FROM entity_names WHERE entity_id = $1 AND role != 'surname'", [actor])).map((n) => n.folded);
    const facts = new EntityFactsCache(db);
    await facts.need([actor, ...mentions.flatMap(mentionEntityIds)]);
    const named = (sentence: string, id: string): boolean => {
      if (id !== actor) throw new Error(`internal: names of ${id} asked for before they were fetched`);
      return namedIn(sentence, names);
    };
    await this.insertContradictions(db, presenceContradictions(actor, mentions, facts.name, named));
  }
}

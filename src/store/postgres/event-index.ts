import { candidateBuckets, clusterCanonically, eventKeys, eventSpan, membershipOf, mentionKeys } from '../../resolve/event-clusters.js';
import {
  contradictionsOf,
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
  presenceRows,
  quantityClaimRow,
  quantitySubject,
  type ClaimRow,
  type ContradictionRow,
  type EventSummaryRow,
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
 * Writes many rows in one statement: the rows go as one JSON array, typed by the table's own row type, in their
 * order. A later row with the same `key` replaces an earlier one, as one statement per row would have.
 */
async function insertRows<R extends object>(db: Sql, table: string, key: keyof R & string, rows: readonly R[], columns: ReadonlyArray<keyof R & string>, onConflict: 'update' | 'nothing'): Promise<void> {
  if (!rows.length) return;
  const last = new Map<unknown, R>();
  for (const r of rows) {
    last.delete(r[key]);
    last.set(r[key], r);
  }
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const update = columns.filter((c) => c !== key).map((c) => `"${c}" = excluded."${c}"`).join(', ');
  await db.run(
    `INSERT INTO ${table} (${cols}) SELECT ${columns.map((c) => `r."${c}"`).join(', ')}
     FROM json_populate_recordset(NULL::${table}, $1::json) WITH ORDINALITY AS r ORDER BY r.ordinality
     ON CONFLICT ("${key}") DO ${onConflict === 'update' ? `UPDATE SET ${update}` : 'NOTHING'}`,
    [JSON.stringify([...last.values()])],
  );
}

const CLAIM_COLUMNS: ReadonlyArray<keyof ClaimRow> = [
  'id', 'document_id', 'kind', 'event_mention_id', 'claimant', 'claimant_text', 'attributed', 'subject', 'places', 'statement', 'value', 'low', 'high',
  'approx', 'unit', 'force', 'modality', 'time', 'time_start', 'sentence', 'start', 'end',
];
const CONTRADICTION_COLUMNS: ReadonlyArray<keyof ContradictionRow> = ['id', 'kind', 'about', 'event_id', 'subject_id', 'a', 'b', 'a_document', 'b_document'];

/**
 * The cross-document event layer of the PostgreSQL store: the same steps as the SQLite one
 * (`../sqlite/event-index.ts`) with the same rules (`src/resolve/events.ts`, `../shared/event-rules.ts`),
 * asynchronous. Runs inside the store's write transactions, under its advisory lock.
 */
export class PgEventIndex {
  /** Writes a document's events and claims and refreshes what they touch. Call after its entities are indexed. */
  async indexDocument(db: Sql, analysis: Analysis): Promise<void> {
    await this.indexDocuments(db, [analysis]);
  }

  /** Writes several documents' events and claims at once, as the SQLite index does. */
  private async indexDocuments(db: Sql, analyses: readonly Analysis[]): Promise<void> {
    const facts = new EntityFactsCache(db);
    const ids = analyses.map((a) => a.document.id);
    const pairs = await db.rows<{ document_id: string; local_id: string; entity_id: string }>(
      `SELECT document_id, local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = ANY($1::text[])
       GROUP BY document_id, local_id, entity_id ORDER BY document_id, n DESC, local_id, entity_id`,
      [ids],
    );
    const written = analyses.map((analysis) => {
      const g = globalMapper(pairs.filter((p) => p.document_id === analysis.document.id));
      return { analysis, g, mentions: analysis.events.map((e) => eventMentionOf(analysis, e, g)) };
    });
    const mentions = written.flatMap((w) => w.mentions);
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
    await facts.need(written.flatMap((w) => [...w.mentions.flatMap(mentionEntityIds), ...w.analysis.quantities.map((q) => quantitySubject(q, w.g))]));
    const claims: ClaimRow[] = [];
    const subjects = new Set<string>();
    for (const { analysis, g, mentions: own } of written) {
      own.forEach((m, i) => claims.push(eventClaimRow(analysis, m, analysis.events[i]!.evidence.end, facts.name, facts.country)));
      for (const quantity of analysis.quantities) {
        const claim = quantityClaimRow(analysis, quantity, g, facts.country, facts.kind);
        if (!claim) continue;
        claims.push(claim.row);
        if (claim.forceSubject) subjects.add(claim.forceSubject);
      }
    }
    await insertRows(db, 'claims', 'id', claims, CLAIM_COLUMNS, 'update');
    for (const s of [...subjects].sort()) await this.refreshForceContradictions(db, s);
    // Only the actors this document's reports name can gain or lose a presence contradiction (see the SQLite index).
    for (const a of [...presenceActors([{ id: '', family: '', members: mentions }])].sort()) await this.addPresenceContradictions(db, a, mentions);
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
    // Every row this re-clustering changes, written in a few statements whatever the size of the components.
    const changed: MergedEvent[] = [];
    const componentOf = new Map<string, string>();
    const newMentions: Array<{ id: string; document_id: string; merged_id: string; family: string; data: string; component: string }> = [];
    const moved: Array<[string, string, string]> = [];
    for (const c of components) {
      for (const e of c.events) {
        for (const m of e.members) {
          if (addedIds.has(m.id)) newMentions.push({ id: m.id, document_id: m.documentId, merged_id: e.id, family: e.family, data: JSON.stringify(m), component: c.id });
          else {
            const was = oldPlacement.get(m.id);
            if (!was || was.merged !== e.id || was.component !== c.id) moved.push([m.id, e.id, c.id]);
          }
        }
        if (kept.has(e.id)) continue;
        changed.push(e);
        componentOf.set(e.id, c.id);
      }
    }
    await insertRows(db, 'event_mentions', 'id', newMentions, ['id', 'document_id', 'merged_id', 'family', 'data', 'component'], 'update');
    const presence = presenceRows(added);
    if (presence.length) {
      await db.run(
        `INSERT INTO presence_reports (actor, role, mention_id, document_id, voice)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
        [presence.map((p) => p.actor), presence.map((p) => p.role), presence.map((p) => p.mention_id), presence.map((p) => p.document_id), presence.map((p) => p.voice)],
      );
    }
    if (moved.length) {
      await db.run(
        'UPDATE event_mentions m SET merged_id = u.merged_id, component = u.component FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, merged_id, component) WHERE m.id = u.id',
        [moved.map((x) => x[0]), moved.map((x) => x[1]), moved.map((x) => x[2])],
      );
    }
    await this.writeSummaries(db, changed, componentOf);
    await this.refreshContradictions(db, changed);
    const before = [...oldEvents.entries()].map(([id, members]) => ({ id, family: ploverInfo(members[0]!.type).family, members }));
    return [...before, ...changed];
  }

  /** Reads documents' events again after an entity change reached them, together (see the SQLite index). */
  async reindexDocuments(db: Sql, analyses: readonly Analysis[]): Promise<void> {
    if (!analyses.length) return;
    const touched = { events: [] as string[], subjects: [] as string[], actors: [] as string[] };
    for (const analysis of analyses) {
      const t = await this.touchedBy(db, analysis.document.id);
      touched.events.push(...t.events);
      touched.subjects.push(...t.subjects);
      touched.actors.push(...t.actors);
    }
    const ids = analyses.map((a) => a.document.id);
    await db.run('DELETE FROM event_mentions WHERE document_id = ANY($1::text[])', [ids]);
    await db.run('DELETE FROM presence_reports WHERE document_id = ANY($1::text[])', [ids]);
    await db.run('DELETE FROM claims WHERE document_id = ANY($1::text[])', [ids]);
    await this.refresh(db, { events: [...new Set(touched.events)], subjects: touched.subjects, actors: touched.actors });
    await this.indexDocuments(db, analyses);
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

  /** Happenings' summary rows, actors and link keys, rewritten in one statement each. */
  private async writeSummaries(db: Sql, events: readonly MergedEvent[], componentOf: ReadonlyMap<string, string>): Promise<void> {
    if (!events.length) return;
    const ids = events.map((e) => e.id);
    await db.run('DELETE FROM events WHERE id = ANY($1::text[])', [ids]);
    const rows: Array<EventSummaryRow & { component: string; span_start: string | null; span_end: string | null; undated: number }> = [];
    const actors: Array<[string, string, string]> = [];
    const keys: Array<[string, string, string, string]> = [];
    for (const event of events) {
      const { row, actors: roles } = eventSummaryRow(event);
      const span = eventSpan(event);
      rows.push({ ...row, component: componentOf.get(event.id)!, span_start: span.start, span_end: span.end, undated: span.undated ? 1 : 0 });
      for (const [a, role] of roles) actors.push([event.id, a, role]);
      for (const k of eventKeys(event)) keys.push([k.entity, event.family, k.bucket, event.id]);
    }
    await insertRows(db, 'events', 'id', rows, [
      'id', 'family', 'type', 'subtype', 'quad', 'sources', 'targets', 'location', 'time', 'time_start', 'time_end', 'mentions', 'documents',
      'component', 'span_start', 'span_end', 'undated',
    ], 'update');
    if (keys.length) {
      await db.run(
        `INSERT INTO event_link_keys (entity_id, family, bucket, event_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT DO NOTHING`,
        [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), keys.map((k) => k[3])],
      );
    }
    if (actors.length) {
      await db.run(
        'INSERT INTO event_actors (event_id, entity_id, role) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING',
        [actors.map((a) => a[0]), actors.map((a) => a[1]), actors.map((a) => a[2])],
      );
    }
  }

  private async insertContradictions(db: Sql, list: Contradiction[]): Promise<void> {
    await insertRows(db, 'contradictions', 'id', list.map(contradictionRow), CONTRADICTION_COLUMNS, 'update');
  }

  /** The contradictions inside happenings found again, for all of them at once. */
  private async refreshContradictions(db: Sql, events: readonly MergedEvent[]): Promise<void> {
    if (!events.length) return;
    await db.run('DELETE FROM contradictions WHERE event_id = ANY($1::text[])', [events.map((e) => e.id)]);
    const facts = new EntityFactsCache(db);
    await facts.need(membersIds(events));
    await this.insertContradictions(db, events.flatMap((e) => contradictionsOf(e, facts.name)));
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

  /** After reports were added (none went): see the SQLite index. */
  private async addPresenceContradictions(db: Sql, actor: string, added: readonly EventMention[]): Promise<void> {
    const firstOf = (otherThan: string) =>
      db.one<{ data: string; document_id: string; mention_id: string }>(
        `SELECT m.data, p.document_id, p.mention_id FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = $1 AND p.role = 'presence' AND p.document_id != $2 ORDER BY p.mention_id LIMIT 1`,
        [actor, otherThan],
      );
    const first = await firstOf('');
    const second = first ? await firstOf(first.document_id) : undefined;
    if (added.some((m) => reportsPresence(m, actor) && (m.id === first?.mention_id || m.id === second?.mention_id))) {
      await this.refreshPresenceContradictions(db, actor);
      return;
    }
    const addedIds = new Set(added.map((m) => m.id));
    const voices = [...new Set(added.filter((m) => deniesPresence(m, actor)).map(presenceVoice))].sort();
    if (!voices.length) return;
    const names = (await db.rows<{ folded: string }>("SELECT folded FROM entity_names WHERE entity_id = $1 AND role != 'surname'", [actor])).map((n) => n.folded);
    const named = (sentence: string, id: string): boolean => {
      if (id !== actor) throw new Error(`internal: names of ${id} asked for before they were fetched`);
      return namedIn(sentence, names);
    };
    for (const voice of voices) {
      const denial = await db.one<{ data: string; document_id: string; mention_id: string }>(
        `SELECT m.data, p.document_id, p.mention_id FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = $1 AND p.voice = $2 AND p.role = 'denial' ORDER BY p.mention_id LIMIT 1`,
        [actor, voice],
      );
      if (!denial || !addedIds.has(denial.mention_id)) continue;
      await db.run('DELETE FROM contradictions WHERE id = $1', [presenceContradictionId(actor, voice)]);
      const data = [denial.data, ...(first ? [first.data] : []), ...(second ? [second.data] : [])];
      for (const r of await db.rows<{ data: string }>(
        `SELECT m.data FROM presence_reports p JOIN event_mentions m ON m.id = p.mention_id
         WHERE p.actor = $1 AND p.role = 'presence' AND p.document_id = $2 ORDER BY p.mention_id`,
        [actor, denial.document_id],
      )) data.push(r.data);
      const mentions = [...new Set(data)].map((d) => JSON.parse(d) as EventMention);
      const facts = new EntityFactsCache(db);
      await facts.need([actor, ...mentions.flatMap(mentionEntityIds)]);
      await this.insertContradictions(db, presenceContradictions(actor, mentions, facts.name, named));
    }
  }

  private async refreshPresenceContradictions(db: Sql, actor: string): Promise<void> {
    await db.run("DELETE FROM contradictions WHERE kind = 'denial' AND event_id IS NULL AND subject_id = $1", [actor]);
    // The few reports the contradictions are found from (see the SQLite index): every denial, the first presence
    // report, the first of another document, and the presence reports of the denials' documents.
    const rows = await db.rows<{ data: string }>(
      `WITH denials AS (SELECT mention_id, document_id FROM presence_reports WHERE actor = $1 AND role = 'denial'),
         first AS (SELECT mention_id, document_id FROM presence_reports WHERE actor = $1 AND role = 'presence' ORDER BY mention_id LIMIT 1),
         second AS (SELECT p.mention_id FROM presence_reports p, first f WHERE p.actor = $1 AND p.role = 'presence' AND p.document_id != f.document_id
           ORDER BY p.mention_id LIMIT 1),
         wanted AS (SELECT mention_id FROM denials UNION SELECT mention_id FROM first UNION SELECT mention_id FROM second
           UNION SELECT p.mention_id FROM presence_reports p WHERE p.actor = $1 AND p.role = 'presence' AND p.document_id IN (SELECT document_id FROM denials))
       SELECT m.data FROM wanted w JOIN event_mentions m ON m.id = w.mention_id ORDER BY m.id`,
      [actor],
    );
    const mentions = rows.map((r) => JSON.parse(r.data) as EventMention);
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

import pg from 'pg';
import { foldName } from '../../resolve/names.js';
import type { Analysis, EntityType, MentionForm } from '../../model/analysis.js';
import {
  QueryError,
  StoreError,
  type ActorGraph,
  type ClaimView,
  type ContradictionView,
  type DocumentSummary,
  type EntityDetail,
  type EntityFilter,
  type EntityProfile,
  type EntitySummary,
  type EventFilter,
  type ForceFilter,
  type ForcePoint,
  type ForceSummary,
  type GraphFilter,
  type PageRequest,
  type Overview,
  type Page,
  type PlaceSummary,
  type PutResult,
  type SearchHit,
  type SearchOptions,
  type SourceState,
  type Store,
  type StoreStats,
  type TimelineEvent,
  type TimelineFilter,
} from '../store.js';
import {
  analysisFromRow,
  documentSummaryFromRow,
  documentValues,
  parseTime,
  reindexAnalysisFromRow,
  sentenceAround,
  toEntitySummary,
  type DocumentRow,
  type EntitySummaryRow,
} from '../shared/rows.js';
import { createPool, describePgError, parsePgUrl, type PgTarget } from './connection.js';
import { limitOf, offsetOf, sqlOf, type Sql } from './db.js';
import { PgEntityIndex } from './entity-index.js';
import { PgEventIndex } from './event-index.js';
import { PG_MIGRATIONS } from './migrations.js';
import { PgQueries } from './queries.js';
import { tsqueryExpression } from './search-query.js';

/**
 * The key of the transaction-level advisory lock every write takes first (`pg_advisory_xact_lock`): writers to one
 * store run one at a time, as SQLite's `BEGIN IMMEDIATE` makes them, because linking entities and merging events
 * read what earlier documents wrote. Readers never wait for it. A second key guards migrations.
 */
const WRITE_LOCK = 0x73697472; // 'sitr'
const MIGRATE_LOCK = 0x73697470; // 'sitp'

/** Documents on an entity's page when the caller does not say how many (as the SQLite store). */
const ENTITY_DOCUMENTS_PAGE = 20;

const SOURCE = '(SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source';

/** Snippet markers ts_headline cannot meet in text; replaced by the caller's after. */
const OPEN = '\u0001';
const CLOSE = '\u0002';

/** Opens a PostgreSQL store from a postgres:// URL, brings its schema to the latest version. One-line errors. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const target = parsePgUrl(url);
  const pool = createPool(target);
  try {
    const client = await pool.connect();
    try {
      await migrate(client, target);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StoreError) throw err;
    throw new StoreError(describePgError(err, target));
  }
  return new PostgresStore(pool, target);
}

async function migrate(client: pg.PoolClient, target: PgTarget): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS sitrep_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const current = Number((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM sitrep_migrations')).rows[0]?.v ?? 0);
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
    if (current > latest) throw new StoreError(`the store ${target.masked} has schema version ${current}, newer than this sitrep (${latest})`);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO sitrep_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
  }
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly entityIndex = new PgEntityIndex();
  private readonly eventIndex = new PgEventIndex();
  private readonly queries = new PgQueries();

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PgTarget,
  ) {}

  /** Runs `fn` on one connection in one transaction; database failures become one-line messages. */
  private async tx<T>(mode: 'write' | 'read', fn: (db: Sql) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new StoreError(describePgError(err, this.target));
    }
    try {
      await client.query(mode === 'write' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (mode === 'write') await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const out = await fn(sqlOf(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.asStoreError(err);
    } finally {
      client.release();
    }
  }

  /** A database failure as a one-line StoreError; the store's own errors and others as they are. */
  private asStoreError(err: unknown): unknown {
    if (err instanceof StoreError || err instanceof QueryError) return err;
    if (typeof (err as { code?: unknown }).code === 'string' && (err as { severity?: unknown }).severity) return new StoreError(describePgError(err, this.target));
    return err;
  }

  private read<T>(fn: (db: Sql) => Promise<T>): Promise<T> {
    return this.tx('read', fn);
  }

  async sourceState(source: string): Promise<SourceState | null> {
    const row = await this.read((db) => db.one<{ document_id: string; content_hash: string }>('SELECT document_id, content_hash FROM sources WHERE source = $1', [source]));
    return row ? { documentId: row.document_id, contentHash: row.content_hash } : null;
  }

  async putAnalysis(analysis: Analysis): Promise<PutResult> {
    return this.tx('write', (db) => this.writeAnalysis(db, analysis, new Date().toISOString()));
  }

  async putAnalyses(analyses: readonly Analysis[]): Promise<Array<PutResult | Error>> {
    const now = new Date().toISOString();
    return this.tx('write', async (db) => {
      const out: Array<PutResult | Error> = [];
      // A savepoint per document: one that fails is rolled back whole and the rest commit together.
      for (const analysis of analyses) {
        await db.run('SAVEPOINT sitrep_document');
        try {
          out.push(await this.writeAnalysis(db, analysis, now));
          await db.run('RELEASE SAVEPOINT sitrep_document');
        } catch (err) {
          await db.run('ROLLBACK TO SAVEPOINT sitrep_document');
          const failure = this.asStoreError(err);
          out.push(failure instanceof Error ? failure : new Error(String(failure)));
        }
      }
      return out;
    });
  }

  /** One document's write, inside the caller's transaction. */
  private async writeAnalysis(db: Sql, analysis: Analysis, now: string): Promise<PutResult> {
    const d = analysis.document;
    const previous = await db.one<{ document_id: string }>('SELECT document_id FROM sources WHERE source = $1', [d.source]);
    if (previous && previous.document_id === d.id) return { id: d.id, status: 'unchanged' as const };
    const reindex = new Set<string>();
    if (!(await db.one('SELECT 1 AS x FROM documents WHERE id = $1', [d.id]))) {
      const v = documentValues(analysis, now);
      await db.run(
        `INSERT INTO documents (id, content_hash, title, publisher, authors, published, published_value, language, url, text, removed, repairs, analysis, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [v.id, v.content_hash, v.title, v.publisher, v.authors, v.published, v.published_value, v.language, v.url, v.text, v.removed, v.repairs, v.analysis, v.ingested_at],
      );
      for (const id of await this.entityIndex.indexDocument(db, analysis)) reindex.add(id);
      await this.eventIndex.indexDocument(db, analysis);
    }
    await db.run(
      `INSERT INTO sources (source, document_id, content_hash, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
      [d.source, d.id, d.contentHash ?? '', now],
    );
    // The content a changed source held before goes when no other source shares it.
    if (previous && !(await db.one('SELECT 1 AS x FROM sources WHERE document_id = $1', [previous.document_id]))) {
      const touched = await this.entityIndex.entitiesOf(db, previous.document_id);
      const touchedEvents = await this.eventIndex.touchedBy(db, previous.document_id);
      const withdrawn = await this.entityIndex.withdrawVotes(db, previous.document_id);
      await db.run('DELETE FROM documents WHERE id = $1', [previous.document_id]);
      await this.entityIndex.recount(db, touched);
      await this.eventIndex.refresh(db, touchedEvents);
      for (const id of await this.entityIndex.settle(db, withdrawn)) reindex.add(id);
      reindex.delete(previous.document_id);
    }
    await this.reindexDocuments(db, reindex);
    return { id: d.id, status: previous ? ('updated' as const) : ('inserted' as const) };
  }

  async countDocuments(): Promise<number> {
    return this.read(async (db) => (await db.one<{ n: number }>('SELECT count(*) AS n FROM documents'))!.n);
  }

  async listDocuments(options: { limit?: number; offset?: number } = {}): Promise<DocumentSummary[]> {
    const rows = await this.read((db) =>
      db.rows<DocumentRow & { chars: number }>(
        `SELECT d.*, length(d.text) AS chars, ${SOURCE} FROM documents d ORDER BY d.published_value DESC NULLS LAST, d.seq LIMIT $1 OFFSET $2`,
        [limitOf(options.limit ?? 100), offsetOf(options.offset ?? 0)],
      ),
    );
    return rows.map(documentSummaryFromRow);
  }

  private async byPrefix(db: Sql, prefix: string): Promise<DocumentRow[]> {
    return db.rows<DocumentRow>(`SELECT d.*, ${SOURCE} FROM documents d WHERE d.id >= $1 ORDER BY d.id LIMIT 2`, [prefix]);
  }

  async getAnalysis(idOrPrefix: string): Promise<Analysis | null> {
    if (!idOrPrefix) return null;
    const rows = (await this.read((db) => this.byPrefix(db, idOrPrefix))).filter((r) => r.id.startsWith(idOrPrefix));
    const exact = rows.find((r) => r.id === idOrPrefix);
    const row = exact ?? (rows.length === 1 ? rows[0] : undefined);
    if (!row) {
      if (rows.length > 1) throw new QueryError(`id prefix '${idOrPrefix}' is ambiguous: give more characters`);
      return null;
    }
    return analysisFromRow(row);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return (await this.searchPage(query, options, false)).items;
  }

  async searchPage(query: string, options: SearchOptions = {}, count = true): Promise<Page<SearchHit>> {
    const trimmed = query.trim();
    if (!trimmed) throw new QueryError('empty search query');
    const [open, close] = options.highlight ?? ['[', ']'];
    const params: unknown[] = [];
    const tsq = tsqueryExpression(trimmed, params);
    const n = params.length;
    return this.read(async (db) => {
      const total = count ? (await db.one<{ n: number }>(`SELECT count(*) AS n FROM documents d WHERE d.fts @@ ${tsq}`, params))!.n : 0;
      const rows = await db.rows<{ id: string; title: string | null; snippet: string; score: number; source: string | null }>(
        `WITH q AS (SELECT ${tsq} AS q),
         hits AS (
           SELECT d.seq, d.id, d.title, d.text, ts_rank('{0.1, 0.2, 0.2, 1.0}', d.fts, q.q, 1) AS score, q.q
           FROM documents d, q WHERE d.fts @@ q.q ORDER BY score DESC, d.seq LIMIT $${n + 1} OFFSET $${n + 2}
         )
         SELECT h.id, h.title, h.score,
           ts_headline('sitrep_english', h.text, h.q, 'StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "') AS snippet,
           (SELECT min(s.source) FROM sources s WHERE s.document_id = h.id) AS source
         FROM hits h ORDER BY h.score DESC, h.seq`,
        [...params, limitOf(options.limit ?? 20), offsetOf(options.offset ?? 0)],
      );
      const items = rows.map((r) => ({
        id: r.id,
        title: r.title,
        source: r.source ?? '',
        snippet: r.snippet.replaceAll(OPEN, open).replaceAll(CLOSE, close),
        score: r.score,
      }));
      return { total, items };
    });
  }

  async stats(): Promise<StoreStats> {
    return this.read(async (db) => {
      const r = (await db.one<Record<string, number>>(
        `SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM entities WHERE mentions > 0) AS entities,
           (SELECT count(*) FROM mentions) AS mentions, (SELECT count(*) FROM times) AS times, (SELECT count(*) FROM quantities) AS quantities,
           (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM event_mentions) AS "eventMentions",
           (SELECT count(*) FROM claims WHERE attributed = 1) AS claims, (SELECT count(*) FROM contradictions) AS contradictions,
           (SELECT count(*) FROM sources) AS sources,
           (SELECT coalesce(sum(json_array_length(removed::json)), 0) FROM documents) AS "removedParts",
           (SELECT coalesce(sum(json_array_length(repairs::json)), 0) FROM documents) AS repairs,
           (SELECT coalesce(max(version), 0) FROM sitrep_migrations) AS "schemaVersion"`,
      ))!;
      return r as unknown as StoreStats;
    });
  }

  async listEntities(options: { type?: EntityType; limit?: number; offset?: number } = {}): Promise<EntitySummary[]> {
    const rows = await this.read((db) =>
      db.rows<EntitySummaryRow>('SELECT * FROM entities WHERE mentions > 0 AND ($1::text IS NULL OR type = $1) ORDER BY mentions DESC, name, id LIMIT $2 OFFSET $3', [
        options.type ?? null,
        limitOf(options.limit ?? 50),
        offsetOf(options.offset ?? 0),
      ]),
    );
    return rows.map(toEntitySummary);
  }

  private async entityIds(db: Sql, idOrName: string): Promise<string[]> {
    if (await db.one('SELECT 1 AS x FROM entities WHERE id = $1', [idOrName])) return [idOrName];
    const rows = await db.rows<{ id: string }>(
      `SELECT DISTINCT e.id, e.mentions FROM entity_names n JOIN entities e ON e.id = n.entity_id
       WHERE n.folded = $1 AND n.role != 'surname' ORDER BY e.mentions DESC, e.id`,
      [foldName(idOrName).replace(/^the /, '')],
    );
    return rows.map((r) => r.id);
  }

  async findEntityIds(idOrName: string): Promise<string[]> {
    return this.read((db) => this.entityIds(db, idOrName));
  }

  private async entityDetail(db: Sql, idOrName: string, page: PageRequest = {}): Promise<EntityDetail | null> {
    const [id] = await this.entityIds(db, idOrName);
    const row = id ? await db.one<EntitySummaryRow>('SELECT * FROM entities WHERE id = $1', [id]) : undefined;
    if (!row) return null;
    // A page of documents, then the mentions of those documents only (as the SQLite store).
    const docs = await db.rows<{ id: string; title: string | null; published: string | null; text: string; source: string | null }>(
      `SELECT d.id, d.title, d.published, d.text, ${SOURCE}
       FROM (SELECT p.id, p.published_value FROM documents p WHERE p.id IN (SELECT document_id FROM mentions WHERE entity_id = $1)
             ORDER BY p.published_value NULLS FIRST, p.id LIMIT $2 OFFSET $3) page
       JOIN documents d ON d.id = page.id ORDER BY page.published_value NULLS FIRST, page.id`,
      [row.id, limitOf(page.limit ?? ENTITY_DOCUMENTS_PAGE), offsetOf(page.offset ?? 0)],
    );
    const texts = new Map(docs.map((d) => [d.id, d.text]));
    const byDocument = new Map<string, EntityDetail['byDocument'][number]>(
      docs.map((d) => [d.id, { documentId: d.id, title: d.title, source: d.source ?? '', published: parseTime(d.published), mentions: [] }]),
    );
    const mentions = await db.rows<{ document_id: string; start: number; end: number; text: string; form: MentionForm }>(
      `SELECT document_id, start, "end", text, form FROM mentions WHERE entity_id = $1 AND document_id = ANY($2::text[])
       ORDER BY document_id, start, "end", local_id`,
      [row.id, docs.map((d) => d.id)],
    );
    for (const m of mentions) {
      byDocument.get(m.document_id)!.mentions.push({ start: m.start, end: m.end, text: m.text, form: m.form, sentence: sentenceAround(texts.get(m.document_id) ?? '', m.start, m.end) });
    }
    const names = await db.rows<{ name: string }>("SELECT name FROM entity_names WHERE entity_id = $1 AND role != 'surname' ORDER BY name", [row.id]);
    const aliases = names.map((r) => r.name).filter((n) => n !== row.name);
    return { ...toEntitySummary(row), aliases: [...new Set(aliases)], byDocument: [...byDocument.values()] };
  }

  async getEntity(idOrName: string, page?: PageRequest): Promise<EntityDetail | null> {
    return this.read((db) => this.entityDetail(db, idOrName, page));
  }

  private async requireEntity(db: Sql, idOrName: string): Promise<string> {
    const ids = await this.entityIds(db, idOrName);
    if (ids.length === 0) throw new StoreError(`no entity '${idOrName}'`);
    if (ids.length > 1) throw new StoreError(`'${idOrName}' names ${ids.length} entities (${ids.join(', ')}): give an id`);
    return ids[0]!;
  }

  async mergeEntities(into: string, from: string): Promise<EntitySummary> {
    return this.tx('write', async (db) => {
      const intoId = await this.requireEntity(db, into);
      const fromId = await this.requireEntity(db, from);
      if (intoId === fromId) throw new StoreError(`'${into}' and '${from}' are already one entity`);
      await this.entityIndex.merge(db, intoId, fromId);
      await this.reindexEventsOf(db, [intoId]);
      return toEntitySummary((await db.one<EntitySummaryRow>('SELECT * FROM entities WHERE id = $1', [intoId]))!);
    });
  }

  async splitEntity(id: string, alias: string, name: string | null = null): Promise<EntitySummary> {
    return this.tx('write', async (db) => {
      const entityId = await this.requireEntity(db, id);
      let newId: string;
      try {
        newId = await this.entityIndex.split(db, entityId, alias, name);
      } catch (err) {
        if ((err as { severity?: unknown }).severity) throw err;
        throw new StoreError((err as Error).message);
      }
      await this.reindexEventsOf(db, [entityId, newId]);
      return toEntitySummary((await db.one<EntitySummaryRow>('SELECT * FROM entities WHERE id = $1', [newId]))!);
    });
  }

  /** Events hold canonical entity ids: after a merge or split, the documents that mention them are read again. */
  private async reindexEventsOf(db: Sql, entityIds: string[]): Promise<void> {
    const docs = await db.rows<{ document_id: string }>('SELECT DISTINCT document_id FROM mentions WHERE entity_id = ANY($1::text[]) ORDER BY document_id', [entityIds]);
    await this.reindexDocuments(db, new Set(docs.map((r) => r.document_id)));
  }

  /** Documents an entity change reaches are read again, so the store ends as if every document came after it. */
  private async reindexDocuments(db: Sql, docs: Set<string>): Promise<void> {
    if (!docs.size) return;
    const rows = await db.rows<DocumentRow>(`SELECT d.*, ${SOURCE} FROM documents d WHERE d.id = ANY($1::text[]) ORDER BY d.id`, [[...docs].sort()]);
    await this.eventIndex.reindexDocuments(db, rows.map(reindexAnalysisFromRow));
  }

  async timeline(filter?: TimelineFilter): Promise<TimelineEvent[]> {
    return this.read((db) => this.queries.timeline(db, filter));
  }

  async forces(filter?: ForceFilter): Promise<ForcePoint[]> {
    return this.read((db) => this.queries.forces(db, filter));
  }

  async forcePage(filter?: ForceFilter): Promise<Page<ForcePoint>> {
    return this.read((db) => this.queries.forcePage(db, filter));
  }

  async forceSummary(filter?: { in?: string } & PageRequest): Promise<Page<ForceSummary>> {
    return this.read((db) => this.queries.forceSummary(db, filter));
  }

  async claims(filter?: { about?: string; by?: string; all?: boolean; limit?: number }): Promise<ClaimView[]> {
    return this.read((db) => this.queries.claims(db, filter));
  }

  async contradictions(page?: PageRequest): Promise<ContradictionView[]> {
    return this.read((db) => this.queries.contradictions(db, page));
  }

  async contradictionPage(page?: PageRequest): Promise<Page<ContradictionView>> {
    return this.read((db) => this.queries.contradictionPage(db, page));
  }

  async overview(): Promise<Overview> {
    const s = await this.stats();
    return this.read(async (db) => ({
      counts: { documents: s.documents, entities: s.entities, events: s.events, eventMentions: s.eventMentions, claims: s.claims, contradictions: s.contradictions, times: s.times, quantities: s.quantities },
      latestEvents: await this.queries.latestEvents(db, 10),
      topActors: (await this.queries.topActors(db, 10)).map(toEntitySummary),
      contradictions: await this.queries.contradictions(db, { limit: 10 }),
    }));
  }

  async eventPage(filter?: EventFilter): Promise<Page<TimelineEvent>> {
    return this.read((db) => this.queries.eventPage(db, filter));
  }

  async entityPage(filter?: EntityFilter): Promise<Page<EntitySummary>> {
    const page = await this.read((db) => this.queries.entityPage(db, filter));
    return { total: page.total, items: page.items.map(toEntitySummary) };
  }

  async claimPage(filter?: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number }): Promise<Page<ClaimView>> {
    return this.read((db) => this.queries.claimPage(db, filter));
  }

  async entityProfile(idOrName: string, page?: PageRequest): Promise<EntityProfile | null> {
    return this.read(async (db) => {
      const detail = await this.entityDetail(db, idOrName, page);
      return detail ? { ...detail, ...(await this.queries.entityContext(db, detail.id)) } : null;
    });
  }

  async actorGraph(filter?: GraphFilter): Promise<ActorGraph> {
    return this.read((db) => this.queries.actorGraph(db, filter));
  }

  async places(filter?: { from?: string; to?: string }): Promise<PlaceSummary[]> {
    return this.read((db) => this.queries.places(db, filter));
  }

  async *analyses(): AsyncIterable<Analysis> {
    const ids = await this.read((db) => db.rows<{ id: string }>('SELECT id FROM documents ORDER BY published_value IS NULL, published_value, id'));
    for (const { id } of ids) {
      const analysis = await this.getAnalysis(id);
      if (analysis) yield analysis;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

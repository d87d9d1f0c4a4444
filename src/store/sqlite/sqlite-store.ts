import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteEntityIndex } from './entity-index.js';
import { SqliteEventIndex } from './event-index.js';
import { SqliteEventQueries } from './event-queries.js';
import { SqliteDashboardQueries } from './dashboard-queries.js';
import { foldName } from '../../resolve/names.js';
import type { EntityType, MentionForm } from '../../model/analysis.js';
import type { Analysis } from '../../model/analysis.js';
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
import {
  QueryError,
  StoreError,
  type DocumentSummary,
  type ClaimView,
  type ContradictionView,
  type EntityDetail,
  type EntitySummary,
  type ForceFilter,
  type ForcePoint,
  type ForceSummary,
  type PageRequest,
  type TimelineEvent,
  type TimelineFilter,
  type PutResult,
  type SearchHit,
  type SearchOptions,
  type SourceState,
  type Store,
  type StoreStats,
  type ActorGraph,
  type EntityFilter,
  type EntityProfile,
  type EventFilter,
  type GraphFilter,
  type Overview,
  type Page,
  type PlaceSummary,
} from '../store.js';


/** Opens (creating when needed) a SQLite store and brings its schema to the latest version. */
export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw new Error(`cannot open the store ${path}: ${(err as Error).message}`);
  }
  db.pragma('synchronous = NORMAL');
  // The default 2 MB page cache holds a small store's hot index pages only: a write to a large one then reads
  // back from the OS, page by page, the index leaves it touched a moment ago. A longer WAL between checkpoints
  // copies a page rewritten by many commits once.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 4096');
  // Statements with triggers keep a statement journal (to undo themselves alone); on disk, each is written to a
  // temporary file page by page: in the first 20 s of ingesting 200 news documents, 196,604 such writes against
  // 5,293 to the WAL.
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, path);
  return new SqliteStore(db);
}

function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;
  if (current > latest) throw new Error(`the store ${path} has schema version ${current}, newer than this sitrep (${latest})`);
  for (const m of SQLITE_MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.backfill?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/**
 * Analysts type names with hyphens and apostrophes ("al-Qaeda", "Wagner's") that FTS5 would read as syntax:
 * such words are quoted so they search as written. Quoted phrases, AND/OR/NOT, NEAR, parentheses and prefix
 * stars keep their FTS5 meaning.
 */
export function toFtsQuery(query: string): string {
  return query.replace(/"[^"]*"|[^\s"()]+/g, (token) => {
    if (token.startsWith('"')) return token;
    if (/^(AND|OR|NOT|NEAR)$/.test(token) || /^[\p{L}\p{N}_]+\*?$/u.test(token)) return token;
    return `"${token.replace(/"/g, '""')}"`;
  });
}

function explainFtsError(message: string): string {
  const m = message.replace(/^fts5: /, '');
  if (/unterminated string/.test(m)) return 'a quotation mark is not closed';
  if (/syntax error near ""/.test(m)) return 'the query ends with an operator (AND, OR, NOT) that needs a word after it';
  if (/syntax error near "(AND|OR|NOT)"/.test(m)) return 'an operator (AND, OR, NOT) needs a word on each side';
  return m;
}

export { sentenceAround } from '../shared/rows.js';

/** Documents on an entity's page when the caller does not say how many. */
export const ENTITY_DOCUMENTS_PAGE = 20;

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly stmts;
  private readonly entityIndex: SqliteEntityIndex;
  private readonly eventIndex: SqliteEventIndex;
  private readonly eventQueries: SqliteEventQueries;
  private readonly dashboard: SqliteDashboardQueries;

  constructor(private readonly db: Database.Database) {
    this.entityIndex = new SqliteEntityIndex(db);
    const entityRow = db.prepare<[string], { name: string; country: string | null; kind: string | null }>('SELECT name, country, kind FROM entities WHERE id = ?');
    this.eventIndex = new SqliteEventIndex(db, (id) => entityRow.get(id));
    this.eventQueries = new SqliteEventQueries(db);
    this.dashboard = new SqliteDashboardQueries(db, this.eventQueries);
    this.stmts = {
      sourceState: db.prepare<[string], { document_id: string; content_hash: string }>(
        'SELECT document_id, content_hash FROM sources WHERE source = ?',
      ),
      docExists: db.prepare<[string], { id: string }>('SELECT id FROM documents WHERE id = ?'),
      insertDoc: db.prepare(
        `INSERT INTO documents (id, content_hash, title, publisher, authors, published, published_value, language, url,
           text, removed, repairs, analysis, ingested_at)
         VALUES (@id, @content_hash, @title, @publisher, @authors, @published, @published_value, @language, @url,
           @text, @removed, @repairs, @analysis, @ingested_at)`,
      ),
      upsertSource: db.prepare(
        `INSERT INTO sources (source, document_id, content_hash, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash,
           updated_at = excluded.updated_at`,
      ),
      listEntities: db.prepare<[string | null, string | null, number, number], EntitySummaryRow>(
        'SELECT * FROM entities WHERE mentions > 0 AND (? IS NULL OR type = ?) ORDER BY mentions DESC, name, id LIMIT ? OFFSET ?',
      ),
      entityById: db.prepare<[string], EntitySummaryRow>('SELECT * FROM entities WHERE id = ?'),
      entitiesByName: db.prepare<[string], EntitySummaryRow>(
        `SELECT DISTINCT e.* FROM entity_names n JOIN entities e ON e.id = n.entity_id
         WHERE n.folded = ? AND n.role != 'surname' ORDER BY e.mentions DESC, e.id`,
      ),
      entityNames: db.prepare<[string], { name: string }>("SELECT name FROM entity_names WHERE entity_id = ? AND role != 'surname' ORDER BY name"),
      entityMentions: db.prepare<[string], { document_id: string; start: number; end: number; text: string; form: MentionForm; title: string | null; published: string | null; doc_text: string; source: string | null }>(
        `SELECT m.document_id, m.start, m.end, m.text, m.form, d.title, d.published, d.text AS doc_text,
           (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.entity_id = ?
         ORDER BY d.published_value, d.id, m.start, m.end, m.local_id`,
      ),
      // One page of the documents that mention an entity: the entity's documents come from its mentions first
      // (CROSS JOIN keeps that order), so a rare entity does not walk every document, and are ordered on an index
      // (migration 10), so a busy one does not read thousands of whole documents for a page of them.
      entityDocuments: db.prepare<[string, number, number], { id: string; title: string | null; published: string | null; source: string | null }>(
        `WITH docs AS (SELECT DISTINCT document_id FROM mentions WHERE entity_id = ?),
         page AS (
           SELECT k.id, k.published_value FROM docs CROSS JOIN documents k INDEXED BY documents_id_published ON k.id = docs.document_id
           ORDER BY k.published_value, k.id LIMIT ? OFFSET ?
         )
         SELECT d.id, d.title, d.published, (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM page CROSS JOIN documents d ON d.id = page.id ORDER BY page.published_value, page.id`,
      ),
      entityMentionsIn: db.prepare<[string, string], { document_id: string; start: number; end: number; text: string; form: MentionForm }>(
        `SELECT document_id, start, end, text, form FROM mentions
         WHERE entity_id = ? AND document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, start, end, local_id`,
      ),
      documentTexts: db.prepare<[string], { id: string; text: string }>('SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))'),
      otherSource: db.prepare<[string], { source: string }>('SELECT source FROM sources WHERE document_id = ? LIMIT 1'),
      orphanDelete: db.prepare(
        'DELETE FROM documents WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE document_id = ?)',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents'),
      list: db.prepare<[number, number], DocumentRow & { chars: number }>(
        `SELECT d.*, length(d.text) AS chars,
           (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM documents d ORDER BY d.published_value DESC NULLS LAST, d.rowid LIMIT ? OFFSET ?`,
      ),
      byIds: db.prepare<[string], DocumentRow>(
        `SELECT d.*, (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id`,
      ),
      byPrefix: db.prepare<[string], DocumentRow>(
        `SELECT d.*, (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM documents d WHERE d.id >= ? ORDER BY d.id LIMIT 2`,
      ),
      // Ranking first, over row ids only; snippets and sources then for the page alone (SQLite would compute
      // them for every match before sorting).
      search: db.prepare<[{ open: string; close: string; query: string; limit: number; offset: number }], { id: string; title: string | null; snippet: string; score: number; source: string | null }>(
        `SELECT d.id, d.title, snippet(documents_fts, 1, @open, @close, '…', 16) AS snippet, ranked.score,
           (SELECT min(s.source) FROM sources s WHERE s.document_id = d.id) AS source
         FROM (SELECT rowid, -bm25(documents_fts, 5.0, 1.0) AS score FROM documents_fts WHERE documents_fts MATCH @query
               ORDER BY bm25(documents_fts, 5.0, 1.0), rowid LIMIT @limit OFFSET @offset) ranked
         CROSS JOIN documents_fts ON documents_fts.rowid = ranked.rowid
         JOIN documents d ON d.rowid = ranked.rowid
         WHERE documents_fts MATCH @query ORDER BY ranked.score DESC, ranked.rowid`,
      ),
    };
  }

  async sourceState(source: string): Promise<SourceState | null> {
    const row = this.stmts.sourceState.get(source);
    return row ? { documentId: row.document_id, contentHash: row.content_hash } : null;
  }

  async putAnalysis(analysis: Analysis): Promise<PutResult> {
    return this.db.transaction(() => this.writeAnalysis(analysis, new Date().toISOString())).immediate();
  }

  async putAnalyses(analyses: readonly Analysis[]): Promise<Array<PutResult | Error>> {
    const now = new Date().toISOString();
    let groupFailure: string | null = null;
    if (analyses.length > 1) {
      try {
        const together = this.db.transaction(() => this.writeNewTogether(analyses, now)).immediate();
        if (together) return together;
      } catch (err) {
        // Rolled back whole: written one by one below, where the document that fails is told apart.
        groupFailure = err instanceof Error ? err.message : String(err);
      }
    }
    // Each document in a savepoint of its own (a nested better-sqlite3 transaction): one that throws is rolled
    // back whole and the rest commit together.
    const writeOne = this.db.transaction((analysis: Analysis) => this.writeAnalysis(analysis, now));
    const results = this.db
      .transaction(() =>
        analyses.map((analysis): PutResult | Error => {
          try {
            return writeOne(analysis);
          } catch (err) {
            return err instanceof Error ? err : new Error(String(err));
          }
        }),
      )
      .immediate();
    // No document was at fault, so the group write itself failed: the documents are stored, at several times the
    // cost, which nothing else would show (a failure of this kind once made an ingest five times slower).
    if (groupFailure !== null && results.every((r) => !(r instanceof Error))) {
      process.emitWarning(`writing ${analyses.length} documents as one group failed (${groupFailure}); each was written alone`, { code: 'SITREP_GROUP_WRITE' });
    }
    return results;
  }

  /**
   * Documents new to the store (no source of theirs held other content), written together inside the caller's
   * transaction: their entities one by one, then their events and claims at once, so that a component several of
   * them touch is clustered once, not once per document, and a document an entity change reaches is read again
   * once. The store ends as writing them one by one would (the happenings are a function of the set of reports).
   * Null, having written nothing, when one of them is not new.
   */
  private writeNewTogether(analyses: readonly Analysis[], now: string): PutResult[] | null {
    const ids = new Set<string>();
    const sources = new Set<string>();
    for (const a of analyses) {
      const d = a.document;
      const previous = this.stmts.sourceState.get(d.source);
      if (previous || ids.has(d.id) || sources.has(d.source) || this.stmts.docExists.get(d.id)) return null;
      ids.add(d.id);
      sources.add(d.source);
    }
    const reindex = new Set<string>();
    for (const a of analyses) {
      this.stmts.insertDoc.run(documentValues(a, now));
      for (const id of this.entityIndex.indexDocument(a)) reindex.add(id);
      this.stmts.upsertSource.run(a.document.source, a.document.id, a.document.contentHash ?? '', now);
    }
    this.eventIndex.indexDocuments(analyses);
    for (const id of ids) reindex.delete(id);
    this.reindexDocuments(reindex);
    return analyses.map((a) => ({ id: a.document.id, status: 'inserted' }));
  }

  /** One document's write, inside the caller's transaction. */
  private writeAnalysis(analysis: Analysis, now: string): PutResult {
    const d = analysis.document;
    const previous = this.stmts.sourceState.get(d.source);
    if (previous && previous.document_id === d.id) return { id: d.id, status: 'unchanged' };
    const reindex = new Set<string>();
    if (!this.stmts.docExists.get(d.id)) {
      this.stmts.insertDoc.run(documentValues(analysis, now));
      for (const id of this.entityIndex.indexDocument(analysis)) reindex.add(id);
      this.eventIndex.indexDocument(analysis);
    }
    this.stmts.upsertSource.run(d.source, d.id, d.contentHash ?? '', now);
    // The content a changed source held before goes when no other source shares it.
    if (previous && !this.stmts.otherSource.get(previous.document_id)) {
      const touched = this.entityIndex.entitiesOf(previous.document_id);
      const touchedEvents = this.eventIndex.touchedBy(previous.document_id);
      const withdrawn = this.entityIndex.withdrawVotes(previous.document_id);
      this.stmts.orphanDelete.run(previous.document_id, previous.document_id);
      this.entityIndex.recount(touched);
      this.eventIndex.refresh(touchedEvents);
      for (const id of this.entityIndex.settle(withdrawn)) reindex.add(id);
      reindex.delete(previous.document_id);
    }
    this.reindexDocuments(reindex);
    return { id: d.id, status: previous ? 'updated' : 'inserted' };
  }

  async countDocuments(): Promise<number> {
    return this.stmts.count.get()!.n;
  }

  async listDocuments(options: { limit?: number; offset?: number } = {}): Promise<DocumentSummary[]> {
    return this.stmts.list.all(options.limit ?? 100, options.offset ?? 0).map(documentSummaryFromRow);
  }

  async getAnalysis(idOrPrefix: string): Promise<Analysis | null> {
    if (!idOrPrefix) return null;
    const rows = this.stmts.byPrefix.all(idOrPrefix).filter((r) => r.id.startsWith(idOrPrefix));
    const exact = rows.find((r) => r.id === idOrPrefix);
    const row = exact ?? (rows.length === 1 ? rows[0] : undefined);
    if (!row) {
      if (rows.length > 1) throw new QueryError(`id prefix '${idOrPrefix}' is ambiguous: give more characters`);
      return null;
    }
    return analysisFromRow(row);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const trimmed = query.trim();
    if (!trimmed) throw new QueryError('empty search query');
    const [open, close] = options.highlight ?? ['[', ']'];
    const run = (q: string) => this.stmts.search.all({ open, close, query: q, limit: options.limit ?? 20, offset: options.offset ?? 0 });
    let rows;
    try {
      rows = run(toFtsQuery(trimmed));
    } catch (err) {
      throw new QueryError(`malformed search query '${trimmed}': ${explainFtsError((err as Error).message)}`);
    }
    return rows.map((r) => ({ id: r.id, title: r.title, source: r.source ?? '', snippet: r.snippet, score: r.score }));
  }

  async stats(): Promise<StoreStats> {
    const one = (sql: string): number => (this.db.prepare(sql).pluck().get() as number | null) ?? 0;
    return {
      documents: one('SELECT count(*) FROM documents'),
      entities: one('SELECT count(*) FROM entities WHERE mentions > 0'),
      mentions: one('SELECT count(*) FROM mentions'),
      times: one('SELECT count(*) FROM times'),
      quantities: one('SELECT count(*) FROM quantities'),
      events: one('SELECT count(*) FROM events'),
      eventMentions: one('SELECT count(*) FROM event_mentions'),
      claims: one('SELECT count(*) FROM claims WHERE attributed = 1'),
      contradictions: one('SELECT count(*) FROM contradictions'),
      sources: one('SELECT count(*) FROM sources'),
      removedParts: one('SELECT coalesce(sum(json_array_length(removed)), 0) FROM documents'),
      repairs: one('SELECT coalesce(sum(json_array_length(repairs)), 0) FROM documents'),
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  async listEntities(options: { type?: EntityType; limit?: number; offset?: number } = {}): Promise<EntitySummary[]> {
    const type = options.type ?? null;
    return this.stmts.listEntities.all(type, type, options.limit ?? 50, options.offset ?? 0).map(toEntitySummary);
  }

  async findEntityIds(idOrName: string): Promise<string[]> {
    if (this.stmts.entityById.get(idOrName)) return [idOrName];
    return this.stmts.entitiesByName.all(foldName(idOrName).replace(/^the /, '')).map((r) => r.id);
  }

  async getEntity(idOrName: string, page: PageRequest = {}): Promise<EntityDetail | null> {
    const [id] = await this.findEntityIds(idOrName);
    const row = id ? this.stmts.entityById.get(id) : undefined;
    if (!row) return null;
    // A page of documents, then the mentions and texts of those documents only: a much-mentioned entity costs
    // the same as a rare one.
    const docs = this.stmts.entityDocuments.all(row.id, page.limit ?? ENTITY_DOCUMENTS_PAGE, page.offset ?? 0);
    const ids = JSON.stringify(docs.map((d) => d.id));
    const texts = new Map(this.stmts.documentTexts.all(ids).map((t) => [t.id, t.text]));
    const byDocument = new Map<string, EntityDetail['byDocument'][number]>(
      docs.map((d) => [d.id, { documentId: d.id, title: d.title, source: d.source ?? '', published: parseTime(d.published), mentions: [] }]),
    );
    for (const m of this.stmts.entityMentionsIn.all(row.id, ids)) {
      byDocument.get(m.document_id)!.mentions.push({ start: m.start, end: m.end, text: m.text, form: m.form, sentence: sentenceAround(texts.get(m.document_id) ?? '', m.start, m.end) });
    }
    const aliases = this.stmts.entityNames.all(row.id).map((r) => r.name).filter((n) => n !== row.name);
    return { ...toEntitySummary(row), aliases: [...new Set(aliases)], byDocument: [...byDocument.values()] };
  }

  private requireEntity(idOrName: string): string {
    const ids = this.stmts.entityById.get(idOrName) ? [idOrName] : this.stmts.entitiesByName.all(foldName(idOrName).replace(/^the /, '')).map((r) => r.id);
    if (ids.length === 0) throw new StoreError(`no entity '${idOrName}'`);
    if (ids.length > 1) throw new StoreError(`'${idOrName}' names ${ids.length} entities (${ids.join(', ')}): give an id`);
    return ids[0]!;
  }

  async mergeEntities(into: string, from: string): Promise<EntitySummary> {
    return this.db.transaction(() => {
      const intoId = this.requireEntity(into);
      const fromId = this.requireEntity(from);
      if (intoId === fromId) throw new StoreError(`'${into}' and '${from}' are already one entity`);
      this.entityIndex.merge(intoId, fromId);
      this.reindexEventsOf([intoId]);
      return toEntitySummary(this.stmts.entityById.get(intoId)!);
    }).immediate();
  }

  async splitEntity(id: string, alias: string, name: string | null = null): Promise<EntitySummary> {
    return this.db.transaction(() => {
      const entityId = this.requireEntity(id);
      let newId: string;
      try {
        newId = this.entityIndex.split(entityId, alias, name);
      } catch (err) {
        throw new StoreError((err as Error).message);
      }
      this.reindexEventsOf([entityId, newId]);
      return toEntitySummary(this.stmts.entityById.get(newId)!);
    }).immediate();
  }

  /** Events hold canonical entity ids: after a merge or split, the documents that mention them are read again. */
  private reindexEventsOf(entityIds: string[]): void {
    const docs = new Set<string>();
    for (const id of entityIds) for (const m of this.stmts.entityMentions.all(id)) docs.add(m.document_id);
    this.reindexDocuments(docs);
  }

  /**
   * Events and claims hold canonical entity ids and what entities were (name, kind, country) when written: the
   * documents an entity change reaches are read again, so the store ends as if every document came after it.
   */
  private reindexDocuments(docs: Set<string>): void {
    if (!docs.size) return;
    this.eventIndex.reindexDocuments(this.stmts.byIds.all(JSON.stringify([...docs].sort())).map(reindexAnalysisFromRow));
  }

  async timeline(filter?: TimelineFilter): Promise<TimelineEvent[]> {
    return this.eventQueries.timeline(filter);
  }

  async forces(filter?: ForceFilter): Promise<ForcePoint[]> {
    return this.eventQueries.forces(filter);
  }

  async forcePage(filter?: ForceFilter): Promise<Page<ForcePoint>> {
    return this.eventQueries.forcePage(filter);
  }

  async forceSummary(filter?: { in?: string } & PageRequest): Promise<Page<ForceSummary>> {
    return this.eventQueries.forceSummary(filter);
  }

  async claims(filter?: { about?: string; by?: string; all?: boolean; limit?: number }): Promise<ClaimView[]> {
    return this.eventQueries.claims(filter);
  }

  async contradictions(page?: PageRequest): Promise<ContradictionView[]> {
    return this.eventQueries.contradictions(page);
  }

  async contradictionPage(page?: PageRequest): Promise<Page<ContradictionView>> {
    return this.eventQueries.contradictionPage(page);
  }

  async overview(): Promise<Overview> {
    const s = await this.stats();
    return {
      counts: { documents: s.documents, entities: s.entities, events: s.events, eventMentions: s.eventMentions, claims: s.claims, contradictions: s.contradictions, times: s.times, quantities: s.quantities },
      latestEvents: this.dashboard.latestEvents(10),
      topActors: this.dashboard.topActors(10).map(toEntitySummary),
      contradictions: this.eventQueries.contradictions({ limit: 10 }),
    };
  }

  async eventPage(filter?: EventFilter): Promise<Page<TimelineEvent>> {
    return this.dashboard.eventPage(filter);
  }

  async entityPage(filter?: EntityFilter): Promise<Page<EntitySummary>> {
    const page = this.dashboard.entityPage(filter);
    return { total: page.total, items: page.items.map(toEntitySummary) };
  }

  async searchPage(query: string, options: SearchOptions = {}): Promise<Page<SearchHit>> {
    const items = await this.search(query, options);
    return { total: this.dashboard.searchCount(toFtsQuery(query.trim())), items };
  }

  async claimPage(filter?: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number }): Promise<Page<ClaimView>> {
    return this.dashboard.claimPage(filter);
  }

  async entityProfile(idOrName: string, page?: PageRequest): Promise<EntityProfile | null> {
    const detail = await this.getEntity(idOrName, page);
    return detail ? { ...detail, ...this.dashboard.entityContext(detail.id) } : null;
  }

  async actorGraph(filter?: GraphFilter): Promise<ActorGraph> {
    return this.dashboard.actorGraph(filter);
  }

  async places(filter?: { from?: string; to?: string }): Promise<PlaceSummary[]> {
    return this.dashboard.places(filter);
  }

  async *analyses(): AsyncIterable<Analysis> {
    for (const id of this.dashboard.documentIds()) {
      const analysis = await this.getAnalysis(id);
      if (analysis) yield analysis;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

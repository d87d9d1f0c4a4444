import { foldName } from '../../resolve/names.js';
import type { EventMention } from '../../resolve/events.js';
import type { PloverType } from '../../model/analysis.js';
import type {
  ActorGraph,
  ClaimView,
  ContradictionView,
  EntityFilter,
  EventFilter,
  ForcePoint,
  GraphFilter,
  Page,
  PlaceSummary,
  RelatedEntity,
  TimelineEvent,
  TimelineFilter,
} from '../store.js';
import {
  NO_DOC,
  actorGraphOf,
  actorIds,
  claimView,
  contradictionRefs,
  contradictionView,
  eventRefs,
  forcePoints,
  placesOf,
  toTimelineEvent,
  type ClaimViewRow,
  type ContradictionViewRow,
  type DocInfo,
  type EventRow,
  type ForceSizeRow,
  type GraphEntity,
  type ViewLookups,
} from '../shared/views.js';
import type { EntitySummaryRow } from '../shared/rows.js';
import { limitOf, offsetOf, type Sql } from './db.js';

/** Entity names and document metadata fetched in batches, answered synchronously to the shared views. */
class Lookups implements ViewLookups {
  private readonly names = new Map<string, string | undefined>();
  private readonly docs = new Map<string, DocInfo>();
  constructor(private readonly db: Sql) {}

  async need(entities: Iterable<string | null | undefined>, documents: Iterable<string> = []): Promise<this> {
    const e = [...new Set([...entities].filter((id): id is string => !!id && !this.names.has(id)))];
    const d = [...new Set([...documents].filter((id) => !this.docs.has(id)))];
    if (e.length) {
      for (const id of e) this.names.set(id, undefined);
      for (const r of await this.db.rows<{ id: string; name: string }>('SELECT id, name FROM entities WHERE id = ANY($1::text[])', [e])) this.names.set(r.id, r.name);
    }
    if (d.length) {
      for (const r of await this.db.rows<DocInfo & { id: string }>('SELECT id, title, publisher, published FROM documents WHERE id = ANY($1::text[])', [d])) {
        this.docs.set(r.id, { title: r.title, publisher: r.publisher, published: r.published });
      }
    }
    return this;
  }

  name(id: string): string | undefined {
    if (!this.names.has(id)) throw new Error(`internal: entity ${id} asked for before it was fetched`);
    return this.names.get(id);
  }

  doc(id: string): DocInfo {
    return this.docs.get(id) ?? NO_DOC;
  }
}

/** Time and type conditions on `events e` (an event overlaps [from, to]), with numbered parameters. */
function eventConditions(filter: { type?: PloverType; quad?: string; from?: string; to?: string }, params: unknown[]): string[] {
  const where: string[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.type) where.push(`e.type = ${p(filter.type)}`);
  if (filter.quad) where.push(`e.quad = ${p(filter.quad)}`);
  if (filter.from) where.push(`e.time_end >= ${p(filter.from)}`);
  if (filter.to) where.push(`e.time_start <= ${p(`${filter.to}~`)}`);
  return where;
}

const whereClause = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const ORDER_EVENTS = 'ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id';

/**
 * The read side of the PostgreSQL store: timeline, forces, claims, contradictions and the dashboard pages, the
 * same SQL as SQLite's `event-queries.ts` and `dashboard-queries.ts` (positional parameters, arrays for lists) and
 * the same view code (`../shared/views.ts`).
 */
export class PgQueries {
  /** An id or a name (folded) → the entity ids it may denote. */
  async resolveIds(db: Sql, idOrName: string): Promise<string[]> {
    if (await db.one('SELECT 1 AS x FROM entities WHERE id = $1', [idOrName])) return [idOrName];
    const rows = await db.rows<{ id: string }>("SELECT DISTINCT entity_id AS id FROM entity_names WHERE folded = $1 AND role != 'surname' ORDER BY id", [
      foldName(idOrName).replace(/^the /, ''),
    ]);
    return rows.map((r) => r.id);
  }

  /** Event rows with their reports, in the order given. */
  async timelineEvents(db: Sql, rows: EventRow[]): Promise<TimelineEvent[]> {
    if (!rows.length) return [];
    const members = new Map<string, EventMention[]>();
    for (const m of await db.rows<{ merged_id: string; data: string }>('SELECT merged_id, data FROM event_mentions WHERE merged_id = ANY($1::text[]) ORDER BY id', [
      rows.map((r) => r.id),
    ])) {
      let list = members.get(m.merged_id);
      if (!list) members.set(m.merged_id, (list = []));
      list.push(JSON.parse(m.data) as EventMention);
    }
    const refs = eventRefs(rows, [...members.values()].flat());
    const lk = await new Lookups(db).need(refs.entities, refs.documents);
    return rows.map((r) => toTimelineEvent(r, members.get(r.id) ?? [], lk));
  }

  async timeline(db: Sql, filter: TimelineFilter = {}): Promise<TimelineEvent[]> {
    return (await this.eventPage(db, filter, false)).items;
  }

  async eventPage(db: Sql, filter: EventFilter = {}, count = true): Promise<Page<TimelineEvent>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.entity) {
      const ids = await this.resolveIds(db, filter.entity);
      if (ids.length === 0) return { total: 0, items: [] };
      params.push(ids);
      where.push(`e.id IN (SELECT event_id FROM event_actors WHERE entity_id = ANY($${params.length}::text[]))`);
    }
    where.push(...eventConditions(filter, params));
    const total = count ? (await db.one<{ n: number }>(`SELECT count(*) AS n FROM events e ${whereClause(where)}`, params))!.n : 0;
    const rows = await db.rows<EventRow>(
      `SELECT e.* FROM events e ${whereClause(where)} ${ORDER_EVENTS} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limitOf(filter.limit ?? 200), offsetOf(filter.offset ?? 0)],
    );
    return { total, items: await this.timelineEvents(db, rows) };
  }

  async latestEvents(db: Sql, limit: number): Promise<TimelineEvent[]> {
    const rows = await db.rows<EventRow>('SELECT * FROM events WHERE time_start IS NOT NULL ORDER BY time_start DESC, time_end DESC, id LIMIT $1', [limitOf(limit)]);
    return this.timelineEvents(db, rows);
  }

  async forces(db: Sql, filter: { in?: string } = {}): Promise<ForcePoint[]> {
    const places = filter.in ? new Set(await this.resolveIds(db, filter.in)) : null;
    if (places && places.size === 0) return [];
    const sizes = await db.rows<ForceSizeRow>(
      'SELECT subject, value, low, high, approx, unit, time, places, claimant, claimant_text, document_id, sentence FROM claims WHERE force = 1 ORDER BY document_id, start, id',
    );
    // Withdrawals and deployments mark where a force starts and ends.
    const moves = (
      await db.rows<{ data: string }>(
        "SELECT m.data FROM event_mentions m JOIN events e ON e.id = m.merged_id WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%') ORDER BY m.id",
      )
    ).map((r) => JSON.parse(r.data) as EventMention);
    const entities = new Set<string | null>();
    for (const s of sizes) {
      entities.add(s.subject);
      entities.add(s.claimant);
      for (const p of JSON.parse(s.places) as string[]) entities.add(p);
    }
    for (const m of moves) for (const id of [...m.sources, ...m.targets, m.location, m.attribution?.source ?? null]) entities.add(id);
    const lk = await new Lookups(db).need(entities, sizes.map((s) => s.document_id));
    return forcePoints(sizes, moves, places, lk);
  }

  async claims(db: Sql, filter: { about?: string; by?: string; all?: boolean; limit?: number } = {}): Promise<ClaimView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.all) where.push('c.attributed = 1');
    for (const [field, value] of [['subject', filter.about], ['claimant', filter.by]] as const) {
      if (!value) continue;
      const ids = await this.resolveIds(db, value);
      if (ids.length === 0) return [];
      params.push(ids);
      const p = `$${params.length}::text[]`;
      if (field === 'subject') {
        // "About X": X is the claim's subject, one of its event's actors, or a place it names.
        where.push(`(c.subject = ANY(${p}) OR EXISTS (SELECT 1 FROM json_array_elements_text(c.places::json) pl WHERE pl = ANY(${p}))
          OR c.event_mention_id IN (SELECT m.id FROM event_mentions m JOIN event_actors a ON a.event_id = m.merged_id WHERE a.entity_id = ANY(${p})))`);
      } else {
        where.push(`c.claimant = ANY(${p})`);
      }
    }
    const limit = filter.limit ?? 500;
    params.push(limitOf(limit));
    const rows = await db.rows<ClaimViewRow>(
      `SELECT c.* FROM claims c ${whereClause(where)} ORDER BY c.time_start IS NULL, c.time_start, c.document_id, c.start, c.id LIMIT $${params.length}`,
      params,
    );
    const lk = await new Lookups(db).need(rows.flatMap((c) => [c.claimant, c.subject]), rows.map((c) => c.document_id));
    return rows.map((c) => claimView(c, lk));
  }

  async claimPage(db: Sql, filter: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number } = {}): Promise<Page<ClaimView>> {
    const all = await this.claims(db, { about: filter.about, by: filter.by, all: filter.all, limit: -1 });
    const offset = filter.offset ?? 0;
    return { total: all.length, items: all.slice(offset, offset + (filter.limit ?? 500)) };
  }

  async contradictions(db: Sql): Promise<ContradictionView[]> {
    const rows = await db.rows<ContradictionViewRow>('SELECT id, kind, about, event_id, a, b FROM contradictions ORDER BY kind, about, id');
    const refs = contradictionRefs(rows);
    const lk = await new Lookups(db).need(refs.entities, refs.documents);
    return rows.map((r) => contradictionView(r, lk));
  }

  async topActors(db: Sql, limit: number): Promise<EntitySummaryRow[]> {
    return db.rows<EntitySummaryRow>(
      `SELECT e.* FROM entities e JOIN (
         SELECT entity_id, count(DISTINCT event_id) AS n FROM event_actors GROUP BY entity_id
       ) a ON a.entity_id = e.id
       WHERE e.mentions > 0 ORDER BY a.n DESC, e.mentions DESC, e.name, e.id LIMIT $1`,
      [limitOf(limit)],
    );
  }

  async entityPage(db: Sql, filter: EntityFilter = {}): Promise<Page<EntitySummaryRow>> {
    const where = ['e.mentions > 0'];
    const params: unknown[] = [];
    if (filter.type) {
      params.push(filter.type);
      where.push(`e.type = $${params.length}`);
    }
    const prefix = filter.q ? likeEscape(foldName(filter.q)) : '';
    if (prefix) {
      params.push(`${prefix}%`, `% ${prefix}%`);
      where.push(
        `EXISTS (SELECT 1 FROM entity_names n WHERE n.entity_id = e.id AND n.role != 'surname'
           AND (n.folded LIKE $${params.length - 1} ESCAPE '\\' OR n.folded LIKE $${params.length} ESCAPE '\\'))`,
      );
    }
    const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM entities e ${whereClause(where)}`, params))!.n;
    const items = await db.rows<EntitySummaryRow>(
      `SELECT e.* FROM entities e ${whereClause(where)} ORDER BY e.mentions DESC, e.name, e.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limitOf(filter.limit ?? 50), offsetOf(filter.offset ?? 0)],
    );
    return { total, items };
  }

  /** Events, force figures and related entities of one entity (by id). */
  async entityContext(db: Sql, id: string, limits: { events?: number; related?: number } = {}): Promise<{ events: TimelineEvent[]; forces: ForcePoint[]; related: RelatedEntity[] }> {
    const rows = await db.rows<EventRow>(
      `SELECT e.* FROM events e WHERE e.id IN (SELECT event_id FROM event_actors WHERE entity_id = $1) OR e.location = $1 ${ORDER_EVENTS} LIMIT $2`,
      [id, limitOf(limits.events ?? 500)],
    );
    const forces = (await this.forces(db)).filter((p) => p.actor.id === id || p.places.some((pl) => pl.id === id));
    const related = await db.rows<{ id: string; name: string | null; n: number }>(
      `WITH mine AS (
         SELECT event_id FROM event_actors WHERE entity_id = $1
         UNION SELECT id FROM events WHERE location = $1
       ), others AS (
         SELECT a.entity_id AS id, a.event_id FROM event_actors a JOIN mine USING (event_id)
         UNION SELECT e.location, e.id FROM events e JOIN mine m ON m.event_id = e.id WHERE e.location IS NOT NULL
       )
       SELECT o.id, x.name, count(DISTINCT o.event_id) AS n FROM others o LEFT JOIN entities x ON x.id = o.id
       WHERE o.id != $1 GROUP BY o.id, x.name ORDER BY n DESC, x.name NULLS FIRST, o.id LIMIT $2`,
      [id, limitOf(limits.related ?? 20)],
    );
    return { events: await this.timelineEvents(db, rows), forces, related: related.map((r) => ({ entity: { id: r.id, name: r.name ?? r.id }, events: r.n })) };
  }

  private async graphEntities(db: Sql, ids: Set<string>): Promise<Map<string, GraphEntity>> {
    const out = new Map<string, GraphEntity>();
    if (!ids.size) return out;
    for (const r of await db.rows<GraphEntity & { id: string }>('SELECT id, name, type, kind, lat, lon FROM entities WHERE id = ANY($1::text[])', [[...ids]])) out.set(r.id, r);
    return out;
  }

  async actorGraph(db: Sql, filter: GraphFilter = {}): Promise<ActorGraph> {
    const params: unknown[] = [];
    const where = eventConditions(filter, params);
    const rows = await db.rows<{ id: string; type: PloverType; quad: string; sources: string; targets: string }>(
      `SELECT e.id, e.type, e.quad, e.sources, e.targets FROM events e ${whereClause(where)} ORDER BY e.id`,
      params,
    );
    const entities = await this.graphEntities(db, actorIds(rows));
    return actorGraphOf(rows, (id) => entities.get(id));
  }

  async places(db: Sql, filter: { from?: string; to?: string } = {}): Promise<PlaceSummary[]> {
    const params: unknown[] = [];
    const where = eventConditions(filter, params);
    const rows = await db.rows<{ id: string; location: string | null; targets: string }>(
      `SELECT e.id, e.location, e.targets FROM events e ${whereClause(where)} ${ORDER_EVENTS}`,
      params,
    );
    const entities = await this.graphEntities(db, actorIds(rows));
    return placesOf(rows, (id) => entities.get(id));
  }
}

import { foldName } from '../../resolve/names.js';
import type { EventMention } from '../../resolve/events.js';
import type { PloverType } from '../../model/analysis.js';
import type {
  ActorGraph,
  ClaimView,
  ContradictionView,
  EntityFilter,
  EventFilter,
  ForceFilter,
  ForcePoint,
  ForceSummary,
  GraphFilter,
  Page,
  PageRequest,
  PlaceSummary,
  RelatedEntity,
  TimelineEvent,
  TimelineFilter,
} from '../store.js';
import {
  NO_DOC,
  actorGraphOf,
  actorIds,
  actorsOfPage,
  claimView,
  contradictionRefs,
  contradictionView,
  eventRefs,
  forcePoints,
  forceSummaries,
  keepForce,
  movePoint,
  placesOf,
  sizePoint,
  sortForceKeys,
  toTimelineEvent,
  type ClaimViewRow,
  type ContradictionViewRow,
  type DocInfo,
  type EventRow,
  type ForceKey,
  type ForceMatch,
  type ForceSizeRow,
  type ForceSummaryRow,
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

/** SQL conditions selecting force claims (`c`) and moves (`f`, rows of `force_moves`) of a match (as SQLite's). */
/** SQL conditions of a match; `within`, when given, further keeps the points of those actors only. */
function forceConditions(match: ForceMatch, params: unknown[], within: readonly string[] | null = null): { sizes: string; moves: string } {
  const sizes: string[] = [];
  const moves: string[] = [];
  if (match.actors) {
    params.push(match.actors);
    const p = `$${params.length}::text[]`;
    sizes.push(`c.subject = ANY(${p})`);
    moves.push(`f.actor = ANY(${p})`);
  }
  if (match.places) {
    params.push(match.places);
    const p = `$${params.length}::text[]`;
    sizes.push(`c.id IN (SELECT claim_id FROM force_claim_places WHERE place = ANY(${p}))`);
    moves.push(`f.mention_id IN (SELECT mention_id FROM force_move_places WHERE place = ANY(${p}))`);
  }
  const join = match.either ? ' OR ' : ' AND ';
  const size = sizes.length ? [`(${sizes.join(join)})`] : [];
  const move = moves.length ? [`(${moves.join(join)})`] : [];
  if (within) {
    params.push(within);
    size.push(`c.subject = ANY($${params.length}::text[])`);
    move.push(`f.actor = ANY($${params.length}::text[])`);
  }
  return { sizes: size.length ? `AND ${size.join(' AND ')}` : '', moves: move.length ? `WHERE ${move.join(' AND ')}` : '' };
}

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

  /** Resolves the names of a force filter to a match; null when a name denotes no entity (nothing matches). */
  async forceMatch(db: Sql, filter: { in?: string; actor?: string }): Promise<ForceMatch | null> {
    const places = filter.in ? await this.resolveIds(db, filter.in) : null;
    const actors = filter.actor ? await this.resolveIds(db, filter.actor) : null;
    if (places?.length === 0 || actors?.length === 0) return null;
    return { actors, places };
  }

  /** Every figure (an export) unless a page is asked for. */
  async forces(db: Sql, filter: ForceFilter = {}): Promise<ForcePoint[]> {
    const match = await this.forceMatch(db, filter);
    if (!match) return [];
    if (filter.limit === undefined && !filter.offset) return this.forcePoints(db, match);
    return (await this.forcePointPage(db, match, filter.offset ?? 0, filter.limit ?? Infinity)).items;
  }

  async forcePage(db: Sql, filter: ForceFilter = {}): Promise<Page<ForcePoint>> {
    const match = await this.forceMatch(db, filter);
    if (!match) return { total: 0, items: [] };
    return this.forcePointPage(db, match, filter.offset ?? 0, filter.limit ?? 50);
  }

  /** One page of a match's force points, in `forcePoints` order, with how many there are (as SQLite's). */
  async forcePointPage(db: Sql, match: ForceMatch, offset: number, limit: number): Promise<Page<ForcePoint>> {
    const names = new Map<string, string>();
    const name = (id: string): string => names.get(id) ?? id;
    let keys: ForceKey[];
    let total: number;
    let skip = offset;
    if (!match.actors && !match.places) {
      const actors = await db.rows<{ actor: string; points: number; name: string | null }>(
        'SELECT f.actor, f.points, x.name FROM force_actors f LEFT JOIN entities x ON x.id = f.actor',
      );
      for (const a of actors) if (a.name !== null) names.set(a.actor, a.name);
      const reached = actorsOfPage(actors, name, offset, limit);
      total = reached.total;
      skip = reached.skip;
      const wanted = reached.actors;
      keys = wanted.length ? await this.forceKeys(db, { actors: wanted, places: null }) : [];
    } else {
      // Counted by actor first, as SQLite's: a busy place's figures are not all read for one page.
      const actors = await this.forcePointsByActor(db, match);
      const ids = actors.map((a) => a.actor);
      if (ids.length) for (const r of await db.rows<{ id: string; name: string }>('SELECT id, name FROM entities WHERE id = ANY($1::text[])', [ids])) names.set(r.id, r.name);
      const reached = actorsOfPage(actors, name, offset, limit);
      total = reached.total;
      skip = reached.skip;
      keys = reached.actors.length ? await this.forceKeys(db, match, reached.actors) : [];
    }
    const page = sortForceKeys(keys, name).slice(skip, skip + limit);
    return { total, items: await this.pointsOf(db, page) };
  }

  /** The ordering keys of a match's points, figures by document then moves by report (the order ties keep). */
  private async forceKeys(db: Sql, match: ForceMatch, within: readonly string[] | null = null): Promise<ForceKey[]> {
    const sizeParams: unknown[] = [];
    const sizeWhere = forceConditions(match, sizeParams, within).sizes;
    const sizes = await db.rows<ForceKey>(
      `SELECT c.id AS claim, NULL AS mention, 0 AS slot, c.subject AS actor,
         coalesce(c.time::json ->> 'value', d.published_value, '9999') AS key
       FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.force = 1 ${sizeWhere} ORDER BY c.document_id, c.start, c.id`,
      sizeParams,
    );
    const moveParams: unknown[] = [];
    const moveWhere = forceConditions(match, moveParams, within).moves;
    const moves = await db.rows<ForceKey>(
      `SELECT NULL AS claim, f.mention_id AS mention, f.slot, f.actor,
         coalesce(m.data::json -> 'time' ->> 'value', m.data::json -> 'published' ->> 'value', '9999') AS key
       FROM force_moves f JOIN event_mentions m ON m.id = f.mention_id ${moveWhere} ORDER BY f.mention_id, f.slot`,
      moveParams,
    );
    return [...sizes, ...moves];
  }

  /** How many points of a match each actor has (figures and moves, as `forceKeys` reads them). */
  private async forcePointsByActor(db: Sql, match: ForceMatch): Promise<Array<{ actor: string; points: number }>> {
    const sizeParams: unknown[] = [];
    const sizeWhere = forceConditions(match, sizeParams).sizes;
    const sizes = await db.rows<{ actor: string; points: string }>(
      `SELECT c.subject AS actor, count(*) AS points FROM claims c WHERE c.force = 1 ${sizeWhere} GROUP BY c.subject`,
      sizeParams,
    );
    const moveParams: unknown[] = [];
    const moveWhere = forceConditions(match, moveParams).moves;
    const moves = await db.rows<{ actor: string; points: string }>(`SELECT f.actor, count(*) AS points FROM force_moves f ${moveWhere} GROUP BY f.actor`, moveParams);
    const points = new Map<string, number>();
    for (const r of [...sizes, ...moves]) points.set(r.actor, (points.get(r.actor) ?? 0) + Number(r.points));
    return [...points].map(([actor, n]) => ({ actor, points: n }));
  }

  /** The points of sorted keys, in their order. */
  private async pointsOf(db: Sql, keys: readonly ForceKey[]): Promise<ForcePoint[]> {
    const claims = keys.filter((k) => k.claim !== null).map((k) => k.claim!);
    const mentions = [...new Set(keys.filter((k) => k.mention !== null).map((k) => k.mention!))];
    const sizes = claims.length
      ? await db.rows<ForceSizeRow & { id: string }>(
          `SELECT c.id, c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
           FROM claims c WHERE c.id = ANY($1::text[])`,
          [claims],
        )
      : [];
    const moves = mentions.length
      ? (await db.rows<{ id: string; data: string }>('SELECT id, data FROM event_mentions WHERE id = ANY($1::text[])', [mentions])).map((r) => JSON.parse(r.data) as EventMention)
      : [];
    const lk = await new Lookups(db).need(forceEntities(sizes, moves), sizes.map((s) => s.document_id));
    const sizeOf = new Map(sizes.map((r) => [r.id, r]));
    const moveOf = new Map(moves.map((m) => [m.id, m]));
    return keys.map((k) => (k.claim !== null ? sizePoint(sizeOf.get(k.claim)!, lk) : movePoint(moveOf.get(k.mention!)!, k.actor, lk)));
  }

  /** Force figures and moves of a match, by actor name and time. */
  async forcePoints(db: Sql, match: ForceMatch): Promise<ForcePoint[]> {
    const sizeParams: unknown[] = [];
    const sizeWhere = forceConditions(match, sizeParams).sizes;
    const sizes = await db.rows<ForceSizeRow>(
      `SELECT c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
       FROM claims c WHERE c.force = 1 ${sizeWhere} ORDER BY c.document_id, c.start, c.id`,
      sizeParams,
    );
    // Withdrawals and deployments mark where a force starts and ends; `force_moves` knows which reports they are.
    const moveParams: unknown[] = [];
    const moveWhere = forceConditions(match, moveParams).moves;
    const moves = (
      await db.rows<{ data: string }>(`SELECT m.data FROM event_mentions m WHERE m.id IN (SELECT f.mention_id FROM force_moves f ${moveWhere}) ORDER BY m.id`, moveParams)
    ).map((r) => JSON.parse(r.data) as EventMention);
    const lk = await new Lookups(db).need(forceEntities(sizes, moves), sizes.map((s) => s.document_id));
    const points = forcePoints(sizes, moves, null, lk);
    return match.actors || match.places ? points.filter(keepForce(match)) : points;
  }

  /**
   * Actors with force figures, most figures first: the whole store's summary read from `force_actors`, or about a
   * place aggregated over that place's figures; then the latest figure of each actor on the page.
   */
  async forceSummary(db: Sql, filter: { in?: string } & PageRequest = {}): Promise<Page<ForceSummary>> {
    const match = await this.forceMatch(db, filter);
    if (!match) return { total: 0, items: [] };
    let rows: ForceSummaryRow[];
    let total: number;
    if (match.places) {
      const inPlace = await this.forceSummaryIn(db, match, filter.limit ?? 50, filter.offset ?? 0);
      rows = inPlace;
      total = inPlace[0]?.total ?? 0;
    } else {
      rows = await db.rows<ForceSummaryRow>(
        `SELECT f.actor, x.name, f.figures, f.withdrawals, f.deployments, f.sources, f.low, f.high
         FROM force_actors f LEFT JOIN entities x ON x.id = f.actor ORDER BY f.points DESC, x.name NULLS FIRST, f.actor LIMIT $1 OFFSET $2`,
        [limitOf(filter.limit ?? 50), offsetOf(filter.offset ?? 0)],
      );
      total = (await db.one<{ n: number }>('SELECT count(*) AS n FROM force_actors'))!.n;
    }
    if (rows.length === 0) return { total: 0, items: [] };
    const latestParams: unknown[] = [];
    const latestWhere = forceConditions({ actors: rows.map((r) => r.actor), places: match.places }, latestParams).sizes;
    const sizes = await db.rows<ForceSizeRow>(
      `SELECT DISTINCT ON (c.subject) c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
       FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.force = 1 ${latestWhere}
       ORDER BY c.subject, coalesce(c.time_start, d.published_value) IS NULL, coalesce(c.time_start, d.published_value) DESC, c.document_id, c.start, c.id`,
      latestParams,
    );
    const lk = await new Lookups(db).need(forceEntities(sizes, []), sizes.map((s) => s.document_id));
    return { total: Number(total), items: forceSummaries(rows, new Map(sizes.map((s) => [s.subject, s])), lk) };
  }

  /** The force summary of the figures and moves about a place, aggregated over those alone. */
  private async forceSummaryIn(db: Sql, match: ForceMatch, limit: number, offset: number): Promise<Array<ForceSummaryRow & { total: number }>> {
    const params: unknown[] = [];
    const where = forceConditions(match, params);
    params.push(limitOf(limit), offsetOf(offset));
    return db.rows<ForceSummaryRow & { total: number }>(
      `WITH points AS (
         SELECT c.subject AS actor, 'size' AS kind, coalesce(c.low, c.value) AS low, coalesce(c.high, c.value) AS high, c.document_id
         FROM claims c WHERE c.force = 1 AND c.subject IS NOT NULL ${where.sizes}
         UNION ALL
         SELECT f.actor, f.kind, NULL, NULL, f.document_id FROM force_moves f ${where.moves}
       )
       SELECT p.actor, x.name, count(*) FILTER (WHERE p.kind = 'size') AS figures, count(*) FILTER (WHERE p.kind = 'withdrawal') AS withdrawals,
         count(*) FILTER (WHERE p.kind = 'deployment') AS deployments, count(DISTINCT p.document_id) AS sources, min(p.low) AS low,
         max(p.high) AS high, count(*) OVER () AS total
       FROM points p LEFT JOIN entities x ON x.id = p.actor
       GROUP BY p.actor, x.name ORDER BY count(*) DESC, x.name NULLS FIRST, p.actor LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async claims(db: Sql, filter: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number } = {}): Promise<ClaimView[]> {
    const where = await this.claimConditions(db, filter);
    if (!where) return [];
    const params = [...where.params, limitOf(filter.limit ?? 500), offsetOf(filter.offset ?? 0)];
    const rows = await db.rows<ClaimViewRow>(
      `SELECT c.* FROM claims c ${where.sql} ORDER BY c.time_start IS NULL, c.time_start, c.document_id, c.start, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const lk = await new Lookups(db).need(rows.flatMap((c) => [c.claimant, c.subject]), rows.map((c) => c.document_id));
    return rows.map((c) => claimView(c, lk));
  }

  /** The WHERE clause of a claims filter; null when a name denotes no entity (nothing matches). */
  private async claimConditions(db: Sql, filter: { about?: string; by?: string; all?: boolean }): Promise<{ sql: string; params: unknown[] } | null> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.all) where.push('c.attributed = 1');
    for (const [field, value] of [['subject', filter.about], ['claimant', filter.by]] as const) {
      if (!value) continue;
      const ids = await this.resolveIds(db, value);
      if (ids.length === 0) return null;
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
    return { sql: whereClause(where), params };
  }

  /** A page of claims, the page alone turned into views; the total is counted in SQL. */
  async claimPage(db: Sql, filter: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number } = {}): Promise<Page<ClaimView>> {
    const where = await this.claimConditions(db, filter);
    if (!where) return { total: 0, items: [] };
    const total = Number((await db.one<{ n: number }>(`SELECT count(*) AS n FROM claims c ${where.sql}`, where.params))!.n);
    return { total, items: await this.claims(db, { ...filter, limit: filter.limit ?? 500, offset: filter.offset ?? 0 }) };
  }

  async contradictions(db: Sql, page: PageRequest = {}): Promise<ContradictionView[]> {
    const rows = await db.rows<ContradictionViewRow>('SELECT id, kind, about, event_id, a, b FROM contradictions ORDER BY kind, about, id LIMIT $1 OFFSET $2', [
      limitOf(page.limit ?? -1),
      offsetOf(page.offset ?? 0),
    ]);
    const refs = contradictionRefs(rows);
    const lk = await new Lookups(db).need(refs.entities, refs.documents);
    return rows.map((r) => contradictionView(r, lk));
  }

  async contradictionPage(db: Sql, page: PageRequest = {}): Promise<Page<ContradictionView>> {
    const total = (await db.one<{ n: number }>('SELECT count(*) AS n FROM contradictions'))!.n;
    return { total, items: await this.contradictions(db, { limit: page.limit ?? 50, offset: page.offset }) };
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

  /** The first events and force figures of one entity (by id), with how many there are, and related entities. */
  async entityContext(
    db: Sql,
    id: string,
    limits: { events?: number; forces?: number; related?: number } = {},
  ): Promise<{ events: TimelineEvent[]; eventsTotal: number; forces: ForcePoint[]; forcesTotal: number; related: RelatedEntity[] }> {
    const mine = 'SELECT event_id FROM event_actors WHERE entity_id = $1 UNION SELECT id FROM events WHERE location = $1';
    const rows = await db.rows<EventRow>(`SELECT e.* FROM events e WHERE e.id IN (${mine}) ${ORDER_EVENTS} LIMIT $2`, [id, limitOf(limits.events ?? 100)]);
    const eventsTotal = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${mine}) x`, [id]))!.n;
    const forces = await this.forcePointPage(db, { actors: [id], places: [id], either: true }, 0, limits.forces ?? 100);
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
    return {
      events: await this.timelineEvents(db, rows),
      eventsTotal,
      forces: forces.items,
      forcesTotal: forces.total,
      related: related.map((r) => ({ entity: { id: r.id, name: r.name ?? r.id }, events: r.n })),
    };
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

/** Entity ids force figures and moves refer to (for batch lookups). */
function forceEntities(sizes: readonly ForceSizeRow[], moves: readonly EventMention[]): Set<string | null> {
  const entities = new Set<string | null>();
  for (const s of sizes) {
    entities.add(s.subject);
    entities.add(s.claimant);
    for (const p of JSON.parse(s.places) as string[]) entities.add(p);
  }
  for (const m of moves) for (const id of [...m.sources, ...m.targets, m.location, m.attribution?.source ?? null]) entities.add(id);
  return entities;
}

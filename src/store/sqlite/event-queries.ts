import type Database from 'better-sqlite3';
import type { PloverType } from '../../model/analysis.js';
import { foldName } from '../../resolve/names.js';
import type { EventMention } from '../../resolve/events.js';
import type { ClaimView, ContradictionView, ForceFilter, ForcePoint, ForceSummary, Page, PageRequest, TimelineEvent, TimelineFilter } from '../store.js';
import {
  NO_DOC,
  claimView,
  contradictionView,
  actorsOfPage,
  forcePoints,
  forceSummaries,
  keepForce,
  movePoint,
  sizePoint,
  sortForceKeys,
  type ForceKey,
  toTimelineEvent,
  type ForceMatch,
  type ForceSummaryRow,
  type ClaimViewRow,
  type ContradictionViewRow,
  type DocInfo,
  type EventRow,
  type ForceSizeRow,
  type ViewLookups,
} from '../shared/views.js';

export type { EventRow } from '../shared/views.js';

/** `?, ?, ?` for a list bound one value per placeholder. */
const marks = (list: readonly unknown[]): string => list.map(() => '?').join(',');

/**
 * SQL conditions selecting force claims (`c`) and moves (`f`, rows of `force_moves`) of a match; parameters in
 * order. Places are looked up in `force_claim_places` and `force_move_places`, so the conditions select exactly
 * what `keepForce` keeps and read only the matching rows.
 */
/** SQL conditions of a match; `within`, when given, further keeps the points of those actors only. */
function forceConditions(match: ForceMatch, within: readonly string[] | null = null): { sizes: string; sizeParams: unknown[]; moves: string; moveParams: unknown[] } {
  const sizes: string[] = [];
  const moves: string[] = [];
  const sizeParams: unknown[] = [];
  const moveParams: unknown[] = [];
  if (match.actors) {
    sizes.push(`c.subject IN (${marks(match.actors)})`);
    sizeParams.push(...match.actors);
    moves.push(`f.actor IN (${marks(match.actors)})`);
    moveParams.push(...match.actors);
  }
  if (match.places) {
    sizes.push(`c.id IN (SELECT claim_id FROM force_claim_places WHERE place IN (${marks(match.places)}))`);
    sizeParams.push(...match.places);
    moves.push(`f.mention_id IN (SELECT mention_id FROM force_move_places WHERE place IN (${marks(match.places)}))`);
    moveParams.push(...match.places);
  }
  const join = match.either ? ' OR ' : ' AND ';
  const size = sizes.length ? [`(${sizes.join(join)})`] : [];
  const move = moves.length ? [`(${moves.join(join)})`] : [];
  if (within) {
    size.push(`c.subject IN (${marks(within)})`);
    sizeParams.push(...within);
    move.push(`f.actor IN (${marks(within)})`);
    moveParams.push(...within);
  }
  return {
    sizes: size.length ? `AND ${size.join(' AND ')}` : '',
    sizeParams,
    moves: move.length ? `WHERE ${move.join(' AND ')}` : '',
    moveParams,
  };
}

/** Time and type conditions on `events` (as `alias`), as the timeline reads them: an event overlaps [from, to]. */
export function eventConditions(filter: { type?: PloverType; quad?: string; from?: string; to?: string }, alias = 'e'): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.type) {
    where.push(`${alias}.type = ?`);
    params.push(filter.type);
  }
  if (filter.quad) {
    where.push(`${alias}.quad = ?`);
    params.push(filter.quad);
  }
  if (filter.from) {
    where.push(`${alias}.time_end >= ?`);
    params.push(filter.from);
  }
  if (filter.to) {
    where.push(`${alias}.time_start <= ?`);
    params.push(`${filter.to}~`);
  }
  return { where, params };
}

/** A match about places alone: its figures and moves are found by id, on the indexes that hold their actors. */
const placesOnly = (match: ForceMatch): boolean => !match.actors && !!match.places;

/** The happenings naming any of `ids` as an actor, as a subquery of `event_id` (on migration 13's covering index). */
const actorEvents = (ids: readonly string[]): string => `SELECT DISTINCT event_id FROM event_actors WHERE entity_id IN (${ids.map(() => '?').join(',')})`;

/** Read side of the event layer: timeline, forces, claims and contradictions, for the CLI and the API alike. */
export class SqliteEventQueries {
  private readonly q;
  private readonly lk: ViewLookups;

  constructor(private readonly db: Database.Database) {
    this.q = {
      name: db.prepare<[string], { name: string }>('SELECT name FROM entities WHERE id = ?'),
      idsByName: db.prepare<[string], { id: string }>(
        "SELECT DISTINCT entity_id AS id FROM entity_names WHERE folded = ? AND role != 'surname'",
      ),
      doc: db.prepare<[string], DocInfo>('SELECT title, publisher, published FROM documents WHERE id = ?'),
      membersOf: db.prepare<[string], { merged_id: string; data: string }>(
        'SELECT merged_id, data FROM event_mentions WHERE merged_id IN (SELECT value FROM json_each(?)) ORDER BY id',
      ),
      contradictions: db.prepare<[number, number], ContradictionViewRow>(
        'SELECT id, kind, about, event_id, a, b FROM contradictions ORDER BY kind, about, id LIMIT ? OFFSET ?',
      ),
      contradictionCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM contradictions'),
      forceActors: db.prepare<[], { actor: string; points: number }>('SELECT actor, points FROM force_actors'),
      forceClaims: db.prepare<[string], ForceSizeRow & { id: string }>(
        `SELECT c.id, c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
         FROM claims c WHERE c.id IN (SELECT value FROM json_each(?))`,
      ),
      mentionData: db.prepare<[string], { id: string; data: string }>('SELECT id, data FROM event_mentions WHERE id IN (SELECT value FROM json_each(?))'),
      forceSummary: db.prepare<[number, number], ForceSummaryRow>(
        `SELECT f.actor, x.name, f.figures, f.withdrawals, f.deployments, f.sources, f.low, f.high
         FROM force_actors f LEFT JOIN entities x ON x.id = f.actor ORDER BY f.points DESC, x.name, f.actor LIMIT ? OFFSET ?`,
      ),
      forceActorCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM force_actors'),
    };
    this.lk = { name: (id) => this.q.name.get(id)?.name, doc: (id) => this.q.doc.get(id) ?? NO_DOC };
  }

  /**
   * Lookups remembered for the length of one query: a list of hundreds of rows names the same documents and
   * entities again and again, and one query per row would dominate its time.
   */
  private lookups(): ViewLookups {
    const names = new Map<string, string | undefined>();
    const docs = new Map<string, DocInfo>();
    return {
      name: (id) => {
        if (!names.has(id)) names.set(id, this.lk.name(id));
        return names.get(id);
      },
      doc: (id) => {
        let d = docs.get(id);
        if (!d) docs.set(id, (d = this.lk.doc(id)));
        return d;
      },
    };
  }

  /** An id or a name (folded) → the entity ids it may denote. */
  resolveIds(idOrName: string): string[] {
    if (this.q.name.get(idOrName)) return [idOrName];
    return this.q.idsByName.all(foldName(idOrName).replace(/^the /, '')).map((r) => r.id);
  }

  timeline(filter: TimelineFilter = {}): TimelineEvent[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.entity) {
      const ids = this.resolveIds(filter.entity);
      if (ids.length === 0) return [];
      const page = this.actorEventPage(ids, filter, filter.limit ?? 200, filter.offset ?? 0);
      if (page) return this.toTimelineEvents(page);
      where.push(`e.id IN (${actorEvents(ids)})`);
      params.push(...ids);
    }
    const conditions = eventConditions(filter);
    where.push(...conditions.where);
    params.push(...conditions.params);
    const sql = `SELECT e.* FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id LIMIT ? OFFSET ?`;
    const rows = this.db.prepare<unknown[], EventRow>(sql).all(...params, filter.limit ?? 200, filter.offset ?? 0);
    return this.toTimelineEvents(rows);
  }

  /**
   * A page of the happenings naming one of `ids` as an actor, in timeline order, when only times filter them (null
   * otherwise): a busy actor has tens of thousands, and ordering them on `events_id_time` reads only the page's
   * rows whole (a happening's row holds its summary JSON).
   */
  actorEventPage(ids: readonly string[], filter: { type?: PloverType; quad?: string; from?: string; to?: string }, limit: number, offset: number): EventRow[] | null {
    if (filter.type || filter.quad) return null;
    const times = eventConditions(filter, 'k');
    return this.db
      .prepare<unknown[], EventRow>(
        `WITH page AS (
           SELECT k.id, k.time_start, k.time_end FROM (${actorEvents(ids)}) a CROSS JOIN events k INDEXED BY events_id_time ON k.id = a.event_id
           ${times.where.length ? `WHERE ${times.where.join(' AND ')}` : ''}
           ORDER BY k.time_start IS NULL, k.time_start, k.time_end, k.id LIMIT ? OFFSET ?
         )
         SELECT e.* FROM page CROSS JOIN events e ON e.id = page.id ORDER BY page.time_start IS NULL, page.time_start, page.time_end, page.id`,
      )
      .all(...ids, ...times.params, limit, offset);
  }

  /** How many happenings `actorEventPage` pages through (null when it does not apply). */
  actorEventCount(ids: readonly string[], filter: { type?: PloverType; quad?: string; from?: string; to?: string }): number | null {
    if (filter.type || filter.quad) return null;
    const times = eventConditions(filter, 'k');
    const sql = times.where.length
      ? `SELECT count(*) FROM (${actorEvents(ids)}) a CROSS JOIN events k INDEXED BY events_id_time ON k.id = a.event_id WHERE ${times.where.join(' AND ')}`
      : `SELECT count(*) FROM (${actorEvents(ids)})`;
    return (this.db.prepare(sql).pluck().get(...ids, ...times.params) as number) ?? 0;
  }

  /** Rows of `events` with their reports: one query for the reports of the whole list, not one per event. */
  toTimelineEvents(rows: readonly EventRow[]): TimelineEvent[] {
    if (rows.length === 0) return [];
    const members = new Map<string, EventMention[]>();
    for (const m of this.q.membersOf.all(JSON.stringify(rows.map((r) => r.id)))) {
      let list = members.get(m.merged_id);
      if (!list) members.set(m.merged_id, (list = []));
      list.push(JSON.parse(m.data) as EventMention);
    }
    const lk = this.lookups();
    return rows.map((r) => toTimelineEvent(r, members.get(r.id) ?? [], lk));
  }

  /** Resolves the names of a force filter to a match; null when a name denotes no entity (nothing matches). */
  forceMatch(filter: { in?: string; actor?: string }): ForceMatch | null {
    const places = filter.in ? this.resolveIds(filter.in) : null;
    const actors = filter.actor ? this.resolveIds(filter.actor) : null;
    if (places?.length === 0 || actors?.length === 0) return null;
    return { actors, places };
  }

  /** Every figure (an export) unless a page is asked for. */
  forces(filter: ForceFilter = {}): ForcePoint[] {
    const match = this.forceMatch(filter);
    if (!match) return [];
    if (filter.limit === undefined && !filter.offset) return this.forcePoints(match);
    return this.forcePointPage(match, filter.offset ?? 0, filter.limit ?? Infinity).items;
  }

  forcePage(filter: ForceFilter = {}): Page<ForcePoint> {
    const match = this.forceMatch(filter);
    if (!match) return { total: 0, items: [] };
    return this.forcePointPage(match, filter.offset ?? 0, filter.limit ?? 50);
  }

  /**
   * One page of the force points of a match, in `forcePoints` order, and how many there are. Only what orders
   * the points is read for the actors the page reaches (`forceKeys`, from covering indexes), and the points
   * themselves for the page alone. How many points each actor has comes from `force_actors` with no filter, else
   * from counting the match by actor (a busy place has thousands of figures, and reading each one's ordering key
   * cost more than the page).
   */
  forcePointPage(match: ForceMatch, offset: number, limit: number): Page<ForcePoint> {
    const lk = this.lookups();
    const name = (id: string): string => lk.name(id) ?? id;
    const everything = !match.actors && !match.places;
    const reached = actorsOfPage(everything ? this.q.forceActors.all() : this.forcePointsByActor(match), name, offset, limit);
    const keys = reached.actors.length ? this.forceKeys(everything ? { actors: reached.actors, places: null } : match, reached.actors) : [];
    const page = sortForceKeys(keys, name).slice(reached.skip, reached.skip + limit);
    return { total: reached.total, items: this.pointsOf(page, lk) };
  }

  /**
   * The ordering keys of a match's points, figures by document then moves by report (the order ties keep), each
   * read from an index that holds its actor and time key (migration 15), never from the figure's row. About places
   * alone, the keys come from the points' place rows (migration 16), by place and actor.
   */
  private forceKeys(match: ForceMatch, within: readonly string[]): ForceKey[] {
    const where = forceConditions(match, within);
    const byPlace = placesOnly(match);
    const sizes = byPlace
      ? this.db
          .prepare<unknown[], ForceKey>(
            `SELECT DISTINCT p.claim_id AS claim, NULL AS mention, 0 AS slot, p.actor, p.force_order AS key
             FROM force_claim_places p INDEXED BY force_claim_places_order
             WHERE p.place IN (${marks(match.places!)}) AND p.actor IN (${marks(within)})
             ORDER BY p.document_id, p.start, p.claim_id`,
          )
          .all(...match.places!, ...within)
      : this.db
          .prepare<unknown[], ForceKey>(
            `SELECT c.id AS claim, NULL AS mention, 0 AS slot, c.subject AS actor, c.force_order AS key
             FROM claims c INDEXED BY claims_force_order WHERE c.force = 1 ${where.sizes}
             ORDER BY c.document_id, c.start, c.id`,
          )
          .all(...where.sizeParams);
    const moves = byPlace
      ? this.db
          .prepare<unknown[], ForceKey>(
            `SELECT DISTINCT NULL AS claim, m.mention_id AS mention, m.slot, m.actor, m.time_key AS key
             FROM force_move_place_points m INDEXED BY force_move_place_points_order
             WHERE m.place IN (${marks(match.places!)}) AND m.actor IN (${marks(within)}) ORDER BY m.mention_id, m.slot`,
          )
          .all(...match.places!, ...within)
      : this.db
          .prepare<unknown[], ForceKey>(
            `SELECT NULL AS claim, f.mention_id AS mention, f.slot, f.actor, f.time_key AS key
             FROM force_moves f INDEXED BY force_moves_actor ${where.moves} ORDER BY f.mention_id, f.slot`,
          )
          .all(...where.moveParams);
    return [...sizes, ...moves];
  }

  /**
   * How many points of a match each actor has (figures and moves, as `forceKeys` reads them). About places alone,
   * they are counted on their place rows (migration 16): a busy place has tens of thousands of figures and moves,
   * and looking each one up to find its actor took most of a page. A point about two of the places counts once.
   */
  private forcePointsByActor(match: ForceMatch): Array<{ actor: string; points: number }> {
    if (placesOnly(match)) {
      const places = marks(match.places!);
      const several = match.places!.length > 1;
      return this.db
        .prepare<unknown[], { actor: string; points: number }>(
          `SELECT actor, sum(n) AS points FROM (
             SELECT p.actor, count(${several ? 'DISTINCT p.claim_id' : '*'}) AS n
             FROM force_claim_places p INDEXED BY force_claim_places_order WHERE p.place IN (${places}) GROUP BY p.actor
             UNION ALL SELECT m.actor, count(${several ? "DISTINCT m.mention_id || ' ' || m.slot" : '*'})
             FROM force_move_place_points m INDEXED BY force_move_place_points_order WHERE m.place IN (${places}) GROUP BY m.actor
           ) GROUP BY actor`,
        )
        .all(...match.places!, ...match.places!);
    }
    const where = forceConditions(match);
    return this.db
      .prepare<unknown[], { actor: string; points: number }>(
        `SELECT actor, sum(n) AS points FROM (
           SELECT c.subject AS actor, count(*) AS n FROM claims c WHERE +c.force = 1 ${where.sizes} GROUP BY c.subject
           UNION ALL SELECT f.actor, count(*) FROM force_moves f ${where.moves} GROUP BY f.actor
         ) GROUP BY actor`,
      )
      .all(...where.sizeParams, ...where.moveParams);
  }

  /** The points of sorted keys, in their order. */
  private pointsOf(keys: readonly ForceKey[], lk: ViewLookups): ForcePoint[] {
    const claims = keys.filter((k) => k.claim !== null).map((k) => k.claim!);
    const mentions = [...new Set(keys.filter((k) => k.mention !== null).map((k) => k.mention!))];
    const sizes = new Map(this.q.forceClaims.all(JSON.stringify(claims)).map((r) => [r.id, r]));
    const moves = new Map(this.q.mentionData.all(JSON.stringify(mentions)).map((r) => [r.id, JSON.parse(r.data) as EventMention]));
    return keys.map((k) => (k.claim !== null ? sizePoint(sizes.get(k.claim)!, lk) : movePoint(moves.get(k.mention!)!, k.actor, lk)));
  }

  /** Force figures and moves of a match, by actor name and time (as `forcePoints` sorts them). */
  forcePoints(match: ForceMatch): ForcePoint[] {
    const where = forceConditions(match);
    const sizes = this.db
      .prepare<unknown[], ForceSizeRow>(
        `SELECT c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
         FROM claims c WHERE c.force = 1 ${where.sizes} ORDER BY c.document_id, c.start, c.id`,
      )
      .all(...where.sizeParams);
    // Withdrawals and deployments mark where a force starts and ends; `force_moves` knows which reports they are.
    const moves = this.db
      .prepare<unknown[], { data: string }>(
        `SELECT m.data FROM event_mentions m WHERE m.id IN (SELECT f.mention_id FROM force_moves f ${where.moves}) ORDER BY m.id`,
      )
      .all(...where.moveParams)
      .map((r) => JSON.parse(r.data) as EventMention);
    const points = forcePoints(sizes, moves, null, this.lookups());
    return match.actors || match.places ? points.filter(keepForce(match)) : points;
  }

  /**
   * Actors with force figures, most figures first, each with counts, the range of its size figures and the latest
   * one. The whole store's summary is read from `force_actors` (kept by triggers); about a place, it is aggregated
   * over that place's figures and moves. Then the latest figure of each actor on the page.
   */
  forceSummary(filter: { in?: string } & PageRequest = {}): Page<ForceSummary> {
    const match = this.forceMatch(filter);
    if (!match) return { total: 0, items: [] };
    const limit = filter.limit ?? 50;
    const offset = filter.offset ?? 0;
    let rows: ForceSummaryRow[];
    let total: number;
    if (match.places) {
      const inPlace = this.forceSummaryIn(match, limit, offset);
      rows = inPlace;
      total = inPlace[0]?.total ?? 0;
    } else {
      rows = this.q.forceSummary.all(limit, offset);
      total = this.q.forceActorCount.get()!.n;
    }
    if (rows.length === 0) return { total: 0, items: [] };
    const latest = new Map<string, ForceSizeRow>();
    const placeWhere = forceConditions({ actors: null, places: match.places });
    // Each actor's figures in the order of `claims_force_latest` (migration 12), up to the first in the place.
    const latestOf = this.db.prepare<unknown[], ForceSizeRow>(
      `SELECT c.subject, c.value, c.low, c.high, c.approx, c.unit, c.time, c.places, c.claimant, c.claimant_text, c.document_id, c.sentence
       FROM claims c INDEXED BY claims_force_latest WHERE c.subject = ? AND c.force = 1 ${placeWhere.sizes}
       ORDER BY c.force_key DESC, c.document_id, c.start, c.id LIMIT 1`,
    );
    for (const r of rows) {
      const figure = latestOf.get(r.actor, ...placeWhere.sizeParams);
      if (figure) latest.set(r.actor, figure);
    }
    return { total, items: forceSummaries(rows, latest, this.lookups()) };
  }

  /** The force summary of the figures and moves about a place, aggregated over those alone. */
  private forceSummaryIn(match: ForceMatch, limit: number, offset: number): Array<ForceSummaryRow & { total: number }> {
    const where = forceConditions(match);
    return this.db
      .prepare<unknown[], ForceSummaryRow & { total: number }>(
        `WITH points AS (
           SELECT c.subject AS actor, 'size' AS kind, coalesce(c.low, c.value) AS low, coalesce(c.high, c.value) AS high, c.document_id
           FROM claims c WHERE +c.force = 1 AND c.subject IS NOT NULL ${where.sizes}
           UNION ALL
           SELECT f.actor, f.kind, NULL, NULL, f.document_id FROM force_moves f ${where.moves}
         )
         SELECT p.actor, x.name, sum(p.kind = 'size') AS figures, sum(p.kind = 'withdrawal') AS withdrawals,
           sum(p.kind = 'deployment') AS deployments, count(DISTINCT p.document_id) AS sources, min(p.low) AS low,
           max(p.high) AS high, count(*) OVER () AS total
         FROM points p LEFT JOIN entities x ON x.id = p.actor
         GROUP BY p.actor ORDER BY count(*) DESC, x.name, p.actor LIMIT ? OFFSET ?`,
      )
      .all(...where.sizeParams, ...where.moveParams, limit, offset);
  }

  claims(filter: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number } = {}): ClaimView[] {
    const lk = this.lookups();
    const where = this.claimConditions(filter);
    if (!where) return [];
    const sql = `SELECT c.* FROM claims c ${where.sql}
      ORDER BY c.time_start IS NULL, c.time_start, c.document_id, c.start, c.id LIMIT ? OFFSET ?`;
    return this.db
      .prepare<unknown[], ClaimViewRow>(sql)
      .all(...where.params, filter.limit ?? 500, filter.offset ?? 0)
      .map((c) => claimView(c, lk));
  }

  /** How many claims `claims` would list without a limit. */
  claimCount(filter: { about?: string; by?: string; all?: boolean } = {}): number {
    const where = this.claimConditions(filter);
    if (!where) return 0;
    return this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM claims c ${where.sql}`).get(...where.params)!.n;
  }

  /** The WHERE clause of a claims filter; null when a name denotes no entity (nothing matches). */
  private claimConditions(filter: { about?: string; by?: string; all?: boolean }): { sql: string; params: unknown[] } | null {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.all) where.push('c.attributed = 1');
    for (const [field, value] of [['subject', filter.about], ['claimant', filter.by]] as const) {
      if (!value) continue;
      const ids = this.resolveIds(value);
      if (ids.length === 0) return null;
      if (field === 'subject') {
        // "About X": X is the claim's subject, one of its event's actors, or a place it names.
        where.push(`(c.subject IN (${ids.map(() => '?').join(',')}) OR EXISTS (SELECT 1 FROM json_each(c.places) p WHERE p.value IN (${ids.map(() => '?').join(',')}))
          OR c.event_mention_id IN (SELECT m.id FROM event_mentions m JOIN event_actors a ON a.event_id = m.merged_id WHERE a.entity_id IN (${ids.map(() => '?').join(',')})))`);
        params.push(...ids, ...ids, ...ids);
      } else {
        where.push(`c.claimant IN (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  contradictions(page: PageRequest = {}): ContradictionView[] {
    const lk = this.lookups();
    return this.q.contradictions.all(page.limit ?? -1, page.offset ?? 0).map((r) => contradictionView(r, lk));
  }

  contradictionPage(page: PageRequest = {}): Page<ContradictionView> {
    return { total: this.q.contradictionCount.get()!.n, items: this.contradictions({ limit: page.limit ?? 50, offset: page.offset }) };
  }
}

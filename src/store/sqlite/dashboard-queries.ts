import type Database from 'better-sqlite3';
import { foldName } from '../../resolve/names.js';
import type { EntityType, PloverType } from '../../model/analysis.js';
import type { EntitySummaryRow } from '../shared/rows.js';
import type {
  ActorGraph,
  ClaimView,
  EntityFilter,
  EventFilter,
  ForcePoint,
  GraphFilter,
  Page,
  PlaceSummary,
  RelatedEntity,
  TimelineEvent,
} from '../store.js';
import { eventConditions, type EventRow, type SqliteEventQueries } from './event-queries.js';
import { actorGraphOf, placesOf } from '../shared/views.js';

type EntityRow = EntitySummaryRow;


const whereClause = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** `LIKE` pattern text with its wildcards escaped (by `\`). */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Read side of the dashboard: pages with totals, the actor graph, places, related entities. */
export class SqliteDashboardQueries {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    private readonly events: SqliteEventQueries,
  ) {
    this.q = {
      entity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE id = ?'),
      latest: db.prepare<[number], EventRow>(
        'SELECT * FROM events WHERE time_start IS NOT NULL ORDER BY time_start DESC, time_end DESC, id LIMIT ?',
      ),
      topActors: db.prepare<[number], EntityRow>(
        `SELECT e.* FROM entities e JOIN (
           SELECT entity_id, count(DISTINCT event_id) AS n FROM event_actors GROUP BY entity_id
         ) a ON a.entity_id = e.id
         WHERE e.mentions > 0 ORDER BY a.n DESC, e.mentions DESC, e.name, e.id LIMIT ?`,
      ),
      // An entity's related entities and happenings come from event_entities (each happening's sources, targets
      // and place) and entity_pairs (happenings naming both of two entities), kept as happenings are written.
      related: db.prepare<[{ id: string; limit: number }], { id: string; name: string | null; n: number }>(
        `SELECT p.other_id AS id, x.name, p.events AS n FROM entity_pairs p LEFT JOIN entities x ON x.id = p.other_id
         WHERE p.entity_id = @id ORDER BY p.events DESC, x.name, p.other_id LIMIT @limit`,
      ),
      // The page's happenings ordered on events_id_time alone, then read whole.
      entityEvents: db.prepare<[string, number], EventRow>(
        `WITH page AS (
           SELECT k.id, k.time_start, k.time_end FROM event_entities m CROSS JOIN events k INDEXED BY events_id_time ON k.id = m.event_id
           WHERE m.entity_id = ? ORDER BY k.time_start IS NULL, k.time_start, k.time_end, k.id LIMIT ?
         )
         SELECT e.* FROM page CROSS JOIN events e ON e.id = page.id ORDER BY page.time_start IS NULL, page.time_start, page.time_end, page.id`,
      ),
      entityEventCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM event_entities WHERE entity_id = ?'),
      documentIds: db.prepare<[], { id: string }>('SELECT id FROM documents ORDER BY published_value IS NULL, published_value, id'),
      searchCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?'),
    };
  }

  latestEvents(limit: number): TimelineEvent[] {
    return this.events.toTimelineEvents(this.q.latest.all(limit));
  }

  topActors(limit: number): EntityRow[] {
    return this.q.topActors.all(limit);
  }

  eventPage(filter: EventFilter = {}): Page<TimelineEvent> {
    const { where, params } = eventConditions(filter);
    if (filter.entity) {
      const ids = this.events.resolveIds(filter.entity);
      if (ids.length === 0) return { total: 0, items: [] };
      const page = this.events.actorEventPage(ids, filter, filter.limit ?? 200, filter.offset ?? 0);
      if (page) return { total: this.events.actorEventCount(ids, filter)!, items: this.events.toTimelineEvents(page) };
      where.push(`e.id IN (SELECT event_id FROM event_actors WHERE entity_id IN (${ids.map(() => '?').join(',')}))`);
      params.push(...ids);
    }
    const total = (this.db.prepare(`SELECT count(*) FROM events e ${whereClause(where)}`).pluck().get(...params) as number) ?? 0;
    const rows = this.db
      .prepare<unknown[], EventRow>(
        `SELECT e.* FROM events e ${whereClause(where)} ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit ?? 200, filter.offset ?? 0);
    return { total, items: this.events.toTimelineEvents(rows) };
  }

  entityPage(filter: EntityFilter = {}): Page<EntityRow> {
    const where = ['e.mentions > 0'];
    const params: unknown[] = [];
    if (filter.type) {
      where.push('e.type = ?');
      params.push(filter.type);
    }
    const prefix = filter.q ? likeEscape(foldName(filter.q)) : '';
    if (prefix) {
      where.push(
        `EXISTS (SELECT 1 FROM entity_names n WHERE n.entity_id = e.id AND n.role != 'surname'
           AND (n.folded LIKE ? ESCAPE '\\' OR n.folded LIKE ? ESCAPE '\\'))`,
      );
      params.push(`${prefix}%`, `% ${prefix}%`);
    }
    const total = (this.db.prepare(`SELECT count(*) FROM entities e ${whereClause(where)}`).pluck().get(...params) as number) ?? 0;
    const items = this.db
      .prepare<unknown[], EntityRow>(`SELECT e.* FROM entities e ${whereClause(where)} ORDER BY e.mentions DESC, e.name, e.id LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? 50, filter.offset ?? 0);
    return { total, items };
  }

  /** Documents an FTS5 query (already in FTS syntax) matches. */
  searchCount(ftsQuery: string): number {
    return this.q.searchCount.get(ftsQuery)?.n ?? 0;
  }

  claimPage(filter: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number } = {}): Page<ClaimView> {
    // The page alone is turned into views; the total is counted in SQL.
    return { total: this.events.claimCount(filter), items: this.events.claims({ ...filter, limit: filter.limit ?? 500, offset: filter.offset ?? 0 }) };
  }

  /**
   * The first events and force figures of one entity (by id), with how many there are, and related entities.
   * Force figures are those of the entity as actor or about it as a place.
   */
  entityContext(
    id: string,
    limits: { events?: number; forces?: number; related?: number } = {},
  ): { events: TimelineEvent[]; eventsTotal: number; forces: ForcePoint[]; forcesTotal: number; related: RelatedEntity[] } {
    const rows = this.q.entityEvents.all(id, limits.events ?? 100);
    const forces = this.events.forcePointPage({ actors: [id], places: [id], either: true }, 0, limits.forces ?? 100);
    const related = this.q.related
      .all({ id, limit: limits.related ?? 20 })
      .map((r) => ({ entity: { id: r.id, name: r.name ?? r.id }, events: r.n }));
    return {
      events: this.events.toTimelineEvents(rows),
      eventsTotal: this.q.entityEventCount.get(id)!.n,
      forces: forces.items,
      forcesTotal: forces.total,
      related,
    };
  }

  actorGraph(filter: GraphFilter = {}): ActorGraph {
    const { where, params } = eventConditions(filter);
    const rows = this.db
      .prepare<unknown[], { id: string; type: PloverType; quad: string; sources: string; targets: string }>(
        `SELECT e.id, e.type, e.quad, e.sources, e.targets FROM events e ${whereClause(where)} ORDER BY e.id`,
      )
      .all(...params);
    return actorGraphOf(rows, (id) => this.q.entity.get(id));
  }

  places(filter: { from?: string; to?: string } = {}): PlaceSummary[] {
    const { where, params } = eventConditions(filter);
    const rows = this.db
      .prepare<unknown[], { id: string; location: string | null; targets: string }>(
        `SELECT e.id, e.location, e.targets FROM events e ${whereClause(where)}
         ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id`,
      )
      .all(...params);
    return placesOf(rows, (id) => this.q.entity.get(id));
  }

  /** Every document id, oldest publication first (undated last). */
  documentIds(): string[] {
    return this.q.documentIds.all().map((r) => r.id);
  }
}

import type Database from 'better-sqlite3';
import type { PloverType } from '../../model/analysis.js';
import { foldName } from '../../resolve/names.js';
import type { EventMention } from '../../resolve/events.js';
import type { ClaimView, ContradictionView, ForcePoint, TimelineEvent, TimelineFilter } from '../store.js';
import {
  NO_DOC,
  claimView,
  contradictionView,
  forcePoints,
  toTimelineEvent,
  type ClaimViewRow,
  type ContradictionViewRow,
  type DocInfo,
  type EventRow,
  type ForceSizeRow,
  type ViewLookups,
} from '../shared/views.js';

export type { EventRow } from '../shared/views.js';

/** Time and type conditions on `events e`, as the timeline reads them: an event overlaps [from, to]. */
export function eventConditions(filter: { type?: PloverType; quad?: string; from?: string; to?: string }): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.type) {
    where.push('e.type = ?');
    params.push(filter.type);
  }
  if (filter.quad) {
    where.push('e.quad = ?');
    params.push(filter.quad);
  }
  if (filter.from) {
    where.push('e.time_end >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('e.time_start <= ?');
    params.push(`${filter.to}~`);
  }
  return { where, params };
}

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
      members: db.prepare<[string], { data: string }>('SELECT data FROM event_mentions WHERE merged_id = ? ORDER BY id'),
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
      where.push(`e.id IN (SELECT event_id FROM event_actors WHERE entity_id IN (${ids.map(() => '?').join(',')}))`);
      params.push(...ids);
    }
    const conditions = eventConditions(filter);
    where.push(...conditions.where);
    params.push(...conditions.params);
    const sql = `SELECT e.* FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id LIMIT ? OFFSET ?`;
    const rows = this.db.prepare<unknown[], EventRow>(sql).all(...params, filter.limit ?? 200, filter.offset ?? 0);
    const lk = this.lookups();
    return rows.map((r) => this.toTimelineEvent(r, lk));
  }

  /** A row of `events` with its actors' names and every report of it. */
  toTimelineEvent(r: EventRow, lk: ViewLookups = this.lk): TimelineEvent {
    return toTimelineEvent(r, this.q.members.all(r.id).map((m) => JSON.parse(m.data) as EventMention), lk);
  }

  forces(filter: { in?: string } = {}): ForcePoint[] {
    const places = filter.in ? new Set(this.resolveIds(filter.in)) : null;
    if (places && places.size === 0) return [];
    const sizes = this.db
      .prepare<[], ForceSizeRow>(
        'SELECT subject, value, low, high, approx, unit, time, places, claimant, claimant_text, document_id, sentence FROM claims WHERE force = 1 ORDER BY document_id, start, id',
      )
      .all();
    // Withdrawals and deployments mark where a force starts and ends.
    const moves = this.db
      .prepare<[], { data: string }>(
        "SELECT m.data FROM event_mentions m JOIN events e ON e.id = m.merged_id WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%') ORDER BY m.id",
      )
      .all()
      .map((r) => JSON.parse(r.data) as EventMention);
    return forcePoints(sizes, moves, places, this.lookups());
  }

  claims(filter: { about?: string; by?: string; all?: boolean; limit?: number } = {}): ClaimView[] {
    const lk = this.lookups();
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.all) where.push('c.attributed = 1');
    for (const [field, value] of [['subject', filter.about], ['claimant', filter.by]] as const) {
      if (!value) continue;
      const ids = this.resolveIds(value);
      if (ids.length === 0) return [];
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
    const sql = `SELECT c.* FROM claims c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.time_start IS NULL, c.time_start, c.document_id, c.start, c.id LIMIT ?`;
    return this.db
      .prepare<unknown[], ClaimViewRow>(sql)
      .all(...params, filter.limit ?? 500)
      .map((c) => claimView(c, lk));
  }

  contradictions(): ContradictionView[] {
    const lk = this.lookups();
    return this.db
      .prepare<[], ContradictionViewRow>('SELECT id, kind, about, event_id, a, b FROM contradictions ORDER BY kind, about, id')
      .all()
      .map((r) => contradictionView(r, lk));
  }
}

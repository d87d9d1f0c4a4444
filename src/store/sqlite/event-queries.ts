import type Database from 'better-sqlite3';
import { foldName } from '../../resolve/names.js';
import type { EventMention, ClaimSide } from '../../resolve/events.js';
import type { Modality, PloverType } from '../../model/analysis.js';
import type { TimeValue } from '../../model/time.js';
import type { ClaimView, ContradictionView, EntityRef, EventReport, ForcePoint, TimelineEvent, TimelineFilter } from '../store.js';

export interface EventRow {
  id: string;
  type: PloverType;
  subtype: string | null;
  quad: string;
  sources: string;
  targets: string;
  location: string | null;
  time: string | null;
}

interface DocRow {
  title: string | null;
  publisher: string | null;
  published: string | null;
}

const parseTime = (s: string | null): TimeValue | null => (s ? (JSON.parse(s) as TimeValue) : null);

/** Read side of the event layer: timeline, forces, claims and contradictions, for the CLI and the API alike. */
export class SqliteEventQueries {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      name: db.prepare<[string], { name: string }>('SELECT name FROM entities WHERE id = ?'),
      idsByName: db.prepare<[string], { id: string }>(
        "SELECT DISTINCT entity_id AS id FROM entity_names WHERE folded = ? AND role != 'surname'",
      ),
      doc: db.prepare<[string], DocRow>('SELECT title, publisher, published FROM documents WHERE id = ?'),
      members: db.prepare<[string], { data: string }>('SELECT data FROM event_mentions WHERE merged_id = ? ORDER BY id'),
    };
  }

  private ref(id: string | null | undefined): EntityRef | null {
    if (!id) return null;
    return { id, name: this.q.name.get(id)?.name ?? id };
  }

  /** An id or a name (folded) → the entity ids it may denote. */
  resolveIds(idOrName: string): string[] {
    if (this.q.name.get(idOrName)) return [idOrName];
    return this.q.idsByName.all(foldName(idOrName).replace(/^the /, '')).map((r) => r.id);
  }

  private docInfo(id: string): DocRow {
    return this.q.doc.get(id) ?? { title: null, publisher: null, published: null };
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
    if (filter.type) {
      where.push('e.type = ?');
      params.push(filter.type);
    }
    if (filter.from) {
      where.push('e.time_end >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('e.time_start <= ?');
      params.push(`${filter.to}~`);
    }
    const sql = `SELECT e.* FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.time_start IS NULL, e.time_start, e.time_end, e.id LIMIT ? OFFSET ?`;
    const rows = this.db.prepare<unknown[], EventRow>(sql).all(...params, filter.limit ?? 200, filter.offset ?? 0);
    return rows.map((r) => this.toTimelineEvent(r));
  }

  /** A row of `events` with its actors' names and every report of it. */
  toTimelineEvent(r: EventRow): TimelineEvent {
    return {
      id: r.id,
      type: r.type,
      subtype: r.subtype,
      quad: r.quad,
      sources: (JSON.parse(r.sources) as string[]).map((id) => this.ref(id)!),
      targets: (JSON.parse(r.targets) as string[]).map((id) => this.ref(id)!),
      location: this.ref(r.location),
      time: parseTime(r.time),
      reports: this.q.members.all(r.id).map((m) => this.report(JSON.parse(m.data) as EventMention)),
    };
  }

  private report(m: EventMention): EventReport {
    const d = this.docInfo(m.documentId);
    return {
      mentionId: m.id,
      documentId: m.documentId,
      title: d.title,
      publisher: d.publisher,
      published: parseTime(d.published),
      type: m.type,
      trigger: m.trigger,
      modality: m.modality,
      attribution: m.attribution ? { source: this.ref(m.attribution.source), text: m.attribution.text } : null,
      time: m.time,
      quantities: m.quantities,
      sentence: m.sentence,
    };
  }

  forces(filter: { in?: string } = {}): ForcePoint[] {
    const places = filter.in ? new Set(this.resolveIds(filter.in)) : null;
    if (places && places.size === 0) return [];
    const out: ForcePoint[] = [];
    const sizes = this.db
      .prepare<[], { subject: string; value: number | null; low: number | null; high: number | null; approx: number; unit: string; time: string | null; places: string; claimant: string | null; claimant_text: string | null; document_id: string; sentence: string }>(
        'SELECT subject, value, low, high, approx, unit, time, places, claimant, claimant_text, document_id, sentence FROM claims WHERE force = 1',
      )
      .all();
    for (const c of sizes) {
      const at = JSON.parse(c.places) as string[];
      if (places && !at.some((p) => places.has(p))) continue;
      out.push({
        actor: this.ref(c.subject)!,
        kind: 'size',
        value: c.value,
        low: c.low,
        high: c.high,
        approx: c.approx === 1,
        unit: c.unit,
        time: parseTime(c.time),
        reported: parseTime(this.docInfo(c.document_id).published),
        places: at.map((p) => this.ref(p)!),
        modality: null,
        claimant: c.claimant ? this.ref(c.claimant)!.name : c.claimant_text,
        documentId: c.document_id,
        publisher: this.docInfo(c.document_id).publisher,
        sentence: c.sentence,
      });
    }
    // Withdrawals and deployments mark where a force starts and ends.
    const moves = this.db
      .prepare<[], { data: string }>(
        "SELECT m.data FROM event_mentions m JOIN events e ON e.id = m.merged_id WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%')",
      )
      .all()
      .map((r) => JSON.parse(r.data) as EventMention);
    for (const m of moves) {
      if (!m.sources.length || (m.modality !== 'asserted' && m.modality !== 'planned')) continue;
      const at = [...new Set([m.location, ...m.targets].filter((x): x is string => !!x))];
      if (places && !at.some((p) => places.has(p))) continue;
      const size = m.quantities.find((q) => q.kind === 'size');
      for (const actor of m.sources) {
        out.push({
          actor: this.ref(actor)!,
          kind: m.type === 'RETREAT' ? 'withdrawal' : 'deployment',
          value: size?.value ?? null,
          low: size?.low ?? null,
          high: size?.high ?? null,
          approx: size?.approx ?? false,
          unit: null,
          time: m.time,
          reported: m.published,
          places: at.map((p) => this.ref(p)!),
          modality: m.modality,
          claimant: m.attribution ? (m.attribution.source ? this.ref(m.attribution.source)!.name : m.attribution.text) : null,
          documentId: m.documentId,
          publisher: m.publisher,
          sentence: m.sentence,
        });
      }
    }
    const key = (p: ForcePoint): string => p.time?.value ?? p.reported?.value ?? '9999';
    return out.sort((a, b) => a.actor.name.localeCompare(b.actor.name) || key(a).localeCompare(key(b)) || a.sentence.localeCompare(b.sentence));
  }

  claims(filter: { about?: string; by?: string; all?: boolean; limit?: number } = {}): ClaimView[] {
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
      ORDER BY c.time_start IS NULL, c.time_start, c.document_id, c.start LIMIT ?`;
    return this.db
      .prepare<unknown[], { id: string; kind: 'event' | 'quantity'; claimant: string | null; claimant_text: string | null; subject: string | null; statement: string; modality: Modality | null; time: string | null; document_id: string; sentence: string }>(sql)
      .all(...params, filter.limit ?? 500)
      .map((c) => {
        const d = this.docInfo(c.document_id);
        return {
          id: c.id,
          kind: c.kind,
          claimant: this.ref(c.claimant),
          claimantText: c.claimant_text,
          subject: this.ref(c.subject),
          statement: c.statement,
          modality: c.modality,
          time: parseTime(c.time),
          documentId: c.document_id,
          title: d.title,
          publisher: d.publisher,
          sentence: c.sentence,
        };
      });
  }

  contradictions(): ContradictionView[] {
    const side = (raw: string): ContradictionView['a'] => {
      const s = JSON.parse(raw) as ClaimSide;
      const d = this.docInfo(s.documentId);
      return {
        claimant: s.claimant ? this.ref(s.claimant)!.name : s.claimantText,
        statement: s.statement,
        documentId: s.documentId,
        title: d.title,
        publisher: d.publisher,
        published: parseTime(d.published),
        sentence: s.sentence,
      };
    };
    return this.db
      .prepare<[], { id: string; kind: ContradictionView['kind']; about: string; event_id: string | null; a: string; b: string }>(
        'SELECT id, kind, about, event_id, a, b FROM contradictions ORDER BY kind, about, id',
      )
      .all()
      .map((r) => ({ id: r.id, kind: r.kind, about: r.about, eventId: r.event_id, a: side(r.a), b: side(r.b) }));
  }
}

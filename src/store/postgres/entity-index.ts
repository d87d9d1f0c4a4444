import { chooseLink, indexNames, type KnownEntity, linkedByName } from '../../resolve/cross-document.js';
import { foldName } from '../../resolve/names.js';
import { contentId } from '../../model/ids.js';
import type { Analysis, Entity, EntityType } from '../../model/analysis.js';
import { absorbingSurname, entityParams, isSurnameOnlyPerson, linkLookupNames, redirect, splitTarget, type Decision, attributesFromVotes, attributeVotes, attributesReachEvents, reportNeedle, sameAttributes, takesOverId } from '../shared/entity-rules.js';
import { globalMapper } from '../shared/event-rules.js';
import type { Sql } from './db.js';

interface EntityRow {
  id: string;
  name: string;
  type: EntityType;
  kind: string | null;
}

const BY_NAMES =
  'SELECT n.folded, n.role, e.id, e.name, e.type FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.folded = ANY($1::text[])';
const RECOUNT = `UPDATE entities e SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = e.id),
  documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = e.id) WHERE e.id = ANY($1::text[])`;

type KnownRow = KnownEntity & { folded: string; role: string };

/**
 * What the linking policy asks the store while one document's entities are written: the entities going by each
 * wanted name, and whether an id exists. Answered from one prefetch while nothing this document wrote could
 * change the answer, else from the store.
 */
class DocumentLookups {
  private known: KnownRow[] = [];
  private readonly existing = new Set<string>();
  private readonly missing = new Set<string>();
  private readonly written = new Set<string>();
  private stale = false;

  constructor(
    private readonly db: Sql,
    private readonly entities: ReadonlyArray<{ localId: string; wanted: { byName: string[]; bySurname: string[] } }>,
  ) {}

  async prefetch(): Promise<void> {
    const names = [...new Set(this.entities.flatMap((e) => [...e.wanted.byName, ...e.wanted.bySurname]))];
    const ids = [...new Set(this.entities.map((e) => e.localId))];
    const [known, existing] = await Promise.all([
      names.length ? this.db.rows<KnownRow>(BY_NAMES, [names]) : Promise.resolve([]),
      ids.length ? this.db.rows<{ id: string }>('SELECT id FROM entities WHERE id = ANY($1::text[])', [ids]) : Promise.resolve([]),
    ]);
    this.known = known;
    for (const r of existing) this.existing.add(r.id);
    for (const id of ids) if (!this.existing.has(id) && !known.some((k) => k.id === id)) this.missing.add(id);
  }

  /** The rows `BY_NAMES` gives for entity `index`'s wanted names, and whether its local id exists. */
  async forEntity(index: number): Promise<[KnownRow[], boolean]> {
    const { localId, wanted } = this.entities[index]!;
    const names = [...wanted.byName, ...wanted.bySurname];
    if (this.stale || names.some((n) => this.written.has(n))) {
      const [known, exists] = await Promise.all([this.db.rows<KnownRow>(BY_NAMES, [names]), this.exists(localId)]);
      return [known, exists];
    }
    const wantedSet = new Set(names);
    return [this.known.filter((k) => wantedSet.has(k.folded)), await this.exists(localId)];
  }

  async exists(id: string): Promise<boolean> {
    if (!this.stale && (this.existing.has(id) || this.known.some((k) => k.id === id))) return true;
    if (!this.stale && this.missing.has(id)) return false;
    const found = !!(await this.db.one('SELECT 1 AS x FROM entities WHERE id = $1', [id]));
    if (!this.stale) (found ? this.existing : this.missing).add(id);
    return found;
  }

  created(id: string): void {
    this.missing.delete(id);
    this.existing.add(id);
  }

  wrote(folded: readonly string[]): void {
    for (const f of folded) this.written.add(f);
  }

  /** Entities moved or went: nothing prefetched is trusted any more. */
  moved(): void {
    this.stale = true;
  }
}

/**
 * The cross-document entity layer of the PostgreSQL store: the same steps as the SQLite one (`../sqlite/entity-index.ts`)
 * with the same rules (`../shared/entity-rules.ts`, `src/resolve/cross-document.ts`), asynchronous, with the
 * lookups the linking policy makes fetched in one query per entity. Runs inside the store's write transactions,
 * which hold the store's advisory lock: the analyst's decisions are read afresh in each (another process may have
 * added one), never cached across transactions.
 */
export class PgEntityIndex {
  private async decisions(db: Sql): Promise<Decision[]> {
    return db.rows<Decision>('SELECT action, entity_id, other_id, alias, name FROM entity_decisions ORDER BY seq');
  }

  private async exists(db: Sql, id: string): Promise<boolean> {
    return !!(await db.one('SELECT 1 AS x FROM entities WHERE id = $1', [id]));
  }

  /**
   * Writes a document's entities, mentions, times and quantities, linking each entity to its canonical one.
   * Returns the other documents whose events must be read again (see the SQLite index).
   */
  async indexDocument(db: Sql, analysis: Analysis): Promise<Set<string>> {
    const docId = analysis.document.id;
    const decisions = await this.decisions(db);
    /** Entities that took in other entities' mentions (their counts are recounted). */
    const touched = new Set<string>();
    /** Mentions this document added, by entity. */
    const added = new Map<string, number>();
    const voted = new Set<string>();
    const reindex = new Set<string>();
    // The linking lookups of every entity, fetched in two queries. They stay valid while this document only adds
    // entities and names no later entity asks for; after a move (an id taken over, a surname folded in) or a name
    // written that a later entity looks up, that entity asks the store afresh, as it would one by one.
    const lookups = new DocumentLookups(db, analysis.entities.map((local) => ({ localId: redirect(decisions, local.id), wanted: linkLookupNames(local) })));
    await lookups.prefetch();
    for (const [index, local] of analysis.entities.entries()) {
      const localId = redirect(decisions, local.id);
      const wanted = linkLookupNames(local);
      const [known, localExists] = await lookups.forEntity(index);
      const lookup = {
        byName: (f: string) => known.filter((k) => k.folded === f && k.role !== 'surname'),
        bySurname: (f: string) => known.filter((k) => k.folded === f && k.role === 'surname'),
      };
      const linked = chooseLink({ ...local, id: localId }, (id) => {
        if (id !== localId) throw new Error(`internal: unexpected entity lookup ${id}`);
        return localExists;
      }, lookup);
      // A name the analyst merged away does not vote for the name of the entity it now lives in.
      const mergedAway = redirect(decisions, linked ?? local.id) !== (linked ?? local.id) || localId !== local.id;
      let globalId = redirect(decisions, linked ?? local.id);
      if (takesOverId(local.id, linked, linkedByName(local, linked, lookup.byName), decisions)) {
        for (const d of await this.documentsNaming(db, globalId)) reindex.add(d);
        await db.run('INSERT INTO entities (id, name, type, kind, country, lat, lon) SELECT $1, name, type, kind, country, lat, lon FROM entities WHERE id = $2', [local.id, globalId]);
        await this.moveEntity(db, globalId, local.id);
        lookups.moved();
        globalId = local.id;
        touched.add(globalId);
      }
      const p = entityParams(globalId, local);
      if (!(await lookups.exists(globalId))) {
        await db.run('INSERT INTO entities (id, name, type, kind, country, lat, lon) VALUES ($1, $2, $3, $4, $5, $6, $7)', [p.id, p.name, p.type, p.kind, p.country, p.lat, p.lon]);
        lookups.created(globalId);
      }
      const votes = attributeVotes(local).filter(([field]) => !(mergedAway && field === 'name'));
      await this.vote(db, globalId, votes, 1);
      voted.add(globalId);
      const names = indexNames(local);
      await this.insertNames(db, globalId, names);
      lookups.wrote(names.map((n) => n.folded));
      const targets = local.mentions.map((m) => splitTarget(decisions, globalId, m.text) ?? globalId);
      if (local.mentions.length) {
        // Rows come back with their entity, so the counts grow by what was actually inserted.
        for (const r of await db.rows<{ entity_id: string }>(
          `INSERT INTO mentions (document_id, entity_id, local_id, start, "end", text, form)
           SELECT $1, u.entity_id, $2, u.start, u.e, u.text, u.form
           FROM unnest($3::text[], $4::int[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY AS u(entity_id, start, e, text, form, i)
           ORDER BY u.i ON CONFLICT DO NOTHING RETURNING entity_id`,
          [docId, local.id, targets, local.mentions.map((m) => m.start), local.mentions.map((m) => m.end), local.mentions.map((m) => m.text), local.mentions.map((m) => m.form)],
        )) added.set(r.entity_id, (added.get(r.entity_id) ?? 0) + 1);
      }
      const surname = absorbingSurname(local);
      if (surname && (await this.absorbSurnameOnly(db, globalId, surname, touched, reindex))) lookups.moved();
    }
    const t = analysis.times;
    if (t.length) {
      await db.run(
        `INSERT INTO times (document_id, start, "end", text, value, precision, kind, until)
         SELECT $1, u.s, u.e, u.text, u.value, u.precision, u.kind, u.until
         FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS u(s, e, text, value, precision, kind, until, i)
         ORDER BY u.i ON CONFLICT DO NOTHING`,
        [docId, t.map((x) => x.start), t.map((x) => x.end), t.map((x) => x.text), t.map((x) => x.value), t.map((x) => x.precision), t.map((x) => x.kind), t.map((x) => x.until ?? null)],
      );
    }
    const q = analysis.quantities;
    if (q.length) {
      await db.run(
        `INSERT INTO quantities (document_id, start, "end", text, value, low, high, approx, unit, currency, per, subject)
         SELECT $1, u.s, u.e, u.text, u.value, u.low, u.high, u.approx, u.unit, u.currency, u.per, u.subject
         FROM unnest($2::int[], $3::int[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[])
           WITH ORDINALITY AS u(s, e, text, value, low, high, approx, unit, currency, per, subject, i)
         ORDER BY u.i ON CONFLICT DO NOTHING`,
        [
          docId, q.map((x) => x.start), q.map((x) => x.end), q.map((x) => x.text), q.map((x) => x.value), q.map((x) => x.low), q.map((x) => x.high),
          q.map((x) => (x.approx ? 1 : 0)), q.map((x) => x.unit), q.map((x) => x.currency ?? null), q.map((x) => x.per ?? null), q.map((x) => x.subject ?? null),
        ],
      );
    }
    // Counts grow by what this new document adds; an entity that took in another's mentions is counted afresh.
    if (touched.size) await db.run(RECOUNT, [[...touched]]);
    const grown = [...added].filter(([id]) => !touched.has(id));
    if (grown.length) {
      await db.run(
        'UPDATE entities e SET mentions = e.mentions + u.n, documents = e.documents + 1 FROM unnest($1::text[], $2::int[]) AS u(id, n) WHERE e.id = u.id',
        [grown.map((g) => g[0]), grown.map((g) => g[1])],
      );
    }
    for (const r of await this.settle(db, [...voted])) reindex.add(r);
    reindex.delete(docId);
    return reindex;
  }

  private async vote(db: Sql, id: string, votes: Array<[string, string]>, n: number): Promise<void> {
    if (!votes.length) return;
    await db.run(
      `INSERT INTO entity_votes (entity_id, field, value, n) SELECT $1, u.field, u.value, $4 FROM unnest($2::text[], $3::text[]) AS u(field, value)
       ON CONFLICT (entity_id, field, value) DO UPDATE SET n = entity_votes.n + excluded.n`,
      [id, votes.map((v) => v[0]), votes.map((v) => v[1]), n],
    );
  }

  /** Sets entities' attributes from their votes; returns the documents naming those whose attributes changed. */
  async settle(db: Sql, ids: string[]): Promise<Set<string>> {
    const reindex = new Set<string>();
    if (!ids.length) return reindex;
    const rows = await db.rows<{ entity_id: string; field: string; value: string }>(
      `SELECT DISTINCT ON (entity_id, field) entity_id, field, value FROM entity_votes WHERE entity_id = ANY($1::text[]) AND n > 0
       ORDER BY entity_id, field, n DESC, length(value) DESC, value`,
      [ids],
    );
    const current = await db.rows<{ id: string; name: string; kind: string | null; country: string | null; lat: number | null; lon: number | null }>(
      'SELECT id, name, kind, country, lat, lon FROM entities WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const row of current) {
      const next = attributesFromVotes((field) => rows.find((r) => r.entity_id === row.id && r.field === field)?.value ?? null);
      if (!next || sameAttributes(next, row)) continue;
      await db.run('UPDATE entities SET name = $2, kind = $3, country = $4, lat = $5, lon = $6 WHERE id = $1', [row.id, next.name, next.kind, next.country, next.lat, next.lon]);
      if (!attributesReachEvents(next, row)) continue;
      for (const d of await this.documentsNaming(db, row.id)) reindex.add(d);
    }
    return reindex;
  }

  /**
   * The documents whose events or claims name an entity (`reportNeedle`): what a change of its id or attributes
   * reaches. The others mention it only in passing, and what was written of them stays the same.
   */
  private async documentsNaming(db: Sql, id: string): Promise<string[]> {
    const rows = await db.rows<{ document_id: string }>(
      `SELECT x.document_id FROM (SELECT DISTINCT document_id FROM mentions WHERE entity_id = $1) x
       WHERE EXISTS (SELECT 1 FROM event_mentions e WHERE e.document_id = x.document_id AND strpos(e.data, $2) > 0)
       UNION SELECT document_id FROM claims WHERE subject = $1
       UNION SELECT document_id FROM claims WHERE claimant = $1`,
      [id, reportNeedle(id)],
    );
    return rows.map((r) => r.document_id);
  }

  /** Before a document goes: takes back its entities' attribute votes; returns the entities to settle after. */
  async withdrawVotes(db: Sql, documentId: string): Promise<string[]> {
    const row = await db.one<{ analysis: string }>('SELECT analysis FROM documents WHERE id = $1', [documentId]);
    if (!row) return [];
    const entities = (JSON.parse(row.analysis) as { entities?: Entity[] }).entities ?? [];
    const g = globalMapper(
      await db.rows<{ local_id: string; entity_id: string }>(
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = $1 GROUP BY local_id, entity_id ORDER BY n DESC, local_id, entity_id',
        [documentId],
      ),
    );
    const decisions = await this.decisions(db);
    const out = new Set<string>();
    for (const local of entities) {
      const id = g(local.id);
      if (!id) continue;
      const mergedAway = redirect(decisions, local.id) !== local.id;
      await this.vote(db, id, attributeVotes(local).filter(([field]) => !(mergedAway && field === 'name')), -1);
      await db.run('DELETE FROM entity_votes WHERE entity_id = $1 AND n <= 0', [id]);
      out.add(id);
    }
    return [...out];
  }

  private async insertNames(db: Sql, id: string, names: Array<{ folded: string; name: string; role: string }>): Promise<void> {
    if (!names.length) return;
    await db.run(
      `INSERT INTO entity_names (folded, entity_id, name, role)
       SELECT u.folded, $1, u.name, u.role FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(folded, name, role, i)
       ORDER BY u.i ON CONFLICT DO NOTHING`,
      [id, names.map((n) => n.folded), names.map((n) => n.name), names.map((n) => n.role)],
    );
  }

  /** Before a document is deleted: the entities whose counts it contributes to. */
  async entitiesOf(db: Sql, documentId: string): Promise<string[]> {
    return (await db.rows<{ entity_id: string }>('SELECT DISTINCT entity_id FROM mentions WHERE document_id = $1', [documentId])).map((r) => r.entity_id);
  }

  /** After documents were deleted: recount what they touched and drop entities nothing mentions any more. */
  async recount(db: Sql, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.run(RECOUNT, [ids]);
    await db.run(
      `DELETE FROM entities e WHERE e.id = ANY($1::text[]) AND e.mentions = 0
         AND NOT EXISTS (SELECT 1 FROM entity_decisions d WHERE d.entity_id = e.id OR d.other_id = e.id)`,
      [ids],
    );
  }

  /** A person first seen by surname alone and later in full is one person: the surname-only entity folds in. */
  /** Returns whether an entity was folded in (moved). */
  private async absorbSurnameOnly(db: Sql, fullId: string, surname: string, touched: Set<string>, reindex: Set<string>): Promise<boolean> {
    const known = await db.rows<KnownEntity & { role: string }>(BY_NAMES, [[surname]]);
    let moved = false;
    for (const k of known) {
      if (k.role === 'surname' || k.id === fullId || !isSurnameOnlyPerson(k)) continue;
      for (const d of await this.documentsNaming(db, k.id)) reindex.add(d);
      await this.moveEntity(db, k.id, fullId);
      touched.add(fullId);
      moved = true;
    }
    return moved;
  }

  /** `from` becomes part of `into`; its name votes go along unless the analyst chose `into`'s name by merging. */
  private async moveEntity(db: Sql, from: string, into: string, keepIntoName = false): Promise<void> {
    await db.run(
      `INSERT INTO entity_votes (entity_id, field, value, n) SELECT $1, field, value, n FROM entity_votes WHERE entity_id = $2 AND (field != 'name' OR $3)
       ON CONFLICT (entity_id, field, value) DO UPDATE SET n = entity_votes.n + excluded.n`,
      [into, from, !keepIntoName],
    );
    await db.run('DELETE FROM entity_votes WHERE entity_id = $1', [from]);
    await db.run('UPDATE mentions SET entity_id = $1 WHERE entity_id = $2', [into, from]);
    // As SQLite's UPDATE OR IGNORE: a name the target already has stays with `from` and goes with it.
    await db.run(
      `UPDATE entity_names n SET entity_id = $1 WHERE n.entity_id = $2
         AND NOT EXISTS (SELECT 1 FROM entity_names o WHERE o.folded = n.folded AND o.entity_id = $1)`,
      [into, from],
    );
    await db.run('DELETE FROM entities WHERE id = $1', [from]);
  }

  private async addDecision(db: Sql, action: 'merge' | 'split', entityId: string, otherId: string, alias: string | null, name: string | null): Promise<void> {
    await db.run('INSERT INTO entity_decisions (action, entity_id, other_id, alias, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      action, entityId, otherId, alias, name, new Date().toISOString(),
    ]);
  }

  /** The analyst's merge: `from` becomes part of `into`, now and for every document written later. */
  async merge(db: Sql, into: string, from: string): Promise<void> {
    if (into === from) throw new Error('cannot merge an entity with itself');
    await this.addDecision(db, 'merge', into, from, null, null);
    await this.moveEntity(db, from, into, true);
    await this.settle(db, [into]);
    await db.run(RECOUNT, [[into]]);
  }

  /** The analyst's split of the mentions of `id` written `alias` into an entity of their own; returns its id. */
  async split(db: Sql, id: string, alias: string, name: string | null): Promise<string> {
    const entity = await db.one<EntityRow>('SELECT id, name, type, kind FROM entities WHERE id = $1', [id]);
    if (!entity) throw new Error(`no entity with id '${id}'`);
    const folded = foldName(alias);
    const all = await db.rows<{ document_id: string; start: number; end: number; local_id: string; text: string }>(
      'SELECT document_id, start, "end", local_id, text FROM mentions WHERE entity_id = $1',
      [id],
    );
    const moving = all.filter((m) => foldName(m.text) === folded);
    if (moving.length === 0) throw new Error(`entity '${entity.name}' has no mention written '${alias}'`);
    const newName = name ?? alias;
    const newId = contentId('ent', 'split', id, folded);
    await this.addDecision(db, 'split', id, newId, folded, newName);
    if (!(await this.exists(db, newId))) {
      await db.run('INSERT INTO entities (id, name, type, kind, country, lat, lon) VALUES ($1, $2, $3, $4, NULL, NULL, NULL)', [newId, newName, entity.type, entity.kind]);
    }
    for (const m of moving) {
      await db.run('UPDATE mentions SET entity_id = $1 WHERE document_id = $2 AND start = $3 AND "end" = $4 AND local_id = $5', [newId, m.document_id, m.start, m.end, m.local_id]);
    }
    for (const n of await db.rows<{ folded: string; name: string; role: string }>('SELECT folded, name, role FROM entity_names WHERE entity_id = $1', [id])) {
      if (n.folded === folded) {
        await db.run('DELETE FROM entity_names WHERE folded = $1 AND entity_id = $2', [n.folded, id]);
        await this.insertNames(db, newId, [{ folded: n.folded, name: n.name, role: 'name' }]);
      }
    }
    await this.insertNames(db, newId, [{ folded: foldName(newName), name: newName, role: 'name' }]);
    await db.run(RECOUNT, [[id]]);
    await db.run(RECOUNT, [[newId]]);
    return newId;
  }
}

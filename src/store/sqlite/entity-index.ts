import type Database from 'better-sqlite3';
import { chooseLink, indexNames, linkedByName, type KnownEntity } from '../../resolve/cross-document.js';
import { foldName } from '../../resolve/names.js';
import { contentId } from '../../model/ids.js';
import type { Analysis, Entity, EntityType } from '../../model/analysis.js';
import {
  absorbingSurname,
  attributesFromVotes,
  attributeVotes,
  entityParams,
  isSurnameOnlyPerson,
  redirect,
  attributesReachEvents,
  reportNeedle,
  sameAttributes,
  splitTarget,
  takesOverId,
  type Decision,
} from '../shared/entity-rules.js';
import { globalMapper } from '../shared/event-rules.js';
import type { EntitySummaryRow } from '../shared/rows.js';

type EntityRow = EntitySummaryRow;

/**
 * The cross-document entity layer of the SQLite store: one canonical entity per referent with every name it goes
 * by, the mentions of every document pointing at it, and the analyst's merge and split decisions, which are
 * replayed on every document written later so they survive re-ingestion. Runs inside the store's transactions.
 */
export class SqliteEntityIndex {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      entity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE id = ?'),
      byName: db.prepare<[string], KnownEntity>(
        "SELECT e.id, e.name, e.type FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.folded = ? AND n.role != 'surname'",
      ),
      bySurname: db.prepare<[string], KnownEntity>(
        "SELECT e.id, e.name, e.type FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.folded = ? AND n.role = 'surname'",
      ),
      insertEntity: db.prepare(
        'INSERT INTO entities (id, name, type, kind, country, lat, lon) VALUES (@id, @name, @type, @kind, @country, @lat, @lon)',
      ),
      fillEntity: db.prepare(
        'UPDATE entities SET kind = coalesce(kind, @kind), country = coalesce(country, @country), lat = coalesce(lat, @lat), lon = coalesce(lon, @lon) WHERE id = @id',
      ),
      insertName: db.prepare('INSERT OR IGNORE INTO entity_names (folded, entity_id, name, role) VALUES (?, ?, ?, ?)'),
      insertMention: db.prepare(
        'INSERT OR IGNORE INTO mentions (document_id, entity_id, local_id, start, end, text, form) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertTime: db.prepare(
        'INSERT OR IGNORE INTO times (document_id, start, end, text, value, precision, kind, until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertQuantity: db.prepare(
        `INSERT OR IGNORE INTO quantities (document_id, start, end, text, value, low, high, approx, unit, currency, per, subject)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      entitiesOfDocument: db.prepare<[string], { entity_id: string }>('SELECT DISTINCT entity_id FROM mentions WHERE document_id = ?'),
      recount: db.prepare(
        `UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = @id),
           documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = @id) WHERE id = @id`,
      ),
      addCounts: db.prepare('UPDATE entities SET mentions = mentions + @n, documents = documents + 1 WHERE id = @id'),
      dropIfEmpty: db.prepare(
        `DELETE FROM entities WHERE id = ? AND mentions = 0
           AND NOT EXISTS (SELECT 1 FROM entity_decisions WHERE entity_id = entities.id OR other_id = entities.id)`,
      ),
      decisions: db.prepare<[], Decision>('SELECT action, entity_id, other_id, alias, name FROM entity_decisions ORDER BY seq'),
      addDecision: db.prepare(
        'INSERT INTO entity_decisions (action, entity_id, other_id, alias, name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      moveMentions: db.prepare('UPDATE mentions SET entity_id = ? WHERE entity_id = ?'),
      moveNames: db.prepare('UPDATE OR IGNORE entity_names SET entity_id = ? WHERE entity_id = ?'),
      deleteEntity: db.prepare('DELETE FROM entities WHERE id = ?'),
      mentionsOf: db.prepare<[string], { document_id: string; start: number; end: number; local_id: string; text: string }>(
        'SELECT document_id, start, end, local_id, text FROM mentions WHERE entity_id = ?',
      ),
      setMentionEntity: db.prepare('UPDATE mentions SET entity_id = ? WHERE document_id = ? AND start = ? AND end = ? AND local_id = ?'),
      namesOf: db.prepare<[string], { folded: string; name: string; role: string }>('SELECT folded, name, role FROM entity_names WHERE entity_id = ?'),
      deleteName: db.prepare('DELETE FROM entity_names WHERE folded = ? AND entity_id = ?'),
      vote: db.prepare(
        `INSERT INTO entity_votes (entity_id, field, value, n) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_id, field, value) DO UPDATE SET n = n + excluded.n`,
      ),
      dropSpentVotes: db.prepare('DELETE FROM entity_votes WHERE entity_id = ? AND n <= 0'),
      // Every field's votes best first (`attributesFromVotes` takes each field's first): one statement an entity.
      votesOf: db.prepare<[string], { field: string; value: string }>(
        'SELECT field, value FROM entity_votes WHERE entity_id = ? AND n > 0 ORDER BY field, n DESC, length(value) DESC, value',
      ),
      moveVotes: db.prepare(
        `INSERT INTO entity_votes (entity_id, field, value, n) SELECT ?, field, value, n FROM entity_votes WHERE entity_id = ? AND (field != 'name' OR ?)
         ON CONFLICT (entity_id, field, value) DO UPDATE SET n = n + excluded.n`,
      ),
      copyEntity: db.prepare('INSERT INTO entities (id, name, type, kind, country, lat, lon) SELECT ?, name, type, kind, country, lat, lon FROM entities WHERE id = ?'),
      deleteVotes: db.prepare('DELETE FROM entity_votes WHERE entity_id = ?'),
      setAttributes: db.prepare('UPDATE entities SET name = @name, kind = @kind, country = @country, lat = @lat, lon = @lon WHERE id = @id'),
      // Of the documents mentioning an entity, those whose reports or figures name it (`reportNeedle`).
      documentsNaming: db.prepare<[{ id: string; needle: string }], { document_id: string }>(
        `SELECT x.document_id FROM (SELECT DISTINCT document_id FROM mentions WHERE entity_id = @id) x
         WHERE EXISTS (SELECT 1 FROM event_mentions e WHERE e.document_id = x.document_id AND instr(e.data, @needle) > 0)
         UNION SELECT document_id FROM claims WHERE subject = @id
         UNION SELECT document_id FROM claims WHERE claimant = @id`,
      ),
      localToGlobal: db.prepare<[string], { local_id: string; entity_id: string; n: number }>(
        'SELECT local_id, entity_id, count(*) AS n FROM mentions WHERE document_id = ? GROUP BY local_id, entity_id ORDER BY n DESC, local_id, entity_id',
      ),
      analysisOf: db.prepare<[string], { analysis: string }>('SELECT analysis FROM documents WHERE id = ?'),
    };
  }

  private decisionsCache: Decision[] | null = null;

  private decisions(): Decision[] {
    this.decisionsCache ??= this.q.decisions.all();
    return this.decisionsCache;
  }

  /** Follows merge decisions: the entity an id now lives in. */
  private redirect(id: string): string {
    return redirect(this.decisions(), id);
  }

  /** A split decision for mentions written `text` of entity `id`: the entity they go to instead. */
  private splitTarget(id: string, text: string): string | null {
    return splitTarget(this.decisions(), id, text);
  }

  /**
   * Writes a document's entities, mentions, times and quantities, linking each entity to its canonical one.
   * Returns the other documents whose events must be read again: those naming an entity whose attributes this
   * document changed, or a surname-only entity it folded into a full name.
   */
  indexDocument(analysis: Analysis): Set<string> {
    const docId = analysis.document.id;
    /** Entities that took in other entities' mentions (their counts are recounted). */
    const touched = new Set<string>();
    /** Mentions this document added, by entity. */
    const added = new Map<string, number>();
    const voted = new Set<string>();
    const reindex = new Set<string>();
    const lookup = { byName: (f: string) => this.q.byName.all(f), bySurname: (f: string) => this.q.bySurname.all(f) };
    for (const local of analysis.entities) {
      const linked = chooseLink({ ...local, id: this.redirect(local.id) }, (id) => !!this.q.entity.get(id), lookup);
      // A name the analyst merged away does not vote for the name of the entity it now lives in.
      const mergedAway = this.redirect(linked ?? local.id) !== (linked ?? local.id) || this.redirect(local.id) !== local.id;
      let globalId = this.redirect(linked ?? local.id);
      if (takesOverId(local.id, linked, linkedByName(local, linked, lookup.byName), this.decisions())) {
        for (const d of this.documentsNaming(globalId)) reindex.add(d);
        this.q.copyEntity.run(local.id, globalId);
        this.moveEntity(globalId, local.id);
        globalId = local.id;
        touched.add(globalId);
      }
      if (!this.q.entity.get(globalId)) this.createEntity(globalId, local);
      for (const [field, value] of attributeVotes(local)) if (!(mergedAway && field === 'name')) this.q.vote.run(globalId, field, value, 1);
      voted.add(globalId);
      this.indexNames(globalId, local);
      for (const m of local.mentions) {
        const target = this.splitTarget(globalId, m.text) ?? globalId;
        const inserted = this.q.insertMention.run(docId, target, local.id, m.start, m.end, m.text, m.form).changes;
        added.set(target, (added.get(target) ?? 0) + inserted);
      }
      if (absorbingSurname(local)) this.absorbSurnameOnly(globalId, local, touched, reindex);
    }
    for (const id of voted) if (this.settleAttributes(id)) for (const d of this.documentsNaming(id)) reindex.add(d);
    for (const t of analysis.times) this.q.insertTime.run(docId, t.start, t.end, t.text, t.value, t.precision, t.kind, t.until ?? null);
    for (const q of analysis.quantities) {
      this.q.insertQuantity.run(docId, q.start, q.end, q.text, q.value, q.low, q.high, q.approx ? 1 : 0, q.unit, q.currency ?? null, q.per ?? null, q.subject ?? null);
    }
    // Counts grow by what this new document adds; an entity that took in another's mentions is counted afresh.
    for (const id of touched) this.q.recount.run({ id });
    for (const [id, n] of added) if (!touched.has(id) && n > 0) this.q.addCounts.run({ id, n });
    reindex.delete(docId);
    return reindex;
  }

  /** Sets an entity's attributes from its votes; true when what events and claims are written with changed. */
  private settleAttributes(id: string): boolean {
    const row = this.q.entity.get(id);
    const top = new Map<string, string>();
    for (const v of this.q.votesOf.all(id)) if (!top.has(v.field)) top.set(v.field, v.value);
    const next = attributesFromVotes((field) => top.get(field) ?? null);
    if (!row || !next) return false;
    const current = { name: row.name, kind: row.kind, country: row.country, lat: row.lat, lon: row.lon };
    if (sameAttributes(next, current)) return false;
    this.q.setAttributes.run({ id, ...next });
    return attributesReachEvents(next, current);
  }

  /**
   * The documents whose events or claims name an entity: what a change of its id or attributes reaches. The others
   * mention it only in passing, and what was written of them stays the same.
   */
  private documentsNaming(id: string): string[] {
    return this.q.documentsNaming.all({ id, needle: reportNeedle(id) }).map((r) => r.document_id);
  }

  /**
   * Before a document goes: takes back the attribute votes of its entities. Returns the entities whose attributes
   * changed, once the document is gone (`settle`).
   */
  withdrawVotes(documentId: string): string[] {
    const row = this.q.analysisOf.get(documentId);
    if (!row) return [];
    const entities = (JSON.parse(row.analysis) as { entities?: Entity[] }).entities ?? [];
    const g = globalMapper(this.q.localToGlobal.all(documentId));
    const out = new Set<string>();
    for (const local of entities) {
      const id = g(local.id);
      if (!id) continue;
      const mergedAway = this.redirect(local.id) !== local.id;
      for (const [field, value] of attributeVotes(local)) if (!(mergedAway && field === 'name')) this.q.vote.run(id, field, value, -1);
      this.q.dropSpentVotes.run(id);
      out.add(id);
    }
    return [...out];
  }

  /** Settles the attributes of entities after votes were withdrawn; returns the documents to read again. */
  settle(ids: Iterable<string>): Set<string> {
    const reindex = new Set<string>();
    for (const id of ids) if (this.settleAttributes(id)) for (const d of this.documentsNaming(id)) reindex.add(d);
    return reindex;
  }

  /** Before a document is deleted: the entities whose counts it contributes to. */
  entitiesOf(documentId: string): string[] {
    return this.q.entitiesOfDocument.all(documentId).map((r) => r.entity_id);
  }

  /** After documents were deleted: recount what they touched and drop entities nothing mentions any more. */
  recount(ids: Iterable<string>): void {
    for (const id of ids) {
      this.q.recount.run({ id });
      this.q.dropIfEmpty.run(id);
    }
  }

  /**
   * A person first seen by surname alone ("Lavrov") and later in full ("Sergei Lavrov") is one person: the
   * surname-only entity folds into the full one.
   */
  private absorbSurnameOnly(fullId: string, local: Entity, touched: Set<string>, reindex: Set<string>): void {
    const surname = absorbingSurname(local)!;
    for (const k of this.q.byName.all(surname)) {
      if (k.id === fullId || !isSurnameOnlyPerson(k)) continue;
      for (const d of this.documentsNaming(k.id)) reindex.add(d);
      this.moveEntity(k.id, fullId);
      this.settleAttributes(fullId);
      touched.add(fullId);
    }
  }

  private createEntity(id: string, e: Entity): void {
    this.q.insertEntity.run(entityParams(id, e));
  }

  private indexNames(id: string, e: Entity): void {
    for (const n of indexNames(e)) this.q.insertName.run(n.folded, id, n.name, n.role);
  }

  /** `from` becomes part of `into`; its name votes go along unless the analyst chose `into`'s name by merging. */
  private moveEntity(from: string, into: string, keepIntoName = false): void {
    this.q.moveVotes.run(into, from, keepIntoName ? 0 : 1);
    this.q.deleteVotes.run(from);
    this.q.moveMentions.run(into, from);
    this.q.moveNames.run(into, from);
    this.q.deleteEntity.run(from);
  }

  /** The analyst's merge: `from` becomes part of `into`, now and for every document written later. */
  merge(into: string, from: string): void {
    if (into === from) throw new Error('cannot merge an entity with itself');
    this.q.addDecision.run('merge', into, from, null, null, new Date().toISOString());
    this.decisionsCache = null;
    this.moveEntity(from, into, true);
    this.settleAttributes(into);
    this.q.recount.run({ id: into });
  }

  /**
   * The analyst's split: the mentions of `id` written `alias` become an entity of their own (named `name`, or the
   * alias), now and for every document written later. Returns the new entity's id.
   */
  split(id: string, alias: string, name: string | null): string {
    const entity = this.q.entity.get(id);
    if (!entity) throw new Error(`no entity with id '${id}'`);
    const folded = foldName(alias);
    const moving = this.q.mentionsOf.all(id).filter((m) => foldName(m.text) === folded);
    if (moving.length === 0) throw new Error(`entity '${entity.name}' has no mention written '${alias}'`);
    const newName = name ?? alias;
    const newId = contentId('ent', 'split', id, folded);
    this.q.addDecision.run('split', id, newId, folded, newName, new Date().toISOString());
    this.decisionsCache = null;
    if (!this.q.entity.get(newId)) this.q.insertEntity.run({ id: newId, name: newName, type: entity.type, kind: entity.kind, country: null, lat: null, lon: null });
    for (const m of moving) this.q.setMentionEntity.run(newId, m.document_id, m.start, m.end, m.local_id);
    for (const n of this.q.namesOf.all(id)) {
      if (n.folded === folded) {
        this.q.deleteName.run(n.folded, id);
        this.q.insertName.run(n.folded, newId, n.name, 'name');
      }
    }
    this.q.insertName.run(foldName(newName), newId, newName, 'name');
    this.q.recount.run({ id });
    this.q.recount.run({ id: newId });
    return newId;
  }
}

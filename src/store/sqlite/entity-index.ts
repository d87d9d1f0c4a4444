import type Database from 'better-sqlite3';
import { chooseLink, indexNames, type KnownEntity } from '../../resolve/cross-document.js';
import { foldName } from '../../resolve/names.js';
import { contentId } from '../../model/ids.js';
import type { Analysis, Entity, EntityType } from '../../model/analysis.js';
import { absorbingSurname, entityParams, isSurnameOnlyPerson, redirect, splitTarget, type Decision } from '../shared/entity-rules.js';
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

  /** Writes a document's entities, mentions, times and quantities, linking each entity to its canonical one. */
  indexDocument(analysis: Analysis): void {
    const docId = analysis.document.id;
    const touched = new Set<string>();
    const lookup = { byName: (f: string) => this.q.byName.all(f), bySurname: (f: string) => this.q.bySurname.all(f) };
    for (const local of analysis.entities) {
      const linked = chooseLink({ ...local, id: this.redirect(local.id) }, (id) => !!this.q.entity.get(id), lookup);
      const globalId = this.redirect(linked ?? local.id);
      if (!this.q.entity.get(globalId)) this.createEntity(globalId, local);
      else this.q.fillEntity.run(entityParams(globalId, local));
      this.indexNames(globalId, local);
      for (const m of local.mentions) {
        const target = this.splitTarget(globalId, m.text) ?? globalId;
        this.q.insertMention.run(docId, target, local.id, m.start, m.end, m.text, m.form);
        touched.add(target);
      }
      if (absorbingSurname(local)) this.absorbSurnameOnly(globalId, local, touched);
    }
    for (const t of analysis.times) this.q.insertTime.run(docId, t.start, t.end, t.text, t.value, t.precision, t.kind, t.until ?? null);
    for (const q of analysis.quantities) {
      this.q.insertQuantity.run(docId, q.start, q.end, q.text, q.value, q.low, q.high, q.approx ? 1 : 0, q.unit, q.currency ?? null, q.per ?? null, q.subject ?? null);
    }
    for (const id of touched) this.q.recount.run({ id });
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
  private absorbSurnameOnly(fullId: string, local: Entity, touched: Set<string>): void {
    const surname = absorbingSurname(local)!;
    for (const k of this.q.byName.all(surname)) {
      if (k.id === fullId || !isSurnameOnlyPerson(k)) continue;
      this.moveEntity(k.id, fullId);
      touched.add(fullId);
    }
  }

  private createEntity(id: string, e: Entity): void {
    this.q.insertEntity.run(entityParams(id, e));
  }

  private indexNames(id: string, e: Entity): void {
    for (const n of indexNames(e)) this.q.insertName.run(n.folded, id, n.name, n.role);
  }

  private moveEntity(from: string, into: string): void {
    this.q.moveMentions.run(into, from);
    this.q.moveNames.run(into, from);
    this.q.deleteEntity.run(from);
  }

  /** The analyst's merge: `from` becomes part of `into`, now and for every document written later. */
  merge(into: string, from: string): void {
    if (into === from) throw new Error('cannot merge an entity with itself');
    this.q.addDecision.run('merge', into, from, null, null, new Date().toISOString());
    this.decisionsCache = null;
    this.moveEntity(from, into);
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

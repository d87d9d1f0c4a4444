import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { ANALYSIS_VERSION, type Analysis } from '../../src/model/analysis.js';
import pg from 'pg';
import { openSqliteStore, toFtsQuery } from '../../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openStore } from '../../src/store/open.js';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import { QueryError, type Store } from '../../src/store/store.js';
import { forEachBackend, type Backend } from '../helpers/backends.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

function analysis(id: string, source: string, text: string, title: string | null = null): Analysis {
  return {
    version: ANALYSIS_VERSION,
    document: {
      id, source, title, publisher: 'Wire', authors: ['A'], published: { value: '2022-02-17', precision: 'day', kind: 'date' },
      language: 'en', text, removed: [{ kind: 'promo', text: 'Subscribe now' }], repairs: [{ kind: 'mojibake:x', before: 'Ã©', after: 'é', count: 2 }],
      url: null, contentHash: `hash-${id}`,
    },
    entities: [], times: [], quantities: [], events: [],
  };
}

/** The samples ingested one by one into a new SQLite file, opened raw. */
async function rawStoreOfSamples(name: string): Promise<Database.Database> {
  const path = join(dir, name);
  const store = openSqliteStore(path);
  const samples = join(PACKAGE_ROOT, 'samples');
  for (const f of readdirSync(samples).sort()) await ingestPaths([join(samples, f)], store);
  await store.close();
  return new Database(path);
}

/**
 * Takes a store back to what the version before `version` had (`undo`), then applies that migration again, back-fill
 * included, in one transaction: what it computes must equal what the writer kept.
 */
function migrateAgain(raw: Database.Database, version: number, undo: () => void, through = version): void {
  raw.transaction(() => {
    undo();
    for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version >= version && m.version <= through)) {
      raw.exec(migration.sql);
      migration.backfill?.(raw);
    }
  })();
}

/**
 * Takes migration 16 back: its index and columns go, and its triggers give way to stand-ins (what the migrations
 * before it drop or replace) so that the columns they read can go too.
 */
function undo16(raw: Database.Database): void {
  raw.exec('DROP TRIGGER force_move_place_points_ai; DROP TRIGGER force_move_place_points_ad; DROP TABLE force_move_place_points');
  raw.exec('DROP INDEX force_claim_places_order');
  for (const [name, event] of [['force_claims_ai', 'INSERT'], ['force_claims_au_new', 'UPDATE']]) {
    raw.exec(`DROP TRIGGER ${name}; CREATE TRIGGER ${name} AFTER ${event} ON claims BEGIN SELECT 1; END`);
  }
  for (const column of ['actor', 'force_order', 'document_id', 'start']) raw.exec(`ALTER TABLE force_claim_places DROP COLUMN ${column}`);
}

/** What the force views' triggers keep: a migration that back-fills claims must leave them as they were. */
const forceViews = (raw: Database.Database): unknown[] => [
  raw.prepare('SELECT place, claim_id, actor, force_order, document_id, start FROM force_claim_places ORDER BY 1, 2').all(),
  raw.prepare("SELECT name FROM sqlite_master WHERE name = 'force_move_place_points'").get()
    ? raw.prepare('SELECT * FROM force_move_place_points ORDER BY place, mention_id, slot').all()
    : null,
  raw.prepare('SELECT * FROM force_actors ORDER BY actor').all(),
  raw.prepare('SELECT * FROM force_actor_documents ORDER BY 1, 2').all(),
];

describe('sqlite group writes', () => {
  it('warns when a group write fails though each of its documents writes alone', async () => {
    const store = openSqliteStore(join(dir, 'group-warning.db'));
    // A failure no document causes (the store's own bug), injected.
    (store as unknown as { writeNewTogether: () => never }).writeNewTogether = () => {
      throw new Error('injected');
    };
    const warnings: Array<Error & { code?: string }> = [];
    const onWarning = (w: Error): number => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const results = await store.putAnalyses([analysis('doc_1', 'a.txt', 'first'), analysis('doc_2', 'b.txt', 'second')]);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(results.map((r) => (r instanceof Error ? 'error' : r.status)), ['inserted', 'inserted']);
      const ours = warnings.filter((w) => w.code === 'SITREP_GROUP_WRITE');
      assert.equal(ours.length, 1);
      assert.match(ours[0]!.message, /2 documents as one group failed \(injected\)/);
      // A document at fault is reported as that document's failure, with no warning.
      const broken = analysis('doc_bad', 'bad.txt', 'never stored');
      (broken.document as { text: string | null }).text = null;
      const mixed = await store.putAnalyses([analysis('doc_3', 'c.txt', 'third'), broken]);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(mixed.map((r) => (r instanceof Error ? 'error' : r.status)), ['inserted', 'error']);
      assert.equal(warnings.filter((w) => w.code === 'SITREP_GROUP_WRITE').length, 1);
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
  });
});

describe('sqlite migrations', () => {
  it('back-fill the narrowed event link keys as the writer writes them (migration 9)', async () => {
    const raw = await rawStoreOfSamples('m9.db');
    const keys = (): unknown[] => raw.prepare('SELECT link_key, family, bucket, event_id FROM event_link_keys ORDER BY 1, 2, 3, 4').all();
    const written = keys();
    assert.ok(written.length > 20, 'the samples give link keys');
    // The table as version 8 had it: keys per actor or place (what they held goes; the back-fill computes them).
    migrateAgain(raw, 9, () => raw.exec("ALTER TABLE event_link_keys RENAME COLUMN link_key TO entity_id; UPDATE event_link_keys SET entity_id = 'old:' || entity_id"));
    assert.deepEqual(keys(), written);
    raw.close();
  });

  it('back-fill the entities of each happening and the related-entity counts as the writer keeps them (migration 10)', async () => {
    const raw = await rawStoreOfSamples('m10.db');
    const tables = (): unknown[] => [
      raw.prepare('SELECT event_id, entity_id FROM event_entities ORDER BY 1, 2').all(),
      raw.prepare('SELECT entity_id, other_id, events FROM entity_pairs ORDER BY 1, 2').all(),
    ];
    const written = tables();
    assert.ok((written[1] as unknown[]).length > 20, 'the samples name entities together');
    // The store as version 9 had it.
    migrateAgain(raw, 10, () => raw.exec('DROP TABLE entity_pairs; DROP TABLE event_entities; DROP INDEX documents_id_published; DROP INDEX events_id_time'));
    assert.deepEqual(tables(), written);
    raw.close();
  });

  it('back-fill force moves\' ordering keys and sentences as the triggers keep them (migration 11)', async () => {
    const raw = await rawStoreOfSamples('m11.db');
    const moves = (): unknown[] => raw.prepare('SELECT mention_id, slot, time_key, sentence FROM force_moves ORDER BY 1, 2').all();
    const written = moves();
    assert.ok(written.length > 0 && written.every((r) => (r as { sentence: string | null }).sentence), 'the samples report moves, with sentences');
    // The table as version 10 had it (the triggers it drops stand in for version 10's).
    migrateAgain(raw, 11, () => {
      const triggers = ['force_moves_mention_ai', 'force_moves_mention_au', 'force_moves_event_ai', 'force_moves_event_au'];
      for (const t of triggers) raw.exec(`DROP TRIGGER ${t}`);
      // Version 15's indexes and version 16's triggers read the columns version 11 adds.
      raw.exec('DROP INDEX force_moves_actor; DROP INDEX force_moves_mention_actor');
      raw.exec('DROP TRIGGER force_move_place_points_ai; DROP TRIGGER force_move_place_points_ad');
      raw.exec('ALTER TABLE force_moves DROP COLUMN time_key; ALTER TABLE force_moves DROP COLUMN sentence');
      for (const t of triggers) raw.exec(`CREATE TRIGGER ${t} AFTER DELETE ON documents BEGIN SELECT 1; END`);
    });
    assert.deepEqual(moves(), written);
    raw.close();
  });

  it('back-fills force figures\' latest-first keys as the writer keeps them (migration 12)', async () => {
    const raw = await rawStoreOfSamples('m12.db');
    const keys = (): Array<{ id: string; force: number; force_key: string | null }> =>
      raw.prepare<[], { id: string; force: number; force_key: string | null }>('SELECT id, force, force_key FROM claims ORDER BY id').all();
    const written = keys();
    const views = forceViews(raw);
    assert.ok(written.some((r) => r.force === 1 && r.force_key), 'the samples hold dated force figures');
    assert.ok(written.every((r) => r.force === 1 || r.force_key === null), 'only force figures have a key');
    migrateAgain(raw, 12, () => raw.exec('DROP INDEX claims_force_latest; ALTER TABLE claims DROP COLUMN force_key'));
    assert.deepEqual(keys(), written);
    assert.deepEqual(forceViews(raw), views, 'the force views keep their places and counts');
    raw.close();
  });

  it('back-fills force figures\' list order as the writer keeps it, and gives back the places version 12 lost (migration 15)', async () => {
    const raw = await rawStoreOfSamples('m15.db');
    const keys = (): unknown[] => raw.prepare('SELECT id, force, force_order FROM claims ORDER BY id').all();
    const written = [keys(), forceViews(raw)];
    const views = written[1] as Array<unknown[]>;
    assert.ok(views[0]!.length > 0, 'the samples hold force figures about places');
    migrateAgain(raw, 15, () => {
      undo16(raw);
      raw.exec('DROP INDEX claims_force_order; DROP INDEX claims_force_actor; DROP INDEX force_moves_actor; DROP INDEX force_moves_mention_actor');
      raw.exec('ALTER TABLE claims DROP COLUMN force_order; DELETE FROM force_claim_places');
      raw.exec('CREATE INDEX claims_force_actor ON claims(id, subject) WHERE force = 1; CREATE INDEX force_moves_actor ON force_moves(actor, kind)');
      raw.exec('CREATE INDEX force_moves_mention_actor ON force_moves(mention_id, actor)');
    }, 16);
    assert.deepEqual([keys(), forceViews(raw)], written);
    raw.close();
  });

  it('back-fills what orders a place\'s force figures as the triggers keep it, and keeps it so on later writes (migration 16)', async () => {
    const raw = await rawStoreOfSamples('m16.db');
    const written = forceViews(raw);
    const places = written[0] as Array<{ actor: string | null; force_order: string | null }>;
    assert.ok(places.length > 0 && places.every((r) => r.actor && r.force_order), 'the samples hold force figures about places, each ordered');
    const moves = written[1] as Array<{ actor: string; time_key: string | null }>;
    assert.ok(moves.length > 0 && moves.every((r) => r.actor && r.time_key), 'the samples hold moves about places, each ordered');
    migrateAgain(raw, 16, () => undo16(raw));
    assert.deepEqual(forceViews(raw), written);
    // The triggers it makes write the rows again as they were: claims rewritten in place, then replaced.
    raw.exec('UPDATE claims SET places = places WHERE force = 1');
    assert.deepEqual(forceViews(raw), written);
    raw.exec('INSERT OR REPLACE INTO claims SELECT * FROM claims WHERE force = 1');
    assert.deepEqual(forceViews(raw), written);
    // A happening written again derives its moves again (force_moves' triggers), and their place rows with them.
    raw.exec('UPDATE events SET type = type');
    assert.deepEqual(forceViews(raw), written);
    raw.close();
  });
});

await forEachBackend((backend: Backend) => describe(`${backend.name} store`, () => {
  /** A fresh, empty store of this backend. */
  const fresh = async (label: string): Promise<Store> => openStore(await backend.fresh(dir, label));

  it('creates the schema through versioned migrations and reopens an existing file', { skip: backend.name !== 'sqlite' }, async () => {
    const path = join(dir, 'm.db');
    const store = openSqliteStore(path);
    const s = await store.stats();
    assert.equal(s.schemaVersion, SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version);
    await store.close();
    const again = openSqliteStore(path);
    assert.equal((await again.stats()).schemaVersion, s.schemaVersion);
    await again.close();
    const raw = new Database(path);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.pragma('user_version = 999');
    raw.close();
    assert.throws(() => openSqliteStore(path), /schema version 999, newer than this sitrep/);
  });

  it('creates the schema through versioned migrations and reopens an existing database', { skip: backend.name !== 'postgres' }, async () => {
    const url = await backend.fresh(dir, 'm');
    const store = await openStore(url);
    const s = await store.stats();
    assert.equal(s.schemaVersion, PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version);
    await store.close();
    const again = await openStore(url);
    assert.equal((await again.stats()).schemaVersion, s.schemaVersion);
    await again.close();
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    const versions = await raw.query<{ version: number }>('SELECT version FROM sitrep_migrations ORDER BY version');
    assert.deepEqual(versions.rows.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version), 'each migration recorded once');
    await raw.query("INSERT INTO sitrep_migrations (version, name) VALUES (999, 'future')");
    await raw.end();
    await assert.rejects(openStore(url), /schema version 999, newer than this sitrep/);
  });

  it('stores a document whole and gives it back as the same analysis', async () => {
    const store = await fresh('a');
    const a = analysis('doc_1', 'a.txt', 'France withdrew its troops.', 'Title');
    assert.deepEqual(await store.putAnalysis(a), { id: 'doc_1', status: 'inserted' });
    assert.deepEqual(await store.getAnalysis('doc_1'), a);
    assert.deepEqual(await store.getAnalysis('doc_'), a, 'an unambiguous prefix works');
    assert.equal(await store.getAnalysis('doc_9'), null);
    await store.close();
  });

  it('is a no-op for the same content and replaces a changed source', async () => {
    const store = await fresh('b');
    await store.putAnalysis(analysis('doc_1', 'a.txt', 'first version'));
    assert.equal((await store.putAnalysis(analysis('doc_1', 'a.txt', 'first version'))).status, 'unchanged');
    assert.deepEqual(await store.sourceState('a.txt'), { documentId: 'doc_1', contentHash: 'hash-doc_1' });
    assert.equal((await store.putAnalysis(analysis('doc_2', 'a.txt', 'second version'))).status, 'updated');
    assert.equal(await store.countDocuments(), 1);
    assert.equal(await store.getAnalysis('doc_1'), null, 'the old content is gone');
    assert.equal((await store.search('first')).length, 0, 'and out of the index');
    assert.equal((await store.search('second')).length, 1);
    await store.close();
  });

  it('writes a group of documents in order, leaving out whole the one that fails', async () => {
    const store = await fresh('group');
    const broken = analysis('doc_bad', 'bad.txt', 'never stored');
    // A text the documents table refuses (NOT NULL) fails the write after nothing else of it was checked.
    (broken.document as { text: string | null }).text = null;
    const results = await store.putAnalyses([
      analysis('doc_1', 'a.txt', 'first version'),
      broken,
      analysis('doc_2', 'a.txt', 'second version'),
      analysis('doc_3', 'b.txt', 'other'),
    ]);
    assert.deepEqual(results.map((r) => (r instanceof Error ? 'error' : r.status)), ['inserted', 'error', 'updated', 'inserted']);
    assert.equal(await store.sourceState('bad.txt'), null, 'nothing of the failed document stays');
    assert.equal(await store.getAnalysis('doc_bad'), null);
    assert.equal(await store.getAnalysis('doc_1'), null, 'a later document of the group replaced an earlier one of the same source');
    assert.deepEqual((await store.listDocuments()).map((d) => d.id).sort(), ['doc_2', 'doc_3']);
    await store.close();
  });

  it('keeps content shared by two sources until neither holds it', async () => {
    const store = await fresh('c');
    await store.putAnalysis(analysis('doc_1', 'a.txt', 'same'));
    assert.equal((await store.putAnalysis(analysis('doc_1', 'copy.txt', 'same'))).status, 'inserted');
    await store.putAnalysis(analysis('doc_2', 'a.txt', 'changed'));
    assert.ok(await store.getAnalysis('doc_1'), 'still held by copy.txt');
    assert.equal(await store.countDocuments(), 2);
    await store.close();
  });

  it('searches with ranking, stemming, accent folding and highlighted snippets', async () => {
    const store = await fresh('d');
    await store.putAnalysis(analysis('doc_1', '1.txt', 'Colonel Assimi Goïta denied the presence of mercenaries. Wagner Wagner Wagner.', 'Wagner in Mali'));
    await store.putAnalysis(analysis('doc_2', '2.txt', 'The Wagner Group was mentioned once among many other words about the Sahel.'));
    await store.putAnalysis(analysis('doc_3', '3.txt', 'Nothing relevant here about al-Qaeda.'));
    const hits = await store.search('wagner');
    assert.deepEqual(hits.map((h) => h.id), ['doc_1', 'doc_2']);
    assert.ok(hits[0]!.score > hits[1]!.score);
    assert.match(hits[1]!.snippet, /\[Wagner\]/);
    assert.equal((await store.search('goita'))[0]!.id, 'doc_1', 'accents folded');
    assert.equal((await store.search('denies'))[0]!.id, 'doc_1', 'stemmed');
    assert.equal((await store.search('al-Qaeda'))[0]!.id, 'doc_3', 'hyphenated names search as written');
    assert.equal((await store.search('"presence of mercenaries"'))[0]!.id, 'doc_1');
    assert.deepEqual((await store.search('Sahel OR Goïta')).map((h) => h.id).sort(), ['doc_1', 'doc_2']);
    assert.deepEqual((await store.search('wagner', { limit: 1, offset: 1 })).map((h) => h.id), ['doc_2']);
    await store.close();
  });

  it('turns a malformed query into a clear QueryError, never a crash', async () => {
    const store = await fresh('e');
    await store.putAnalysis(analysis('doc_1', '1.txt', 'text'));
    for (const [q, why] of [['"unclosed', /quotation mark is not closed/], ['mali NOT', /needs a word after it/], ['AND OR', /needs a word on each side/], ['   ', /empty/]] as const) {
      await assert.rejects(store.search(q), (err: unknown) => err instanceof QueryError && why.test(err.message));
    }
    if (backend.name === 'sqlite') assert.equal(toFtsQuery("Wagner's al-Qaeda Mal* AND \"a b\""), '"Wagner\'s" "al-Qaeda" Mal* AND "a b"');
    await store.close();
  });

  it('lists documents newest first with counts and stats', async () => {
    const store = await fresh('f');
    const older = analysis('doc_1', '1.txt', 'old');
    older.document.published = { value: '2021-01-01', precision: 'day', kind: 'date' };
    await store.putAnalysis(older);
    await store.putAnalysis(analysis('doc_2', '2.txt', 'new'));
    const list = await store.listDocuments();
    assert.deepEqual(list.map((d) => d.id), ['doc_2', 'doc_1']);
    assert.equal(list[0]!.source, '2.txt');
    assert.equal(list[0]!.chars, 3);
    const s = await store.stats();
    assert.deepEqual([s.documents, s.sources, s.removedParts, s.repairs], [2, 2, 2, 2]);
    await store.close();
  });
}));

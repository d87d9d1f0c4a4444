import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/open.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const filesIn = (folder: string): string[] => readdirSync(folder).sort().map((f) => join(folder, f));
const files = [...filesIn(join(PACKAGE_ROOT, 'samples')), ...(hasShared ? filesIn(sharedPath('corpus', 'seeds')) : [])];

/** The SQLite store's entity tables against the same rows derived afresh from events and their actors. */
function assertKeptAsDerived(db: string, when: string): { happenings: number; pairs: number } {
  const raw = new Database(db, { readonly: true });
  try {
    const keptEntities = raw.prepare('SELECT event_id, entity_id FROM event_entities ORDER BY event_id, entity_id').all();
    const derivedEntities = raw
      .prepare(
        `SELECT event_id, entity_id FROM (SELECT event_id, entity_id FROM event_actors UNION SELECT id, location FROM events WHERE location IS NOT NULL)
         ORDER BY event_id, entity_id`,
      )
      .all();
    assert.deepEqual(keptEntities, derivedEntities, `event_entities ${when}`);
    const keptPairs = raw.prepare('SELECT entity_id, other_id, events FROM entity_pairs ORDER BY entity_id, other_id').all();
    const derivedPairs = raw
      .prepare(
        `WITH s AS (SELECT event_id, entity_id FROM event_actors UNION SELECT id, location FROM events WHERE location IS NOT NULL)
         SELECT a.entity_id, b.entity_id AS other_id, count(*) AS events FROM s a JOIN s b ON b.event_id = a.event_id AND b.entity_id != a.entity_id
         GROUP BY a.entity_id, b.entity_id ORDER BY a.entity_id, other_id`,
      )
      .all();
    assert.deepEqual(keptPairs, derivedPairs, `entity_pairs ${when}`);
    return { happenings: new Set(keptEntities.map((r) => (r as { event_id: string }).event_id)).size, pairs: keptPairs.length };
  } finally {
    raw.close();
  }
}

describe('store: the entities of each happening and the pairs of related entities (SQLite)', () => {
  it('stay what the happenings say while documents come, change and lose their reports one by one', async () => {
    const db = join(dir, 'pairs.db');
    const store = await openStore(db);
    try {
      for (const file of files) await ingestPaths([file], store);
      const full = assertKeptAsDerived(db, 'after ingest');
      assert.ok(full.happenings > 20 && full.pairs > 20, 'the documents name entities together');
      // Each document in turn is replaced by a version without reports: happenings lose members and the
      // entities only those members named, or go.
      const analyses = [];
      for await (const analysis of store.analyses()) analyses.push(analysis);
      assert.ok(analyses.length >= files.length);
      for (const analysis of analyses) {
        await store.putAnalysis({ ...analysis, document: { ...analysis.document, id: `${analysis.document.id}-quiet`, contentHash: 'quiet' }, events: [] });
        assertKeptAsDerived(db, `after ${analysis.document.source} fell quiet`);
      }
      assert.deepEqual(assertKeptAsDerived(db, 'at the end'), { happenings: 0, pairs: 0 });
    } finally {
      await store.close();
    }
  });
});

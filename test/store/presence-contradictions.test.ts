import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { presenceContradictions, type EventMention } from '../../src/resolve/events.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import { contradictionRow, namedIn, presenceActors } from '../../src/store/shared/event-rules.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

const DENIALS = [
  'The Kremlin denied the presence of Wagner fighters in Mali, a spokesman said.',
  'Russian officials denied any involvement of Wagner in Mali.',
  "Mali's government denied that Wagner mercenaries were operating in the country.",
];
const PRESENCE = [
  'Wagner deployed 400 fighters to Mali in January, according to Western officials.',
  'Wagner Group fighters deployed to central Mali last month, residents said.',
  'Wagner sent fighters to Mali in December, diplomats said.',
];

/**
 * Short reports denying or reporting Wagner's presence: a few voices repeated across documents, documents with
 * both, documents with neither. `quiet(i)` makes report i say nothing of it.
 */
function writeReports(folder: string, count: number, seed: number, quiet = (_i: number): boolean => false): string[] {
  mkdirSync(folder, { recursive: true });
  let s = seed;
  const next = (n: number): number => (s = (s * 1103515245 + 12345) % 2 ** 31) % n;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines = [`Published March ${1 + next(27)}, 2022`, ''];
    if (quiet(i)) lines.push('The weather in Bamako was hot and dry, residents said.');
    else {
      if (next(3) > 0) lines.push(DENIALS[next(DENIALS.length)]!);
      if (next(2) > 0) lines.push('', PRESENCE[next(PRESENCE.length)]!);
      if (lines.length === 2) lines.push(DENIALS[next(DENIALS.length)]!);
    }
    const file = join(folder, `report-${String(i).padStart(3, '0')}.txt`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    files.push(file);
  }
  return files;
}

/** The presence contradictions the definition gives over every report stored (what a full refresh writes). */
function fromScratch(db: Database.Database): unknown[] {
  const reports = (db.prepare('SELECT data FROM event_mentions').all() as Array<{ data: string }>).map((r) => JSON.parse(r.data) as EventMention);
  const name = (id: string): string => (db.prepare('SELECT name FROM entities WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;
  const names = (id: string): string[] => (db.prepare("SELECT folded FROM entity_names WHERE entity_id = ? AND role != 'surname'").all(id) as Array<{ folded: string }>).map((r) => r.folded);
  const out = [];
  for (const actor of presenceActors([{ id: '', family: '', members: reports }])) {
    out.push(...presenceContradictions(actor, reports, name, (sentence, id) => namedIn(sentence, names(id))).map(contradictionRow));
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const stored = (db: Database.Database): unknown[] =>
  db.prepare("SELECT id, kind, about, event_id, subject_id, a, b, a_document, b_document FROM contradictions WHERE kind = 'denial' AND event_id IS NULL ORDER BY id").all();

describe('store: presence contradictions kept on write (sqlite)', () => {
  it('equal, after every write and every changed source, what the definition gives over all reports', async () => {
    const folder = join(dir, 'reports');
    const files = writeReports(folder, 30, 7);
    const path = join(dir, 'presence.db');
    const store = await openStore(path);
    const db = new Database(path, { readonly: true });
    try {
      let most = 0;
      for (const [i, file] of files.entries()) {
        await ingestPaths([file], store);
        if (i % 4 !== 3 && i !== files.length - 1) continue;
        assert.deepEqual(stored(db), fromScratch(db), `after ${i + 1} documents`);
        most = Math.max(most, stored(db).length);
      }
      assert.ok(most >= 3, `denials meet presence reports (${most} contradictions)`);

      // Sources whose content changed: their reports go (the first presence reports and first denials of a voice
      // among them; every third now says nothing of Wagner), new ones come.
      const changed = writeReports(folder, 30, 23, (i) => i % 3 === 0);
      for (const [i, file] of changed.entries()) {
        await ingestPaths([file], store);
        assert.deepEqual(stored(db), fromScratch(db), `after ${i + 1} changed documents`);
      }
      // Then every source falls quiet, one by one: the first presence reports go with nothing in their place.
      for (const [i, file] of writeReports(folder, 30, 41, () => true).entries()) {
        await ingestPaths([file], store);
        assert.deepEqual(stored(db), fromScratch(db), `after ${i + 1} sources fell quiet`);
      }
      assert.equal(stored(db).length, 0);
    } finally {
      db.close();
      await store.close();
    }
  });
});

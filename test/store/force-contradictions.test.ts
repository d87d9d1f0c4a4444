import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { forceContradictions } from '../../src/resolve/events.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import { contradictionRow, forceClaimOf, type ClaimRow } from '../../src/store/shared/event-rules.js';
import { openStore } from '../../src/store/open.js';
import type { TimeValue } from '../../src/model/time.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Short reports of force sizes: a few figures repeated across documents and months (groups with several members,
 * pairs within and beyond the 45-day window, documents stating two figures), some dated in the sentence and some
 * only by their publication.
 */
function writeReports(folder: string, count: number, seed = 11, withoutFigure = (_i: number): boolean => false): string[] {
  mkdirSync(folder, { recursive: true });
  const figures = ['5,100', '4,300', 'about 5,000', '2,400', '5,100'];
  const actors = ['France', 'Germany'];
  const files: string[] = [];
  let s = seed;
  const next = (n: number): number => (s = (s * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < count; i++) {
    const actor = actors[next(actors.length)]!;
    const month = MONTHS[next(6)]!;
    const day = 1 + next(27);
    const dated = next(3) > 0;
    const figure = figures[next(figures.length)]!;
    const lines = [
      `Published ${month} ${day}, 2022`,
      '',
      dated
        ? `${actor} had ${figure} troops in Mali on ${day} ${month} 2022, the defence ministry said.`
        : `${actor} has ${figure} troops deployed in Mali, the defence ministry said.`,
    ];
    if (next(4) === 0) lines.push('', `Officials in Bamako said ${actor} had ${figures[next(figures.length)]} soldiers in Mali in ${MONTHS[next(6)]} 2022.`);
    if (withoutFigure(i)) lines.splice(2, lines.length - 2, `${actor} declined to say how many troops it keeps in Mali.`);
    const file = join(folder, `report-${String(i).padStart(3, '0')}.txt`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    files.push(file);
  }
  return files;
}

/** The force contradictions the definition gives over every figure stored (what a full refresh writes). */
function fromScratch(db: Database.Database): unknown[] {
  const rows = db.prepare('SELECT c.*, d.published AS document_published FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.force = 1').all() as Array<ClaimRow & { document_published: string | null }>;
  const bySubject = new Map<string, typeof rows>();
  for (const r of rows) bySubject.set(r.subject!, [...(bySubject.get(r.subject!) ?? []), r]);
  const name = (id: string): string => (db.prepare('SELECT name FROM entities WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;
  const out = [];
  for (const [subject, list] of bySubject) {
    const claims = list.map((r) => forceClaimOf(r, subject, () => (r.document_published ? (JSON.parse(r.document_published) as TimeValue) : null)));
    out.push(...forceContradictions(claims, name).map(contradictionRow));
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('store: force-size contradictions kept on write (sqlite)', () => {
  it('equal, after every write, what the definition gives over all figures', async () => {
    const files = writeReports(join(dir, 'reports'), 40);
    const path = join(dir, 'forces.db');
    const store = await openStore(path);
    const db = new Database(path, { readonly: true });
    try {
      let checked = 0;
      for (const [i, file] of files.entries()) {
        await ingestPaths([file], store);
        if (i % 5 !== 4 && i !== files.length - 1) continue;
        const stored = db.prepare("SELECT id, kind, about, event_id, subject_id, a, b, a_document, b_document FROM contradictions WHERE kind = 'force_size' ORDER BY id").all();
        assert.deepEqual(stored, fromScratch(db), `after ${i + 1} documents`);
        checked = stored.length;
      }
      const figures = (db.prepare('SELECT count(*) AS n FROM claims WHERE force = 1').get() as { n: number }).n;
      assert.ok(figures >= 40, `the reports give force figures (${figures})`);
      assert.ok(checked >= 5, `the figures disagree somewhere (${checked} contradictions)`);

      // Sources whose content changed: the figures they held go (and their groups may empty: every other one
      // states no figure any more), new ones come.
      const changed = writeReports(join(dir, 'reports'), 24, 29, (i) => i % 2 === 0);
      for (const [i, file] of changed.entries()) {
        await ingestPaths([file], store);
        if (i % 3 !== 2) continue;
        const stored = db.prepare("SELECT id, kind, about, event_id, subject_id, a, b, a_document, b_document FROM contradictions WHERE kind = 'force_size' ORDER BY id").all();
        assert.deepEqual(stored, fromScratch(db), `after ${i + 1} changed documents`);
      }
      // Then every source states no figure any more, one by one: groups lose the figure that dated them, then empty.
      for (const [i, file] of writeReports(join(dir, 'reports'), 40, 31, () => true).entries()) {
        await ingestPaths([file], store);
        const stored = db.prepare("SELECT id, kind, about, event_id, subject_id, a, b, a_document, b_document FROM contradictions WHERE kind = 'force_size' ORDER BY id").all();
        assert.deepEqual(stored, fromScratch(db), `after ${i + 1} sources stopped stating figures`);
      }
    } finally {
      db.close();
      await store.close();
    }
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seededRandom } from '../helpers/random.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** The rows the triggers keep. */
const KEPT = 'SELECT mention_id, slot, event_id, actor, kind, document_id, location, time_key, sentence FROM force_moves ORDER BY mention_id, slot';
/** The same rows derived afresh from `events` and `event_mentions` (the definition of `force_moves`). */
const DERIVED = `
  SELECT m.id AS mention_id, s.key AS slot, e.id AS event_id, s.value AS actor,
    CASE json_extract(m.data, '$.type') WHEN 'RETREAT' THEN 'withdrawal' ELSE 'deployment' END AS kind,
    m.document_id, json_extract(m.data, '$.location') AS location,
    coalesce(json_extract(m.data, '$.time.value'), json_extract(m.data, '$.published.value'), '9999') AS time_key,
    json_extract(m.data, '$.sentence') AS sentence
  FROM events e JOIN event_mentions m ON m.merged_id = e.id JOIN json_each(m.data, '$.sources') s
  WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%')
    AND json_extract(m.data, '$.modality') IN ('asserted', 'planned')
  ORDER BY mention_id, slot`;

const EVENT_IDS = ['ev_a', 'ev_b', 'ev_c', 'ev_d'];
const MENTION_IDS = ['m_1', 'm_2', 'm_3', 'm_4', 'm_5', 'm_6'];
const ACTS: ReadonlyArray<readonly [string, string | null]> = [
  ['RETREAT', 'withdraw_troops'],
  ['RETREAT', 'retreat'],
  ['MOBILIZE', 'deploy'],
  ['MOBILIZE', null],
  ['ASSAULT', 'killing'],
];

/**
 * Random writes of the kinds the event index makes (happenings inserted, updated with or without a change of
 * type, renamed and deleted; reports inserted or replaced, moved to another happening, present or not yet, and
 * deleted), straight in SQL, each followed by a comparison of `force_moves` with its definition. Returns the most
 * rows `force_moves` held at once.
 */
function randomWrites(raw: Database.Database, seed: number, steps: number): number {
  const next = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next(xs.length)]!;
  const eventExists = raw.prepare<[string], { x: number }>('SELECT 1 AS x FROM events WHERE id = ?');
  const actOf = raw.prepare<[string], { type: string; subtype: string | null }>('SELECT type, subtype FROM events WHERE id = ?');
  const mentionExists = raw.prepare<[string], { x: number }>('SELECT 1 AS x FROM event_mentions WHERE id = ?');
  const insertEvent = raw.prepare(
    `INSERT INTO events (id, family, type, subtype, quad, sources, targets, mentions, documents)
     VALUES (?, 'f', ?, ?, 'q', '[]', '[]', ?, 1)`,
  );
  // The writer's update sets every column, the unchanged ones too.
  const updateEvent = raw.prepare('UPDATE events SET family = family, type = ?, subtype = ?, quad = quad, mentions = ? WHERE id = ?');
  const renameEvent = raw.prepare('UPDATE events SET id = ? WHERE id = ?');
  const deleteEvent = raw.prepare('DELETE FROM events WHERE id = ?');
  const insertMention = raw.prepare(
    "INSERT OR REPLACE INTO event_mentions (id, document_id, merged_id, family, data, component) VALUES (?, ?, ?, 'f', ?, 'c')",
  );
  const placeMention = raw.prepare('UPDATE event_mentions SET merged_id = ?, component = ? WHERE id = ?');
  const deleteMention = raw.prepare('DELETE FROM event_mentions WHERE id = ?');
  const kept = raw.prepare(KEPT);
  const derived = raw.prepare(DERIVED);
  let most = 0;
  for (let step = 0; step < steps; step++) {
    const op = next(6);
    let what: string;
    if (op === 0) {
      const id = pick(EVENT_IDS);
      const [type, subtype] = pick(ACTS);
      if (eventExists.get(id)) {
        // Half the updates keep the type and subtype (a report joined or left).
        const same = next(2) === 0;
        const row = actOf.get(id)!;
        updateEvent.run(same ? row.type : type, same ? row.subtype : subtype, next(9) + 1, id);
        what = `update ${id}${same ? ' (same act)' : ` to ${type}/${subtype}`}`;
      } else {
        insertEvent.run(id, type, subtype, next(9) + 1);
        what = `insert ${id} ${type}/${subtype}`;
      }
    } else if (op === 1) {
      const [from, to] = [pick(EVENT_IDS), pick(EVENT_IDS)];
      if (from === to || !eventExists.get(from) || eventExists.get(to)) continue;
      renameEvent.run(to, from);
      what = `rename ${from} to ${to}`;
    } else if (op === 2) {
      const id = pick(EVENT_IDS);
      deleteEvent.run(id);
      what = `delete ${id}`;
    } else if (op === 3) {
      const id = pick(MENTION_IDS);
      const [type] = pick(ACTS);
      const data = {
        id, type, sources: [pick(['ent_x', 'ent_y']), ...(next(2) ? ['ent_z'] : [])], modality: pick(['asserted', 'planned', 'denied']),
        location: pick([null, 'ent_p']), time: next(2) ? { value: `2022-0${next(9) + 1}` } : null, published: { value: '2022-01-01' },
        sentence: `report ${id} ${step}`,
      };
      insertMention.run(id, pick(['doc_1', 'doc_2']), pick(EVENT_IDS), JSON.stringify(data));
      what = `write ${id}`;
    } else if (op === 4) {
      const id = pick(MENTION_IDS);
      if (!mentionExists.get(id)) continue;
      const to = pick(EVENT_IDS);
      placeMention.run(to, `c_${to}`, id);
      what = `move ${id} to ${to}`;
    } else {
      const id = pick(MENTION_IDS);
      deleteMention.run(id);
      what = `delete ${id}`;
    }
    const rows = kept.all();
    assert.deepEqual(rows, derived.all(), `seed ${seed}, step ${step}: ${what}`);
    most = Math.max(most, rows.length);
  }
  return most;
}

describe('sqlite force_moves triggers', () => {
  it('keep force_moves what events and their reports say through any sequence of writes', async () => {
    const path = join(dir, 'force-moves-triggers.db');
    await openSqliteStore(path).close();
    const raw = new Database(path);
    try {
      raw.pragma('foreign_keys = ON');
      const doc = raw.prepare(
        `INSERT INTO documents (id, content_hash, title, publisher, authors, published, published_value, language, url, text, removed, repairs, analysis, ingested_at)
         VALUES (?, 'h', NULL, NULL, '[]', NULL, NULL, 'en', NULL, 'text', '[]', '[]', '{}', '2026-01-01')`,
      );
      for (const id of ['doc_1', 'doc_2']) doc.run(id);
      for (const seed of [1, 2, 3]) {
        raw.exec('DELETE FROM event_mentions; DELETE FROM events;');
        assert.ok(randomWrites(raw, seed, 400) >= 3, `seed ${seed}: the writes made moves`);
      }
    } finally {
      raw.close();
    }
  });
});

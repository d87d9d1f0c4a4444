import type Database from 'better-sqlite3';
import { forceGroupOf, type EventMention, type MergedEvent } from '../../resolve/events.js';
import { eventLinkKeys } from '../../resolve/event-clusters.js';
import type { TimeValue } from '../../model/time.js';

/**
 * Versioned schema of the SQLite store. Append a migration to change the schema; never edit one that shipped:
 * `PRAGMA user_version` records how far a database file has come.
 */
/** A withdrawal or deployment happening, as the force views pick them (`e` an `events` row). */
const MOVE_EVENT = (e: string): string => `${e}.type IN ('RETREAT', 'MOBILIZE') AND (${e}.subtype LIKE 'withdraw%' OR ${e}.subtype LIKE 'deploy%')`;

/** What orders a move among force points (its report's time, else its publication) and its sentence (migration 11). */
const MOVE_KEY = (m: string): string => `coalesce(json_extract(${m}.data, '$.time.value'), json_extract(${m}.data, '$.published.value'), '9999')`;
const MOVE_SENTENCE = (m: string): string => `json_extract(${m}.data, '$.sentence')`;

/**
 * Inserts the `force_moves` rows of reports `m` (`event_mentions` rows) of happenings `e`, one per source actor;
 * `from` names the tables (ending with the join to `json_each ... s`), `where` how `m` and `e` meet. `keyed`: with
 * the columns migration 11 added.
 */
const moveRows = (m: string, e: string, from: string, where: string, keyed = false): string => `
  INSERT INTO force_moves (mention_id, slot, event_id, actor, kind, document_id, location, targets${keyed ? ', time_key, sentence' : ''})
  SELECT ${m}.id, s.key, ${e}.id, s.value, CASE json_extract(${m}.data, '$.type') WHEN 'RETREAT' THEN 'withdrawal' ELSE 'deployment' END,
    ${m}.document_id, json_extract(${m}.data, '$.location'), coalesce(json_extract(${m}.data, '$.targets'), '[]')${keyed ? `, ${MOVE_KEY(m)}, ${MOVE_SENTENCE(m)}` : ''}
  FROM ${from} JOIN json_each(${m}.data, '$.sources') s
  WHERE ${where} ${MOVE_EVENT(e)} AND json_extract(${m}.data, '$.modality') IN ('asserted', 'planned');`;

/** A trigger that deletes the `force_moves` rows `gone` names, then inserts `rows`. */
const moveTrigger = (name: string, on: string, gone: string, rows: string): string =>
  `CREATE TRIGGER ${name} ${on} BEGIN
    DELETE FROM force_moves WHERE ${gone};
    ${rows}
  END;`;

/**
 * The triggers of `moveInsertTriggers` (keyed), each run only when it can change rows (migration 17). A report's
 * trigger runs when the report has rows or its happening is a move. A happening's rows depend on it only through
 * its id, type and subtype (the rest is its reports', whose own triggers keep them), so its update trigger runs
 * when one of those changed.
 */
function guardedMoveInsertTriggers(): string {
  const ofReport = moveRows('new', 'e', 'events e', 'e.id = new.merged_id AND', true);
  const ofHappening = moveRows('m', 'new', 'event_mentions m', 'm.merged_id = new.id AND', true);
  const reportMoves = `EXISTS (SELECT 1 FROM events e WHERE e.id = new.merged_id AND ${MOVE_EVENT('e')})`;
  const rowsOf = (gone: string): string => `EXISTS (SELECT 1 FROM force_moves WHERE ${gone})`;
  return `
  ${moveTrigger('force_moves_mention_ai', `AFTER INSERT ON event_mentions WHEN ${rowsOf('mention_id = new.id')} OR ${reportMoves}`, 'mention_id = new.id', ofReport)}
  ${moveTrigger('force_moves_mention_au', `AFTER UPDATE ON event_mentions WHEN ${rowsOf('mention_id IN (old.id, new.id)')} OR ${reportMoves}`, 'mention_id IN (old.id, new.id)', ofReport)}
  ${moveTrigger('force_moves_event_au', 'AFTER UPDATE ON events WHEN old.id IS NOT new.id OR old.type IS NOT new.type OR old.subtype IS NOT new.subtype', 'event_id IN (old.id, new.id)', ofHappening)}`;
}

/**
 * The triggers that insert `force_moves` rows (the table's others only delete): a report written again re-derives
 * its own rows, a happening written again those of all its reports.
 */
function moveInsertTriggers(keyed: boolean): string {
  const ofReport = moveRows('new', 'e', 'events e', 'e.id = new.merged_id AND', keyed);
  const ofHappening = moveRows('m', 'new', 'event_mentions m', 'm.merged_id = new.id AND', keyed);
  return `
  ${moveTrigger('force_moves_mention_ai', 'AFTER INSERT ON event_mentions', 'mention_id = new.id', ofReport)}
  ${moveTrigger('force_moves_mention_au', 'AFTER UPDATE ON event_mentions', 'mention_id IN (old.id, new.id)', ofReport)}
  ${moveTrigger('force_moves_event_ai', `AFTER INSERT ON events WHEN ${MOVE_EVENT('new')}`, 'event_id = new.id', ofHappening)}
  ${moveTrigger('force_moves_event_au', 'AFTER UPDATE ON events', 'event_id IN (old.id, new.id)', ofHappening)}`;
}

/**
 * Withdrawals and deployments by actor: one row per (report, source actor) of a reported move that the force
 * views show (a withdrawal or deployment happening, an asserted or planned report). The table is a function of
 * \`events\` and \`event_mentions\` as they stand: triggers on both keep it so on every insert, update and delete
 * (cascades included), whatever order documents come in, and the write path needs no code for it. It spares the
 * force summary and one actor's figures from reading every move report's JSON.
 */
const FORCE_MOVES_SQL = `
  CREATE TABLE force_moves (
    mention_id TEXT NOT NULL,
    slot INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    document_id TEXT NOT NULL,
    location TEXT,
    targets TEXT NOT NULL,
    PRIMARY KEY (mention_id, slot)
  );
  CREATE INDEX force_moves_actor ON force_moves(actor, kind);
  CREATE INDEX force_moves_event ON force_moves(event_id);
  ${moveInsertTriggers(false)}
  CREATE TRIGGER force_moves_mention_ad AFTER DELETE ON event_mentions BEGIN
    DELETE FROM force_moves WHERE mention_id = old.id;
  END;
  CREATE TRIGGER force_moves_event_ad AFTER DELETE ON events BEGIN
    DELETE FROM force_moves WHERE event_id = old.id;
  END;
  ${moveRows('m', 'e', 'events e JOIN event_mentions m ON m.merged_id = e.id', '')}
`;

/** The low and high ends of a force figure's range (a single figure counts at both). */
const FIGURE_LOW = (c: string): string => `coalesce(${c}.low, ${c}.value)`;
const FIGURE_HIGH = (c: string): string => `coalesce(${c}.high, ${c}.value)`;

/**
 * Counts a force figure or move of `actor` in `document` into `force_actors` and `force_actor_documents`;
 * arguments are SQL expressions. A document's first point of an actor adds one source (trigger on the latter).
 */
const addForcePoint = (actor: string, document: string, kind: 'size' | string, low: string, high: string): string => `
  INSERT INTO force_actors (actor, points, figures, withdrawals, deployments, sources, low, high)
    VALUES (${actor}, 1, ${kind} = 'size', ${kind} = 'withdrawal', ${kind} = 'deployment', 0, ${low}, ${high})
    ON CONFLICT (actor) DO UPDATE SET points = points + 1, figures = figures + excluded.figures,
      withdrawals = withdrawals + excluded.withdrawals, deployments = deployments + excluded.deployments,
      low = CASE WHEN excluded.low IS NULL THEN low WHEN low IS NULL THEN excluded.low ELSE min(low, excluded.low) END,
      high = CASE WHEN excluded.high IS NULL THEN high WHEN high IS NULL THEN excluded.high ELSE max(high, excluded.high) END;
  INSERT INTO force_actor_documents (actor, document_id, n) VALUES (${actor}, ${document}, 1)
    ON CONFLICT (actor, document_id) DO UPDATE SET n = n + 1;`;

/**
 * Takes a force figure or move back out (the reverse of `addForcePoint`). The range cannot be undone by
 * arithmetic: it is read again from the actor's figures as they stand (`keep` excludes a figure still present
 * that is going, in a BEFORE trigger).
 */
const removeForcePoint = (actor: string, document: string, kind: string, keep: string): string => `
  UPDATE force_actor_documents SET n = n - 1 WHERE actor = ${actor} AND document_id = ${document};
  DELETE FROM force_actor_documents WHERE actor = ${actor} AND document_id = ${document} AND n <= 0;
  UPDATE force_actors SET points = points - 1, figures = figures - (${kind} = 'size'),
    withdrawals = withdrawals - (${kind} = 'withdrawal'), deployments = deployments - (${kind} = 'deployment'),
    low = CASE WHEN ${kind} = 'size' THEN (SELECT min(${FIGURE_LOW('c')}) FROM claims c WHERE c.force = 1 AND c.subject = ${actor} AND ${keep}) ELSE low END,
    high = CASE WHEN ${kind} = 'size' THEN (SELECT max(${FIGURE_HIGH('c')}) FROM claims c WHERE c.force = 1 AND c.subject = ${actor} AND ${keep}) ELSE high END
  WHERE actor = ${actor};
  DELETE FROM force_actors WHERE actor = ${actor} AND points <= 0;`;

/**
 * The rows of `force_move_place_points` of a force move (`f`: `new` in a trigger, or an alias of `force_moves` read
 * `from`): one per place it is about (its location and targets).
 */
const movePlacePoints = (f: string, from: string | null = null): string => `
  INSERT OR IGNORE INTO force_move_place_points (place, mention_id, slot, actor, time_key)
    SELECT ${f}.location, ${f}.mention_id, ${f}.slot, ${f}.actor, ${f}.time_key ${from ? `FROM ${from}` : ''}
      WHERE ${f}.location IS NOT NULL AND ${f}.location != ''
    UNION ALL SELECT t.value, ${f}.mention_id, ${f}.slot, ${f}.actor, ${f}.time_key FROM ${from ? `${from}, ` : ''}json_each(${f}.targets) t
      WHERE t.value IS NOT NULL AND t.value != '';`;

/** A claim that is a force figure the views show (`c` a `claims` row). */
const FORCE_CLAIM = (c: string): string => `${c}.force = 1 AND ${c}.subject IS NOT NULL`;

/**
 * A force figure (`c`: `new` or `old` in a trigger) counted into the force views, with its places. `ordered`: each
 * place's row also holds what orders the figure in a list (its actor, time key and place in its document), as
 * migration 16 added.
 */
const forceClaimIn = (c: string, ordered = false): string => `
    INSERT OR IGNORE INTO force_claim_places (place, claim_id${ordered ? ', actor, force_order, document_id, start' : ''})
      SELECT value, ${c}.id${ordered ? `, ${c}.subject, ${c}.force_order, ${c}.document_id, ${c}.start` : ''} FROM json_each(${c}.places) WHERE value IS NOT NULL;
    ${addForcePoint(`${c}.subject`, `${c}.document_id`, "'size'", FIGURE_LOW(c), FIGURE_HIGH(c))}`;

/** A force figure counted out of the force views again. */
const forceClaimOut = (c: string): string => `
    DELETE FROM force_claim_places WHERE claim_id = ${c}.id;
    ${removeForcePoint(`${c}.subject`, `${c}.document_id`, "'size'", '1')}`;

/**
 * A claim updated in place counts out of the force views as it was and back in as it is. SQLite fires these two
 * the newest first; before migration 16 they were created in the order that counts a figure in, then out, so an
 * update that changes neither (a migration's back-fill of another column) lost its places: such an update runs
 * without them (`withoutClaimUpdateTriggers`).
 */
const claimUpdateTriggers = (ordered: boolean): string => {
  const out = `
  CREATE TRIGGER force_claims_au_old AFTER UPDATE ON claims WHEN ${FORCE_CLAIM('old')} BEGIN
    ${forceClaimOut('old')}
  END;`;
  const back = `
  CREATE TRIGGER force_claims_au_new AFTER UPDATE ON claims WHEN ${FORCE_CLAIM('new')} BEGIN
    ${forceClaimIn('new', ordered)}
  END;`;
  // From migration 16 on, created so that the one counting out fires first (the newest does).
  return ordered ? back + out : out + back;
};
const CLAIM_UPDATE_TRIGGERS = claimUpdateTriggers(false);

/**
 * `sql`, an update of claims that changes nothing the force views count, run without the update triggers, which
 * are then made again as the migration's version knows them (`ordered` from migration 16 on).
 */
const withoutClaimUpdateTriggers = (sql: string, ordered: boolean): string => `
  DROP TRIGGER force_claims_au_old;
  DROP TRIGGER force_claims_au_new;
  ${sql}
  ${claimUpdateTriggers(ordered)}`;

/**
 * What the force views read without scanning every figure, kept by triggers as `force_moves` is (the write path
 * needs no code for them):
 * - `force_claim_places` and `force_move_places`: the places each force figure and move is about, so figures
 *   "in" a place are found by index rather than by reading every figure's JSON list of places;
 * - `force_actors`: per actor, the force summary's counts and range, and `force_actor_documents` (how many of an
 *   actor's points each document holds) behind its number of sources, so the summary reads one row per actor
 *   instead of aggregating every figure on each call.
 * Claims are written with INSERT OR REPLACE, whose implicit delete fires no delete trigger (recursive triggers
 * are off): a BEFORE INSERT trigger takes out the row about to be replaced.
 */
const FORCE_READ_SQL = `
  CREATE TABLE force_claim_places (
    place TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    PRIMARY KEY (place, claim_id)
  ) WITHOUT ROWID;
  CREATE INDEX force_claim_places_claim ON force_claim_places(claim_id);
  CREATE TABLE force_move_places (
    place TEXT NOT NULL,
    mention_id TEXT NOT NULL,
    PRIMARY KEY (place, mention_id)
  ) WITHOUT ROWID;
  CREATE INDEX force_move_places_mention ON force_move_places(mention_id);
  CREATE TABLE force_actors (
    actor TEXT PRIMARY KEY,
    points INTEGER NOT NULL,
    figures INTEGER NOT NULL,
    withdrawals INTEGER NOT NULL,
    deployments INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    low REAL,
    high REAL
  );
  CREATE INDEX force_actors_rank ON force_actors(points DESC);
  CREATE TABLE force_actor_documents (
    actor TEXT NOT NULL,
    document_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (actor, document_id)
  ) WITHOUT ROWID;
  CREATE TRIGGER force_actor_documents_ai AFTER INSERT ON force_actor_documents BEGIN
    UPDATE force_actors SET sources = sources + 1 WHERE actor = new.actor;
  END;
  CREATE TRIGGER force_actor_documents_ad AFTER DELETE ON force_actor_documents BEGIN
    UPDATE force_actors SET sources = sources - 1 WHERE actor = old.actor;
  END;

  CREATE TRIGGER force_claims_bi BEFORE INSERT ON claims
  WHEN EXISTS (SELECT 1 FROM claims c WHERE c.id = new.id AND ${FORCE_CLAIM('c')}) BEGIN
    DELETE FROM force_claim_places WHERE claim_id = new.id;
    ${removeForcePoint('(SELECT subject FROM claims WHERE id = new.id)', '(SELECT document_id FROM claims WHERE id = new.id)', "'size'", 'c.id != new.id')}
  END;
  CREATE TRIGGER force_claims_ai AFTER INSERT ON claims WHEN ${FORCE_CLAIM('new')} BEGIN
    ${forceClaimIn('new')}
  END;
  CREATE TRIGGER force_claims_ad AFTER DELETE ON claims WHEN ${FORCE_CLAIM('old')} BEGIN
    ${forceClaimOut('old')}
  END;
  ${CLAIM_UPDATE_TRIGGERS}
  CREATE TRIGGER force_moves_ai AFTER INSERT ON force_moves BEGIN
    INSERT OR IGNORE INTO force_move_places (place, mention_id)
      SELECT new.location, new.mention_id WHERE new.location IS NOT NULL AND new.location != ''
      UNION ALL SELECT value, new.mention_id FROM json_each(new.targets) WHERE value IS NOT NULL AND value != '';
    ${addForcePoint('new.actor', 'new.document_id', 'new.kind', 'NULL', 'NULL')}
  END;
  CREATE TRIGGER force_moves_ad AFTER DELETE ON force_moves BEGIN
    DELETE FROM force_move_places WHERE mention_id = old.mention_id AND NOT EXISTS (SELECT 1 FROM force_moves WHERE mention_id = old.mention_id);
    ${removeForcePoint('old.actor', 'old.document_id', 'old.kind', '1')}
  END;

  INSERT OR IGNORE INTO force_claim_places (place, claim_id)
    SELECT p.value, c.id FROM claims c, json_each(c.places) p WHERE ${FORCE_CLAIM('c')} AND p.value IS NOT NULL;
  INSERT OR IGNORE INTO force_move_places (place, mention_id)
    SELECT location, mention_id FROM force_moves WHERE location IS NOT NULL AND location != ''
    UNION ALL SELECT t.value, f.mention_id FROM force_moves f, json_each(f.targets) t WHERE t.value IS NOT NULL AND t.value != '';
  INSERT INTO force_actor_documents (actor, document_id, n)
    SELECT actor, document_id, count(*) FROM (
      SELECT c.subject AS actor, c.document_id FROM claims c WHERE ${FORCE_CLAIM('c')}
      UNION ALL SELECT actor, document_id FROM force_moves
    ) GROUP BY actor, document_id;
  INSERT INTO force_actors (actor, points, figures, withdrawals, deployments, sources, low, high)
    SELECT p.actor, count(*), sum(p.kind = 'size'), sum(p.kind = 'withdrawal'), sum(p.kind = 'deployment'),
      (SELECT count(*) FROM force_actor_documents d WHERE d.actor = p.actor), min(p.low), max(p.high)
    FROM (
      SELECT c.subject AS actor, 'size' AS kind, ${FIGURE_LOW('c')} AS low, ${FIGURE_HIGH('c')} AS high FROM claims c WHERE ${FORCE_CLAIM('c')}
      UNION ALL SELECT actor, kind, NULL, NULL FROM force_moves
    ) p GROUP BY p.actor;
`;

/** A schema step; `backfill` computes, in the same transaction, what SQL alone cannot (values the resolver defines). */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
  backfill?: (db: Database.Database) => void;
}

export const SQLITE_MIGRATIONS: ReadonlyArray<SqliteMigration> = [
  {
    version: 1,
    name: 'documents, sources and full-text index',
    sql: `
      CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT,
        publisher TEXT,
        authors TEXT NOT NULL,
        published TEXT,
        published_value TEXT,
        language TEXT NOT NULL,
        url TEXT,
        text TEXT NOT NULL,
        removed TEXT NOT NULL,
        repairs TEXT NOT NULL,
        analysis TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE INDEX documents_published ON documents(published_value);
      CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX sources_document ON sources(document_id);
      CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
      END;
      CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
      END;
      CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
      END;
    `,
  },
  {
    version: 2,
    name: 'entities, mentions, names, times, quantities and analyst decisions',
    sql: `
      CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        kind TEXT,
        country TEXT,
        lat REAL,
        lon REAL,
        mentions INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX entities_rank ON entities(mentions DESC);
      CREATE INDEX entities_type ON entities(type, mentions DESC);
      CREATE TABLE entity_names (
        folded TEXT NOT NULL,
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (folded, entity_id)
      );
      CREATE INDEX entity_names_entity ON entity_names(entity_id);
      CREATE TABLE mentions (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        local_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        form TEXT NOT NULL,
        PRIMARY KEY (document_id, start, end, local_id)
      );
      CREATE INDEX mentions_entity ON mentions(entity_id, document_id);
      CREATE TABLE times (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT NOT NULL,
        precision TEXT NOT NULL,
        kind TEXT NOT NULL,
        until TEXT,
        PRIMARY KEY (document_id, start)
      );
      CREATE INDEX times_value ON times(value);
      CREATE TABLE quantities (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL,
        low REAL,
        high REAL,
        approx INTEGER NOT NULL,
        unit TEXT,
        currency TEXT,
        per TEXT,
        subject TEXT,
        PRIMARY KEY (document_id, start)
      );
      CREATE INDEX quantities_unit ON quantities(unit);
      CREATE TABLE entity_decisions (
        seq INTEGER PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
        entity_id TEXT NOT NULL,
        other_id TEXT NOT NULL,
        alias TEXT,
        name TEXT,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'event mentions, merged events, claims and contradictions',
    sql: `
      CREATE TABLE event_mentions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        merged_id TEXT NOT NULL,
        family TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX event_mentions_merged ON event_mentions(merged_id);
      CREATE INDEX event_mentions_document ON event_mentions(document_id);
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        family TEXT NOT NULL,
        type TEXT NOT NULL,
        subtype TEXT,
        quad TEXT NOT NULL,
        sources TEXT NOT NULL,
        targets TEXT NOT NULL,
        location TEXT,
        time TEXT,
        time_start TEXT,
        time_end TEXT,
        mentions INTEGER NOT NULL,
        documents INTEGER NOT NULL
      );
      CREATE INDEX events_time ON events(time_start);
      CREATE INDEX events_type ON events(type, time_start);
      CREATE TABLE event_actors (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (event_id, entity_id, role)
      );
      CREATE INDEX event_actors_entity ON event_actors(entity_id);
      CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'quantity')),
        event_mention_id TEXT,
        claimant TEXT,
        claimant_text TEXT,
        attributed INTEGER NOT NULL,
        subject TEXT,
        places TEXT NOT NULL,
        statement TEXT NOT NULL,
        value REAL,
        low REAL,
        high REAL,
        approx INTEGER NOT NULL DEFAULT 0,
        unit TEXT,
        force INTEGER NOT NULL DEFAULT 0,
        modality TEXT,
        time TEXT,
        time_start TEXT,
        sentence TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
      );
      CREATE INDEX claims_document ON claims(document_id);
      CREATE INDEX claims_subject ON claims(subject, force);
      CREATE INDEX claims_claimant ON claims(claimant);
      CREATE TABLE contradictions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        about TEXT NOT NULL,
        event_id TEXT,
        subject_id TEXT,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        a_document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        b_document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
      );
      CREATE INDEX contradictions_event ON contradictions(event_id);
      CREATE INDEX contradictions_subject ON contradictions(subject_id);
    `,
  },
  {
    version: 4,
    name: 'order-free event components, candidate keys and entity attribute votes',
    sql: `
      ALTER TABLE event_mentions ADD COLUMN component TEXT;
      UPDATE event_mentions SET component = merged_id;
      CREATE INDEX event_mentions_component ON event_mentions(component);
      ALTER TABLE events ADD COLUMN component TEXT;
      ALTER TABLE events ADD COLUMN span_start TEXT;
      ALTER TABLE events ADD COLUMN span_end TEXT;
      ALTER TABLE events ADD COLUMN undated INTEGER NOT NULL DEFAULT 1;
      UPDATE events SET component = id;
      CREATE INDEX events_component ON events(component);
      CREATE TABLE event_keys (
        entity_id TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, event_id)
      );
      CREATE INDEX event_keys_event ON event_keys(event_id);
      INSERT OR IGNORE INTO event_keys (entity_id, event_id) SELECT entity_id, event_id FROM event_actors;
      INSERT OR IGNORE INTO event_keys (entity_id, event_id) SELECT location, id FROM events WHERE location IS NOT NULL;
      CREATE INDEX contradictions_order ON contradictions(kind, about, id);
      CREATE INDEX claims_forces ON claims(force, document_id, start, id);
      CREATE TABLE entity_votes (
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, field, value)
      );
      -- A store written before votes: what each entity holds counts as the vote of every document naming it.
      INSERT INTO entity_votes SELECT id, 'name', name, max(documents, 1) FROM entities;
      INSERT INTO entity_votes SELECT id, 'kind', kind, max(documents, 1) FROM entities WHERE kind IS NOT NULL;
      INSERT INTO entity_votes SELECT id, 'country', country, max(documents, 1) FROM entities WHERE country IS NOT NULL;
      INSERT INTO entity_votes SELECT id, 'geo', lat || ',' || lon, max(documents, 1) FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'event link keys by family and time bucket; presence reports by actor',
    sql: `
      -- A report links only to reports of its time bucket (or, dated, across a quarter's end): candidates are
      -- looked up by (entity, family, bucket), so a write reads only the components of its buckets.
      CREATE TABLE event_link_keys (
        entity_id TEXT NOT NULL,
        family TEXT NOT NULL,
        bucket TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, family, bucket, event_id)
      );
      CREATE INDEX event_link_keys_event ON event_link_keys(event_id);
      -- Happenings written before buckets answer every bucket ('*') until a write clusters their component again.
      INSERT OR IGNORE INTO event_link_keys (entity_id, family, bucket, event_id)
        SELECT k.entity_id, e.family, '*', k.event_id FROM event_keys k JOIN events e ON e.id = k.event_id;
      DROP TABLE event_keys;
      -- Reports denying or reporting an actor's presence, by actor: presence contradictions read these few rows
      -- (the denials, the first presence reports) rather than every report of the actor's happenings.
      CREATE TABLE presence_reports (
        actor TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('denial', 'presence')),
        mention_id TEXT NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        voice TEXT NOT NULL,
        PRIMARY KEY (actor, role, mention_id)
      );
      CREATE INDEX presence_reports_document ON presence_reports(document_id);
      CREATE INDEX presence_reports_voice ON presence_reports(actor, voice, mention_id);
      INSERT OR IGNORE INTO presence_reports (actor, role, mention_id, document_id, voice)
        SELECT s.value, 'presence', m.id, m.document_id, '' FROM event_mentions m, json_each(m.data, '$.sources') s
        WHERE json_extract(m.data, '$.type') = 'MOBILIZE' AND json_extract(m.data, '$.modality') IN ('asserted', 'alleged');
      INSERT OR IGNORE INTO presence_reports (actor, role, mention_id, document_id, voice)
        SELECT t.value, 'denial', m.id, m.document_id,
          coalesce(json_extract(m.data, '$.attribution.source'), json_extract(m.data, '$.attribution.text'), '') || '|' || json_extract(m.data, '$.sentence') FROM event_mentions m, json_each(m.data, '$.targets') t
        WHERE json_extract(m.data, '$.type') = 'REJECT' AND json_extract(m.data, '$.subtype') = 'deny' AND json_extract(m.data, '$.modality') = 'asserted'
          AND NOT EXISTS (SELECT 1 FROM json_each(m.data, '$.sources') s WHERE s.value = t.value);
    `,
  },
  {
    version: 6,
    name: 'indexes for paged reads; force moves kept by triggers for the force summary',
    sql: `
      -- The entity page and related entities look up events held at a place.
      CREATE INDEX IF NOT EXISTS events_location ON events(location);
      -- The force summary groups force figures by subject; the entity page reads one subject's.
      CREATE INDEX IF NOT EXISTS claims_force_subject ON claims(force, subject);
      ${FORCE_MOVES_SQL}
    `,
  },
  {
    version: 7,
    name: 'force figures by place and per-actor force summaries, kept by triggers',
    sql: FORCE_READ_SQL,
  },
  {
    version: 8,
    name: 'force figures by group and time, so a write compares only the figures near its own',
    sql: `
      -- forceGroupOf: the group (same figure, same month) and the middle of the figure's time (ms), for force
      -- figures that can disagree at all; filled by the backfill below for figures written before.
      ALTER TABLE claims ADD COLUMN force_group TEXT;
      ALTER TABLE claims ADD COLUMN force_middle REAL;
      CREATE INDEX claims_force_group ON claims(subject, force_group) WHERE force = 1;
      CREATE INDEX claims_force_middle ON claims(subject, force_middle) WHERE force = 1;
    `,
    backfill: (db) => {
      const update = db.prepare('UPDATE claims SET force_group = ?, force_middle = ? WHERE id = ?');
      const rows = db.prepare<[], { id: string; time: string | null; value: number | null; low: number | null; high: number | null; approx: number; published: string | null }>(
        'SELECT c.id, c.time, c.value, c.low, c.high, c.approx, d.published FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.force = 1',
      );
      for (const r of rows.all()) {
        const time = (r.time ?? r.published) === null ? null : (JSON.parse((r.time ?? r.published)!) as TimeValue);
        const group = forceGroupOf({ time, value: r.value, low: r.low, high: r.high, approx: r.approx === 1 });
        if (group) update.run(group.key, group.middle, r.id);
      }
    },
  },
  {
    version: 9,
    name: 'event link keys narrowed to the ways reports link',
    sql: `
      -- A key per way two reports of different documents can link (linkKeys: both dated with an actor or the
      -- place in common, the same place and an actor, the same act by a source on a target) rather than per
      -- actor or place: a busy actor's quarter no longer makes every new report read every component naming
      -- it. The table keeps its shape (migration 5); its rows are computed again below.
      ALTER TABLE event_link_keys RENAME COLUMN entity_id TO link_key;
      DELETE FROM event_link_keys;
    `,
    backfill: (db) => {
      const insert = db.prepare('INSERT OR IGNORE INTO event_link_keys (link_key, family, bucket, event_id) VALUES (?, ?, ?, ?)');
      const events = db.prepare<[string], { id: string; family: string }>('SELECT id, family FROM events WHERE id > ? ORDER BY id LIMIT 2000');
      const members = db.prepare<[string], { merged_id: string; data: string }>(
        'SELECT merged_id, data FROM event_mentions WHERE merged_id IN (SELECT value FROM json_each(?)) ORDER BY id',
      );
      // A page of happenings at a time: a large store's reports do not fit in memory at once.
      for (let after = ''; ; ) {
        const page = events.all(after);
        if (!page.length) break;
        const byId = new Map<string, MergedEvent>(page.map((e) => [e.id, { id: e.id, family: e.family, members: [] }]));
        for (const r of members.all(JSON.stringify(page.map((e) => e.id)))) byId.get(r.merged_id)!.members.push(JSON.parse(r.data) as EventMention);
        for (const e of byId.values()) for (const k of eventLinkKeys(e)) insert.run(k.key, e.family, k.bucket, e.id);
        after = page[page.length - 1]!.id;
      }
    },
  },
  {
    version: 10,
    name: 'an entity page from indexes and a table of related entities',
    sql: `
      -- An entity's page orders its documents by publication and its happenings by time, thousands of each for a
      -- busy entity: these indexes hold what orders them, so only the page's rows are read from the tables
      -- (documents hold whole texts and analyses).
      CREATE INDEX documents_id_published ON documents(id, published_value);
      CREATE INDEX events_id_time ON events(id, time_start, time_end);
      -- Each happening's entities (its sources, targets and place, once each), kept by the writer, and for every
      -- two entities the number of happenings naming both, kept by the triggers below: an entity's related
      -- entities are read, not counted over its happenings.
      CREATE TABLE event_entities (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (event_id, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX event_entities_entity ON event_entities(entity_id);
      INSERT INTO event_entities (event_id, entity_id)
        SELECT event_id, entity_id FROM event_actors UNION SELECT id, location FROM events WHERE location IS NOT NULL;
      CREATE TABLE entity_pairs (
        entity_id TEXT NOT NULL,
        other_id TEXT NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (entity_id, other_id)
      ) WITHOUT ROWID;
      INSERT INTO entity_pairs (entity_id, other_id, events)
        SELECT a.entity_id, b.entity_id, count(*) FROM event_entities a JOIN event_entities b ON b.event_id = a.event_id AND b.entity_id != a.entity_id
        GROUP BY a.entity_id, b.entity_id;
      CREATE TRIGGER event_entities_ai AFTER INSERT ON event_entities BEGIN
        INSERT INTO entity_pairs (entity_id, other_id, events)
          SELECT new.entity_id, o.entity_id, 1 FROM event_entities o WHERE o.event_id = new.event_id AND o.entity_id != new.entity_id
          UNION ALL SELECT o.entity_id, new.entity_id, 1 FROM event_entities o WHERE o.event_id = new.event_id AND o.entity_id != new.entity_id
          ON CONFLICT (entity_id, other_id) DO UPDATE SET events = events + 1;
      END;
      -- After a delete the row is gone: the happening's other entities are those still there.
      CREATE TRIGGER event_entities_ad AFTER DELETE ON event_entities BEGIN
        UPDATE entity_pairs SET events = events - 1
          WHERE entity_id = old.entity_id AND other_id IN (SELECT entity_id FROM event_entities WHERE event_id = old.event_id);
        UPDATE entity_pairs SET events = events - 1
          WHERE other_id = old.entity_id AND entity_id IN (SELECT entity_id FROM event_entities WHERE event_id = old.event_id);
        DELETE FROM entity_pairs WHERE entity_id = old.entity_id AND events <= 0
          AND other_id IN (SELECT entity_id FROM event_entities WHERE event_id = old.event_id);
        DELETE FROM entity_pairs WHERE other_id = old.entity_id AND events <= 0
          AND entity_id IN (SELECT entity_id FROM event_entities WHERE event_id = old.event_id);
      END;
    `,
  },
  {
    version: 11,
    name: 'force moves keep their ordering key and sentence',
    sql: `
      -- A page of force points orders every move of the actors it reaches by time: reading each one's time and
      -- sentence out of its report's JSON was most of a deep page at 50,000 documents. The rows keep them now.
      ALTER TABLE force_moves ADD COLUMN time_key TEXT;
      ALTER TABLE force_moves ADD COLUMN sentence TEXT;
      UPDATE force_moves SET time_key = ${MOVE_KEY('m')}, sentence = ${MOVE_SENTENCE('m')}
        FROM event_mentions m WHERE m.id = force_moves.mention_id;
      DROP TRIGGER force_moves_mention_ai;
      DROP TRIGGER force_moves_mention_au;
      DROP TRIGGER force_moves_event_ai;
      DROP TRIGGER force_moves_event_au;
      ${moveInsertTriggers(true)}
    `,
  },
  {
    version: 12,
    name: 'force figures keep the key that finds an actor\'s latest',
    sql: `
      -- The force summary shows each actor's latest figure: ranking every figure of the page's actors by time
      -- read each one's document, thousands for a busy actor. A figure keeps its time (else its document's
      -- publication) and an index orders an actor's figures by it, latest first (NULL, undated, sorts last).
      ALTER TABLE claims ADD COLUMN force_key TEXT;
      ${withoutClaimUpdateTriggers(`UPDATE claims SET force_key = coalesce(time_start, (SELECT published_value FROM documents d WHERE d.id = claims.document_id))
        WHERE force = 1;`, false)}
      CREATE INDEX claims_force_latest ON claims(subject, force_key DESC, document_id, start, id) WHERE force = 1;
    `,
  },
  {
    version: 13,
    name: 'an actor\'s happenings from the index alone',
    sql: `
      -- The timeline and the event page of one actor list its happenings in time order: the index on actors held
      -- only the entity, and each happening's id was read from its row, tens of thousands for a busy actor.
      DROP INDEX event_actors_entity;
      CREATE INDEX event_actors_entity ON event_actors(entity_id, event_id);
    `,
  },
  {
    version: 14,
    name: 'force figures and moves with their actor, by id',
    sql: `
      -- The force points about a place are counted by actor (to know which actors a page reaches): the place's
      -- figures and moves are found by id, and these indexes give each one's actor without reading its row.
      CREATE INDEX claims_force_actor ON claims(id, subject) WHERE force = 1;
      CREATE INDEX force_moves_mention_actor ON force_moves(mention_id, actor);
    `,
  },
  {
    version: 15,
    name: 'force points ordered from the indexes alone',
    sql: `
      -- A page of force points is ordered by actor, time key and sentence: every point of the actors a page reaches
      -- was read whole, tens of thousands for a busy actor. A figure keeps its time key as the list orders it, and
      -- the indexes that find figures and moves by actor or by id also hold what orders them, so only the points
      -- tied with the page's are read for their sentence.
      ALTER TABLE claims ADD COLUMN force_order TEXT;
      ${withoutClaimUpdateTriggers(`UPDATE claims SET force_order = coalesce(json_extract(time, '$.value'), (SELECT published_value FROM documents d WHERE d.id = claims.document_id), '9999')
        WHERE force = 1;`, false)}
      -- Version 12's back-fill ran with the update triggers and lost the places of the figures it keyed.
      INSERT OR IGNORE INTO force_claim_places (place, claim_id)
        SELECT p.value, c.id FROM claims c, json_each(c.places) p WHERE ${FORCE_CLAIM('c')} AND p.value IS NOT NULL;
      CREATE INDEX claims_force_order ON claims(subject, force_order, document_id, start, id) WHERE force = 1;
      DROP INDEX claims_force_actor;
      CREATE INDEX claims_force_actor ON claims(id, subject, force_order, document_id, start) WHERE force = 1;
      DROP INDEX force_moves_actor;
      CREATE INDEX force_moves_actor ON force_moves(actor, kind, time_key, mention_id, slot);
      DROP INDEX force_moves_mention_actor;
      CREATE INDEX force_moves_mention_actor ON force_moves(mention_id, actor, slot, time_key);
    `,
  },
  {
    version: 16,
    name: 'force points of a place counted and ordered from rows of their own',
    sql: `
      -- A busy place has tens of thousands of force figures and moves: counting them by actor, and reading the
      -- keys of the actors a page reaches, looked each one up by id in the claims' or the moves' index. Each
      -- place's row of a figure now holds what orders it, a move has one such row per place and actor (kept by
      -- triggers on force_moves, as force_move_places is), and one index reads a place's points by actor in order.
      CREATE TABLE force_move_place_points (
        place TEXT NOT NULL,
        mention_id TEXT NOT NULL,
        slot INTEGER NOT NULL,
        actor TEXT NOT NULL,
        time_key TEXT,
        PRIMARY KEY (place, mention_id, slot)
      ) WITHOUT ROWID;
      CREATE INDEX force_move_place_points_order ON force_move_place_points(place, actor, mention_id, slot, time_key);
      CREATE INDEX force_move_place_points_move ON force_move_place_points(mention_id, slot);
      CREATE TRIGGER force_move_place_points_ai AFTER INSERT ON force_moves BEGIN
        ${movePlacePoints('new')}
      END;
      CREATE TRIGGER force_move_place_points_ad AFTER DELETE ON force_moves BEGIN
        DELETE FROM force_move_place_points WHERE mention_id = old.mention_id AND slot = old.slot;
      END;
      ${movePlacePoints('f', 'force_moves f')}
      ALTER TABLE force_claim_places ADD COLUMN actor TEXT;
      ALTER TABLE force_claim_places ADD COLUMN force_order TEXT;
      ALTER TABLE force_claim_places ADD COLUMN document_id TEXT;
      ALTER TABLE force_claim_places ADD COLUMN start INTEGER;
      UPDATE force_claim_places SET actor = c.subject, force_order = c.force_order, document_id = c.document_id, start = c.start
        FROM claims c WHERE c.id = force_claim_places.claim_id;
      CREATE INDEX force_claim_places_order ON force_claim_places(place, actor, force_order, document_id, start, claim_id);
      DROP TRIGGER force_claims_ai;
      CREATE TRIGGER force_claims_ai AFTER INSERT ON claims WHEN ${FORCE_CLAIM('new')} BEGIN
        ${forceClaimIn('new', true)}
      END;
      -- The update triggers again, in the order that makes an update count a figure out, then back in: SQLite
      -- fires the newest first (in the other order, an update that changed nothing lost the figure's places).
      DROP TRIGGER force_claims_au_old;
      DROP TRIGGER force_claims_au_new;
      ${claimUpdateTriggers(true)}
    `,
  },
  {
    version: 17,
    name: 'force moves\' triggers run only for moves',
    sql: `
      -- Every report written ran its trigger's scan of its JSON, though only reports of withdrawals and
      -- deployments have rows, and every update of a happening scanned the JSON of all its reports, though their
      -- rows change only with its id, type or subtype: on 1,000 news documents, about 0.85 s of the reports'
      -- inserts and 0.7 s of the happenings' updates (of a 30 s write). Each trigger now runs when it can change rows.
      DROP TRIGGER force_moves_mention_ai;
      DROP TRIGGER force_moves_mention_au;
      DROP TRIGGER force_moves_event_au;
      ${guardedMoveInsertTriggers()}
    `,
  },
];

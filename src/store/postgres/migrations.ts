/**
 * Versioned schema of the PostgreSQL store, the same tables and columns as the SQLite one (`../sqlite/migrations.ts`)
 * so the shared row code reads both alike. Append a migration to change the schema; never edit one that shipped:
 * table `sitrep_migrations` records which versions a database has.
 *
 * Text columns compare in the "C" collation (code point order, as SQLite's BINARY), whatever the database's
 * locale, so ORDER BY and id-prefix lookups give the same order on both backends. JSON stays text: it comes back
 * byte for byte as written.
 *
 * Full-text search: a generated `tsvector` column over title (weight A) and text (weight B), GIN-indexed. Accents
 * are folded by `sitrep_fold`, an immutable `translate()` over Latin letters (the `unaccent` extension needs rights
 * a store owner may not have); words are stemmed by `sitrep_english`, PostgreSQL's English configuration with a
 * Snowball stemmer that keeps stop words, as SQLite's porter tokenizer does ("the" and "of" can be searched).
 */

const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳØøĐđŁłıĦħŦŧƗƚ';
const FOLD_TO =
  'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyOoDdLliHhTtIl';

/** `TEXT` compared by code point. */
const T = 'TEXT COLLATE "C"';

/** A withdrawal or deployment happening, as the force views pick them (`e` an `events` row). */
function moveEvent(e: string): string {
  return `${e}.type IN ('RETREAT', 'MOBILIZE') AND (${e}.subtype LIKE 'withdraw%' OR ${e}.subtype LIKE 'deploy%')`;
}

/** Inserts the `force_moves` rows of reports `m` of happenings `e` (as SQLite's, `migrations.ts` there). */
function moveRows(m: string, e: string, from: string, where: string): string {
  return `
    INSERT INTO force_moves (mention_id, slot, event_id, actor, kind, document_id, location, targets)
    SELECT ${m}.id, s.slot - 1, ${e}.id, s.actor, CASE ${m}.data::json ->> 'type' WHEN 'RETREAT' THEN 'withdrawal' ELSE 'deployment' END,
      ${m}.document_id, ${m}.data::json ->> 'location', coalesce(${m}.data::json -> 'targets', '[]'::json)::text
    FROM ${from} CROSS JOIN LATERAL json_array_elements_text(${m}.data::json -> 'sources') WITH ORDINALITY AS s(actor, slot)
    WHERE ${where} ${moveEvent(e)} AND ${m}.data::json ->> 'modality' IN ('asserted', 'planned');`;
}

/**
 * Withdrawals and deployments by actor (see SQLite's \`force_moves\`): a function of \`events\` and
 * \`event_mentions\` kept so by row triggers on both, whatever order documents come in.
 */
const FORCE_MOVES_SQL = `
  CREATE TABLE force_moves (
    mention_id ${T} NOT NULL,
    slot INTEGER NOT NULL,
    event_id ${T} NOT NULL,
    actor ${T} NOT NULL,
    kind ${T} NOT NULL,
    document_id ${T} NOT NULL,
    location ${T},
    targets TEXT NOT NULL,
    PRIMARY KEY (mention_id, slot)
  );
  CREATE INDEX force_moves_actor ON force_moves(actor, kind);
  CREATE INDEX force_moves_event ON force_moves(event_id);
  CREATE FUNCTION sitrep_force_moves_of_mention() RETURNS trigger LANGUAGE plpgsql AS $fm$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM force_moves WHERE mention_id = OLD.id; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      DELETE FROM force_moves WHERE mention_id = NEW.id;
      ${moveRows('NEW', 'e', 'events e', 'e.id = NEW.merged_id AND')}
    END IF;
    RETURN NULL;
  END $fm$;
  CREATE FUNCTION sitrep_force_moves_of_event() RETURNS trigger LANGUAGE plpgsql AS $fe$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM force_moves WHERE event_id = OLD.id; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      DELETE FROM force_moves WHERE event_id = NEW.id;
      ${moveRows('m', 'NEW', 'event_mentions m', 'm.merged_id = NEW.id AND')}
    END IF;
    RETURN NULL;
  END $fe$;
  CREATE TRIGGER force_moves_mention AFTER INSERT OR UPDATE OR DELETE ON event_mentions FOR EACH ROW EXECUTE FUNCTION sitrep_force_moves_of_mention();
  CREATE TRIGGER force_moves_event AFTER INSERT OR UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION sitrep_force_moves_of_event();
  ${moveRows('m', 'e', 'events e JOIN event_mentions m ON m.merged_id = e.id', '')}
`;

/**
 * Force figures by place and per-actor force summaries (see SQLite's `FORCE_READ_SQL`), kept by row triggers on
 * `claims` and `force_moves`. An AFTER trigger sees the table as the statement left it, so the range of an
 * actor's figures is read again from its remaining ones when one goes.
 */
const FORCE_READ_SQL = `
  CREATE TABLE force_claim_places (
    place ${T} NOT NULL,
    claim_id ${T} NOT NULL,
    PRIMARY KEY (place, claim_id)
  );
  CREATE INDEX force_claim_places_claim ON force_claim_places(claim_id);
  CREATE TABLE force_move_places (
    place ${T} NOT NULL,
    mention_id ${T} NOT NULL,
    PRIMARY KEY (place, mention_id)
  );
  CREATE INDEX force_move_places_mention ON force_move_places(mention_id);
  CREATE TABLE force_actors (
    actor ${T} PRIMARY KEY,
    points INTEGER NOT NULL,
    figures INTEGER NOT NULL,
    withdrawals INTEGER NOT NULL,
    deployments INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION
  );
  CREATE INDEX force_actors_rank ON force_actors(points DESC);
  CREATE TABLE force_actor_documents (
    actor ${T} NOT NULL,
    document_id ${T} NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (actor, document_id)
  );
  CREATE FUNCTION sitrep_force_add(p_actor text, p_document text, p_kind text, p_low double precision, p_high double precision)
  RETURNS void LANGUAGE plpgsql AS $fa$
  DECLARE
    held integer;
  BEGIN
    INSERT INTO force_actors AS f (actor, points, figures, withdrawals, deployments, sources, low, high)
      VALUES (p_actor, 1, (p_kind = 'size')::int, (p_kind = 'withdrawal')::int, (p_kind = 'deployment')::int, 0, p_low, p_high)
      ON CONFLICT (actor) DO UPDATE SET points = f.points + 1, figures = f.figures + excluded.figures,
        withdrawals = f.withdrawals + excluded.withdrawals, deployments = f.deployments + excluded.deployments,
        low = least(f.low, excluded.low), high = greatest(f.high, excluded.high);
    INSERT INTO force_actor_documents AS d (actor, document_id, n) VALUES (p_actor, p_document, 1)
      ON CONFLICT (actor, document_id) DO UPDATE SET n = d.n + 1 RETURNING n INTO held;
    IF held = 1 THEN UPDATE force_actors SET sources = sources + 1 WHERE actor = p_actor; END IF;
  END $fa$;
  CREATE FUNCTION sitrep_force_remove(p_actor text, p_document text, p_kind text) RETURNS void LANGUAGE plpgsql AS $fr$
  DECLARE
    held integer;
  BEGIN
    UPDATE force_actor_documents SET n = n - 1 WHERE actor = p_actor AND document_id = p_document RETURNING n INTO held;
    IF held <= 0 THEN
      DELETE FROM force_actor_documents WHERE actor = p_actor AND document_id = p_document;
      UPDATE force_actors SET sources = sources - 1 WHERE actor = p_actor;
    END IF;
    UPDATE force_actors SET points = points - 1, figures = figures - (p_kind = 'size')::int,
      withdrawals = withdrawals - (p_kind = 'withdrawal')::int, deployments = deployments - (p_kind = 'deployment')::int
      WHERE actor = p_actor;
    IF p_kind = 'size' THEN
      UPDATE force_actors SET
        low = (SELECT min(coalesce(c.low, c.value)) FROM claims c WHERE c.force = 1 AND c.subject = p_actor),
        high = (SELECT max(coalesce(c.high, c.value)) FROM claims c WHERE c.force = 1 AND c.subject = p_actor)
      WHERE actor = p_actor;
    END IF;
    DELETE FROM force_actors WHERE actor = p_actor AND points <= 0;
  END $fr$;
  CREATE FUNCTION sitrep_force_claims() RETURNS trigger LANGUAGE plpgsql AS $fc$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.force = 1 AND OLD.subject IS NOT NULL THEN
      DELETE FROM force_claim_places WHERE claim_id = OLD.id;
      PERFORM sitrep_force_remove(OLD.subject, OLD.document_id, 'size');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.force = 1 AND NEW.subject IS NOT NULL THEN
      INSERT INTO force_claim_places (place, claim_id)
        SELECT p, NEW.id FROM json_array_elements_text(NEW.places::json) p WHERE p IS NOT NULL ON CONFLICT DO NOTHING;
      PERFORM sitrep_force_add(NEW.subject, NEW.document_id, 'size', coalesce(NEW.low, NEW.value), coalesce(NEW.high, NEW.value));
    END IF;
    RETURN NULL;
  END $fc$;
  CREATE FUNCTION sitrep_force_moves() RETURNS trigger LANGUAGE plpgsql AS $fv$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      DELETE FROM force_move_places WHERE mention_id = OLD.mention_id AND NOT EXISTS (SELECT 1 FROM force_moves WHERE mention_id = OLD.mention_id);
      PERFORM sitrep_force_remove(OLD.actor, OLD.document_id, OLD.kind);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO force_move_places (place, mention_id)
        SELECT NEW.location, NEW.mention_id WHERE NEW.location IS NOT NULL AND NEW.location != ''
        UNION ALL SELECT t, NEW.mention_id FROM json_array_elements_text(NEW.targets::json) t WHERE t IS NOT NULL AND t != ''
        ON CONFLICT DO NOTHING;
      PERFORM sitrep_force_add(NEW.actor, NEW.document_id, NEW.kind, NULL, NULL);
    END IF;
    RETURN NULL;
  END $fv$;
  CREATE TRIGGER force_claims AFTER INSERT OR UPDATE OR DELETE ON claims FOR EACH ROW EXECUTE FUNCTION sitrep_force_claims();
  CREATE TRIGGER force_moves_read AFTER INSERT OR UPDATE OR DELETE ON force_moves FOR EACH ROW EXECUTE FUNCTION sitrep_force_moves();

  INSERT INTO force_claim_places (place, claim_id)
    SELECT p, c.id FROM claims c CROSS JOIN LATERAL json_array_elements_text(c.places::json) p
    WHERE c.force = 1 AND c.subject IS NOT NULL AND p IS NOT NULL ON CONFLICT DO NOTHING;
  INSERT INTO force_move_places (place, mention_id)
    SELECT location, mention_id FROM force_moves WHERE location IS NOT NULL AND location != ''
    UNION ALL SELECT t, f.mention_id FROM force_moves f CROSS JOIN LATERAL json_array_elements_text(f.targets::json) t WHERE t IS NOT NULL AND t != ''
    ON CONFLICT DO NOTHING;
  INSERT INTO force_actor_documents (actor, document_id, n)
    SELECT actor, document_id, count(*) FROM (
      SELECT c.subject AS actor, c.document_id FROM claims c WHERE c.force = 1 AND c.subject IS NOT NULL
      UNION ALL SELECT actor, document_id FROM force_moves
    ) p GROUP BY actor, document_id;
  INSERT INTO force_actors (actor, points, figures, withdrawals, deployments, sources, low, high)
    SELECT p.actor, count(*), count(*) FILTER (WHERE p.kind = 'size'), count(*) FILTER (WHERE p.kind = 'withdrawal'),
      count(*) FILTER (WHERE p.kind = 'deployment'), (SELECT count(*) FROM force_actor_documents d WHERE d.actor = p.actor), min(p.low), max(p.high)
    FROM (
      SELECT c.subject AS actor, 'size' AS kind, coalesce(c.low, c.value) AS low, coalesce(c.high, c.value) AS high FROM claims c WHERE c.force = 1 AND c.subject IS NOT NULL
      UNION ALL SELECT actor, kind, NULL, NULL FROM force_moves
    ) p GROUP BY p.actor;
`;

export const PG_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'documents, sources and full-text index',
    sql: `
      CREATE FUNCTION sitrep_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $fold$ SELECT translate(t, '${FOLD_FROM}', '${FOLD_TO}') $fold$;
      CREATE TEXT SEARCH DICTIONARY sitrep_english_stem (TEMPLATE = snowball, Language = english);
      CREATE TEXT SEARCH CONFIGURATION sitrep_english (COPY = pg_catalog.english);
      ALTER TEXT SEARCH CONFIGURATION sitrep_english ALTER MAPPING REPLACE english_stem WITH sitrep_english_stem;
      CREATE TABLE documents (
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id ${T} PRIMARY KEY,
        content_hash ${T} NOT NULL,
        title ${T},
        publisher ${T},
        authors ${T} NOT NULL,
        published ${T},
        published_value ${T},
        language ${T} NOT NULL,
        url ${T},
        text ${T} NOT NULL,
        removed ${T} NOT NULL,
        repairs ${T} NOT NULL,
        analysis ${T} NOT NULL,
        ingested_at ${T} NOT NULL,
        fts tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('sitrep_english'::regconfig, sitrep_fold(coalesce(title, ''))), 'A')
          || setweight(to_tsvector('sitrep_english'::regconfig, sitrep_fold(text)), 'B')
        ) STORED
      );
      CREATE INDEX documents_published ON documents(published_value);
      CREATE INDEX documents_fts ON documents USING GIN (fts);
      CREATE TABLE sources (
        source ${T} PRIMARY KEY,
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        content_hash ${T} NOT NULL,
        updated_at ${T} NOT NULL
      );
      CREATE INDEX sources_document ON sources(document_id);
    `,
  },
  {
    version: 2,
    name: 'entities, mentions, names, times, quantities and analyst decisions',
    sql: `
      CREATE TABLE entities (
        id ${T} PRIMARY KEY,
        name ${T} NOT NULL,
        type ${T} NOT NULL,
        kind ${T},
        country ${T},
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        mentions INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX entities_rank ON entities(mentions DESC);
      CREATE INDEX entities_type ON entities(type, mentions DESC);
      CREATE TABLE entity_names (
        folded ${T} NOT NULL,
        entity_id ${T} NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        name ${T} NOT NULL,
        role ${T} NOT NULL,
        PRIMARY KEY (folded, entity_id)
      );
      CREATE INDEX entity_names_entity ON entity_names(entity_id);
      CREATE INDEX entity_names_prefix ON entity_names(folded text_pattern_ops);
      CREATE TABLE mentions (
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        entity_id ${T} NOT NULL,
        local_id ${T} NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text ${T} NOT NULL,
        form ${T} NOT NULL,
        PRIMARY KEY (document_id, start, "end", local_id)
      );
      CREATE INDEX mentions_entity ON mentions(entity_id, document_id);
      CREATE TABLE times (
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text ${T} NOT NULL,
        value ${T} NOT NULL,
        precision ${T} NOT NULL,
        kind ${T} NOT NULL,
        until ${T},
        PRIMARY KEY (document_id, start)
      );
      CREATE INDEX times_value ON times(value);
      CREATE TABLE quantities (
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text ${T} NOT NULL,
        value DOUBLE PRECISION,
        low DOUBLE PRECISION,
        high DOUBLE PRECISION,
        approx INTEGER NOT NULL,
        unit ${T},
        currency ${T},
        per ${T},
        subject ${T},
        PRIMARY KEY (document_id, start)
      );
      CREATE INDEX quantities_unit ON quantities(unit);
      CREATE TABLE entity_decisions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action ${T} NOT NULL CHECK (action IN ('merge', 'split')),
        entity_id ${T} NOT NULL,
        other_id ${T} NOT NULL,
        alias ${T},
        name ${T},
        created_at ${T} NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'event mentions, merged events, claims and contradictions',
    sql: `
      CREATE TABLE event_mentions (
        id ${T} PRIMARY KEY,
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        merged_id ${T} NOT NULL,
        family ${T} NOT NULL,
        data ${T} NOT NULL
      );
      CREATE INDEX event_mentions_merged ON event_mentions(merged_id);
      CREATE INDEX event_mentions_document ON event_mentions(document_id);
      CREATE TABLE events (
        id ${T} PRIMARY KEY,
        family ${T} NOT NULL,
        type ${T} NOT NULL,
        subtype ${T},
        quad ${T} NOT NULL,
        sources ${T} NOT NULL,
        targets ${T} NOT NULL,
        location ${T},
        time ${T},
        time_start ${T},
        time_end ${T},
        mentions INTEGER NOT NULL,
        documents INTEGER NOT NULL
      );
      CREATE INDEX events_time ON events(time_start);
      CREATE INDEX events_type ON events(type, time_start);
      CREATE INDEX events_location ON events(location, family);
      CREATE TABLE event_actors (
        event_id ${T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id ${T} NOT NULL,
        role ${T} NOT NULL,
        PRIMARY KEY (event_id, entity_id, role)
      );
      CREATE INDEX event_actors_entity ON event_actors(entity_id);
      CREATE TABLE claims (
        id ${T} PRIMARY KEY,
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind ${T} NOT NULL CHECK (kind IN ('event', 'quantity')),
        event_mention_id ${T},
        claimant ${T},
        claimant_text ${T},
        attributed INTEGER NOT NULL,
        subject ${T},
        places ${T} NOT NULL,
        statement ${T} NOT NULL,
        value DOUBLE PRECISION,
        low DOUBLE PRECISION,
        high DOUBLE PRECISION,
        approx INTEGER NOT NULL DEFAULT 0,
        unit ${T},
        force INTEGER NOT NULL DEFAULT 0,
        modality ${T},
        time ${T},
        time_start ${T},
        sentence ${T} NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
      );
      CREATE INDEX claims_document ON claims(document_id);
      CREATE INDEX claims_subject ON claims(subject, force);
      CREATE INDEX claims_claimant ON claims(claimant);
      CREATE TABLE contradictions (
        id ${T} PRIMARY KEY,
        kind ${T} NOT NULL,
        about ${T} NOT NULL,
        event_id ${T},
        subject_id ${T},
        a ${T} NOT NULL,
        b ${T} NOT NULL,
        a_document ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        b_document ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE
      );
      CREATE INDEX contradictions_event ON contradictions(event_id);
      CREATE INDEX contradictions_subject ON contradictions(subject_id);
    `,
  },
  {
    version: 4,
    name: 'order-free event components, candidate keys and entity attribute votes',
    sql: `
      ALTER TABLE event_mentions ADD COLUMN component ${T};
      UPDATE event_mentions SET component = merged_id;
      CREATE INDEX event_mentions_component ON event_mentions(component);
      ALTER TABLE events ADD COLUMN component ${T};
      ALTER TABLE events ADD COLUMN span_start ${T};
      ALTER TABLE events ADD COLUMN span_end ${T};
      ALTER TABLE events ADD COLUMN undated INTEGER NOT NULL DEFAULT 1;
      UPDATE events SET component = id;
      CREATE INDEX events_component ON events(component);
      CREATE TABLE event_keys (
        entity_id ${T} NOT NULL,
        event_id ${T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, event_id)
      );
      CREATE INDEX event_keys_event ON event_keys(event_id);
      INSERT INTO event_keys (entity_id, event_id) SELECT entity_id, event_id FROM event_actors ON CONFLICT DO NOTHING;
      INSERT INTO event_keys (entity_id, event_id) SELECT location, id FROM events WHERE location IS NOT NULL ON CONFLICT DO NOTHING;
      CREATE INDEX contradictions_order ON contradictions(kind, about, id);
      CREATE INDEX claims_forces ON claims(force, document_id, start, id);
      CREATE TABLE entity_votes (
        entity_id ${T} NOT NULL,
        field ${T} NOT NULL,
        value ${T} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, field, value)
      );
      -- A store written before votes: what each entity holds counts as the vote of every document naming it.
      INSERT INTO entity_votes SELECT id, 'name', name, greatest(documents, 1) FROM entities;
      INSERT INTO entity_votes SELECT id, 'kind', kind, greatest(documents, 1) FROM entities WHERE kind IS NOT NULL;
      INSERT INTO entity_votes SELECT id, 'country', country, greatest(documents, 1) FROM entities WHERE country IS NOT NULL;
      INSERT INTO entity_votes SELECT id, 'geo', lat::text || ',' || lon::text, greatest(documents, 1) FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'event link keys by family and time bucket; presence reports by actor',
    sql: `
      -- A report links only to reports of its time bucket (or, dated, across a quarter's end): candidates are
      -- looked up by (entity, family, bucket), so a write reads only the components of its buckets.
      CREATE TABLE event_link_keys (
        entity_id ${T} NOT NULL,
        family ${T} NOT NULL,
        bucket ${T} NOT NULL,
        event_id ${T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, family, bucket, event_id)
      );
      CREATE INDEX event_link_keys_event ON event_link_keys(event_id);
      -- Happenings written before buckets answer every bucket ('*') until a write clusters their component again.
      INSERT INTO event_link_keys (entity_id, family, bucket, event_id)
        SELECT k.entity_id, e.family, '*', k.event_id FROM event_keys k JOIN events e ON e.id = k.event_id ON CONFLICT DO NOTHING;
      DROP TABLE event_keys;
      -- Reports denying or reporting an actor's presence, by actor: presence contradictions read these few rows
      -- (the denials, the first presence reports) rather than every report of the actor's happenings.
      CREATE TABLE presence_reports (
        actor ${T} NOT NULL,
        role ${T} NOT NULL CHECK (role IN ('denial', 'presence')),
        mention_id ${T} NOT NULL,
        document_id ${T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        voice ${T} NOT NULL,
        PRIMARY KEY (actor, role, mention_id)
      );
      CREATE INDEX presence_reports_document ON presence_reports(document_id);
      CREATE INDEX presence_reports_voice ON presence_reports(actor, voice, mention_id);
      INSERT INTO presence_reports (actor, role, mention_id, document_id, voice)
        SELECT s, 'presence', m.id, m.document_id, '' FROM event_mentions m, jsonb_array_elements_text(m.data::jsonb -> 'sources') s
        WHERE m.data::jsonb ->> 'type' = 'MOBILIZE' AND m.data::jsonb ->> 'modality' IN ('asserted', 'alleged') ON CONFLICT DO NOTHING;
      INSERT INTO presence_reports (actor, role, mention_id, document_id, voice)
        SELECT t, 'denial', m.id, m.document_id,
          coalesce(m.data::jsonb -> 'attribution' ->> 'source', m.data::jsonb -> 'attribution' ->> 'text', '') || '|' || (m.data::jsonb ->> 'sentence') FROM event_mentions m, jsonb_array_elements_text(m.data::jsonb -> 'targets') t
        WHERE m.data::jsonb ->> 'type' = 'REJECT' AND m.data::jsonb ->> 'subtype' = 'deny' AND m.data::jsonb ->> 'modality' = 'asserted'
          AND NOT (m.data::jsonb -> 'sources') ? t ON CONFLICT DO NOTHING;
    `,
  },
  {
    version: 6,
    name: 'indexes for paged reads; force moves kept by triggers for the force summary',
    sql: `
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
];

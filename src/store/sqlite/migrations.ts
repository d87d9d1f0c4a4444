/**
 * Versioned schema of the SQLite store. Append a migration to change the schema; never edit one that shipped:
 * `PRAGMA user_version` records how far a database file has come.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
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
];

import { openSqliteStore } from './sqlite/sqlite-store.js';
import { openPostgresStore } from './postgres/pg-store.js';
import { maskUrl } from './postgres/connection.js';
import type { Store } from './store.js';

export const DEFAULT_DB = 'sitrep.db';

/** The store a --db value (or SITREP_DB) names: a SQLite file path, or a postgres:// (postgresql://) URL. */
export function resolveDbPath(flag?: string | null): string {
  return flag ?? process.env.SITREP_DB ?? DEFAULT_DB;
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** A store location fit for messages and logs: a URL's password masked. */
export function describeLocation(location: string): string {
  return isPostgresUrl(location) ? maskUrl(location) : location;
}

/**
 * Opens the store a location names: `postgres://user[:password]@host[:port]/database[?pool=N&schema=S]` selects
 * PostgreSQL, anything else is a SQLite file. Failures are one line (malformed URL, connection refused, missing
 * database, missing rights), with the password masked.
 */
export async function openStore(location: string): Promise<Store> {
  if (isPostgresUrl(location)) return openPostgresStore(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`unsupported store URL ${describeLocation(location).replace(/\/\/[^@/]*@/, '//…@')}: use a SQLite file path or postgres://`);
  }
  return openSqliteStore(location);
}

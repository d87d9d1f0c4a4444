import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const DEFAULT_DB = 'sitrep.db';

/** The store a --db value (or SITREP_DB) names: a SQLite file path today; server URLs come with their backend. */
export function resolveDbPath(flag?: string | null): string {
  return flag ?? process.env.SITREP_DB ?? DEFAULT_DB;
}

export async function openStore(location: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new Error(`PostgreSQL stores are not supported by this version of sitrep (${location.replace(/\/\/[^@]*@/, '//…@')})`);
  }
  return openSqliteStore(location);
}

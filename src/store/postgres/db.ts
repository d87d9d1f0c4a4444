import { createHash } from 'node:crypto';
import type pg from 'pg';

/** A connection (pooled client, inside or outside a transaction) with the few calls the store makes. */
export interface Sql {
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
  one<T>(text: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it touched. */
  run(text: string, params?: unknown[]): Promise<number>;
}

const names = new Map<string, string>();
/** Statements are prepared once per connection, under a name derived from their text. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `sitrep_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

export function sqlOf(client: pg.PoolClient | pg.Pool): Sql {
  const query = (text: string, values: unknown[] = []) => client.query({ name: statementName(text), text, values });
  return {
    rows: async <T>(text: string, params?: unknown[]) => (await query(text, params)).rows as T[],
    one: async <T>(text: string, params?: unknown[]) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text: string, params?: unknown[]) => (await query(text, params)).rowCount ?? 0,
  };
}

/** A LIMIT value: SQLite reads a negative limit as none, and so does the PostgreSQL store (NULL). */
export const limitOf = (n: number): number | null => (n < 0 ? null : n);
/** An OFFSET value: SQLite reads a negative offset as 0. */
export const offsetOf = (n: number): number => Math.max(0, n);

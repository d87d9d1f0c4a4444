import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';

/**
 * The store backends a suite runs against: SQLite always; PostgreSQL when the server of `SITREP_TEST_PG`
 * (default postgres://postgres@127.0.0.1:5432/postgres, a role that may create databases) answers. Set
 * SITREP_TEST_PG=off to skip it; when SITREP_TEST_PG is set and the server does not answer, the suite fails
 * rather than silently testing one backend.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store location: a file in `dir`, or a new database dropped when the test file ends. */
  fresh(dir: string, label: string): Promise<string>;
}

export const PG_ADMIN_URL = process.env.SITREP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const SQLITE: Backend = {
  name: 'sqlite',
  fresh: async (dir, label) => join(dir, `${label}.db`),
};

/** The URL of database `name` on the test server. */
export function pgUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const created: string[] = [];
// Registered when this module loads, on the test file's root: the databases a file created go when it ends.
after(async () => {
  if (!created.length) return;
  await admin(async (c) => {
    for (const db of created.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  });
});

export const POSTGRES: Backend = {
  name: 'postgres',
  fresh: async (_dir, label) => {
    const name = `sitrep_test_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20)}_${randomBytes(5).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
    created.push(name);
    return pgUrl(name);
  },
};

let reachable: Promise<boolean> | null = null;
/** Whether the PostgreSQL test server answers (asked once per process). */
export function postgresAvailable(): Promise<boolean> {
  if (process.env.SITREP_TEST_PG === 'off') return Promise.resolve(false);
  reachable ??= admin(async (c) => {
    await c.query('SELECT 1');
    return true;
  }).catch((err: Error) => {
    if (process.env.SITREP_TEST_PG) throw new Error(`SITREP_TEST_PG=${process.env.SITREP_TEST_PG} does not answer: ${err.message}`);
    process.stderr.write(`# PostgreSQL tests skipped: ${PG_ADMIN_URL} does not answer (${err.message})\n`);
    return false;
  });
  return reachable;
}

/** Every backend available here, SQLite first. */
export async function backends(): Promise<Backend[]> {
  return (await postgresAvailable()) ? [SQLITE, POSTGRES] : [SQLITE];
}

/** Runs a suite definition once per available backend (PostgreSQL skipped, with a reason, when absent). */
export async function forEachBackend(define: (backend: Backend) => void): Promise<void> {
  for (const b of await backends()) define(b);
}

import pg from 'pg';

/** A store URL for messages: the password (and only it) replaced by `***`. */
export function maskUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export interface PgTarget {
  /** The URL as given, without sitrep's own options, for `pg`. */
  connectionString: string;
  host: string;
  port: number;
  database: string;
  user: string;
  poolSize: number;
  /** A schema to work in (search_path), from `?schema=`; the connection's default when null. */
  schema: string | null;
  masked: string;
}

/** Reads a `postgres://` URL; its own options: `pool` (pool size, default $SITREP_PG_POOL or 10) and `schema`. */
export function parsePgUrl(url: string): PgTarget {
  const masked = maskUrl(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`malformed PostgreSQL URL ${masked}: expected postgres://user[:password]@host[:port]/database`);
  }
  if (!/^postgres(ql)?:$/i.test(u.protocol)) throw new Error(`malformed PostgreSQL URL ${masked}: the scheme must be postgres:// or postgresql://`);
  if (u.port && !/^\d+$/.test(u.port)) throw new Error(`malformed PostgreSQL URL ${masked}: bad port`);
  const poolText = u.searchParams.get('pool') ?? process.env.SITREP_PG_POOL ?? '10';
  if (!/^\d+$/.test(poolText) || Number(poolText) < 1 || Number(poolText) > 1000) {
    throw new Error(`malformed PostgreSQL URL ${masked}: pool must be a whole number from 1 to 1000`);
  }
  const schema = u.searchParams.get('schema');
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`malformed PostgreSQL URL ${masked}: schema must be a plain identifier`);
  u.searchParams.delete('pool');
  u.searchParams.delete('schema');
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return {
    connectionString: u.toString(),
    host: u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    database,
    user: decodeURIComponent(u.username) || process.env.PGUSER || 'postgres',
    poolSize: Number(poolText),
    schema,
    masked,
  };
}

/** Whole numbers come back as numbers (counts are bigint, sums numeric): sitrep's counts fit a double. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export function createPool(t: PgTarget): pg.Pool {
  const pool = new pg.Pool({
    connectionString: t.connectionString,
    max: t.poolSize,
    types: TYPES,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    application_name: 'sitrep',
    options: t.schema ? `-c search_path=${t.schema}` : undefined,
  });
  // An idle client losing its server (a restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

/** One line saying what went wrong reaching or using the database, credentials masked. */
export function describePgError(err: unknown, t: PgTarget): string {
  const e = err as NodeJS.ErrnoException & { code?: string; message: string; errors?: Error[] };
  const where = `${t.host}:${t.port}`;
  const code = e.code ?? (e.errors?.[0] as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to PostgreSQL at ${where}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to PostgreSQL at ${where}: unknown host '${t.host}'`;
    case 'ETIMEDOUT':
      return `cannot connect to PostgreSQL at ${where}: timed out`;
    case '3D000':
      return `PostgreSQL at ${where} has no database '${t.database}' (create it with: createdb -h ${t.host} -p ${t.port} ${t.database})`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused user '${t.user}': ${e.message}`;
    case '42501':
      return `PostgreSQL user '${t.user}' lacks rights on database '${t.database}': ${e.message}`;
    case '3F000':
      return `PostgreSQL database '${t.database}' has no schema '${t.schema}'`;
    default:
      if (/timeout exceeded when trying to connect/i.test(e.message)) return `cannot connect to PostgreSQL at ${where}: timed out`;
      return `PostgreSQL (${t.masked}): ${e.message}`;
  }
}

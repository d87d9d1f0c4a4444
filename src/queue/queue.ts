/**
 * The ingest job queue: pg-boss in the store's own PostgreSQL database, in a schema of its own.
 *
 * One job per document (a feed item is a document). A job carries the whole source item (content and declared
 * metadata), so a worker on any machine can analyse it without the enqueuer's files. Its id derives from the
 * content hash: enqueueing the same content again finds the job already there (pg-boss inserts with
 * ON CONFLICT DO NOTHING), and the store skips content it holds, so a document is stored once however often it
 * is queued or worked.
 */
import PgBoss from 'pg-boss';
import { sha256Hex } from '../model/ids.js';
import type { ContentFormat, SourceItem } from '../model/source.js';
import { parsePgUrl, type PgTarget } from '../store/postgres/connection.js';
import { describeLocation, isPostgresUrl } from '../store/open.js';

/** The pg-boss queue that holds ingest jobs. */
export const INGEST_QUEUE = 'sitrep-ingest';

/** What a job carries: format version 1 is one source item. */
export interface IngestJobData {
  v: 1;
  item: SourceItem;
}

/** How a job is retried and when a silent worker's job is taken back; fixed when the job is enqueued. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** Seconds before the first retry; doubled (with jitter) on each later one. */
  retryDelaySeconds: number;
  /**
   * Seconds a worker may hold a job: a worker that dies (kill -9, a lost machine) loses it after this, and it is
   * retried. Must exceed the longest analysis of one document.
   */
  timeoutSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, retryDelaySeconds: 10, timeoutSeconds: 300 };

export interface QueueTarget {
  pg: PgTarget;
  /** The schema pg-boss keeps its tables in: beside the store's tables, never among them. */
  schema: string;
}

/** The queue that belongs to a store location; a SQLite store has none. */
export function queueTarget(location: string): QueueTarget {
  if (!isPostgresUrl(location)) {
    throw new QueueError(`the job queue needs a PostgreSQL store (--db postgres://…), not the SQLite file ${describeLocation(location)}`);
  }
  const pg = parsePgUrl(location);
  return { pg, schema: `${pg.schema ?? 'sitrep'}_queue` };
}

export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

export interface BossOptions {
  /** Take back jobs of workers that died (a worker does; `queue add` and `queue status` need not). */
  supervise?: boolean;
  /** How often expired jobs are looked for, in seconds (pg-boss runs it once per interval across all workers). */
  maintenanceIntervalSeconds?: number;
}

/** Connects pg-boss to the queue schema (creating it on first use) and makes sure the ingest queue exists. */
export async function openBoss(target: QueueTarget, options: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: target.pg.connectionString,
    schema: target.schema,
    max: Math.min(target.pg.poolSize, 4),
    application_name: 'sitrep-queue',
    supervise: options.supervise ?? false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    schedule: false,
    migrate: true,
    // Completed and failed jobs stay visible to `queue status` for a week, then are archived and dropped.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
  });
  // pg-boss reports background errors as events; an unhandled 'error' event would crash the worker.
  boss.on('error', (err: Error) => process.stderr.write(`sitrep: queue: ${err.message}\n`));
  try {
    await boss.start();
    await boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, policy: 'standard' });
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new QueueError(`cannot open the job queue at ${target.pg.masked}: ${(err as Error).message}`);
  }
  return boss;
}

/** A job's id: a UUID derived from the document's content hash, so the same content is one job. */
export function jobIdFor(contentHash: string): string {
  const h = sha256Hex(`sitrep-ingest\u0000${contentHash}`);
  // Shaped as an RFC 4122 name-based UUID (version 5 bits, variant 10xx) for PostgreSQL's uuid type.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type EnqueueOutcome = 'queued' | 'present' | 'requeued';

/**
 * Enqueues one document. `present`: a job for this content is already queued, active or done; `requeued`: it had
 * failed for good and is queued again.
 */
export async function enqueueItem(boss: PgBoss, item: SourceItem, policy: RetryPolicy = DEFAULT_RETRY): Promise<EnqueueOutcome> {
  const id = jobIdFor(item.contentHash);
  const data: IngestJobData = { v: 1, item };
  const created = await boss.send(INGEST_QUEUE, data, {
    id,
    retryLimit: policy.retries,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: policy.timeoutSeconds,
  });
  if (created) return 'queued';
  const existing = await boss.getJobById(INGEST_QUEUE, id);
  if (existing?.state === 'failed' || existing?.state === 'cancelled') {
    await boss.retry(INGEST_QUEUE, id);
    return 'requeued';
  }
  return 'present';
}

const FORMATS: readonly ContentFormat[] = ['text', 'markdown', 'html'];

/** The source item a job carries, checked: a job written by another program or version fails with a reason. */
export function itemOfJob(data: unknown): SourceItem {
  const d = data as Partial<IngestJobData> | null;
  if (!d || typeof d !== 'object' || d.v !== 1) throw new Error('malformed job: not a sitrep ingest job (format version 1)');
  const it = d.item as Partial<SourceItem> | undefined;
  if (!it || typeof it !== 'object') throw new Error('malformed job: no document');
  if (typeof it.source !== 'string' || !it.source) throw new Error('malformed job: the document has no source');
  if (typeof it.contentHash !== 'string' || !/^[0-9a-f]{64}$/.test(it.contentHash)) throw new Error(`malformed job: ${it.source}: no content hash`);
  if (typeof it.content !== 'string') throw new Error(`malformed job: ${it.source}: no content`);
  if (!FORMATS.includes(it.format as ContentFormat)) throw new Error(`malformed job: ${it.source}: unknown format '${String(it.format)}'`);
  if (!it.declared || typeof it.declared !== 'object') throw new Error(`malformed job: ${it.source}: no metadata`);
  if (!Array.isArray(it.repairs)) throw new Error(`malformed job: ${it.source}: no repairs list`);
  return it as SourceItem;
}

export interface FailedJob {
  id: string;
  source: string;
  error: string;
  attempts: number;
  failedAt: string | null;
}

export interface QueueStatus {
  queued: number;
  active: number;
  done: number;
  failed: number;
  /** Of the queued jobs, those waiting for a retry after a failed attempt. */
  retrying: number;
  failures: FailedJob[];
}

/** A job's last error, as pg-boss keeps it (a serialised Error, or `{ value: { message } }` for a timeout). */
function errorOf(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } | unknown } | null;
  if (!o) return 'unknown error';
  if (typeof o.message === 'string') return o.message;
  const value = o.value as { message?: unknown } | string | undefined;
  if (typeof value === 'string') return value;
  if (value && typeof value.message === 'string') return value.message;
  return JSON.stringify(output);
}

/** Counts by state (kept and archived jobs alike) and the jobs that failed for good, with their errors. */
export async function queueStatus(boss: PgBoss, schema: string, failureLimit = 100): Promise<QueueStatus> {
  const db = boss.getDb();
  const counts = await db.executeSql(
    `SELECT state::text AS state, count(*)::int AS n FROM (
       SELECT state FROM ${schema}.job WHERE name = $1
       UNION ALL SELECT state FROM ${schema}.archive WHERE name = $1 AND state IN ('completed', 'failed')
     ) jobs GROUP BY state`,
    [INGEST_QUEUE],
  );
  const by = new Map<string, number>((counts.rows as { state: string; n: number }[]).map((r) => [r.state, Number(r.n)]));
  const failed = await db.executeSql(
    `SELECT id::text AS id, data #>> '{item,source}' AS source, output, retry_count AS attempts, completed_on
       FROM ${schema}.job WHERE name = $1 AND state = 'failed'
     UNION ALL
     SELECT id::text, data #>> '{item,source}', output, retry_count, completed_on
       FROM ${schema}.archive WHERE name = $1 AND state = 'failed'
     ORDER BY completed_on DESC NULLS LAST, id LIMIT $2`,
    [INGEST_QUEUE, failureLimit],
  );
  type FailedRow = { id: string; source: string | null; output: unknown; attempts: number; completed_on: Date | null };
  return {
    queued: (by.get('created') ?? 0) + (by.get('retry') ?? 0),
    retrying: by.get('retry') ?? 0,
    active: by.get('active') ?? 0,
    done: by.get('completed') ?? 0,
    failed: by.get('failed') ?? 0,
    failures: (failed.rows as FailedRow[]).map((r) => ({
      id: r.id,
      source: r.source ?? '(unknown source)',
      error: errorOf(r.output),
      attempts: Number(r.attempts) + 1,
      failedAt: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    })),
  };
}

/** Jobs not yet finished (queued, waiting to retry, or held by a worker): zero means the queue is drained. */
export async function pendingJobs(boss: PgBoss, schema: string): Promise<number> {
  const r = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state < 'completed'`, [INGEST_QUEUE]);
  return Number((r.rows[0] as { n: number }).n);
}

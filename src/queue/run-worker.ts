/**
 * `sitrep worker`: takes ingest jobs from the queue and stores their documents until stopped.
 *
 * Each of `concurrency` slots fetches one job at a time (FOR UPDATE SKIP LOCKED: no two workers get the same
 * job), analyses its document and writes it with `putAnalysis`, whose transaction takes the store's advisory write
 * lock, so cross-document resolution sees one write at a time from any number of processes and machines. A job
 * whose content the store already holds completes at once (`unchanged`). A failed attempt is retried with
 * exponential backoff up to the job's retry limit, then stays failed with its error. A worker killed outright
 * leaves its jobs active; after the job timeout any live worker's maintenance puts them back for a retry.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { Store } from '../store/store.js';
import { createAnalyzer } from './analysis-pool.js';
import { INGEST_QUEUE, itemOfJob, openBoss, pendingJobs, type QueueTarget } from './queue.js';

export interface WorkerOptions {
  /** Jobs worked at once (each analysed in its own thread when more than one). */
  concurrency: number;
  /** Stop once no job is queued, retrying or held by any worker (tests, benchmarks, batch runs). */
  exitWhenIdle?: boolean;
  /** Seconds between two looks at an empty queue. */
  pollSeconds?: number;
  /** Seconds between two looks for jobs of dead workers (see `openBoss`). */
  maintenanceSeconds?: number;
  /** After a stop request, seconds to let active jobs finish before they are handed back to the queue. */
  graceSeconds?: number;
  /** Aborting it stops the worker: no new jobs; active ones finish within the grace period or are released. */
  signal?: AbortSignal;
  /** One line per job and per problem. */
  log?: (line: string) => void;
  /**
   * Test hook: milliseconds to pause inside every job, after it is taken and before it is analysed, so a test can
   * kill or stop a worker while it holds a job. Announced by a `holding job` log line.
   */
  pauseInJobMs?: number;
}

export interface WorkerSummary {
  jobs: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Attempts that failed (the queue retries them or keeps them failed). */
  failed: number;
  /** Jobs handed back to the queue unfinished at shutdown. */
  released: number;
}

/** Works the queue until `signal` aborts (or, with `exitWhenIdle`, the queue is drained). */
export async function runWorker(target: QueueTarget, store: Store, options: WorkerOptions): Promise<WorkerSummary> {
  const log = options.log ?? (() => {});
  const pollMs = Math.max(50, (options.pollSeconds ?? 1) * 1000);
  const summary: WorkerSummary = { jobs: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0, released: 0 };
  const boss = await openBoss(target, { supervise: true, maintenanceIntervalSeconds: options.maintenanceSeconds });
  const analyzer = createAnalyzer(options.concurrency);
  const active = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  const stop = (): void => stopping.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();

  const work = async (job: PgBoss.Job<unknown>): Promise<void> => {
    summary.jobs++;
    try {
      const item = itemOfJob(job.data);
      if (options.pauseInJobMs) {
        log(`holding job ${job.id} (${item.source})`);
        await sleep(options.pauseInJobMs);
      }
      const state = await store.sourceState(item.source);
      let result: { id: string; status: 'inserted' | 'updated' | 'unchanged' };
      if (state?.contentHash === item.contentHash) result = { id: state.documentId, status: 'unchanged' };
      else result = await store.putAnalysis(await analyzer.analyse(item));
      summary[result.status]++;
      await boss.complete(INGEST_QUEUE, job.id, { document: result.id, status: result.status });
      log(`${item.source}: ${result.status} ${result.id}`);
    } catch (err) {
      summary.failed++;
      const message = (err as Error)?.message ?? String(err);
      log(`job ${job.id} failed: ${message}`);
      await boss.fail(INGEST_QUEUE, job.id, { message }).catch((e: Error) => log(`job ${job.id}: could not record the failure: ${e.message}`));
    }
  };

  const slot = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      let jobs: PgBoss.Job<unknown>[];
      try {
        jobs = await boss.fetch<unknown>(INGEST_QUEUE, { batchSize: 1 });
      } catch (err) {
        log(`cannot fetch jobs: ${(err as Error).message}`);
        jobs = [];
      }
      const job = jobs[0];
      if (!job) {
        if (options.exitWhenIdle && active.size === 0) {
          const pending = await pendingJobs(boss, target.schema).catch((err: Error) => {
            log(`cannot count pending jobs: ${err.message}`);
            return -1;
          });
          if (pending === 0) stop();
        }
        await sleep(pollMs, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      const running = work(job);
      active.set(job.id, running);
      await running;
      active.delete(job.id);
    }
  };

  try {
    const slots = Array.from({ length: options.concurrency }, () => slot());
    await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
    // Stopped: active jobs finish within the grace period; those still running after it go back to the queue.
    const grace = sleep((options.graceSeconds ?? 30) * 1000, 'timeout' as const, { ref: false });
    const finished = Promise.all(slots).then(() => 'finished' as const);
    if ((await Promise.race([finished, grace])) === 'timeout' && active.size) {
      const ids = [...active.keys()];
      summary.released += ids.length;
      log(`releasing ${ids.length} unfinished job(s) to the queue`);
      const reason = { message: 'the worker stopped before finishing this job; released for a retry' };
      for (const id of ids) await boss.fail(INGEST_QUEUE, id, reason);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await analyzer.close();
    await boss.stop({ graceful: false, wait: true, close: true });
  }
  return summary;
}

/**
 * Server mode on the command line: `sitrep queue add|status` and `sitrep worker`, over the pg-boss job queue
 * that lives in the PostgreSQL store's database (src/queue/).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { IngestError } from '../ingest/errors.js';
import { DEFAULT_MAX_BYTES, expandPaths, readSource } from '../ingest/read.js';
import { MAX_JOBS } from '../pipeline/parallel.js';
import { DEFAULT_RETRY, enqueueItem, openBoss, queueStatus, queueTarget, type EnqueueOutcome, type QueueStatus, type RetryPolicy } from '../queue/queue.js';
import { runWorker } from '../queue/run-worker.js';
import { openStore, resolveDbPath } from '../store/open.js';

export interface QueueCommandContext {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Sets the exit code of the command being run. */
  setExitCode: (code: number) => void;
  /** Parses `--max-size` as `sitrep ingest` does. */
  parseSize: (value: string) => number;
}

const DB_OPTION = ['--db <url>', 'the PostgreSQL store whose queue to use (default: $SITREP_DB)'] as const;

function wholeNumber(min: number, max: number, what: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
    return Number(value);
  };
}

function seconds(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected seconds from ${min} to ${max}`);
    return n;
  };
}

function formatStatus(status: QueueStatus, where: string): string {
  const lines = [
    `queue at ${where}: ${status.queued} queued${status.retrying ? ` (${status.retrying} waiting to retry)` : ''}, ${status.active} active, ${status.done} done, ${status.failed} failed`,
  ];
  if (status.failures.length) {
    lines.push('failed:');
    for (const f of status.failures) lines.push(`  ${f.source}: ${f.error} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}${f.failedAt ? `, ${f.failedAt}` : ''})`);
    if (status.failed > status.failures.length) lines.push(`  … and ${status.failed - status.failures.length} more (--json lists up to 1000)`);
  }
  return lines.join('\n');
}

/** Adds `queue add`, `queue status` and `worker` to the sitrep program. */
export function registerQueueCommands(program: Command, ctx: QueueCommandContext): void {
  const queue = program.command('queue').description('the PostgreSQL job queue that spreads ingestion over worker processes');

  queue
    .command('add')
    .description('enqueue one job per document in files, folders (recursively), feeds or - (stdin)')
    .argument('<paths...>', 'files, folders or -')
    .option(...DB_OPTION)
    .option('--max-size <size>', 'largest input accepted', ctx.parseSize, DEFAULT_MAX_BYTES)
    .option('--retries <n>', `attempts after the first when a job fails (default ${DEFAULT_RETRY.retries})`, wholeNumber(0, 100, 'a number'), DEFAULT_RETRY.retries)
    .option('--retry-delay <s>', `seconds before the first retry, doubled each time (default ${DEFAULT_RETRY.retryDelaySeconds})`, seconds(1, 86_400), DEFAULT_RETRY.retryDelaySeconds)
    .option('--job-timeout <s>', `seconds a worker may hold a job before it is retried elsewhere (default ${DEFAULT_RETRY.timeoutSeconds})`, seconds(1, 86_400), DEFAULT_RETRY.timeoutSeconds)
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'print only errors')
    .action(async (paths: string[], opts: { db?: string; maxSize: number; retries: number; retryDelay: number; jobTimeout: number; json?: boolean; quiet?: boolean }) => {
      const target = queueTarget(resolveDbPath(opts.db));
      const policy: RetryPolicy = { retries: opts.retries, retryDelaySeconds: Math.ceil(opts.retryDelay), timeoutSeconds: Math.ceil(opts.jobTimeout) };
      const boss = await openBoss(target);
      const counts: Record<EnqueueOutcome, number> = { queued: 0, present: 0, requeued: 0 };
      const { files, errors } = await expandPaths(paths);
      const failures: IngestError[] = [...errors];
      try {
        for (const file of files) {
          try {
            for (const item of await readSource(file, { maxBytes: opts.maxSize })) counts[await enqueueItem(boss, item, policy)]++;
          } catch (err) {
            if (!(err instanceof IngestError)) throw err;
            failures.push(err);
          }
        }
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      for (const f of failures) ctx.err(`sitrep: ${f.file}: ${f.reason}`);
      const documents = counts.queued + counts.present + counts.requeued;
      if (opts.json) {
        ctx.out(JSON.stringify({ files: files.length, documents, ...counts, failures: failures.map((f) => ({ file: f.file, reason: f.reason })) }));
      } else if (!opts.quiet) {
        ctx.out(`queued ${counts.queued} of ${documents} document${documents === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}` +
          `${counts.present ? `; ${counts.present} already queued or done` : ''}${counts.requeued ? `; ${counts.requeued} failed before and queued again` : ''}` +
          `${failures.length ? `; ${failures.length} unreadable` : ''}`);
      }
      if (failures.length) ctx.setExitCode(1);
    });

  queue
    .command('status')
    .description('jobs queued, active, done and failed (with the error of each failed one)')
    .option(...DB_OPTION)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const target = queueTarget(resolveDbPath(opts.db));
      const boss = await openBoss(target);
      try {
        const status = await queueStatus(boss, target.schema, opts.json ? 1000 : 20);
        ctx.out(opts.json ? JSON.stringify(status) : formatStatus(status, target.pg.masked));
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    });

  program
    .command('worker')
    .description('take ingest jobs from the queue and store their documents until stopped (SIGTERM or Ctrl-C)')
    .option(...DB_OPTION)
    .option('-c, --concurrency <n>', 'jobs worked at once, each analysed in its own thread (default 1)', wholeNumber(1, MAX_JOBS, 'a number of jobs'), 1)
    .option('--exit-when-idle', 'stop once no job is queued, retrying or held by any worker')
    .option('--poll <s>', 'seconds between two looks at an empty queue (default 1)', seconds(0.05, 3600), 1)
    .option('--grace <s>', 'after SIGTERM, seconds active jobs may take to finish before they are released to the queue (default 30)', seconds(0, 3600), 30)
    .option('--maintenance <s>', 'seconds between two looks for jobs of dead workers (default 30)', seconds(1, 3600), 30)
    .option('-q, --quiet', 'print only errors and the final summary')
    .action(async (opts: { db?: string; concurrency: number; exitWhenIdle?: boolean; poll: number; grace: number; maintenance: number; quiet?: boolean }) => {
      const location = resolveDbPath(opts.db);
      const target = queueTarget(location);
      const store = await openStore(location);
      const stop = new AbortController();
      // The first signal stops the worker gracefully; a second one ends it at once (its jobs come back after their timeout).
      const onSignal = (): void => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      const pause = Number(process.env.SITREP_TEST_PAUSE_IN_JOB_MS ?? 0);
      try {
        const summary = await runWorker(target, store, {
          concurrency: opts.concurrency,
          exitWhenIdle: opts.exitWhenIdle,
          pollSeconds: opts.poll,
          graceSeconds: opts.grace,
          maintenanceSeconds: Math.ceil(opts.maintenance),
          signal: stop.signal,
          pauseInJobMs: Number.isFinite(pause) && pause > 0 ? pause : undefined,
          log: (line) => (opts.quiet && !/failed|cannot|releasing/.test(line) ? undefined : ctx.err(`sitrep worker: ${line}`)),
        });
        ctx.err(
          `sitrep worker: stopped after ${summary.jobs} job${summary.jobs === 1 ? '' : 's'}: ${summary.inserted} inserted, ${summary.updated} updated, ` +
            `${summary.unchanged} unchanged, ${summary.failed} failed attempt${summary.failed === 1 ? '' : 's'}${summary.released ? `, ${summary.released} released` : ''}`,
        );
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await store.close();
      }
    });
}

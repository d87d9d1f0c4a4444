import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { readSource } from '../../src/ingest/read.js';
import { INGEST_QUEUE, openBoss, queueTarget, type QueueStatus } from '../../src/queue/queue.js';
import { openStore } from '../../src/store/open.js';
import type { StoreStats } from '../../src/store/store.js';
import { POSTGRES, postgresAvailable } from '../helpers/backends.js';
import { BIN, sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { normalisePicture } from './picture.js';

const samples = join(PACKAGE_ROOT, 'samples');
/** Short timings so that retries, expiry and draining take seconds, not minutes. */
const QUICK_JOBS = ['--retries', '2', '--retry-delay', '1', '--job-timeout', '2'];
const QUICK_WORKER = ['--poll', '0.1', '--maintenance', '1'];

interface RunningWorker {
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** Resolves when its stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(db: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunningWorker {
  const child = spawn(process.execPath, [BIN, 'worker', '--db', db, ...QUICK_WORKER, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const l of listeners) l();
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    log: () => stderr,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(stderr)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker did not print ${pattern} within ${timeoutMs} ms; it printed:\n${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

async function drained(worker: RunningWorker): Promise<void> {
  const { code, signal } = await worker.exited;
  assert.equal(code, 0, `worker exited with ${code ?? signal}:\n${worker.log()}`);
}

function status(db: string): QueueStatus {
  const r = sitrep(['queue', 'status', '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as QueueStatus;
}

async function stats(db: string): Promise<StoreStats> {
  const store = await openStore(db);
  try {
    return await store.stats();
  } finally {
    await store.close();
  }
}

/** Sends raw job data straight to the queue, as another program (or a duplicate delivery) would. */
async function sendRaw(db: string, jobs: { id?: string; data: object }[], retryLimit = 2): Promise<void> {
  const target = queueTarget(db);
  const boss = await openBoss(target);
  try {
    for (const job of jobs) await boss.send(INGEST_QUEUE, job.data, { ...(job.id ? { id: job.id } : {}), retryLimit, retryDelay: 1, retryBackoff: true, expireInSeconds: 5 });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Invented articles, one per file, in a fresh folder. */
function articles(dir: string, count: number): string {
  const folder = join(dir, `articles-${count}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(folder);
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(folder, `report-${i}.txt`),
      `Flooding closes port number ${i}\n\nOfficials in Ruritania said on Monday that ${i + 3} ships were stranded after heavy rain ` +
        `flooded the harbour district. The Ruritanian coast guard rescued ${10 + i} sailors, according to a spokesperson.\n`,
    );
  }
  return folder;
}

const available = await postgresAvailable();
describe('job queue and workers (postgres)', { skip: !available && 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {
  const dir = tempDir();
  const fresh = (label: string): Promise<string> => POSTGRES.fresh(dir, label);

  it('enqueues one job per document, once per content, and reports unreadable input in one line', async () => {
    const db = await fresh('enqueue');
    const first = sitrep(['queue', 'add', samples, '--db', db, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const added = JSON.parse(first.stdout) as { documents: number; queued: number; present: number };
    assert.equal(added.documents, 8, 'a feed or JSON Lines item is a document');
    assert.equal(added.queued, 8);

    // The same content again, also under another name: no new job.
    const copy = join(dir, 'copy-of-a-sample.txt');
    copyFileSync(join(samples, 'france-ends-barkhane.txt'), copy);
    const again = sitrep(['queue', 'add', samples, copy, '--db', db, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout), { files: 7, documents: 9, queued: 0, present: 9, requeued: 0, failures: [] });

    const bad = join(dir, 'empty.txt');
    writeFileSync(bad, '');
    const broken = sitrep(['queue', 'add', bad, join(dir, 'missing.md'), '--db', db]);
    assert.equal(broken.code, 1);
    assert.deepEqual(broken.stderr.trim().split('\n').sort(), [`sitrep: ${bad}: empty file`, `sitrep: ${join(dir, 'missing.md')}: no such file or folder`]);

    const s = status(db);
    assert.deepEqual({ queued: s.queued, active: s.active, done: s.done, failed: s.failed }, { queued: 8, active: 0, done: 0, failed: 0 });
    const text = sitrep(['queue', 'status', '--db', db]);
    assert.match(text.stdout, /8 queued, 0 active, 0 done, 0 failed/);
    assert.doesNotMatch(text.stdout, /@[^/]*:[^/@]*@/, 'no password shown');
  });

  it('refuses a SQLite store with a clear line', () => {
    for (const args of [['queue', 'add', samples], ['queue', 'status'], ['worker']]) {
      const r = sitrep([...args, '--db', join(dir, 'store.db')]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /^sitrep: the job queue needs a PostgreSQL store \(--db postgres:\/\/…\), not the SQLite file .*store\.db\n$/);
    }
  });

  it('a worker killed with SIGKILL in the middle of a job: the job is retried elsewhere, nothing lost or duplicated', async () => {
    const db = await fresh('kill');
    const reference = await fresh('kill_reference');
    const folder = articles(dir, 3);
    assert.equal(sitrep(['queue', 'add', folder, samples, '--db', db, ...QUICK_JOBS, '-q']).code, 0);

    const doomed = startWorker(db, [], { SITREP_TEST_PAUSE_IN_JOB_MS: '60000' });
    await doomed.waitFor(/holding job/);
    doomed.child.kill('SIGKILL');
    assert.equal((await doomed.exited).signal, 'SIGKILL');
    assert.equal(status(db).active, 1, 'the dead worker still holds its job');

    const survivor = startWorker(db, ['--exit-when-idle']);
    await drained(survivor);
    const s = status(db);
    assert.deepEqual({ queued: s.queued, active: s.active, done: s.done, failed: s.failed }, { queued: 0, active: 0, done: 11, failed: 0 });

    assert.equal(sitrep(['ingest', folder, samples, '--db', reference, '--jobs', '1', '-q']).code, 0);
    const [got, want] = await Promise.all([stats(db), stats(reference)]);
    assert.equal(got.documents, 11);
    for (const key of ['documents', 'sources', 'mentions', 'times', 'quantities', 'eventMentions', 'claims'] as const) {
      assert.equal(got[key], want[key], `${key}: as a plain ingest`);
    }
  });

  it('the same document given to two workers at once is stored once', async () => {
    const db = await fresh('twice');
    const [item] = await readSource(join(articles(dir, 1), 'report-0.txt'));
    // Two jobs with the same document: a duplicate delivery, as when a job timed out while its worker still ran.
    await sendRaw(db, [{ data: { v: 1, item: item! } }, { data: { v: 1, item: item! } }]);

    const pause = { SITREP_TEST_PAUSE_IN_JOB_MS: '2000' };
    const workers = [startWorker(db, ['--exit-when-idle'], pause), startWorker(db, ['--exit-when-idle'], pause)];
    await Promise.all(workers.map((w) => w.waitFor(/holding job/)));
    await Promise.all(workers.map(drained));
    const outcomes = workers.map((w) => /: (inserted|unchanged) doc_/.exec(w.log())?.[1]).sort();
    assert.deepEqual(outcomes, ['inserted', 'unchanged']);
    const s = await stats(db);
    assert.equal(s.documents, 1);
    assert.equal(s.sources, 1);
  });

  it('a job that always fails is retried with backoff, then kept failed with its error', async () => {
    const db = await fresh('failing');
    await sendRaw(db, [{ data: { v: 1, item: { source: 'wire/broken-item.json' } } }], 2);
    const started = Date.now();
    const worker = startWorker(db, ['--exit-when-idle']);
    await drained(worker);
    assert.equal((worker.log().match(/failed: malformed job/g) ?? []).length, 3, 'the first attempt and two retries');
    assert.ok(Date.now() - started >= 2000, 'retries wait (1 s, then about 2 s and more)');
    const s = status(db);
    assert.equal(s.failed, 1);
    assert.deepEqual(s.failures.map((f) => [f.source, f.error, f.attempts]), [['wire/broken-item.json', 'malformed job: wire/broken-item.json: no content hash', 3]]);
    const text = sitrep(['queue', 'status', '--db', db]);
    assert.match(text.stdout, /0 queued, 0 active, 0 done, 1 failed\nfailed:\n {2}wire\/broken-item\.json: malformed job: wire\/broken-item\.json: no content hash \(3 attempts/);
  });

  it('SIGTERM while a job is active: the job finishes and the worker exits 0', async () => {
    const db = await fresh('term');
    assert.equal(sitrep(['queue', 'add', articles(dir, 2), '--db', db, '-q']).code, 0);
    const worker = startWorker(db, [], { SITREP_TEST_PAUSE_IN_JOB_MS: '1000' });
    await worker.waitFor(/holding job/);
    worker.child.kill('SIGTERM');
    await drained(worker);
    const s = status(db);
    assert.deepEqual({ queued: s.queued, active: s.active, done: s.done }, { queued: 1, active: 0, done: 1 }, 'it finished its job and took no other');
    assert.equal((await stats(db)).documents, 1);
  });

  it('SIGTERM with no grace period: the active job is released to the queue and done later', async () => {
    const db = await fresh('release');
    assert.equal(sitrep(['queue', 'add', articles(dir, 1), '--db', db, ...QUICK_JOBS, '-q']).code, 0);
    const worker = startWorker(db, ['--grace', '0'], { SITREP_TEST_PAUSE_IN_JOB_MS: '1500' });
    await worker.waitFor(/holding job/);
    worker.child.kill('SIGTERM');
    await drained(worker);
    assert.match(worker.log(), /releasing 1 unfinished job/);
    const s = status(db);
    assert.deepEqual({ queued: s.queued, active: s.active, done: s.done, failed: s.failed }, { queued: 1, active: 0, done: 0, failed: 0 });
    await drained(startWorker(db, ['--exit-when-idle']));
    assert.equal(status(db).done, 1);
    assert.equal((await stats(db)).documents, 1);
  });

  describe('the seed corpus through the queue', { skip: !hasShared && 'no ../shared' }, () => {
    const seeds = sharedPath('corpus', 'seeds');
    const picture = (db: string): ReturnType<typeof normalisePicture> => {
      const out = (command: string): string => {
        const r = sitrep([command, '--json', '--db', db]);
        assert.equal(r.code, 0, r.stderr);
        return r.stdout;
      };
      return normalisePicture(out('entities'), out('timeline'), out('contradictions'));
    };
    let oneWorker: string;

    it('one worker stores what a sequential ingest stores', async () => {
      oneWorker = await fresh('seeds_1');
      const sequential = await fresh('seeds_ingest');
      assert.equal(sitrep(['queue', 'add', seeds, '--db', oneWorker, '-q']).code, 0);
      await drained(startWorker(oneWorker, ['--exit-when-idle']));
      assert.equal(sitrep(['ingest', seeds, '--db', sequential, '--jobs', '1', '-q']).code, 0);
      assert.deepEqual(picture(oneWorker), picture(sequential));
    });

    it('four worker processes give the same entities, events and contradictions as one', async () => {
      const fourWorkers = await fresh('seeds_4');
      assert.equal(sitrep(['queue', 'add', seeds, '--db', fourWorkers, '-q']).code, 0);
      const workers = Array.from({ length: 4 }, () => startWorker(fourWorkers, ['--exit-when-idle']));
      await Promise.all(workers.map(drained));
      assert.equal(status(fourWorkers).done, 5);
      const [one, four] = [picture(oneWorker), picture(fourWorkers)];
      assert.deepEqual(four.entities, one.entities, 'entities');
      assert.deepEqual(four.events, one.events, 'events');
      assert.deepEqual(four.contradictions, one.contradictions, 'contradictions');
    });
  });
});

// The store at scale, scaled down: short generated documents ingested (through the CLI) into one store that grows
// step by step to each size; at each size, the ingest cost of the step and query latency through the Store
// interface; at the largest, adding 1,000 documents vs. 1,000 into an empty store, and re-ingesting them unchanged.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_YEARS, writeCorpus } from './corpus.mjs';
import { ingest, runJson, ROOT } from './cli.mjs';

const SHORT = { mean: 800, min: 600, max: 1000, sigma: 0.15 };
const dbSize = (db) => ['', '-wal'].reduce((a, s) => a + (existsSync(db + s) ? statSync(db + s).size : 0), 0);

/** Documents in a store file (0 when there is none). */
function documentsIn(db) {
  if (!existsSync(db)) return 0;
  const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare('SELECT count(*) AS n FROM documents').get().n;
  } finally {
    raw.close();
  }
}

/** The same documents ingested into the large store and into an empty one: times and their ratios. */
const compared = (large, empty) => ({
  largeWallSeconds: large.wallSeconds,
  largeCpuSeconds: large.cpuSeconds,
  emptyWallSeconds: empty.wallSeconds,
  emptyCpuSeconds: empty.cpuSeconds,
  ratioWall: large.wallSeconds / empty.wallSeconds,
  ratioCpu: large.cpuSeconds && empty.cpuSeconds ? large.cpuSeconds / empty.cpuSeconds : null,
});

/**
 * `store`: a store file to grow further (kept afterwards) instead of a new one in `work`; sizes it already
 * reaches are skipped. Generated text depends only on its seed, so the seeds of a continued run are offset by
 * the documents already there: the same seeds would give the same texts, which the store already holds.
 */
export async function runScale(sources, { sizes, work, seed: baseSeed, jobs, log, store = null, onStep = () => {} }) {
  mkdirSync(work, { recursive: true });
  const db = store ?? join(work, 'scale.db');
  if (!store) for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const startDocuments = documentsIn(db);
  const seed = baseSeed + startDocuments;
  if (startDocuments) log(`scale: continuing ${db} from ${startDocuments} documents`);
  const steps = [];
  let count = startDocuments;
  for (const [k, size] of sizes.entries()) {
    const n = size - count;
    if (n <= 0) continue;
    const dir = join(work, `scale-step-${k}`);
    const gen = writeCorpus(sources, { dir, seed: seed + 1000 + k, docs: n, lengths: SHORT, startIndex: count });
    log(`scale: ingesting ${n} documents (${(gen.bytes / 1e6).toFixed(1)} MB) → ${size}${jobs ? ` with --jobs ${jobs}` : ''}`);
    const run = await ingest(dir, db, { jobs });
    rmSync(dir, { recursive: true, force: true });
    count = size;
    log(`scale: ${size} documents: step ${run.wallSeconds.toFixed(0)} s wall, ${run.cpuSeconds?.toFixed(0)} s CPU, peak RSS ${run.peakRssMB?.toFixed(0)} MB; querying`);
    const q = await runJson([join(ROOT, 'bench/scale-queries.mjs'), db, '--iterations', '60']);
    steps.push({
      documents: size,
      stepDocuments: n,
      stepBytes: gen.bytes,
      stepWallSeconds: run.wallSeconds,
      stepCpuSeconds: run.cpuSeconds,
      msPerDocument: (1000 * run.wallSeconds) / n,
      cpuMsPerDocument: run.cpuSeconds ? (1000 * run.cpuSeconds) / n : null,
      ingestPeakRssMB: run.peakRssMB,
      failures: run.summary?.failures?.length ?? null,
      dbMB: dbSize(db) / 1e6,
      stats: q.stats,
      latency: q.latency,
      slowSql: q.slowSql,
    });
    // A long run keeps what it measured so far.
    onStep({ db, jobs, documentLength: SHORT, startDocuments, steps });
  }
  // Incremental: 1,000 new documents into the large store, the same 1,000 into an empty one, then unchanged again.
  const addDir = join(work, 'scale-add');
  writeCorpus(sources, { dir: addDir, seed: seed + 9999, docs: 1000, lengths: SHORT, startIndex: count });
  log('scale: adding 1,000 documents to the large store');
  const large = await ingest(addDir, db, { jobs });
  const emptyDb = join(work, 'scale-empty.db');
  for (const s of ['', '-wal', '-shm']) rmSync(emptyDb + s, { force: true });
  log('scale: the same 1,000 documents into an empty store');
  const empty = await ingest(addDir, emptyDb, { jobs });
  const again = await ingest(addDir, db, { jobs });
  rmSync(addDir, { recursive: true, force: true });
  // News that comes after what the store holds (the years after the generated ones): a store kept up to date grows
  // this way, while the 1,000 above fill in the store's own years.
  const laterDir = join(work, 'scale-later');
  const laterYears = { from: DEFAULT_YEARS.to + 1, to: DEFAULT_YEARS.to + 2 };
  writeCorpus(sources, { dir: laterDir, seed: seed + 7777, docs: 1000, lengths: SHORT, startIndex: count + 1000, years: laterYears });
  log(`scale: adding 1,000 documents dated ${laterYears.from}–${laterYears.to} to the large store`);
  const laterLarge = await ingest(laterDir, db, { jobs });
  const laterEmptyDb = join(work, 'scale-later-empty.db');
  for (const s of ['', '-wal', '-shm']) rmSync(laterEmptyDb + s, { force: true });
  log('scale: the same 1,000 later documents into an empty store');
  const laterEmpty = await ingest(laterDir, laterEmptyDb, { jobs });
  rmSync(laterDir, { recursive: true, force: true });
  const addLater1000 = { storeDocuments: count + 1000, years: laterYears, ...compared(laterLarge, laterEmpty) };
  const add1000 = { storeDocuments: count, ...compared(large, empty), unchangedWallSeconds: again.wallSeconds };
  return { db, jobs, documentLength: SHORT, startDocuments, steps, add1000, addLater1000 };
}

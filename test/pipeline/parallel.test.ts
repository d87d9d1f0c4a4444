import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { ingestPaths, type IngestOptions, type IngestSummary } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/open.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('sitrep-parallel-');
const samples = join(PACKAGE_ROOT, 'samples');
const seeds = sharedPath('corpus', 'seeds');
const crashingWorker = new URL('./crashing-worker.js', import.meta.url);
let dbCount = 0;

const newDb = (): string => join(dir, `store-${dbCount++}.db`);

async function ingestInto(db: string, paths: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const store = await openStore(db);
  try {
    return await ingestPaths(paths, store, options);
  } finally {
    await store.close();
  }
}

/** Everything the store holds, row by row, without the wall-clock columns. */
function dump(db: string): Record<string, string[]> {
  const raw = new Database(db, { readonly: true });
  try {
    const tables = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%' ORDER BY name").all();
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      out[name] = raw
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => {
          const r = row as Record<string, unknown>;
          delete r.ingested_at;
          delete r.updated_at;
          delete r.created_at;
          return JSON.stringify(r);
        })
        .sort();
    }
    return out;
  } finally {
    raw.close();
  }
}

/** The summary without its timing, failures as `file: reason` lines. */
function outcome(s: IngestSummary): unknown {
  return { ...s, seconds: undefined, failures: s.failures.map((f) => `${f.file}: ${f.reason}`) };
}

/** Ingests `paths` with --jobs 1 and with `jobs`, and checks both stores and summaries are the same. */
async function assertSameAsSequential(paths: string[], jobs: number, options: IngestOptions = {}): Promise<{ db: string; summary: IngestSummary }> {
  const one = newDb();
  const many = newDb();
  const s1 = await ingestInto(one, paths, { ...options, jobs: 1 });
  const sN = await ingestInto(many, paths, { ...options, jobs });
  assert.deepEqual(outcome(sN), outcome(s1));
  const [d1, dN] = [dump(one), dump(many)];
  assert.ok(d1.documents!.length > 0);
  for (const table of Object.keys(d1)) assert.deepEqual(dN[table], d1[table], `table ${table}`);
  return { db: many, summary: sN };
}

describe('parallel ingest (worker threads)', () => {
  it('stores exactly what --jobs 1 stores over the samples (feeds, JSONL, gzip, HTML)', async () => {
    const { summary } = await assertSameAsSequential([samples], 2);
    assert.deepEqual([summary.files, summary.documents, summary.inserted, summary.failures.length], [6, 8, 8, 0]);
    await assertSameAsSequential([samples], 3);
  });

  it('stores exactly what --jobs 1 stores over the seed corpus and the samples together', { skip: !hasShared || !existsSync(seeds) }, async () => {
    await assertSameAsSequential([seeds, samples], 2);
  });

  it('skips unchanged sources on a second run, and --force analyses again as --jobs 1 does', async () => {
    const db = newDb();
    const first = await ingestInto(db, [samples], { jobs: 2 });
    const before = dump(db);
    const again = await ingestInto(db, [samples], { jobs: 2 });
    assert.deepEqual([again.documents, again.inserted, again.updated, again.unchanged], [first.documents, 0, 0, first.documents]);
    assert.deepEqual(dump(db), before);

    const forcedOne = newDb();
    await ingestInto(forcedOne, [samples], { jobs: 1 });
    const f1 = await ingestInto(forcedOne, [samples], { jobs: 1, force: true });
    const f2 = await ingestInto(db, [samples], { jobs: 2, force: true });
    assert.deepEqual(outcome(f2), outcome(f1));
  });

  it('analyses items before hearing they are unchanged, and still writes only what changed', async () => {
    // Grace 0: every worker analyses every item at once, as it does while the writer is busy committing.
    const { db, summary } = await assertSameAsSequential([samples, join(samples, 'france-ends-barkhane.txt')], 3, { decisionGraceMs: 0 });
    assert.equal(summary.unchanged, 1, 'the repeat is unchanged');
    const before = dump(db);
    const again = await ingestInto(db, [samples], { jobs: 3, decisionGraceMs: 0 });
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, summary.documents - 1]);
    assert.deepEqual(dump(db), before);
  });

  it('names each failing file, ingests the others, and keeps the order of the failures', async () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    for (const f of readdirSync(samples)) copyFileSync(join(samples, f), join(mixed, f));
    writeFileSync(join(mixed, 'a-empty.txt'), '');
    writeFileSync(join(mixed, 'b-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    writeFileSync(join(mixed, 'c-broken.json'), '{"title": "x", "text": ');
    writeFileSync(join(mixed, 'd-notgzip.txt.gz'), 'plain text');
    const { summary } = await assertSameAsSequential([mixed, join(dir, 'no-such-folder')], 2);
    assert.equal(summary.inserted, 8);
    const failed = summary.failures.map((f) => f.file);
    assert.deepEqual(failed, [join(dir, 'no-such-folder'), join(mixed, 'a-empty.txt'), join(mixed, 'b-binary.txt'), join(mixed, 'c-broken.json'), join(mixed, 'd-notgzip.txt.gz')]);
    assert.ok(summary.failures.every((f) => f.message.startsWith(`${f.file}: `) && !f.reason.includes('\n')));
  });

  it('handles a source met twice in one run, and standard input, as --jobs 1 does', async () => {
    const file = join(samples, 'france-ends-barkhane.txt');
    const { summary } = await assertSameAsSequential([file, samples, file], 2);
    assert.equal(summary.unchanged, 2, 'the repeats are unchanged');
    const text = readFileSync(join(samples, 'moura-killings.html'));
    await assertSameAsSequential(['-', samples], 2, { stdin: async () => text });
  });

  it('reports a worker crash for the file it was analysing, replaces the worker and ingests the rest', async () => {
    const corpus = join(dir, 'crashing');
    mkdirSync(corpus);
    const text = readFileSync(join(samples, 'france-ends-barkhane.txt'), 'utf8');
    const names = ['01.txt', '02.txt', '03-crash-me.txt', '04.txt', '05.txt', '06.txt', '07.txt'];
    names.forEach((name, i) => writeFileSync(join(corpus, name), `Copy ${i}.\n\n${text}`));
    const db = newDb();
    const summary = await ingestInto(db, [corpus], { jobs: 2, workerScript: crashingWorker });
    assert.deepEqual(
      summary.failures.map((f) => [f.file, f.reason]),
      [[join(corpus, '03-crash-me.txt'), 'the analysis crashed (exit code 9)']],
    );
    assert.deepEqual([summary.files, summary.documents, summary.inserted], [7, 6, 6]);
    const stored = dump(db).sources!.map((r) => (JSON.parse(r) as { source: string }).source);
    assert.deepEqual(stored, names.filter((n) => !n.includes('crash')).map((n) => join(corpus, n)));
  });

  it('stops between documents when aborted, keeping whole documents; a second run finishes the job', async () => {
    const db = newDb();
    const stop = new AbortController();
    const first = await ingestInto(db, [samples], {
      jobs: 2,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.filesDone === 2) stop.abort();
      },
    });
    assert.equal(first.interrupted, true);
    assert.equal(dump(db).documents!.length, first.inserted);
    assert.ok(first.inserted >= 1 && first.inserted < 8);
    const second = await ingestInto(db, [samples], { jobs: 2 });
    assert.equal(second.interrupted, false);
    assert.equal(second.inserted + second.unchanged, 8);
    assert.equal(second.unchanged, first.inserted);
  });

  it('fails the run when the workers cannot start', async () => {
    const store = await openStore(newDb());
    try {
      await assert.rejects(ingestPaths([samples], store, { jobs: 2, workerScript: new URL('./no-such-worker.js', import.meta.url) }), /cannot start an ingest worker/);
    } finally {
      await store.close();
    }
  });
});

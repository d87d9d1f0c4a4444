// Server mode on PostgreSQL: documents/s through the job queue with 1, 2 and 4 worker processes (each with
// --concurrency 1), a fresh database per run, the settings taken in turn within each round so a busy phase of
// the machine hits all alike; medians over rounds. Then query latency through the Store interface on the
// PostgreSQL store of the last run (the largest size run here): p50/p95/p99 per query kind.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeCorpus, rng } from './corpus.mjs';
import { ROOT } from './cli.mjs';

const HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
const BIN = join(ROOT, 'bin/sitrep.js');
export const PG_ADMIN = process.env.SITREP_BENCH_PG ?? process.env.SITREP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function admin(sql) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function urlOf(database) {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${database}`;
  return u.toString();
}

/** sitrep ARGS with the CPU/RSS hook → { wallSeconds, cpuSeconds, peakRssMB, code, stderr }. */
function timed(args, tag) {
  const rssFile = join(tmpdir(), `sitrep-bench-rss-${process.pid}-${tag}.json`);
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', HOOK, BIN, ...args], { env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      let rss = {};
      try {
        rss = JSON.parse(readFileSync(rssFile, 'utf8'));
      } catch {}
      rmSync(rssFile, { force: true });
      resolve({ wallSeconds: (performance.now() - t) / 1000, cpuSeconds: rss.cpuSeconds ?? null, peakRssMB: rss.peakRssMB ?? null, code, stderr });
    });
  });
}

/** Query latency through the Store interface (the kinds bench/scale-queries.mjs times on SQLite). */
async function queryLatency(url, iterations = 60) {
  const { openStore } = await import(new URL('../../dist/src/store/open.js', import.meta.url));
  const store = await openStore(url);
  try {
    const r = rng(7);
    const stats = await store.stats();
    const top = await store.listEntities({ limit: 40 });
    const tail = await store.listEntities({ limit: 200, offset: Math.max(0, Math.floor(stats.entities / 2)) });
    const names = [...top.map((e) => e.name), ...tail.map((e) => e.name)];
    const words = ['troops', 'withdrawal', 'killed civilians', 'junta', 'peacekeepers', 'mission mandate', 'attack', 'mercenaries', 'coup', 'drone strike'];
    const terms = [...words, ...names.slice(0, 30).map((n) => n.split(/\s+/).at(-1))];
    const kinds = {
      search: () => store.search(r.pick(terms), { limit: 20 }),
      'timeline(entity)': () => store.timeline({ entity: r.pick(names) }),
      getEntity: () => store.getEntity(r.pick(names)),
      contradictions: () => store.contradictions(),
      forces: () => store.forces(),
    };
    const latency = {};
    for (const [kind, fn] of Object.entries(kinds)) {
      await fn();
      const ms = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        await fn();
        ms.push(performance.now() - t);
      }
      latency[kind] = { n: ms.length, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: Math.max(...ms) };
    }
    return { documents: stats.documents, entities: stats.entities, events: stats.events, latency };
  } finally {
    await store.close();
  }
}

export async function runQueueBench(sources, { work, seed, docs, runs, workers, log }) {
  const dir = join(work, 'queue-corpus');
  const corpus = writeCorpus(sources, { dir, seed: seed + 77, docs, lengths: { mean: 4500, min: 1200, max: 14000 } });
  log(`pg: corpus ${corpus.docs} documents, ${(corpus.bytes / 1e6).toFixed(1)} MB; PostgreSQL ${new URL(PG_ADMIN).host}`);
  const samples = Object.fromEntries(workers.map((w) => [w, []]));
  const enqueue = [];
  let last = null;
  for (let round = 0; round < runs; round++) {
    for (const w of workers) {
      const database = `sitrep_bench_q${w}_${process.pid}_${round}`;
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8'`);
      const url = urlOf(database);
      const add = await timed(['queue', 'add', dir, '--db', url, '--quiet'], `add-${w}-${round}`);
      if (add.code !== 0) throw new Error(`sitrep queue add exited ${add.code}: ${add.stderr.slice(0, 500)}`);
      enqueue.push(add);
      log(`pg round ${round + 1}/${runs}: ${w} worker process${w > 1 ? 'es' : ''}`);
      const t = performance.now();
      const procs = await Promise.all(
        Array.from({ length: w }, (_, i) => timed(['worker', '--db', url, '--exit-when-idle', '--poll', '0.2', '--quiet'], `w${w}-${round}-${i}`)),
      );
      const wallSeconds = (performance.now() - t) / 1000;
      const bad = procs.find((p) => p.code !== 0);
      if (bad) throw new Error(`sitrep worker exited ${bad.code}: ${bad.stderr.slice(-500)}`);
      const perWorker = procs.map((p) => Number(/after (\d+) job/.exec(p.stderr)?.[1] ?? NaN));
      samples[w].push({ wallSeconds, cpuSeconds: procs.reduce((a, p) => a + (p.cpuSeconds ?? 0), 0), peakRssMB: Math.max(...procs.map((p) => p.peakRssMB ?? 0)), jobsPerWorker: perWorker });
      if (last) await admin(`DROP DATABASE IF EXISTS ${last} WITH (FORCE)`);
      last = database;
    }
  }
  log(`pg: query latency on ${corpus.docs} documents`);
  const queries = await queryLatency(urlOf(last));
  await admin(`DROP DATABASE IF EXISTS ${last} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
  const settings = {};
  for (const w of workers) {
    const s = samples[w];
    const wall = median(s.map((x) => x.wallSeconds));
    const cpu = median(s.map((x) => x.cpuSeconds));
    settings[w] = { wallSeconds: wall, cpuSeconds: cpu, documentsPerSecond: corpus.docs / wall, cpuMsPerDocument: (cpu * 1000) / corpus.docs, peakRssMB: Math.max(...s.map((x) => x.peakRssMB)), runs: s };
  }
  const base = settings[workers[0]];
  for (const w of workers) settings[w].speedup = base.wallSeconds / settings[w].wallSeconds;
  return {
    documents: corpus.docs,
    MB: corpus.bytes / 1e6,
    enqueue: { wallSeconds: median(enqueue.map((e) => e.wallSeconds)), documentsPerSecond: corpus.docs / median(enqueue.map((e) => e.wallSeconds)) },
    workers: settings,
    queries,
  };
}

/** Whether the PostgreSQL server for the bench answers. */
export function pgAvailable() {
  const r = spawnSync(process.execPath, ['-e', `const pg=require('pg');const c=new pg.Client({connectionString:${JSON.stringify(PG_ADMIN)},connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`], { cwd: ROOT });
  return r.status === 0;
}

// npm run bench [-- options]: sitrep's per-document pipeline side by side with peers over the same generated
// text (each in its own process, pinned to one core, medians of several runs), parallel ingest scaling and
// re-ingest through the CLI, optionally the store at scale; prints a table and writes bench/results/<date>.json.
//
// Options:
//   --size MB          corpus size for the peer comparison (default 20)
//   --runs N           runs per peer and per ingest setting (default 3; medians)
//   --seed N           corpus seed (default 20240601)
//   --peers a,b        only these peers (sitrep,wink,compromise,chrono,regex)
//   --ingest-docs N    documents for the ingest scaling and re-ingest runs (default 300; 0 skips)
//   --scale N[,N…]     the store at scale: short documents, cumulative sizes (off by default)
//   --scale-store FILE grow this store file instead of a new one (kept; sizes it already reaches are skipped)
//   --pg               server mode on PostgreSQL ($SITREP_BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres):
//                      documents/s through the job queue with 1, 2 and 4 worker processes, and query latency
//   --pg-docs N        documents for the --pg runs (default 200)
//   --profile          a CPU profile of sitrep's pipeline (node --cpu-prof), summarised per stage
//   --out FILE         results file (default bench/results/<date>.json)
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { listCorpus, loadSources, writeCorpus } from './lib/corpus.mjs';
import { hasJobs, hasTaskset, ingest, ROOT, runJson } from './lib/cli.mjs';
import { runScale } from './lib/scale.mjs';
import { pgAvailable, runQueueBench } from './lib/queue-bench.mjs';
import { summarise } from './lib/profile.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const sizeMB = Number(opt('size', 20));
const runs = Math.max(1, Number(opt('runs', 3)));
const seed = Number(opt('seed', 20240601));
const peers = opt('peers', 'sitrep,wink,compromise,chrono,regex').split(',').filter(Boolean);
const ingestDocs = Number(opt('ingest-docs', 300));
const scaleSizes = opt('scale', '') ? opt('scale', '').split(',').map((s) => Number(s.replace(/_/g, ''))).sort((a, b) => a - b) : [];
const work = join(os.tmpdir(), `sitrep-bench-${process.pid}`);
const log = (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

function machine() {
  const version = (p) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  let commit = null;
  let dirty = null;
  try {
    commit = execSync('git rev-parse HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execSync('git status --porcelain -- src', { cwd: ROOT, encoding: 'utf8' }).trim().length > 0;
  } catch {}
  return {
    cpu: os.cpus()[0]?.model ?? null,
    cores: os.cpus().length,
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    pinnedToOneCore: hasTaskset(),
    loadAverageAtStart: load(),
    commit,
    srcModified: dirty,
    versions: { 'wink-nlp': version('wink-nlp'), 'wink-eng-lite-web-model': version('wink-eng-lite-web-model'), compromise: version('compromise'), 'chrono-node': version('chrono-node'), 'better-sqlite3': version('better-sqlite3') },
  };
}

async function comparePeers(corpusDir) {
  const samples = Object.fromEntries(peers.map((p) => [p, []]));
  for (let r = 0; r < runs; r++) {
    // Round robin, so a slow phase of the machine hits every peer alike.
    for (const p of peers) {
      log(`run ${r + 1}/${runs}: ${p}`);
      samples[p].push(await runJson([join(ROOT, 'bench/runners', `${p}.mjs`), corpusDir], { pin: 0 }));
    }
  }
  const rows = {};
  for (const p of peers) {
    const s = samples[p];
    const mb = s[0].bytes / 1e6;
    const cpu = median(s.map((x) => x.cpuSeconds));
    const wall = median(s.map((x) => x.wallSeconds));
    rows[p] = {
      documents: s[0].documents,
      MB: mb,
      cpuSeconds: cpu,
      wallSeconds: wall,
      mbPerSecondCpu: mb / cpu,
      mbPerSecondWall: mb / wall,
      documentsPerSecondCpu: s[0].documents / cpu,
      peakRssMB: Math.max(...s.map((x) => x.peakRssMB)),
      runs: s.map((x) => ({ cpuSeconds: x.cpuSeconds, wallSeconds: x.wallSeconds, peakRssMB: x.peakRssMB })),
      ...(p === 'sitrep' ? { stageCpuSeconds: Object.fromEntries(Object.keys(s[0].stageSeconds).map((k) => [k, median(s.map((x) => x.stageSeconds[k]))])) } : {}),
    };
  }
  return rows;
}

async function ingestRuns(sourceDir) {
  const dir = join(work, 'ingest-corpus');
  mkdirSync(dir, { recursive: true });
  const files = listCorpus(sourceDir).slice(0, ingestDocs);
  for (const f of files) cpSync(f, join(dir, f.split('/').at(-1)));
  const bytes = files.reduce((a, f) => a + readFileSync(f).length, 0);
  const jobs = hasJobs();
  const settings = jobs ? [1, 2] : [null];
  const out = { documents: files.length, MB: bytes / 1e6, jobsAvailable: jobs, runs: [] };
  for (let r = 0; r < runs; r++) {
    for (const j of settings) {
      const db = join(work, `ingest-${j ?? 'x'}-${r}.db`);
      log(`ingest run ${r + 1}/${runs}${j ? ` --jobs ${j}` : ''} (${files.length} documents)`);
      const first = await ingest(dir, db, { jobs: j });
      const again = await ingest(dir, db, { jobs: j });
      out.runs.push({ jobs: j, first: { wallSeconds: first.wallSeconds, cpuSeconds: first.cpuSeconds, peakRssMB: first.peakRssMB, summary: first.summary }, again: { wallSeconds: again.wallSeconds, unchanged: again.summary?.unchanged } });
      for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
    }
  }
  const of = (j) => out.runs.filter((x) => x.jobs === j);
  for (const j of settings) {
    out[`jobs${j ?? ''}`] = {
      wallSeconds: median(of(j).map((x) => x.first.wallSeconds)),
      cpuSeconds: median(of(j).map((x) => x.first.cpuSeconds)),
      peakRssMB: Math.max(...of(j).map((x) => x.first.peakRssMB)),
      reingestWallSeconds: median(of(j).map((x) => x.again.wallSeconds)),
    };
  }
  const base = out[jobs ? 'jobs1' : 'jobs'];
  out.reingestRatio = base.wallSeconds / base.reingestWallSeconds;
  if (jobs) out.speedup2 = out.jobs1.wallSeconds / out.jobs2.wallSeconds;
  return out;
}

async function profileSitrep(corpusDir) {
  const dir = join(work, 'profile');
  rmSync(dir, { recursive: true, force: true });
  log('profiling sitrep (node --cpu-prof)');
  await runJson(['--cpu-prof', `--cpu-prof-dir=${dir}`, join(ROOT, 'bench/runners/sitrep.mjs'), corpusDir], { pin: 0 });
  const s = summarise(readdirSync(dir).map((f) => join(dir, f)), 40);
  return s;
}

const f = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const pad = (s, n) => String(s).padStart(n);

const started = new Date();
const out = opt('out', join(ROOT, 'bench/results', `${started.toISOString().slice(0, 10)}.json`));
function writeResults(results) {
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
}

async function main() {
  mkdirSync(work, { recursive: true });
  const info = machine();
  log(`machine: ${info.cores} × ${info.cpu}, load ${info.loadAverageAtStart.join(' ')}`);
  const sources = await loadSources(ROOT, join(ROOT, 'dist'));
  const corpusDir = join(work, 'corpus');
  const t = performance.now();
  const corpus = writeCorpus(sources, { dir: corpusDir, seed, bytes: sizeMB * 1e6, lengths: { mean: 4500, min: 1200, max: 14000 } });
  log(`corpus: ${corpus.docs} documents, ${(corpus.bytes / 1e6).toFixed(1)} MB from ${sources.docs.length} source documents (${sources.docs.reduce((a, d) => a + d.paragraphs.flat().length, 0)} sentences) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const results = {
    date: started.toISOString(),
    machine: info,
    corpus: { seed, documents: corpus.docs, MB: corpus.bytes / 1e6, sourceDocuments: sources.docs.length, sourceFiles: sources.files.map((x) => x.replace(ROOT, '')) },
    method: 'Each peer in its own process (taskset -c 0 when available) over the same files, read into memory first; 50 documents of warm-up; one timed pass; medians over runs. MB/s on CPU time (user+system) is primary: the machine is shared; wall is reported too.',
    peers: null,
    ratios: null,
    ratiosWall: null,
  };
  if (peers.length) {
    results.peers = await comparePeers(corpusDir);
    if (results.peers.sitrep) {
      results.ratios = {};
      results.ratiosWall = {};
      for (const p of peers.filter((x) => x !== 'sitrep')) {
        results.ratios[p] = results.peers.sitrep.mbPerSecondCpu / results.peers[p].mbPerSecondCpu;
        results.ratiosWall[p] = results.peers.sitrep.mbPerSecondWall / results.peers[p].mbPerSecondWall;
      }
      results.targets = {
        'sitrep ≥ 0.5× wink-nlp': results.ratios.wink !== undefined ? results.ratios.wink >= 0.5 : null,
        'sitrep ≥ 8× compromise': results.ratios.compromise !== undefined ? results.ratios.compromise >= 8 : null,
      };
    }
  }
  if (ingestDocs > 0) {
    results.ingest = await ingestRuns(corpusDir);
    if (results.ingest.speedup2 !== undefined) results.targets = { ...results.targets, '--jobs 2 ≥ 1.7× --jobs 1': results.ingest.speedup2 >= 1.7 };
    results.targets = { ...results.targets, 're-ingest unchanged ≥ 20× faster': results.ingest.reingestRatio >= 20 };
  }
  if (flag('pg')) {
    if (!pgAvailable()) throw new Error('--pg: the PostgreSQL server ($SITREP_BENCH_PG) does not answer');
    results.pg = await runQueueBench(sources, { work, seed, docs: Number(opt('pg-docs', 200)), runs, workers: [1, 2, 4], log });
    const last = Object.entries(results.pg.queries.latency);
    results.targets = { ...results.targets, [`PostgreSQL p95 < 100 ms at ${results.pg.queries.documents} documents`]: last.every(([, l]) => l.p95 < 100) };
  }
  // The profile reads the ingest run's documents (fewer, so quicker) when there are any, else the peers' corpus.
  if (flag('profile')) {
    writeResults({ ...results, partial: true });
    results.profile = await profileSitrep(ingestDocs > 0 ? join(work, 'ingest-corpus') : corpusDir);
  }
  if (scaleSizes.length) {
    results.scale = await runScale(sources, { sizes: scaleSizes, work: join(work, 'scale'), seed, jobs: hasJobs() ? 2 : null, log, store: opt('scale-store', null),
      onStep: (partial) => writeResults({ ...results, scale: { ...partial, db: undefined }, partial: true }),
    });
    delete results.scale.db;
    const last = results.scale.steps.at(-1);
    // The issue's queries as a user's list or page reads them; the unpaged exports ("export: …") grow with what they
    // return and are reported apart, as items a second.
    if (last) {
      const reads = Object.entries(last.latency).filter(([k]) => !k.startsWith('export:'));
      results.targets = { ...results.targets, [`p95 < 100 ms at ${last.documents} documents (lists and pages; exports apart)`]: reads.every(([, l]) => l.p95 < 100) };
    }
    const a = results.scale.add1000;
    results.targets = { ...results.targets, [`+1,000 documents at ${a.storeDocuments} ≈ into an empty store (CPU ratio ≤ 1.3)`]: (a.ratioCpu ?? a.ratioWall) <= 1.3 };
    const later = results.scale.addLater1000;
    if (later) results.targets = { ...results.targets, [`+1,000 later documents at ${later.storeDocuments} ≈ into an empty store (CPU ratio ≤ 1.3)`]: (later.ratioCpu ?? later.ratioWall) <= 1.3 };
  }
  results.machine.loadAverageAtEnd = load();
  results.seconds = (Date.now() - started.getTime()) / 1000;

  // The table.
  const lines = [];
  if (results.peers) {
    lines.push(`Per-document throughput, one core, ${f(corpus.bytes / 1e6, 1)} MB / ${corpus.docs} documents, median of ${runs} (load ${info.loadAverageAtStart[0]})`);
    lines.push(`${'peer'.padEnd(11)}${pad('MB/s CPU', 10)}${pad('MB/s wall', 11)}${pad('docs/s', 9)}${pad('CPU s', 9)}${pad('wall s', 9)}${pad('peak RSS', 10)}${pad('sitrep ×', 10)}`);
    for (const p of peers) {
      const r = results.peers[p];
      const ratio = p === 'sitrep' ? '' : results.ratios ? `${f(results.ratios[p], 3)}` : '';
      lines.push(`${p.padEnd(11)}${pad(f(r.mbPerSecondCpu), 10)}${pad(f(r.mbPerSecondWall), 11)}${pad(f(r.documentsPerSecondCpu, 0), 9)}${pad(f(r.cpuSeconds, 1), 9)}${pad(f(r.wallSeconds, 1), 9)}${pad(`${f(r.peakRssMB, 0)} MB`, 10)}${pad(ratio, 10)}`);
    }
    if (results.peers.sitrep) {
      const st = results.peers.sitrep.stageCpuSeconds;
      const mb = results.peers.sitrep.MB;
      lines.push(`sitrep by stage (wall inside the runner, MB/s): ${Object.entries(st).map(([k, v]) => `${k} ${f(mb / v, 1)}`).join(' · ')}`);
    }
  }
  if (results.ingest) {
    const i = results.ingest;
    lines.push('');
    lines.push(`Ingest through the CLI, ${i.documents} documents (${f(i.MB, 1)} MB), fresh store each run, median of ${runs}`);
    if (i.jobsAvailable) {
      lines.push(`  --jobs 1: ${f(i.jobs1.wallSeconds, 1)} s wall (${f(i.jobs1.cpuSeconds, 1)} s CPU, ${f(i.jobs1.peakRssMB, 0)} MB)   --jobs 2: ${f(i.jobs2.wallSeconds, 1)} s wall (${f(i.jobs2.cpuSeconds, 1)} s CPU, ${f(i.jobs2.peakRssMB, 0)} MB)   speedup ${f(i.speedup2)}×`);
    } else lines.push(`  --jobs is not available in this build: parallel scaling skipped; single process ${f(i.jobs.wallSeconds, 1)} s`);
    lines.push(`  re-ingest unchanged: ${f(results.ingest[i.jobsAvailable ? 'jobs1' : 'jobs'].reingestWallSeconds, 2)} s → ${f(i.reingestRatio, 1)}× faster than the first ingest`);
  }
  if (results.scale) {
    lines.push('');
    lines.push(`Store at scale (short documents ${results.scale.documentLength.min}–${results.scale.documentLength.max} chars, --jobs ${results.scale.jobs ?? '(none)'}${results.scale.startDocuments ? `, continuing a store of ${results.scale.startDocuments}` : ''}): step ingest cost and query latency p50/p95/p99 ms`);
    for (const s of results.scale.steps) {
      lines.push(`  ${s.documents} docs: step ${f(s.msPerDocument, 1)} ms/doc wall (${f(s.cpuMsPerDocument, 1)} CPU), peak RSS ${f(s.ingestPeakRssMB, 0)} MB, store ${f(s.dbMB, 0)} MB`);
      for (const [k, l] of Object.entries(s.latency)) {
        const rate = k.startsWith('export:') && l.meanResults ? `, ${f((1000 * l.meanResults) / l.p50, 0)} items/s` : '';
        lines.push(`    ${k.padEnd(18)} ${f(l.p50, 1)} / ${f(l.p95, 1)} / ${f(l.p99, 1)}  (n=${l.n}${rate})`);
      }
    }
    const a = results.scale.add1000;
    lines.push(`  +1,000 documents: ${f(a.largeWallSeconds, 1)} s into the ${a.storeDocuments}-document store vs ${f(a.emptyWallSeconds, 1)} s into an empty one (${f(a.ratioWall)}×; CPU ${f(a.ratioCpu)}×); unchanged again ${f(a.unchangedWallSeconds, 1)} s`);
    const later = results.scale.addLater1000;
    if (later) lines.push(`  +1,000 later documents (dated ${later.years.from}–${later.years.to}): ${f(later.largeWallSeconds, 1)} s into the ${later.storeDocuments}-document store vs ${f(later.emptyWallSeconds, 1)} s into an empty one (${f(later.ratioWall)}×; CPU ${f(later.ratioCpu)}×)`);
  }
  if (results.pg) {
    const q = results.pg;
    lines.push('');
    lines.push(`PostgreSQL job queue, ${q.documents} documents (${f(q.MB, 1)} MB), fresh database each run, median of ${runs}; enqueue ${f(q.enqueue.documentsPerSecond, 0)} docs/s`);
    for (const [w, s] of Object.entries(q.workers)) {
      lines.push(`  ${w} worker process${w === '1' ? ' ' : 'es'}: ${f(s.documentsPerSecond, 1)} docs/s wall (${f(s.wallSeconds, 1)} s), ${f(s.cpuMsPerDocument, 0)} ms CPU/doc over all processes, speedup ${f(s.speedup)}×, peak RSS ${f(s.peakRssMB, 0)} MB per process`);
    }
    lines.push(`  queries on the PostgreSQL store (${q.queries.documents} documents, ${q.queries.entities} entities, ${q.queries.events} events) p50 / p95 / p99 ms:`);
    for (const [k, l] of Object.entries(q.queries.latency)) lines.push(`    ${k.padEnd(18)} ${f(l.p50, 1)} / ${f(l.p95, 1)} / ${f(l.p99, 1)}  (n=${l.n})`);
  }
  if (results.targets) {
    lines.push('');
    for (const [k, v] of Object.entries(results.targets)) lines.push(`  ${v === null ? '—' : v ? 'met   ' : 'MISSED'}  ${k}`);
  }
  const table = lines.join('\n');
  results.table = table;
  writeResults(results);
  process.stdout.write(`${table}\n\nresults: ${out}\n`);
  if (!flag('keep')) rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 1;
});

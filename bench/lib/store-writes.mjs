// The store's writer alone: short generated documents are analysed once (untimed), then written with
// `putAnalysis` into one growing store; prints the writer's CPU time per document for each step of sizes.
// Usage: node bench/lib/store-writes.mjs --sizes 500,1000,2000 [--db /tmp/x.db | --db postgres://…/fresh_db] [--seed N]
//   [--length short|news] (short: 600–1000 characters, the default; news: 1200–14000, mean 4500, as `npm run bench`)
// On PostgreSQL it also counts the statements sent per document written (BEGIN and COMMIT included).
import { rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSources, writeCorpus, listCorpus } from './corpus.mjs';
import { ROOT } from './cli.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '500,1000,2000').split(',').map(Number);
const seed = Number(opt('seed', '20240601'));
const LENGTHS = { short: { mean: 800, min: 600, max: 1000, sigma: 0.15 }, news: { mean: 4500, min: 1200, max: 14000 } };
const lengths = LENGTHS[opt('length', 'short')];
if (!lengths) throw new Error(`--length: short or news`);
const db = opt('db', join(tmpdir(), `sitrep-store-writes-${process.pid}.db`));
const dist = join(ROOT, 'dist');
const { openStore } = await import(join(dist, 'src/store/open.js'));
const { analyzeItem } = await import(join(dist, 'src/pipeline/pipeline.js'));
const { toAnalysis } = await import(join(dist, 'src/model/doc.js'));
const { readSource } = await import(join(dist, 'src/ingest/read.js'));

let statements = 0;
if (db.startsWith('postgres')) {
  const pg = (await import('pg')).default;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...params) {
    statements++;
    return query.apply(this, params);
  };
}
if (!db.startsWith('postgres')) for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
const sources = await loadSources(ROOT, dist);
const dir = join(tmpdir(), `sitrep-store-writes-corpus-${process.pid}`);
writeCorpus(sources, { dir, seed, docs: sizes.at(-1), lengths });
const files = listCorpus(dir);
const store = await openStore(db);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let done = 0;
const rows = [];
for (const size of sizes) {
  const analyses = [];
  for (const file of files.slice(done, size)) {
    for (const item of await readSource(file)) analyses.push(toAnalysis(analyzeItem(item)));
  }
  const t0 = cpu();
  const s0 = statements;
  const w0 = performance.now();
  for (const a of analyses) await store.putAnalysis(a);
  const ms = cpu() - t0;
  const perDoc = (statements - s0) / analyses.length;
  rows.push({ from: done, to: size, documents: analyses.length, writerCpuMsPerDoc: ms / analyses.length, writerWallMsPerDoc: (performance.now() - w0) / analyses.length, ...(statements ? { statementsPerDoc: perDoc } : {}) });
  console.log(`${String(done).padStart(7)} → ${String(size).padStart(7)}: writer ${(ms / analyses.length).toFixed(2)} ms CPU/doc, ${((performance.now() - w0) / analyses.length).toFixed(2)} ms wall/doc (${analyses.length} docs)${statements ? `, ${perDoc.toFixed(1)} statements/doc` : ''}`);
  done = size;
}
console.log(JSON.stringify({ db, stats: await store.stats(), rows }));
await store.close();
rmSync(dir, { recursive: true, force: true });

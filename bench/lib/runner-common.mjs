// Shared by every runner: read the corpus into memory (untimed), warm up on the first documents (untimed), then
// time one pass over every document and print one JSON line: bytes, documents, wall and CPU seconds, peak RSS.
import { readFileSync } from 'node:fs';
import { listCorpus } from './corpus.mjs';

export async function runPeer(name, setup) {
  const dir = process.argv[2];
  if (!dir) throw new Error(`usage: ${name} CORPUS_DIR`);
  const texts = listCorpus(dir).map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const loadStart = performance.now();
  const { process: processDoc, extra } = await setup();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  // Warm-up, untimed, the same for every peer: the first documents up to WARM_BYTES (at least 50 documents). The
  // figure is the steady state of a long ingest. V8 keeps optimising sitrep's larger code base for the first
  // megabytes (a fresh 2 MB pass after 2 MB of warm-up runs about 2.5× faster than the first), while word-level
  // caches barely matter (fresh text runs within a few % of text already seen), so warming up on part of the corpus
  // measures speed, not compilation.
  const WARM_BYTES = Number(process.env.BENCH_WARM_BYTES ?? 2_000_000);
  let warm = 0;
  for (let seen = 0; warm < texts.length && (warm < 50 || seen < WARM_BYTES); warm++) seen += Buffer.byteLength(texts[warm]);
  let sink = 0;
  for (let i = 0; i < warm; i++) sink += processDoc(texts[i], i, false);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i++) sink += processDoc(texts[i], i, true);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const out = {
    peer: name,
    documents: texts.length,
    bytes,
    wallSeconds: wall,
    cpuSeconds: (c.user + c.system) / 1e6,
    loadSeconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    outputs: sink,
    ...(extra ? extra() : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

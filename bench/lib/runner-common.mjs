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
  // Warm-up: the engine compiles the hot paths and lazy data loads once.
  const warm = Math.min(texts.length, 50);
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

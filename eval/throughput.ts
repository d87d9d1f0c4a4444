import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeItem } from '../src/pipeline/pipeline.js';
import { sha256Hex } from '../src/model/ids.js';
import type { SourceItem } from '../src/model/source.js';
import type { EvalSection } from './report.js';

/**
 * A quick throughput figure for the per-document pipeline (clean → segment → extract) on seed-derived text, one
 * core, so every eval run shows it next to the quality figures. The formal benchmark with peers is `npm run bench`.
 */
export function evaluateThroughput(sharedDir: string, targetBytes = 2_000_000): EvalSection {
  const dir = join(sharedDir, 'corpus', 'seeds');
  const texts = readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  const items: SourceItem[] = [];
  let bytes = 0;
  // Each copy is a distinct document (a numbered line first) so nothing can be cached across copies.
  for (let i = 0; bytes < targetBytes; i++) {
    const content = `${texts[i % texts.length]!}\n\nCopy ${i}.\n`;
    bytes += Buffer.byteLength(content);
    items.push({ source: `copy-${i}.txt`, contentHash: sha256Hex(content), format: 'text', content, declared: {}, repairs: [] });
  }
  analyzeItem(items[0]!); // warm up: data files and model load once
  const started = process.cpuUsage();
  const wall = performance.now();
  for (const item of items) analyzeItem(item);
  const cpu = process.cpuUsage(started);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - wall) / 1000;
  const mb = bytes / 1e6;
  return {
    title: 'Throughput: per-document pipeline, one core (seed-derived text)',
    rows: [
      ['input', `${items.length} documents, ${mb.toFixed(2)} MB`],
      ['MB/s (CPU time)', (mb / cpuSeconds).toFixed(2)],
      ['MB/s (wall time)', (mb / wallSeconds).toFixed(2)],
      ['documents/s (CPU time)', (items.length / cpuSeconds).toFixed(0)],
    ],
    targets: [{ name: 'entities, times and quantities together ≥ 2 MB/s per core', met: mb / cpuSeconds >= 2 }],
  };
}

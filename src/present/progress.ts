import type { IngestProgress } from '../pipeline/ingest.js';

/**
 * A progress bar with documents per second for long ingests on a terminal; silent when the output is piped, so
 * logs and scripts get only the summary.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((p: IngestProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const started = performance.now();
  let lastDraw = 0;
  return (p) => {
    const now = performance.now();
    const finished = p.filesDone === p.filesTotal;
    if (!finished && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 28;
    const share = p.filesTotal ? p.filesDone / p.filesTotal : 1;
    const filled = Math.round(share * width);
    const rate = p.documents / Math.max((now - started) / 1000, 1e-3);
    const columns = stream.columns ?? 100;
    let line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files, ${p.documents} docs, ${rate.toFixed(1)} docs/s`;
    if (p.current) line += `  ${p.current}`;
    stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length))}\x1b[K`);
    if (finished) stream.write('\n');
  };
}

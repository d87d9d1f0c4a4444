import { analyzeItem } from './pipeline.js';
import { IngestError } from '../ingest/errors.js';
import { expandPaths, readSource, type ReadOptions } from '../ingest/read.js';
import { toAnalysis } from '../model/doc.js';
import type { Store } from '../store/store.js';
import { ingestInWorkers } from './parallel.js';
import { WriteBatch } from './write-batch.js';

export interface IngestOptions extends ReadOptions {
  /** Analyse and store again even when a source's content is unchanged. */
  force?: boolean;
  onProgress?: (progress: IngestProgress) => void;
  /** Stops the run between two documents (what is stored stays whole). */
  signal?: AbortSignal;
  /**
   * Threads at work: the calling thread stays the only writer, in the sequential order, so the store ends up the
   * same, and `jobs - 1` worker threads (at least one) read and analyse; 1, the default, works in-process.
   */
  jobs?: number;
  /** The worker module (tests substitute one that crashes). */
  workerScript?: URL;
  /** How long workers wait to hear which items are unchanged (tests set 0; see parallel.ts). */
  decisionGraceMs?: number;
}

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  documents: number;
  current: string;
}

export interface IngestSummary {
  files: number;
  documents: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failures: IngestError[];
  seconds: number;
  /** The run was stopped before every file was read. */
  interrupted: boolean;
}

/**
 * ingest → clean → analyse → store for every path: each document whole or not at all (a few share a commit), so an
 * interrupted run leaves only whole documents and a second run finishes the job (unchanged sources are skipped by hash).
 */
export async function ingestPaths(paths: readonly string[], store: Store, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const { files, errors } = await expandPaths(paths);
  const summary: IngestSummary = { files: files.length, documents: 0, inserted: 0, updated: 0, unchanged: 0, failures: [...errors], seconds: 0, interrupted: false };
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const filesDone =
    jobs > 1
      ? await ingestInWorkers(files, store, options, summary, { jobs, workerScript: options.workerScript, decisionGraceMs: options.decisionGraceMs })
      : await ingestInProcess(files, store, options, summary);
  options.onProgress?.({ filesDone, filesTotal: files.length, documents: summary.documents, current: '' });
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * The sequential walk: read, analyse and write each document in turn (written in groups, see `WriteBatch`).
 * Resolves to the files done.
 */
async function ingestInProcess(files: readonly string[], store: Store, options: IngestOptions, summary: IngestSummary): Promise<number> {
  const batch = new WriteBatch(store, summary);
  let filesDone = 0;
  for (const file of files) {
    if (options.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
    options.onProgress?.({ filesDone, filesTotal: files.length, documents: summary.documents, current: file });
    try {
      const items = await readSource(file, options);
      for (const item of items) {
        if (options.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
        summary.documents++;
        if (!options.force) {
          if (batch.holds(item.source)) await batch.flush();
          const state = await store.sourceState(item.source);
          if (state && state.contentHash === item.contentHash) {
            summary.unchanged++;
            continue;
          }
        }
        let analysis;
        try {
          analysis = toAnalysis(analyzeItem(item));
        } catch (err) {
          await batch.fail(err instanceof IngestError ? err : new IngestError(item.source, (err as Error).message));
          continue;
        }
        await batch.add(analysis);
      }
    } catch (err) {
      await batch.fail(err instanceof IngestError ? err : new IngestError(file, (err as Error).message));
    }
    filesDone++;
  }
  await batch.flush();
  return filesDone;
}

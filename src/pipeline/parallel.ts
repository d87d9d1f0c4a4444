/**
 * Parallel ingest: worker threads read and analyse, the main thread is the store's only writer.
 *
 * Per file: the main thread assigns it to a worker, which reads it and sends back each item's source and content
 * hash; the main thread answers which items to analyse (not those the store already holds with that hash), and
 * the worker sends one result per analysed item. The main thread writes in the order of the sequential walk (a
 * reorder buffer), because merging entities and events across documents depends on the order; so the store ends
 * up as with `--jobs 1`.
 *
 * Bounds: a worker has at most two files read (one analysed, the next read ahead); at most `AHEAD_PER_WORKER`
 * files a worker are between assignment and write; a worker pauses when `CREDITS` of its results wait to be
 * written. A worker that dies (out of memory, a native crash, process.exit in a library) fails the file it was
 * analysing; its other files go to the worker that replaces it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { IngestError } from '../ingest/errors.js';
import { readSource } from '../ingest/read.js';
import type { Analysis } from '../model/analysis.js';
import { toAnalysis } from '../model/doc.js';
import type { SourceItem } from '../model/source.js';
import type { Store } from '../store/store.js';
import type { IngestOptions, IngestSummary } from './ingest.js';
import { analyzeItem } from './pipeline.js';
import { BATCH_LIMITS, WriteBatch } from './write-batch.js';

export const MAX_JOBS = 64;

/** The default for `--jobs`: one thread at work per core the process may use. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

/**
 * Files per worker that may be assigned and not yet written; a worker reads only the next two of them (worker.ts).
 * The writer blocks the main thread while it commits a group (up to `BATCH_LIMITS` documents), and nothing is
 * assigned meanwhile: with two files a worker, the workers ran dry during every commit and `--jobs 2` ingested
 * more slowly than `--jobs 1`. A group's worth keeps a worker busy through the commit of a full group.
 */
const AHEAD_PER_WORKER = BATCH_LIMITS.documents;
/**
 * Results a worker may have sent that are not yet written (keeps memory flat on big feeds and JSONL files): a
 * group's worth, so that the next group is ready when a commit ends.
 */
const CREDITS = BATCH_LIMITS.documents;
/** Attempts per file when workers die while it is assigned but not being analysed. */
const MAX_ATTEMPTS = 3;

/**
 * How long a worker waits for the main thread to say which items to analyse before it analyses them all. The main
 * thread answers at once when it is free (as on a re-ingest, where most items are skipped), but not while it
 * commits a group of documents, which takes a second or more: waiting for that left the workers idle while the
 * writer worked, and the writer idle while they caught up. An item analysed needlessly is dropped at write time.
 */
export const DECISION_GRACE_MS = 25;

export interface WorkerSetup {
  maxBytes: number | undefined;
  credits: number;
  decisionGraceMs: number;
  /** One Int32: the index of the file being analysed, -1 when none. */
  current: SharedArrayBuffer;
}

export interface ItemKey {
  source: string;
  contentHash: string;
}

interface Failure {
  file: string;
  reason: string;
}

export type ToWorker =
  | { type: 'read'; index: number; file: string; items?: SourceItem[] }
  | { type: 'analyse'; index: number; select: number[] }
  | { type: 'ack'; count: number };

export type FromWorker =
  | { type: 'ready' }
  /** The analysis modules cannot be loaded: no worker can do its job. */
  | { type: 'broken'; reason: string }
  | { type: 'items'; index: number; items?: ItemKey[]; error?: Failure }
  | { type: 'result'; index: number; item: number; analysis?: Analysis; error?: Failure }
  | { type: 'end'; index: number };

interface PoolWorker {
  worker: Worker;
  current: Int32Array;
  /** Files assigned and not yet ended by the worker, in assignment (= index) order. */
  files: FileTask[];
  ready: boolean;
  exited: boolean;
  error?: Error;
}

interface FileTask {
  index: number;
  file: string;
  attempts: number;
  worker: PoolWorker | null;
  /** Progress was reported and the file's turn to be written has come. */
  started: boolean;
  readError: IngestError | null;
  items: ItemKey[] | null;
  selected: Set<number> | null;
  results: Map<number, Analysis | IngestError>;
  /** The next item to write. */
  next: number;
  /** The worker died while analysing this file: the items not yet received fail with this. */
  fatal: IngestError | null;
}

export interface ParallelOptions {
  /** Threads at work: one writer (the main thread) and `jobs - 1` analysing workers, at least one. */
  jobs: number;
  /** Tests set 0: every item is analysed before the main thread's answer. */
  decisionGraceMs?: number;
  /** The worker module; tests substitute one that crashes. */
  workerScript?: URL;
}

const asIngestError = (err: unknown, file: string): IngestError =>
  err instanceof IngestError ? err : new IngestError(file, (err as Error)?.message ?? String(err));

const toError = (f: Failure): IngestError => new IngestError(f.file, f.reason);

/** Ingests `files` with worker threads, updating `summary` as the sequential walk would; resolves to the files done. */
export async function ingestInWorkers(
  files: readonly string[],
  store: Store,
  options: IngestOptions,
  summary: IngestSummary,
  parallel: ParallelOptions,
): Promise<number> {
  // The writer is a thread at work too, and the busiest one: a worker more than the cores left for analysis took
  // the writer's core from it (300 news-length documents on 2 cores: 9.2 s with two workers, 7.8 s with one, 8.5 s
  // with --jobs 1).
  const workers = Math.max(1, Math.min(parallel.jobs - 1, files.length));
  const script = parallel.workerScript ?? new URL('./worker.js', import.meta.url);
  const window = AHEAD_PER_WORKER * workers;
  const signal = options.signal;
  const total = files.length;
  /** The files between assignment and write (at most `window`, plus those of a crashed worker being redone). */
  const tasks = new Map<number, FileTask>();
  const newTask = (index: number): FileTask => ({
    index,
    file: files[index]!,
    attempts: 0,
    worker: null,
    started: false,
    readError: null,
    items: null,
    selected: null,
    results: new Map(),
    next: 0,
    fatal: null,
  });

  // Standard input can be read once and only here: its items travel to a worker ready-made.
  const stdin = new Map<number, SourceItem[] | IngestError>();
  for (let i = 0; i < total; i++) {
    if (files[i] !== '-') continue;
    try {
      stdin.set(i, await readSource('-', options));
    } catch (err) {
      stdin.set(i, asIngestError(err, '-'));
    }
  }

  // Results are handed over in the sequential order and written in groups: while the writer is the bottleneck,
  // every commit takes what the workers finished meanwhile.
  const batch = new WriteBatch(store, summary);
  const pool = new Set<PoolWorker>();
  let nextToAssign = 0;
  let head = 0;
  let filesDone = 0;
  let stopped = false;
  let draining = false;
  let drainAgain = false;
  let settle!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));

  const spawn = (): PoolWorker => {
    const current = new SharedArrayBuffer(4);
    new Int32Array(current)[0] = -1;
    const setup: WorkerSetup = { maxBytes: options.maxBytes, credits: CREDITS, decisionGraceMs: parallel.decisionGraceMs ?? DECISION_GRACE_MS, current };
    const pw: PoolWorker = { worker: new Worker(script, { workerData: setup }), current: new Int32Array(current), files: [], ready: false, exited: false };
    pw.worker.on('message', (message: FromWorker) => void onMessage(pw, message).catch(fail));
    pw.worker.on('error', (err) => (pw.error = err));
    pw.worker.on('exit', (code) => onExit(pw, code));
    pool.add(pw);
    return pw;
  };

  const send = (pw: PoolWorker, message: ToWorker): void => {
    if (!pw.exited) pw.worker.postMessage(message);
  };

  const assign = (pw: PoolWorker, task: FileTask): void => {
    task.worker = pw;
    task.items = null;
    task.selected = null;
    task.results.clear();
    pw.files.push(task);
    const items = stdin.get(task.index);
    send(pw, { type: 'read', index: task.index, file: task.file, items: items instanceof IngestError ? undefined : items });
  };

  const assignMore = (): void => {
    while (!stopped && nextToAssign < total && nextToAssign - head < window) {
      const task = newTask(nextToAssign);
      const read = stdin.get(task.index);
      if (read instanceof IngestError) {
        task.readError = read;
        tasks.set(nextToAssign++, task);
        continue;
      }
      let best: PoolWorker | null = null;
      for (const pw of pool) if (!pw.exited && pw.files.length < AHEAD_PER_WORKER && (!best || pw.files.length < best.files.length)) best = pw;
      if (!best) return;
      tasks.set(nextToAssign++, task);
      assign(best, task);
    }
  };

  const stop = (): void => {
    stopped = true;
    for (const pw of pool) void pw.worker.terminate();
  };

  function fail(err: Error): void {
    if (stopped) return;
    stop();
    settle(err);
  }

  const onMessage = async (pw: PoolWorker, message: FromWorker): Promise<void> => {
    if (stopped) return;
    switch (message.type) {
      case 'ready':
        pw.ready = true;
        return;
      case 'broken':
        return fail(new Error(`cannot start an ingest worker (${message.reason})`));
      case 'end':
        pw.files = pw.files.filter((t) => t.index !== message.index);
        break;
      case 'result': {
        const task = tasks.get(message.index);
        if (task && task.worker === pw && message.item >= task.next) task.results.set(message.item, message.error ? toError(message.error) : message.analysis!);
        else send(pw, { type: 'ack', count: 1 }); // written past already: its source turned out unchanged at write time
        break;
      }
      case 'items': {
        const task = tasks.get(message.index);
        if (!task || task.worker !== pw) return;
        if (message.error) {
          task.readError = toError(message.error);
          break;
        }
        const items = message.items ?? [];
        const select: number[] = [];
        for (let i = 0; i < items.length; i++) {
          const key = items[i]!;
          if (options.force || (await store.sourceState(key.source))?.contentHash !== key.contentHash) select.push(i);
        }
        task.items = items;
        task.selected = new Set(select);
        send(pw, { type: 'analyse', index: task.index, select });
        break;
      }
    }
    pump();
  };

  const onExit = (pw: PoolWorker, code: number): void => {
    pw.exited = true;
    pool.delete(pw);
    if (stopped) return;
    const reason = pw.error ? pw.error.message : `exit code ${code}`;
    if (!pw.ready) {
      fail(new Error(`cannot start an ingest worker (${reason})`));
      return;
    }
    // A crash: the file being analysed fails; the worker's other files go to its replacement, in order.
    const crashed = pw.current[0];
    const replacement = spawn();
    for (const task of pw.files) {
      task.attempts++;
      if (task.index === crashed || task.attempts >= MAX_ATTEMPTS) task.fatal = new IngestError(task.file, `the analysis crashed (${reason})`);
      else assign(replacement, task);
    }
    pw.files = [];
    pump();
  };

  const pump = (): void => {
    if (stopped) return;
    assignMore();
    void drain().catch(fail);
  };

  /** Writes whatever is ready, in the sequential order. */
  const drain = async (): Promise<void> => {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        await writeReady();
      } while (drainAgain && !stopped);
    } finally {
      draining = false;
    }
  };

  const interrupt = (): void => {
    summary.interrupted = true;
    stop();
    settle();
  };
  /** Stops between two documents: those analysed and handed to the writer are written first. */
  const interruptAfter = async (pending: WriteBatch): Promise<void> => {
    await pending.flush();
    interrupt();
  };

  const finishFile = (task: FileTask): void => {
    filesDone++;
    tasks.delete(head++);
    task.results.clear();
  };

  const writeReady = async (): Promise<void> => {
    while (!stopped && head < total) {
      const task = tasks.get(head);
      if (!task) return batch.flushIfWaited(); // not assigned yet
      if (signal?.aborted) return interruptAfter(batch);
      if (!task.started) {
        options.onProgress?.({ filesDone, filesTotal: total, documents: summary.documents, current: task.file });
        task.started = true;
      }
      if (task.readError) {
        await batch.fail(task.readError);
        finishFile(task);
        continue;
      }
      if (!task.items || !task.selected) {
        if (!task.fatal) return batch.flushIfWaited(); // still reading
        await batch.fail(task.fatal);
        finishFile(task);
        continue;
      }
      const { items, selected } = task;
      while (task.next < items.length) {
        if (signal?.aborted) return interruptAfter(batch);
        const key = items[task.next]!;
        // Asked again at write time, as the sequential walk does: an earlier document of this run may share the source.
        if (!options.force && batch.holds(key.source)) await batch.flush();
        const unchanged = !options.force && (await store.sourceState(key.source))?.contentHash === key.contentHash;
        if (stopped) return;
        let analysis: Analysis | IngestError | undefined;
        if (unchanged) {
          if (task.results.delete(task.next) && task.worker) send(task.worker, { type: 'ack', count: 1 });
        } else if (selected.has(task.next) || task.results.has(task.next)) {
          // Not selected but analysed all the same: the worker did not wait for the answer (see worker.ts).
          analysis = task.results.get(task.next);
          if (!analysis) {
            if (!task.fatal) return batch.flushIfWaited(); // not analysed yet
            await batch.fail(task.fatal);
            break;
          }
          task.results.delete(task.next);
          if (task.worker) send(task.worker, { type: 'ack', count: 1 });
        } else {
          // Unchanged when the worker asked, changed since by an earlier document of this run: analyse it here.
          try {
            const held = stdin.get(task.index);
            const read = Array.isArray(held) ? held : await readSource(task.file, options);
            analysis = toAnalysis(analyzeItem(read[task.next]!));
          } catch (err) {
            analysis = asIngestError(err, key.source);
          }
        }
        summary.documents++;
        task.next++;
        if (unchanged) summary.unchanged++;
        else if (analysis instanceof IngestError) await batch.fail(analysis);
        else await batch.add(analysis!);
      }
      finishFile(task);
      assignMore();
    }
    if (!stopped && head >= total) {
      await batch.flush();
      stop();
      settle();
    }
  };

  const onAbort = (): void => pump();
  signal?.addEventListener('abort', onAbort);
  try {
    for (let i = 0; i < workers; i++) spawn();
    pump();
    await finished;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
    // A failed run still keeps the documents analysed before the failure (the store's own failures are recorded
    // per document, so this does not throw for them).
    await batch.flush();
    await Promise.all([...pool].map((pw) => pw.worker.terminate()));
  }
  return filesDone;
}

/**
 * An ingest worker thread (see parallel.ts): reads files into source items, reports each item's source and
 * content hash, and analyses the items the main thread asks for, one result message per item. Files are worked
 * in the order they were assigned; reading runs ahead while the previous file is analysed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IngestError } from '../ingest/errors.js';
import { readSource } from '../ingest/read.js';
import { toAnalysis } from '../model/doc.js';
import type { SourceItem } from '../model/source.js';
import type { FromWorker, ToWorker, WorkerSetup } from './parallel.js';

interface Task {
  index: number;
  /** Reads the file, once (null: not yet started). */
  read: Promise<SourceItem[] | null> | null;
  startRead: () => Promise<SourceItem[] | null>;
  decision: Promise<number[]>;
  decide: (select: number[]) => void;
  /** The main thread's answer, once it came (the analysis may have started without it). */
  selected: Set<number> | null;
}

/** Files read at once: the one analysed and the next. */
const READ_AHEAD = 2;

const port = parentPort;
if (!port) throw new Error('sitrep: pipeline/worker.js runs as a worker thread only');
const setup = workerData as WorkerSetup;
/** The file being analysed right now (-1: none), readable by the main thread after a crash. */
const current = new Int32Array(setup.current);
const queue: Task[] = [];
const byIndex = new Map<number, Task>();
let running = false;
/** Results posted and not yet written by the main thread: the worker pauses at `setup.credits`. */
let outstanding = 0;
let wakeOnCredit: (() => void) | null = null;

const post = (message: FromWorker): void => port.postMessage(message);

/** The analysis modules, loaded on the first document to analyse (a re-ingest of unchanged files needs none). */
let pipeline: Promise<typeof import('./pipeline.js')> | null = null;
async function analyzer(): Promise<typeof import('./pipeline.js')['analyzeItem'] | null> {
  try {
    return (await (pipeline ??= import('./pipeline.js'))).analyzeItem;
  } catch (err) {
    post({ type: 'broken', reason: (err as Error)?.message ?? String(err) });
    return null;
  }
}

function failure(err: unknown, file: string): { file: string; reason: string } {
  return err instanceof IngestError ? { file: err.file, reason: err.reason } : { file, reason: (err as Error)?.message ?? String(err) };
}

function assign(index: number, file: string, items: SourceItem[] | undefined): void {
  let decide!: (select: number[]) => void;
  const decision = new Promise<number[]>((resolve) => (decide = resolve));
  const task: Task = {
    index,
    read: null,
    startRead: () =>
      (task.read ??= (items ? Promise.resolve(items) : readSource(file, { maxBytes: setup.maxBytes })).then(
        (read) => {
          post({ type: 'items', index, items: read.map((it) => ({ source: it.source, contentHash: it.contentHash })) });
          return read;
        },
        (err: unknown) => {
          post({ type: 'items', index, error: failure(err, file) });
          return null;
        },
      )),
    decision,
    decide,
    selected: null,
  };
  queue.push(task);
  byIndex.set(index, task);
  startReads();
  if (!running) void run();
}

/** Files are read when they come within `READ_AHEAD` of the head of the queue: the rest wait as names. */
function startReads(): void {
  for (const task of queue.slice(0, READ_AHEAD)) void task.startRead();
}

/**
 * Whether the main thread left a question unanswered past the grace period: it is committing, and answers nothing
 * until it is done. Until its next answer, files are analysed without asking again: waiting out the grace on every
 * file of a long commit left the worker idle most of the time (300 news-length documents, `--jobs 2`: the worker
 * 80 % idle after its first files, and no faster than `--jobs 1`).
 */
let mainBusy = false;

/** The items to analyse: the main thread's answer, or every item when it does not come within the grace period. */
async function decisionOrAll(task: Task, count: number): Promise<number[]> {
  const every = (): number[] => [...Array(count).keys()];
  if (task.selected) return [...task.selected];
  if (mainBusy) return every();
  let timer: NodeJS.Timeout | undefined;
  const all = new Promise<number[]>(
    (resolve) =>
      (timer = setTimeout(() => {
        mainBusy = true;
        resolve(every());
      }, setup.decisionGraceMs)),
  );
  try {
    return await Promise.race([task.decision, all]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(): Promise<void> {
  running = true;
  while (queue.length) {
    const task = queue[0]!;
    const items = await task.startRead();
    const select = items ? await decisionOrAll(task, items.length) : [];
    const analyzeItem = select.length ? await analyzer() : null;
    if (items && select.length && !analyzeItem) return; // the main thread stops the run
    if (items && analyzeItem) {
      for (const i of select) {
        while (outstanding >= setup.credits) await new Promise<void>((resolve) => (wakeOnCredit = resolve));
        if (task.selected && !task.selected.has(i)) continue; // the answer came meanwhile: unchanged
        const item = items[i]!;
        current[0] = task.index;
        let message: FromWorker;
        try {
          message = { type: 'result', index: task.index, item: i, analysis: toAnalysis(analyzeItem(item)) };
        } catch (err) {
          message = { type: 'result', index: task.index, item: i, error: failure(err, item.source) };
        }
        current[0] = -1;
        outstanding++;
        post(message);
        // Let reads of the next files finish (and their hashes go out) between two documents.
        await nextTurn();
      }
    }
    queue.shift();
    byIndex.delete(task.index);
    startReads();
    post({ type: 'end', index: task.index });
  }
  running = false;
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'read':
      assign(message.index, message.file, message.items);
      break;
    case 'analyse': {
      const task = byIndex.get(message.index);
      mainBusy = false;
      if (task) {
        task.selected = new Set(message.select);
        task.decide(message.select);
      }
      break;
    }
    case 'ack': {
      outstanding -= message.count;
      const wake = wakeOnCredit;
      wakeOnCredit = null;
      wake?.();
      break;
    }
  }
});

post({ type: 'ready' });

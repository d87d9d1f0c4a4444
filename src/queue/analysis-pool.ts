/**
 * Analysis for the queue worker: in the calling thread for one job at a time, in a pool of worker threads for
 * several, so `sitrep worker --concurrency N` keeps N cores busy while the store writes stay in the main thread.
 */
import { Worker } from 'node:worker_threads';
import type { Analysis } from '../model/analysis.js';
import { toAnalysis } from '../model/doc.js';
import type { SourceItem } from '../model/source.js';
import { analyzeItem } from '../pipeline/pipeline.js';

export interface AnalysisRequest {
  id: number;
  item: SourceItem;
}

export type AnalysisReply = { id: number; analysis: Analysis; error?: undefined } | { id: number; error: string; analysis?: undefined };

export interface Analyzer {
  analyse(item: SourceItem): Promise<Analysis>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (analysis: Analysis) => void;
  reject: (err: Error) => void;
}

interface PoolThread {
  worker: Worker;
  /** The request it works on, if any. */
  busy: number | null;
}

/** An analyzer for `concurrency` jobs at once: in-process for one, else that many threads. */
export function createAnalyzer(concurrency: number): Analyzer {
  if (concurrency <= 1) {
    return {
      analyse: async (item) => toAnalysis(analyzeItem(item)),
      close: async () => {},
    };
  }
  return new ThreadAnalyzer(concurrency);
}

class ThreadAnalyzer implements Analyzer {
  private readonly threads: PoolThread[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: AnalysisRequest[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  analyse(item: SourceItem): Promise<Analysis> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    const id = this.nextId++;
    return new Promise<Analysis>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.waiting.push({ id, item });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length) {
      let thread = this.threads.find((t) => t.busy === null);
      if (!thread && this.threads.length < this.size) thread = this.spawn();
      if (!thread) return;
      const request = this.waiting.shift()!;
      thread.busy = request.id;
      thread.worker.postMessage(request);
    }
  }

  private spawn(): PoolThread {
    const thread: PoolThread = { worker: new Worker(new URL('./analysis-thread.js', import.meta.url)), busy: null };
    thread.worker.on('message', (reply: AnalysisReply) => {
      thread.busy = null;
      this.settle(reply.id, reply.error === undefined ? reply.analysis : new Error(reply.error));
      this.dispatch();
    });
    // A thread that dies (out of memory, a native crash) fails its job, which the queue retries; a new thread
    // takes its place.
    const lost = (err: Error): void => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      this.threads.splice(index, 1);
      if (thread.busy !== null) this.settle(thread.busy, err);
      thread.busy = null;
      if (!this.closed) this.dispatch();
    };
    thread.worker.on('error', lost);
    thread.worker.on('exit', (code) => lost(new Error(`the analysis thread stopped (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }

  private settle(id: number, result: Analysis | Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.waiting.splice(0)) this.settle(r.id, new Error('the analysis pool is closed'));
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

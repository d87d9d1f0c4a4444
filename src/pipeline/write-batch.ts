import { IngestError } from '../ingest/errors.js';
import type { Analysis } from '../model/analysis.js';
import type { PutResult, Store } from '../store/store.js';
import type { IngestSummary } from './ingest.js';

/**
 * How much analysed text waits for one commit. A group's documents are clustered together (a busy component once,
 * not once per document), and the pages its rows dirty are written once: writing 1,000 news documents took 20.5 s
 * in groups of 64, 15.0 s in groups of 256 and 13.7 s in one group; 4,000 short ones (600–1,000 characters) into a
 * store of 20,000 about 45 s in groups of 256 and 38 s in groups of 1,024 (into an empty store, 19 and 17 s). A
 * bigger group holds more analyses in memory, and its commit blocks the writer's thread longer (about 4 s for 256
 * news documents), so the text a group holds is capped too: about 270 news documents, or 1,024 short ones.
 */
export const BATCH_LIMITS = { documents: 1024, chars: 1_200_000 };
/**
 * How long documents may wait while the writer waits for analysis: writing them at once would commit one document
 * at a time whenever the writer catches up with the workers, and a commit costs more than the wait.
 */
export const WAIT_FLUSH_MS = 1000;

/**
 * Analysed documents on their way to the store, written in order and in groups (`Store.putAnalyses`: one
 * transaction, each document whole or not at all). The ingest walks stay as they were: they hand documents over
 * in the order they would have written them, ask `holds` before deciding a source is unchanged (an earlier
 * document of the run may be on its way), and record failures here so that the summary lists them in order.
 */
export class WriteBatch {
  private pending: Analysis[] = [];
  private pendingSources = new Set<string>();
  private chars = 0;
  /** When the oldest waiting document came (ms). */
  private since = 0;

  constructor(
    private readonly store: Store,
    private readonly summary: IngestSummary,
    private readonly limits: { documents: number; chars: number } = BATCH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a document of this source waits to be written. */
  holds(source: string): boolean {
    return this.pendingSources.has(source);
  }

  async add(analysis: Analysis): Promise<void> {
    if (!this.pending.length) this.since = this.now();
    this.pending.push(analysis);
    this.pendingSources.add(analysis.document.source);
    this.chars += analysis.document.text.length;
    if (this.pending.length >= this.limits.documents || this.chars >= this.limits.chars) await this.flush();
  }

  /** While the writer waits for the next document: writes what waits once it has waited `WAIT_FLUSH_MS`. */
  async flushIfWaited(): Promise<void> {
    if (this.pending.length && this.now() - this.since >= WAIT_FLUSH_MS) await this.flush();
  }

  /** A failure, after what came before it is written. */
  async fail(error: IngestError): Promise<void> {
    await this.flush();
    this.summary.failures.push(error);
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingSources = new Set();
    this.chars = 0;
    let results: Array<PutResult | Error>;
    try {
      results = await this.store.putAnalyses(batch);
    } catch (err) {
      // The transaction itself failed (the store is busy or gone): none of the batch was written.
      results = batch.map(() => (err instanceof Error ? err : new Error(String(err))));
    }
    results.forEach((result, i) => {
      if (result instanceof Error) {
        const source = batch[i]!.document.source;
        this.summary.failures.push(result instanceof IngestError ? result : new IngestError(source, result.message));
      } else this.summary[result.status]++;
    });
  }
}

/**
 * The ingest worker with one more stage that kills the thread (as running out of memory would) while it analyses
 * a document whose source contains "crash-me". Used by parallel.test.ts; does nothing on the main thread.
 */
import { isMainThread } from 'node:worker_threads';
import type { DocStage } from '../../src/pipeline/stage.js';

if (!isMainThread) {
  const { DOC_STAGES } = await import('../../src/pipeline/pipeline.js');
  (DOC_STAGES as DocStage[]).push({
    name: 'crash',
    run: (doc) => {
      if (doc.document.source.includes('crash-me')) process.exit(9);
      return doc;
    },
  });
  await import('../../src/pipeline/worker.js');
}

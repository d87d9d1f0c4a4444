import { cleanItem } from '../clean/clean.js';
import { newDoc, type Doc } from '../model/doc.js';
import type { SourceItem } from '../model/source.js';

/** A stage after cleaning: reads the Doc and adds annotation layers (sentences, entities, times, events…). */
export interface DocStage {
  name: string;
  run(doc: Doc): Doc;
}

/**
 * The stages run on every cleaned document, in order. Ingest and clean come before (they build the Doc);
 * resolve and store come after (they work across documents). Later stages register here.
 */
export const DOC_STAGES: readonly DocStage[] = [];

/** ingest output → clean → every document stage: the full per-document analysis, pure. */
export function analyzeItem(item: SourceItem, stages: readonly DocStage[] = DOC_STAGES): Doc {
  let doc = newDoc(cleanItem(item));
  for (const stage of stages) doc = stage.run(doc);
  return doc;
}

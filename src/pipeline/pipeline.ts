import { cleanItem } from '../clean/clean.js';
import { entitiesStage } from '../extract/entities/stage.js';
import { eventsStage } from '../extract/events/stage.js';
import { quantitiesStage } from '../extract/quantities/stage.js';
import { timesStage } from '../extract/times/stage.js';
import { newDoc, type Doc } from '../model/doc.js';
import { quantitySubjectsStage } from '../resolve/quantity-subjects.js';
import { segmentStage } from '../segment/stage.js';
import type { SourceItem } from '../model/source.js';
import type { DocStage } from './stage.js';

export type { DocStage } from './stage.js';

/**
 * The stages run on every cleaned document, in order. Ingest and clean come before (they build the Doc);
 * resolve and store come after (they work across documents).
 */
export const DOC_STAGES: readonly DocStage[] = [segmentStage, entitiesStage, timesStage, quantitiesStage, quantitySubjectsStage, eventsStage];

/** ingest output → clean → every document stage: the full per-document analysis, pure. */
export function analyzeItem(item: SourceItem, stages: readonly DocStage[] = DOC_STAGES): Doc {
  let doc = newDoc(cleanItem(item));
  for (const stage of stages) doc = stage.run(doc);
  return doc;
}

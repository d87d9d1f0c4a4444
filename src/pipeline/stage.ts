import type { Doc } from '../model/doc.js';

/** A stage after cleaning: reads the Doc and returns it with more annotation layers. */
export interface DocStage {
  name: string;
  run(doc: Doc): Doc;
}

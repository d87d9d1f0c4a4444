import type { DocumentRecord } from './document.js';
import type { Span } from './span.js';
import { ANALYSIS_VERSION, type Analysis, type Entity, type EventRecord, type Quantity, type TimeMention } from './analysis.js';

/**
 * The one document model every stage after cleaning reads and adds to: the cleaned text lives once in
 * `document.text`; each annotation layer holds offsets into it (standoff), like spaCy's Doc and Span.
 */
export interface Doc {
  document: DocumentRecord;
  sentences: Span[];
  tokens: Span[];
  entities: Entity[];
  times: TimeMention[];
  quantities: Quantity[];
  events: EventRecord[];
}

export function newDoc(document: DocumentRecord): Doc {
  return { document, sentences: [], tokens: [], entities: [], times: [], quantities: [], events: [] };
}

/** The contract's serialised form of a Doc. */
export function toAnalysis(doc: Doc): Analysis {
  return {
    version: ANALYSIS_VERSION,
    document: doc.document,
    entities: doc.entities,
    times: doc.times,
    quantities: doc.quantities,
    events: doc.events,
  };
}

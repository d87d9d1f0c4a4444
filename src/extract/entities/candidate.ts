import type { EntityType } from '../../model/analysis.js';

/** Where an entity mention candidate came from; refiners weigh them in this order of trust. */
export type CandidateOrigin = 'gazetteer' | 'pattern' | 'tagger';

/** A possible entity mention before resolution: a span, a type and what vouches for it. */
export interface EntityCandidate {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  kind: string | null;
  origin: CandidateOrigin;
  /** Gazetteer entry id when the span names a known entity (e.g. `country:ML`). */
  key: string | null;
  /** 0..1 */
  confidence: number;
}

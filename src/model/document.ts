import type { TimeValue } from './time.js';

/** Kinds of text the cleaning stage separates from the body. */
export type RemovedKind =
  | 'caption'
  | 'credit'
  | 'promo'
  | 'related'
  | 'bio'
  | 'navigation'
  | 'share'
  | 'cookie'
  | 'footer'
  | 'boilerplate';

export interface RemovedPart {
  kind: RemovedKind;
  text: string;
}

/** One encoding repair: `before` was replaced by `after`, `count` times. */
export interface Repair {
  /** e.g. `decode:windows-1252`, `mojibake:utf8-as-cp1252`, `mojibake:utf8-as-cp874`, `mojibake:lost-byte` */
  kind: string;
  before: string;
  after: string;
  count: number;
}

/** The `document` part of the analysis contract. */
export interface DocumentRecord {
  /** Stable id: same input bytes give the same id. */
  id: string;
  source: string;
  title: string | null;
  publisher: string | null;
  authors: string[];
  published: TimeValue | null;
  /** ISO 639-1 code of the body text. */
  language: string;
  /** Cleaned body text: encoding repaired, boilerplate removed. Every offset points into this. */
  text: string;
  removed: RemovedPart[];
  repairs: Repair[];
  /** Canonical URL when known (extension of the contract). */
  url?: string | null;
  /** sha256 of the input bytes this document was built from (extension of the contract). */
  contentHash?: string;
}

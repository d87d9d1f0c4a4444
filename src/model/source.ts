import type { Repair } from './document.js';

/** Format of the content a reader produced. */
export type ContentFormat = 'text' | 'markdown' | 'html';

/** Metadata a source states about itself (feed item fields, JSON fields, HTML head). Raw, not yet normalized. */
export interface DeclaredMetadata {
  title?: string | null;
  url?: string | null;
  /** Date as written by the source (ISO string, RFC 822 date, …). */
  published?: string | null;
  publisher?: string | null;
  authors?: string[];
  language?: string | null;
}

/**
 * One document's content as read from a source: the output of the ingest stage.
 * A file yields one item; a feed or a JSON Lines file yields one per entry.
 */
export interface SourceItem {
  /** Path, `-` for stdin, or `path#n` for the n-th item of a multi-document file. */
  source: string;
  /** sha256 hex of the bytes this item was built from; the document id derives from it. */
  contentHash: string;
  format: ContentFormat;
  /** Decoded Unicode content (plain text, Markdown or HTML). */
  content: string;
  declared: DeclaredMetadata;
  /** Repairs already made while decoding bytes (e.g. a legacy code page). */
  repairs: Repair[];
}

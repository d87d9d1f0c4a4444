import type { Analysis, EntityType, GeoPoint, MentionForm } from '../model/analysis.js';
import type { TimeValue } from '../model/time.js';

export interface DocumentSummary {
  id: string;
  source: string;
  title: string | null;
  publisher: string | null;
  published: TimeValue | null;
  language: string;
  chars: number;
  ingestedAt: string;
}

export interface SearchHit {
  id: string;
  title: string | null;
  source: string;
  /** Matching passage with the matched words between the markers of SearchOptions. */
  snippet: string;
  /** Higher is better. */
  score: number;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Markers around matched words in snippets; `[`/`]` by default. */
  highlight?: [string, string];
}

export interface PutResult {
  id: string;
  /** inserted: new content; updated: the source now holds new content; unchanged: nothing to do. */
  status: 'inserted' | 'updated' | 'unchanged';
}

export interface SourceState {
  documentId: string;
  contentHash: string;
}

export interface StoreStats {
  documents: number;
  entities: number;
  mentions: number;
  times: number;
  quantities: number;
  sources: number;
  removedParts: number;
  repairs: number;
  schemaVersion: number;
}

export interface EntitySummary {
  id: string;
  name: string;
  type: EntityType;
  kind: string | null;
  country: string | null;
  geo: GeoPoint | null;
  /** Mentions across all documents. */
  mentions: number;
  documents: number;
}

export interface EntityMentionInContext {
  start: number;
  end: number;
  text: string;
  form: MentionForm;
  /** The sentence around the mention, from the document's cleaned text. */
  sentence: string;
}

export interface EntityDetail extends EntitySummary {
  aliases: string[];
  byDocument: Array<{
    documentId: string;
    title: string | null;
    source: string;
    published: TimeValue | null;
    mentions: EntityMentionInContext[];
  }>;
}

/** A request the store refuses (an unknown entity, an impossible merge); the message says why. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A search query the store cannot parse; the message says why in plain words. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/**
 * What sitrep keeps across runs. SQLite implements it now; a server database implements the same contract later.
 * Every write is one transaction: a document is stored whole or not at all.
 */
export interface Store {
  readonly kind: string;
  /** What the store holds for a source (path, path#item), to skip unchanged input without analysing it. */
  sourceState(source: string): Promise<SourceState | null>;
  /** Stores one analysed document under its source, replacing what that source held before. */
  putAnalysis(analysis: Analysis): Promise<PutResult>;
  countDocuments(): Promise<number>;
  listDocuments(options?: { limit?: number; offset?: number }): Promise<DocumentSummary[]>;
  /** By full id or an unambiguous id prefix; null when none matches. */
  getAnalysis(idOrPrefix: string): Promise<Analysis | null>;
  /** Full-text search over titles and texts, best first. Throws QueryError on a malformed query. */
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  stats(): Promise<StoreStats>;
  listEntities(options?: { type?: EntityType; limit?: number; offset?: number }): Promise<EntitySummary[]>;
  /** By id, or by a name or alias (case and accents folded), the most mentioned first; null when none. */
  getEntity(idOrName: string): Promise<EntityDetail | null>;
  /** Resolves an id or a name to the entity ids it may denote (several when a name is ambiguous). */
  findEntityIds(idOrName: string): Promise<string[]>;
  /** The analyst merges `from` into `into`; the decision is kept and replayed on later documents. */
  mergeEntities(into: string, from: string): Promise<EntitySummary>;
  /** The analyst splits the mentions written `alias` off entity `id` into a new entity; kept and replayed. */
  splitEntity(id: string, alias: string, name?: string | null): Promise<EntitySummary>;
  close(): Promise<void>;
}

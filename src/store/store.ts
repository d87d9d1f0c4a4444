import type { Analysis, EntityType, EventQuantity, GeoPoint, MentionForm, Modality, PloverType } from '../model/analysis.js';
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
  events: number;
  eventMentions: number;
  claims: number;
  contradictions: number;
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

/** Which slice of a list to return. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}

export interface EntityDetail extends EntitySummary {
  aliases: string[];
  /**
   * One page of the documents that mention the entity (oldest publication first), each with its mentions in
   * context; `documents` is how many there are in all.
   */
  byDocument: Array<{
    documentId: string;
    title: string | null;
    source: string;
    published: TimeValue | null;
    mentions: EntityMentionInContext[];
  }>;
}

export interface EntityRef {
  id: string;
  name: string;
}

/** One report of a happening: which document, publisher and sentence, with what modality and attribution. */
export interface EventReport {
  mentionId: string;
  documentId: string;
  title: string | null;
  publisher: string | null;
  published: TimeValue | null;
  type: PloverType;
  trigger: string;
  modality: Modality;
  attribution: { source: EntityRef | null; text: string } | null;
  time: TimeValue | null;
  quantities: EventQuantity[];
  sentence: string;
}

/** A happening, merged across the documents that report it. */
export interface TimelineEvent {
  id: string;
  type: PloverType;
  subtype: string | null;
  quad: string;
  sources: EntityRef[];
  targets: EntityRef[];
  location: EntityRef | null;
  time: TimeValue | null;
  reports: EventReport[];
}

export interface TimelineFilter {
  entity?: string;
  type?: PloverType;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface ForceFilter extends PageRequest {
  /** Only figures about this country or place (id or name). */
  in?: string;
  /** Only figures of this actor (id or name). */
  actor?: string;
}

/** What the sources say about one actor's force: counts, the range of figures and the latest one. */
export interface ForceSummary {
  actor: EntityRef;
  /** Size figures (troops, fighters, mercenaries) reported for the actor. */
  figures: number;
  withdrawals: number;
  deployments: number;
  /** Distinct documents reporting any of them. */
  sources: number;
  /** Lowest and highest size figure reported (a range counts by its ends); null without a figure. */
  low: number | null;
  high: number | null;
  /** The size figure that holds latest (its date, else its report's publication date); null without one. */
  latest: ForcePoint | null;
}

/** A force figure: an actor's troops, fighters or mercenaries at a time, and who says so. */
export interface ForcePoint {
  actor: EntityRef;
  kind: 'size' | 'withdrawal' | 'deployment';
  value: number | null;
  low: number | null;
  high: number | null;
  approx: boolean;
  unit: string | null;
  /** When the figure holds, from the sentence; null when the text gives no date. */
  time: TimeValue | null;
  /** The publication date of the report, for figures the text does not date. */
  reported: TimeValue | null;
  places: EntityRef[];
  modality: Modality | null;
  claimant: string | null;
  documentId: string;
  publisher: string | null;
  sentence: string;
}

export interface ClaimView {
  id: string;
  kind: 'event' | 'quantity';
  claimant: EntityRef | null;
  claimantText: string | null;
  subject: EntityRef | null;
  statement: string;
  modality: Modality | null;
  time: TimeValue | null;
  documentId: string;
  title: string | null;
  publisher: string | null;
  sentence: string;
}

export interface ContradictionSide {
  claimant: string | null;
  statement: string;
  documentId: string;
  title: string | null;
  publisher: string | null;
  published: TimeValue | null;
  sentence: string;
}

export interface ContradictionView {
  id: string;
  kind: 'number' | 'denial' | 'perpetrator' | 'force_size' | 'date';
  about: string;
  eventId: string | null;
  a: ContradictionSide;
  b: ContradictionSide;
}

/** One page of a list, and how many items the whole list holds. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** The four PLOVER quad classes. */
export type Quad = 'verbal_cooperation' | 'material_cooperation' | 'verbal_conflict' | 'material_conflict';

export interface EventFilter extends TimelineFilter {
  quad?: Quad;
}

export interface EntityFilter {
  type?: EntityType;
  /** A name prefix (of the name, an alias, or one of their words), case and accents folded. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** What the dashboard shows first. */
export interface Overview {
  counts: Pick<StoreStats, 'documents' | 'entities' | 'events' | 'eventMentions' | 'claims' | 'contradictions' | 'times' | 'quantities'>;
  /** Dated events, newest first. */
  latestEvents: TimelineEvent[];
  /** Entities that are sources or targets of the most events. */
  topActors: EntitySummary[];
  contradictions: ContradictionView[];
}

export interface RelatedEntity {
  entity: EntityRef;
  /** Events both entities take part in (as source, target or location). */
  events: number;
}

/** An entity with the events it takes part in, its force figures and the entities it shares events with. */
export interface EntityProfile extends EntityDetail {
  /** The first events in time order; `eventsTotal` is how many the entity takes part in. */
  events: TimelineEvent[];
  eventsTotal: number;
  /** The first force figures about the entity (as actor or place); `forcesTotal` is how many there are. */
  forces: ForcePoint[];
  forcesTotal: number;
  related: RelatedEntity[];
}

export interface GraphFilter {
  from?: string;
  to?: string;
  type?: PloverType;
}

export interface GraphNode {
  id: string;
  name: string;
  type: EntityType | null;
  kind: string | null;
  /** Events the entity is a source or target of. */
  events: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** Merged events from source to target. */
  count: number;
  /** Of which verbal or material cooperation. */
  cooperative: number;
  /** Of which verbal or material conflict. */
  conflictual: number;
  types: Partial<Record<PloverType, number>>;
}

/** Who acts on whom: event sources to targets. */
export interface ActorGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A place with coordinates where events happen (their location) or that they aim at (their targets). */
export interface PlaceSummary {
  entity: EntityRef;
  type: EntityType;
  kind: string | null;
  geo: GeoPoint;
  events: number;
  /** In time order. */
  eventIds: string[];
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
  /**
   * Stores several analysed documents in order, each exactly as `putAnalysis` would, in one transaction: one
   * commit for the lot rather than one per document, which is most of a short document's write. A document that
   * fails is left out whole (its part of the transaction is rolled back) and its error takes its place in the
   * answer; the others are kept.
   */
  putAnalyses(analyses: readonly Analysis[]): Promise<Array<PutResult | Error>>;
  countDocuments(): Promise<number>;
  listDocuments(options?: { limit?: number; offset?: number }): Promise<DocumentSummary[]>;
  /** By full id or an unambiguous id prefix; null when none matches. */
  getAnalysis(idOrPrefix: string): Promise<Analysis | null>;
  /** Full-text search over titles and texts, best first. Throws QueryError on a malformed query. */
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  stats(): Promise<StoreStats>;
  listEntities(options?: { type?: EntityType; limit?: number; offset?: number }): Promise<EntitySummary[]>;
  /**
   * By id, or by a name or alias (case and accents folded), the most mentioned first; null when none. `byDocument`
   * holds one page of the documents that mention it (20 by default).
   */
  getEntity(idOrName: string, page?: PageRequest): Promise<EntityDetail | null>;
  /** Resolves an id or a name to the entity ids it may denote (several when a name is ambiguous). */
  findEntityIds(idOrName: string): Promise<string[]>;
  /** The analyst merges `from` into `into`; the decision is kept and replayed on later documents. */
  mergeEntities(into: string, from: string): Promise<EntitySummary>;
  /** The analyst splits the mentions written `alias` off entity `id` into a new entity; kept and replayed. */
  splitEntity(id: string, alias: string, name?: string | null): Promise<EntitySummary>;
  /** Happenings in time order (undated last), with every report of each. */
  timeline(filter?: TimelineFilter): Promise<TimelineEvent[]>;
  /**
   * Force figures and withdrawals/deployments by actor over time; `in` keeps those about one place, `actor` those
   * of one actor. Every figure unless `limit` is given.
   */
  forces(filter?: ForceFilter): Promise<ForcePoint[]>;
  /** A page of force figures (as `forces`, 50 by default) with the number that match. */
  forcePage(filter?: ForceFilter): Promise<Page<ForcePoint>>;
  /** A page of actors with force figures, most figures first, each summarised; details through `forcePage`. */
  forceSummary(filter?: { in?: string } & PageRequest): Promise<Page<ForceSummary>>;
  /** Attributed claims; `about` an entity the claim is about, `by` its claimant. */
  claims(filter?: { about?: string; by?: string; all?: boolean; limit?: number }): Promise<ClaimView[]>;
  /** Contradictions by kind and subject; every one unless `limit` is given. */
  contradictions(page?: PageRequest): Promise<ContradictionView[]>;
  /** A page of contradictions (50 by default) with the number there are. */
  contradictionPage(page?: PageRequest): Promise<Page<ContradictionView>>;
  /** Counts, latest events, top actors and contradictions at a glance. */
  overview(): Promise<Overview>;
  /** A page of events in time order (as `timeline`), with the number that match. */
  eventPage(filter?: EventFilter): Promise<Page<TimelineEvent>>;
  /** A page of entities, most mentioned first, with the number that match. */
  entityPage(filter?: EntityFilter): Promise<Page<EntitySummary>>;
  /** A page of search hits with the number of matching documents. Throws QueryError on a malformed query. */
  searchPage(query: string, options?: SearchOptions): Promise<Page<SearchHit>>;
  /** A page of claims (as `claims`) with the number that match. */
  claimPage(filter?: { about?: string; by?: string; all?: boolean; limit?: number; offset?: number }): Promise<Page<ClaimView>>;
  /**
   * An entity (as `getEntity`, `page` applies to its documents) with its first events and force figures, their
   * totals, and related entities; null when none.
   */
  entityProfile(idOrName: string, page?: PageRequest): Promise<EntityProfile | null>;
  /** The actor graph: entities that are event sources or targets, and edges from sources to targets. */
  actorGraph(filter?: GraphFilter): Promise<ActorGraph>;
  /** Event locations and targets that have coordinates, most events first. */
  places(filter?: { from?: string; to?: string }): Promise<PlaceSummary[]>;
  /** Every document's analysis (`sitrep.analysis/1`), oldest publication first. */
  analyses(): AsyncIterable<Analysis>;
  close(): Promise<void>;
}

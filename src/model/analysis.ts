import type { DocumentRecord } from './document.js';
import type { TextSpan, Span } from './span.js';
import type { TimeValue } from './time.js';

export const ANALYSIS_VERSION = 'sitrep.analysis/1' as const;

export type EntityType = 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'FAC';
export type MentionForm = 'name' | 'alias' | 'acronym' | 'demonym' | 'metonym' | 'pronoun';

export interface EntityMention extends TextSpan {
  form: MentionForm;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  kind: string | null;
  aliases: string[];
  country: string | null;
  geo: GeoPoint | null;
  mentions: EntityMention[];
}

/**
 * A time expression in the text. The contract joins a span and a time value, whose `end` fields collide (the
 * span's end offset vs a range's end value): `end` stays the offset, and a range's end value is `until`.
 */
export type TimeMention = TextSpan & Omit<TimeValue, 'end'> & { until?: string };

export interface Attribution {
  source: string | null;
  text: string;
}

export interface Quantity extends TextSpan {
  value: number | null;
  low: number | null;
  high: number | null;
  approx: boolean;
  unit: string | null;
  currency?: string | null;
  per?: string | null;
  subject?: string | null;
  attribution?: Attribution | null;
}

export type PloverType =
  | 'AGREE' | 'CONSULT' | 'SUPPORT' | 'COOPERATE' | 'AID' | 'CONCEDE' | 'RETREAT' | 'INVESTIGATE'
  | 'DEMAND' | 'DISAPPROVE' | 'REJECT' | 'THREATEN' | 'PROTEST' | 'MOBILIZE' | 'SANCTION' | 'COERCE'
  | 'ASSAULT' | 'FIGHT' | 'CRIME';

export type Modality = 'asserted' | 'negated' | 'denied' | 'planned' | 'possible' | 'alleged';

export interface EventQuantity {
  kind: 'dead' | 'injured' | 'size' | 'amount';
  value: number | null;
  low: number | null;
  high: number | null;
  approx: boolean;
}

export interface Evidence extends Span {
  sentence: string;
}

export interface EventRecord {
  id: string;
  type: PloverType;
  subtype: string | null;
  trigger: TextSpan;
  source: string[];
  target: string[];
  location: string | null;
  time: TimeValue | null;
  quantities: EventQuantity[];
  modality: Modality;
  attribution: Attribution | null;
  evidence: Evidence;
}

/** One `sitrep.analysis/1` object: the public output contract (see shared/schema). */
export interface Analysis {
  version: typeof ANALYSIS_VERSION;
  document: DocumentRecord;
  entities: Entity[];
  times: TimeMention[];
  quantities: Quantity[];
  events: EventRecord[];
}

import type { JsonObject } from './params.js';

/** The response types of the API (those of src/store/store.ts) as JSON Schema 2020-12, for the OpenAPI document. */

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonObject): JsonObject => ({ anyOf: [schema, { type: 'null' }] });
const str: JsonObject = { type: 'string' };
const nstr: JsonObject = { type: ['string', 'null'] };
const int: JsonObject = { type: 'integer', minimum: 0 };
const num: JsonObject = { type: 'number' };
const nnum: JsonObject = { type: ['number', 'null'] };
const arr = (items: JsonObject): JsonObject => ({ type: 'array', items });
const obj = (properties: JsonObject, required: string[] = Object.keys(properties)): JsonObject => ({ type: 'object', properties, required });

export const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'FAC'] as const;
export const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'INVESTIGATE', 'DEMAND', 'DISAPPROVE',
  'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT', 'FIGHT', 'CRIME',
] as const;
export const QUADS = ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict'] as const;
const MODALITIES = ['asserted', 'negated', 'denied', 'planned', 'possible', 'alleged'];

/** A list answer: `{ total, items }`. */
export const page = (item: string): JsonObject => obj({ total: int, items: arr(ref(item)) });

export const COMPONENT_SCHEMAS: Record<string, JsonObject> = {
  Error: obj({ error: str }),
  TimeValue: obj(
    {
      value: str,
      precision: { enum: ['hour', 'day', 'week', 'month', 'quarter', 'season', 'year', 'decade', 'century'] },
      kind: { enum: ['date', 'range', 'duration', 'set'] },
      end: nstr,
      approx: { type: 'boolean' },
      inferred: { type: 'boolean' },
      anchored: { type: 'boolean' },
    },
    ['value', 'precision', 'kind'],
  ),
  GeoPoint: obj({ lat: { type: 'number', minimum: -90, maximum: 90 }, lon: { type: 'number', minimum: -180, maximum: 180 } }),
  EntityRef: obj({ id: str, name: str }),
  DocumentSummary: obj({
    id: str,
    source: str,
    title: nstr,
    publisher: nstr,
    published: nullable(ref('TimeValue')),
    language: str,
    chars: int,
    ingestedAt: str,
  }),
  Analysis: {
    type: 'object',
    description: 'A sitrep.analysis/1 object: the public output contract (shared/schema/analysis.schema.json).',
    properties: {
      version: { const: 'sitrep.analysis/1' },
      document: obj({ id: str, source: str, title: nstr, text: str, removed: { type: 'array' }, repairs: { type: 'array' } }, ['id', 'text']),
      entities: { type: 'array' },
      times: { type: 'array' },
      quantities: { type: 'array' },
      events: { type: 'array' },
    },
    required: ['version', 'document', 'entities', 'times', 'quantities', 'events'],
  },
  SearchHit: obj({
    id: str,
    title: nstr,
    source: str,
    snippet: { type: 'string', description: 'The matching passage; matched words are between [ and ]. Plain text, never HTML.' },
    score: num,
  }),
  EntitySummary: obj({
    id: str,
    name: str,
    type: { enum: [...ENTITY_TYPES] },
    kind: nstr,
    country: nstr,
    geo: nullable(ref('GeoPoint')),
    mentions: int,
    documents: int,
  }),
  EventQuantity: obj({ kind: { enum: ['dead', 'injured', 'size', 'amount'] }, value: nnum, low: nnum, high: nnum, approx: { type: 'boolean' } }),
  EventReport: obj({
    mentionId: str,
    documentId: str,
    title: nstr,
    publisher: nstr,
    published: nullable(ref('TimeValue')),
    type: { enum: [...PLOVER_TYPES] },
    trigger: str,
    modality: { enum: MODALITIES },
    attribution: nullable(obj({ source: nullable(ref('EntityRef')), text: str })),
    time: nullable(ref('TimeValue')),
    quantities: arr(ref('EventQuantity')),
    sentence: str,
  }),
  TimelineEvent: obj({
    id: str,
    type: { enum: [...PLOVER_TYPES] },
    subtype: nstr,
    quad: str,
    sources: arr(ref('EntityRef')),
    targets: arr(ref('EntityRef')),
    location: nullable(ref('EntityRef')),
    time: nullable(ref('TimeValue')),
    reports: arr(ref('EventReport')),
  }),
  ForcePoint: obj({
    actor: ref('EntityRef'),
    kind: { enum: ['size', 'withdrawal', 'deployment'] },
    value: nnum,
    low: nnum,
    high: nnum,
    approx: { type: 'boolean' },
    unit: nstr,
    time: nullable(ref('TimeValue')),
    reported: nullable(ref('TimeValue')),
    places: arr(ref('EntityRef')),
    modality: { anyOf: [{ enum: MODALITIES }, { type: 'null' }] },
    claimant: nstr,
    documentId: str,
    publisher: nstr,
    sentence: str,
  }),
  ForceSummary: obj({
    actor: ref('EntityRef'),
    figures: int,
    withdrawals: int,
    deployments: int,
    sources: int,
    low: nnum,
    high: nnum,
    latest: nullable(ref('ForcePoint')),
  }),
  ClaimView: obj({
    id: str,
    kind: { enum: ['event', 'quantity'] },
    claimant: nullable(ref('EntityRef')),
    claimantText: nstr,
    subject: nullable(ref('EntityRef')),
    statement: str,
    modality: { anyOf: [{ enum: MODALITIES }, { type: 'null' }] },
    time: nullable(ref('TimeValue')),
    documentId: str,
    title: nstr,
    publisher: nstr,
    sentence: str,
  }),
  ContradictionSide: obj({ claimant: nstr, statement: str, documentId: str, title: nstr, publisher: nstr, published: nullable(ref('TimeValue')), sentence: str }),
  ContradictionView: obj({
    id: str,
    kind: { enum: ['number', 'denial', 'perpetrator', 'force_size', 'date'] },
    about: str,
    eventId: nstr,
    a: ref('ContradictionSide'),
    b: ref('ContradictionSide'),
  }),
  EntityProfile: {
    allOf: [
      ref('EntitySummary'),
      obj({
        aliases: arr(str),
        byDocument: arr(
          obj({
            documentId: str,
            title: nstr,
            source: str,
            published: nullable(ref('TimeValue')),
            mentions: arr(obj({ start: int, end: int, text: str, form: str, sentence: str })),
          }),
        ),
        events: arr(ref('TimelineEvent')),
        eventsTotal: int,
        forces: arr(ref('ForcePoint')),
        forcesTotal: int,
        related: arr(obj({ entity: ref('EntityRef'), events: int })),
      }),
    ],
  },
  Overview: obj({
    counts: obj({ documents: int, entities: int, events: int, eventMentions: int, claims: int, contradictions: int, times: int, quantities: int }),
    latestEvents: arr(ref('TimelineEvent')),
    topActors: arr(ref('EntitySummary')),
    contradictions: arr(ref('ContradictionView')),
  }),
  ActorGraph: obj({
    nodes: arr(obj({ id: str, name: str, type: { anyOf: [{ enum: [...ENTITY_TYPES] }, { type: 'null' }] }, kind: nstr, events: int })),
    edges: arr(
      obj({
        source: str,
        target: str,
        count: int,
        cooperative: int,
        conflictual: int,
        types: { type: 'object', propertyNames: { enum: [...PLOVER_TYPES] }, additionalProperties: int },
      }),
    ),
  }),
  Places: obj({
    places: arr(obj({ entity: ref('EntityRef'), type: { enum: [...ENTITY_TYPES] }, kind: nstr, geo: ref('GeoPoint'), events: int, eventIds: arr(str) })),
  }),
  DocumentPage: page('DocumentSummary'),
  SearchPage: page('SearchHit'),
  EntityPage: page('EntitySummary'),
  EventPage: page('TimelineEvent'),
  ClaimPage: page('ClaimView'),
  ContradictionPage: page('ContradictionView'),
  ForcePage: page('ForcePoint'),
  ForceSummaryPage: page('ForceSummary'),
};

export { ref as schemaRef };

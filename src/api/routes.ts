import type { EntityType, PloverType } from '../model/analysis.js';
import { dateInterval } from '../resolve/time-intervals.js';
import { EXPORTS, type ExportSpec } from '../present/export/index.js';
import type { Quad, Store } from '../store/store.js';
import { HttpError, type BodySpec, type JsonObject, type ParamSpec, type Params } from './params.js';
import { ENTITY_TYPES, PLOVER_TYPES, QUADS, schemaRef } from './schemas.js';

/** What a handler answers: a JSON value, or a download streamed in chunks. */
export type Reply =
  | { kind: 'json'; status?: number; body: unknown }
  | { kind: 'stream'; contentType: string; filename: string; chunks: AsyncIterable<string> };

export interface HandlerContext {
  store: Store;
  params: Params;
  body: Record<string, string | null>;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** OpenAPI path template: `{name}` is a path parameter (one segment). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params: readonly ParamSpec[];
  body?: BodySpec;
  /** The 200 answer: a JSON schema (usually a component ref), or another content type for downloads. */
  response: { description: string; schema?: JsonObject; contentType?: string };
  /** Error statuses the route may answer besides 400 (always possible: parameters are validated). */
  errors?: readonly number[];
  handle: (ctx: HandlerContext) => Promise<Reply>;
}

const json = (body: unknown): Reply => ({ kind: 'json', body });

// Parameters shared by several routes: declared once, validated and documented from here.
const limit: ParamSpec = { name: 'limit', in: 'query', description: 'How many items (1–500).', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } };
const offset: ParamSpec = { name: 'offset', in: 'query', description: 'How many items to skip.', schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 } };
const date = (name: 'from' | 'to', description: string): ParamSpec => ({ name, in: 'query', description, schema: { type: 'string', format: 'partial-date', maxLength: 10 } });
const from = date('from', 'Events whose time ends on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); undated events drop out.');
const to = date('to', 'Events whose time starts on or before this date (YYYY, YYYY-MM or YYYY-MM-DD); undated events drop out.');
const ploverType: ParamSpec = { name: 'type', in: 'query', description: 'Only events of this PLOVER type.', schema: { type: 'string', enum: PLOVER_TYPES, maxLength: 16 } };
const entityName = (name: string, where: 'query' | 'path', description: string): ParamSpec => ({
  name,
  in: where,
  required: where === 'path',
  description,
  schema: { type: 'string', minLength: 1, maxLength: 300 },
});

/** `from` after `to` selects nothing: the client meant something else. */
function checkPeriod(params: Params): { from?: string; to?: string } {
  const f = params.str('from');
  const t = params.str('to');
  if (f && t && dateInterval(f)![0] > dateInterval(t)![1]) throw new HttpError(400, `parameter 'from' (${f}) is after 'to' (${t})`);
  return { from: f, to: t };
}

async function requireEntity(store: Store, idOrName: string): Promise<void> {
  if ((await store.findEntityIds(idOrName)).length === 0) throw new HttpError(404, `no entity '${idOrName.slice(0, 100)}'`);
}

function exportRoute(spec: ExportSpec): RouteSpec {
  return {
    method: 'GET',
    path: `/api/export/${spec.filename}`,
    operationId: `export${spec.format[0]!.toUpperCase()}${spec.format.slice(1)}`,
    summary: `Download ${spec.description}`,
    tag: 'export',
    params: [],
    response: { description: spec.description, contentType: spec.contentType.split(';')[0]! },
    handle: async ({ store }) => ({ kind: 'stream', contentType: spec.contentType, filename: `sitrep-${spec.filename}`, chunks: spec.produce(store) }),
  };
}

/** Every route of the API. The router, the validator and the OpenAPI document all read this table. */
export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/overview',
    operationId: 'getOverview',
    summary: 'Counts, the latest events, the top actors and contradictions',
    tag: 'overview',
    params: [],
    response: { description: 'The overview', schema: schemaRef('Overview') },
    handle: async ({ store }) => json(await store.overview()),
  },
  {
    method: 'GET',
    path: '/api/documents',
    operationId: 'listDocuments',
    summary: 'Documents, newest publication first',
    tag: 'documents',
    params: [limit, offset],
    response: { description: 'A page of documents', schema: schemaRef('DocumentPage') },
    handle: async ({ store, params }) => {
      const [items, total] = await Promise.all([store.listDocuments({ limit: params.int('limit'), offset: params.int('offset') }), store.countDocuments()]);
      return json({ total, items });
    },
  },
  {
    method: 'GET',
    path: '/api/documents/{id}',
    operationId: 'getDocument',
    summary: "A document's analysis (sitrep.analysis/1): text, what cleaning removed and repaired, entities, times, quantities, events",
    tag: 'documents',
    params: [{ name: 'id', in: 'path', required: true, description: 'Document id or an unambiguous prefix of it.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', minLength: 4, maxLength: 128 } }],
    response: { description: 'The analysis', schema: schemaRef('Analysis') },
    errors: [404],
    handle: async ({ store, params }) => {
      const id = params.req('id');
      const analysis = await store.getAnalysis(id);
      if (!analysis) throw new HttpError(404, `no document '${id}'`);
      return json(analysis);
    },
  },
  {
    method: 'GET',
    path: '/api/search',
    operationId: 'search',
    summary: 'Full-text search over titles and texts, best first; snippets mark matches with [ and ]',
    tag: 'documents',
    params: [{ name: 'q', in: 'query', required: true, description: 'Words, "a phrase", OR, NOT, prefix*.', schema: { type: 'string', minLength: 1, maxLength: 500 } }, limit, offset],
    response: { description: 'A page of hits', schema: schemaRef('SearchPage') },
    handle: async ({ store, params }) => json(await store.searchPage(params.req('q'), { limit: params.int('limit'), offset: params.int('offset') })),
  },
  {
    method: 'GET',
    path: '/api/entities',
    operationId: 'listEntities',
    summary: 'Entities, most mentioned first',
    tag: 'entities',
    params: [
      { name: 'type', in: 'query', description: 'Only entities of this type.', schema: { type: 'string', enum: ENTITY_TYPES, maxLength: 6 } },
      { name: 'q', in: 'query', description: 'A prefix of the name, of an alias, or of one of their words (case and accents folded).', schema: { type: 'string', maxLength: 200 } },
      limit,
      offset,
    ],
    response: { description: 'A page of entities', schema: schemaRef('EntityPage') },
    handle: async ({ store, params }) =>
      json(await store.entityPage({ type: params.oneOf<EntityType>('type', ENTITY_TYPES), q: params.str('q'), limit: params.int('limit'), offset: params.int('offset') })),
  },
  {
    method: 'POST',
    path: '/api/entities/merge',
    operationId: 'mergeEntities',
    summary: 'Merge one entity into another (as `sitrep entity merge`); the decision is kept and replayed',
    tag: 'entities',
    params: [],
    body: {
      description: 'Which entity goes into which, by id or name.',
      properties: { into: { description: 'The entity that stays.', maxLength: 300 }, from: { description: 'The entity merged into it.', maxLength: 300 } },
      required: ['into', 'from'],
    },
    response: { description: 'The merged entity', schema: schemaRef('EntitySummary') },
    errors: [404, 415],
    handle: async ({ store, body }) => {
      await requireEntity(store, body.into!);
      await requireEntity(store, body.from!);
      return json(await store.mergeEntities(body.into!, body.from!));
    },
  },
  {
    method: 'POST',
    path: '/api/entities/{id}/split',
    operationId: 'splitEntity',
    summary: 'Split the mentions written one way off an entity into a new one (as `sitrep entity split`)',
    tag: 'entities',
    params: [entityName('id', 'path', 'The entity, by id or name.')],
    body: {
      description: 'The alias whose mentions become their own entity, and that entity\'s name (default: the alias).',
      properties: { alias: { description: 'The alias, as written in the text.', maxLength: 300 }, name: { description: 'The new entity\'s name.', nullable: true, maxLength: 300 } },
      required: ['alias'],
    },
    response: { description: 'The new entity', schema: schemaRef('EntitySummary') },
    errors: [404, 415],
    handle: async ({ store, params, body }) => {
      const id = params.req('id');
      await requireEntity(store, id);
      return json(await store.splitEntity(id, body.alias!, body.name ?? null));
    },
  },
  {
    method: 'GET',
    path: '/api/entities/{idOrName}',
    operationId: 'getEntity',
    summary: 'An entity: aliases, mentions by document, events, force figures and related entities',
    tag: 'entities',
    params: [
      entityName('idOrName', 'path', 'An entity id, or a name or alias (case and accents folded).'),
      { name: 'limit', in: 'query', description: 'How many of the documents that mention the entity to show (1–500).', schema: { type: 'integer', minimum: 1, maximum: 500, default: 20 } },
      { ...offset, description: 'How many of those documents to skip (oldest publication first).' },
    ],
    response: { description: 'The entity', schema: schemaRef('EntityProfile') },
    errors: [404],
    handle: async ({ store, params }) => {
      const key = params.req('idOrName');
      const profile = await store.entityProfile(key, { limit: params.int('limit'), offset: params.int('offset') });
      if (!profile) throw new HttpError(404, `no entity '${key.slice(0, 100)}'`);
      return json(profile);
    },
  },
  {
    method: 'GET',
    path: '/api/events',
    operationId: 'listEvents',
    summary: 'Events merged across documents, in time order (undated last), with every report',
    tag: 'events',
    params: [
      entityName('entity', 'query', 'Only events with this actor (id or name).'),
      ploverType,
      from,
      to,
      { name: 'quad', in: 'query', description: 'Only events of this PLOVER quad class.', schema: { type: 'string', enum: QUADS, maxLength: 24 } },
      limit,
      offset,
    ],
    response: { description: 'A page of events', schema: schemaRef('EventPage') },
    handle: async ({ store, params }) =>
      json(
        await store.eventPage({
          entity: params.str('entity'),
          type: params.oneOf<PloverType>('type', PLOVER_TYPES),
          quad: params.oneOf<Quad>('quad', QUADS),
          ...checkPeriod(params),
          limit: params.int('limit'),
          offset: params.int('offset'),
        }),
      ),
  },
  {
    method: 'GET',
    path: '/api/graph',
    operationId: 'getGraph',
    summary: 'The actor graph: entities that are event sources or targets, edges from sources to targets',
    tag: 'events',
    params: [from, to, ploverType],
    response: { description: 'Nodes and edges', schema: schemaRef('ActorGraph') },
    handle: async ({ store, params }) => json(await store.actorGraph({ ...checkPeriod(params), type: params.oneOf<PloverType>('type', PLOVER_TYPES) })),
  },
  {
    method: 'GET',
    path: '/api/places',
    operationId: 'getPlaces',
    summary: 'Event locations and targets that have coordinates, with their events',
    tag: 'events',
    params: [from, to],
    response: { description: 'The places, most events first', schema: schemaRef('Places') },
    handle: async ({ store, params }) => json({ places: await store.places(checkPeriod(params)) }),
  },
  {
    method: 'GET',
    path: '/api/contradictions',
    operationId: 'listContradictions',
    summary: 'Where sources disagree: numbers, assertion against denial, perpetrators, dates, force sizes',
    tag: 'claims',
    params: [limit, offset],
    response: { description: 'A page of contradictions, by kind and subject', schema: schemaRef('ContradictionPage') },
    handle: async ({ store, params }) => json(await store.contradictionPage({ limit: params.int('limit'), offset: params.int('offset') })),
  },
  {
    method: 'GET',
    path: '/api/claims',
    operationId: 'listClaims',
    summary: 'Attributed claims (who says what), with sentence and source',
    tag: 'claims',
    params: [entityName('about', 'query', 'Claims about this entity (id or name).'), entityName('by', 'query', 'Claims made by this entity (id or name).'), limit, offset],
    response: { description: 'A page of claims', schema: schemaRef('ClaimPage') },
    handle: async ({ store, params }) =>
      json(await store.claimPage({ about: params.str('about'), by: params.str('by'), limit: params.int('limit'), offset: params.int('offset') })),
  },
  {
    method: 'GET',
    path: '/api/forces',
    operationId: 'listForces',
    summary: 'Force figures, withdrawals and deployments by actor over time (ordered by actor name, then time)',
    tag: 'claims',
    params: [
      entityName('in', 'query', 'Only figures about this country or place (id or name).'),
      entityName('actor', 'query', 'Only figures of this actor (id or name).'),
      limit,
      offset,
    ],
    response: { description: 'A page of force points', schema: schemaRef('ForcePage') },
    handle: async ({ store, params }) =>
      json(await store.forcePage({ in: params.str('in'), actor: params.str('actor'), limit: params.int('limit'), offset: params.int('offset') })),
  },
  {
    method: 'GET',
    path: '/api/forces/summary',
    operationId: 'summariseForces',
    summary: 'Actors with force figures, most figures first: counts, range, latest figure and number of sources',
    tag: 'claims',
    params: [entityName('in', 'query', 'Only figures about this country or place (id or name).'), limit, offset],
    response: { description: 'A page of actor summaries; the figures themselves come from /api/forces?actor=', schema: schemaRef('ForceSummaryPage') },
    handle: async ({ store, params }) => json(await store.forceSummary({ in: params.str('in'), limit: params.int('limit'), offset: params.int('offset') })),
  },
  ...Object.values(EXPORTS).map(exportRoute),
];

/** Matches a path template against a request path; path parameters come back still percent-encoded. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const m = /^\{(\w+)\}$/.exec(t[i]!);
    if (m) {
      if (!p[i]) return null;
      out[m[1]!] = p[i]!;
    } else if (t[i] !== p[i]) return null;
  }
  return out;
}

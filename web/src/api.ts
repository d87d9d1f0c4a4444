/** Typed client for the sitrep HTTP API (docs/api.md). Types come from the store contract, type-only. */
import type {
  ActorGraph, ClaimView, ContradictionSide, ContradictionView, DocumentSummary, EntityProfile, EntityRef, EntitySummary,
  ForcePoint, GraphEdge, GraphNode, Overview, Page, PlaceSummary, SearchHit, TimelineEvent,
} from '../../src/store/store.js';
import type { Analysis, EntityType, GeoPoint, PloverType } from '../../src/model/analysis.js';

export type {
  Analysis, ClaimView, ContradictionSide, ContradictionView, DocumentSummary, EntityRef, EntitySummary, EntityType,
  ForcePoint, GeoPoint, GraphEdge, GraphNode, Overview, Page, PloverType, SearchHit, TimelineEvent,
};
export type { TimeValue } from '../../src/model/time.js';

/** The answers of the API are the store's types (docs/api.md); these names are the app's. */
export type EntityPage = EntityProfile;
export type Graph = ActorGraph;
export type Place = PlaceSummary;

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** API root relative to the page, so the app works wherever the server mounts it. */
export function apiUrl(path: string, params?: Record<string, string | number | null | undefined>): string {
  const url = new URL(`api/${path.replace(/^\//, '')}`, document.baseURI);
  url.hash = '';
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v != null && v !== '') url.searchParams.set(k, String(v));
  }
  return url.pathname + url.search;
}

async function request<T>(path: string, params?: Record<string, string | number | null | undefined>, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), { headers: { accept: 'application/json' }, ...init });
  } catch {
    throw new ApiError('The sitrep server cannot be reached. Is `sitrep serve` still running?', 0);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : res.statusText;
    throw new ApiError(msg || `HTTP ${res.status}`, res.status);
  }
  return body as T;
}

type Params = Record<string, string | number | null | undefined>;

/** Every item of a paginated list (the server caps `limit` at 500). */
async function all<T>(path: string, params: Params = {}, max = 5000): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  for (let offset = 0; offset < max; offset += 500) {
    const page = await request<Page<T>>(path, { ...params, limit: 500, offset });
    total = page.total;
    items.push(...page.items);
    if (page.items.length < 500 || items.length >= total) break;
  }
  return { total, items };
}

const enc = encodeURIComponent;

export const api = {
  overview: () => request<Overview>('overview'),
  documents: (limit = 50, offset = 0) => request<Page<DocumentSummary>>('documents', { limit, offset }),
  document: (id: string) => request<Analysis>(`documents/${enc(id)}`),
  search: (q: string, limit = 20, offset = 0) => request<Page<SearchHit>>('search', { q, limit, offset }),
  entities: (p: { type?: string; q?: string; limit?: number; offset?: number } = {}) => request<Page<EntitySummary>>('entities', p),
  allEntities: () => all<EntitySummary>('entities'),
  entity: (idOrName: string) => request<EntityPage>(`entities/${enc(idOrName)}`),
  merge: (into: string, from: string) =>
    request<EntitySummary>('entities/merge', undefined, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ into, from }),
    }),
  split: (id: string, alias: string, name?: string) =>
    request<EntitySummary>(`entities/${enc(id)}/split`, undefined, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(name ? { alias, name } : { alias }),
    }),
  events: (p: { entity?: string; type?: string; from?: string; to?: string; quad?: string } = {}) => all<TimelineEvent>('events', p),
  graph: (p: { from?: string; to?: string; type?: string } = {}) => request<Graph>('graph', p),
  places: (p: { from?: string; to?: string } = {}) => request<{ places: Place[] }>('places', p),
  contradictions: (limit = 50, offset = 0) => request<Page<ContradictionView>>('contradictions', { limit, offset }),
  claims: (p: { about?: string; by?: string } = {}) => request<Page<ClaimView>>('claims', { ...p, limit: 500 }),
  forces: (p: { in?: string; limit?: number; offset?: number } = {}) => request<Page<ForcePoint>>('forces', p),
};

export const EXPORTS = [
  { file: 'events.csv', label: 'Events (CSV, ACLED-like)' },
  { file: 'analyses.jsonl', label: 'Analyses (JSON Lines, sitrep.analysis/1)' },
  { file: 'events.geojson', label: 'Events and places (GeoJSON)' },
  { file: 'graph.graphml', label: 'Actor graph (GraphML, for Gephi)' },
] as const;

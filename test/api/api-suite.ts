import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { ROUTES } from '../../src/api/routes.js';
import { openStore } from '../../src/store/open.js';
import type { ActorGraph, EntityProfile, EntitySummary, Overview, Page, PlaceSummary, Store, TimelineEvent } from '../../src/store/store.js';
import { contractValidator } from '../helpers/schema.js';
import { hasShared } from '../helpers/shared.js';
import { buildStore, buildWebRoot } from './fixture.js';
import type { Backend } from '../helpers/backends.js';

/** The API suite against one store backend: a store built from the corpus, served, and asked. */
export async function apiSuite(backend: Backend): Promise<void> {
const { dir, db } = await buildStore('sitrep-api-', backend);
const webRoot = buildWebRoot(dir);
let store: Store;
let server: RunningServer;
let base: string;

before(async () => {
  store = await openStore(db);
  server = await startServer({ store, port: 0, webRoot });
  base = server.url.replace(/\/$/, '');
});

after(async () => {
  await server.close();
  await store.close();
});

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function get<T = unknown>(path: string, init?: RequestInit): Promise<Answer<T>> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: (type.startsWith('application/json') ? JSON.parse(text) : text) as T };
}

async function post<T = unknown>(path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer<T>> {
  return get<T>(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A 400 with a JSON error message. */
async function bad(path: string, pattern?: RegExp): Promise<void> {
  const r = await get<{ error: string }>(path);
  assert.equal(r.status, 400, `${path} → ${r.status} ${JSON.stringify(r.body)}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(typeof r.body.error, 'string');
  if (pattern) assert.match(r.body.error, pattern);
}

const cmpTime = (e: TimelineEvent): string => e.time?.value ?? '';

describe(`[${backend.name}] GET /api/openapi.json`, () => {
  it('is an OpenAPI 3.1 document describing every route, whose schemas compile', async () => {
    const r = await get<{ openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string }> }>>; components: { schemas: Record<string, unknown> } }>('/api/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    for (const route of ROUTES) {
      const op = r.body.paths[route.path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.path} is documented`);
      assert.deepEqual(op.parameters.map((p) => p.name).sort(), route.params.map((p) => p.name).sort());
    }
    assert.ok(r.body.paths['/api/openapi.json']);
    const documented = Object.keys(r.body.paths).filter((p) => p !== '/api/openapi.json').length;
    assert.equal(documented, new Set(ROUTES.map((x) => x.path)).size);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(r.body, 'openapi');
    for (const name of Object.keys(r.body.components.schemas)) ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
  });

  it('answers every JSON route with what its schema says', async () => {
    const doc = (await get<Record<string, unknown>>('/api/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(doc, 'openapi');
    const samples: Record<string, string> = {
      '/api/documents/{id}': `/api/documents/${(await store.listDocuments({ limit: 1 }))[0]!.id}`,
      '/api/entities/{idOrName}': '/api/entities/Mali',
      '/api/search': '/api/search?q=Mali',
      '/api/events': '/api/events?limit=20',
    };
    let checked = 0;
    for (const route of ROUTES) {
      if (route.method !== 'GET' || route.response.contentType) continue;
      const path = samples[route.path] ?? route.path;
      const r = await get(path);
      assert.equal(r.status, 200, path);
      const pointer = route.path.replace(/~/g, '~0').replace(/\//g, '~1');
      const validate = ajv.compile({ $ref: `openapi#/paths/${pointer}/get/responses/200/content/application~1json/schema` });
      assert.ok(validate(r.body), `${path}: ${ajv.errorsText(validate.errors)}`);
      checked++;
    }
    assert.ok(checked >= 12, `${checked} routes checked`);
  });
});

describe(`[${backend.name}] GET /api/overview`, () => {
  it('gives the counts, the latest events newest first, top actors and contradictions', async () => {
    const { body } = await get<Overview>('/api/overview');
    const stats = await store.stats();
    assert.equal(body.counts.documents, stats.documents);
    assert.equal(body.counts.events, stats.events);
    assert.ok(body.latestEvents.length > 0 && body.latestEvents.length <= 10);
    const starts = body.latestEvents.map(cmpTime);
    assert.ok(body.latestEvents.every((e) => e.time !== null));
    assert.ok(starts.every((s, i) => i === 0 || s.slice(0, 4) <= starts[i - 1]!.slice(0, 4)), starts.join(' '));
    assert.ok(body.topActors.length > 0 && body.topActors.length <= 10);
    assert.ok(body.contradictions.length <= 10);
  });

  it('refuses parameters it does not take', () => bad('/api/overview?limit=3', /unknown parameter 'limit'/));
});

describe(`[${backend.name}] GET /api/documents`, () => {
  it('pages through the documents', async () => {
    const all = await get<Page<{ id: string }>>('/api/documents?limit=500');
    assert.equal(all.body.total, await store.countDocuments());
    assert.equal(all.body.items.length, all.body.total);
    const first = await get<Page<{ id: string }>>('/api/documents?limit=3');
    const second = await get<Page<{ id: string }>>('/api/documents?limit=3&offset=3');
    assert.deepEqual([...first.body.items, ...second.body.items].map((d) => d.id), all.body.items.slice(0, 6).map((d) => d.id));
    const beyond = await get<Page<unknown>>(`/api/documents?offset=${all.body.total}`);
    assert.deepEqual(beyond.body, { total: all.body.total, items: [] });
    const defaults = await get<Page<unknown>>('/api/documents');
    assert.equal(defaults.body.items.length, Math.min(50, all.body.total));
  });

  it('validates limit and offset', async () => {
    await bad('/api/documents?limit=0', /limit/);
    await bad('/api/documents?limit=501', /between 1 and 500/);
    await bad('/api/documents?limit=ten', /whole number/);
    await bad('/api/documents?limit=1.5');
    await bad('/api/documents?offset=-1', /offset/);
    await bad('/api/documents?limit=5&limit=6', /more than once/);
    await bad('/api/documents?limt=5', /unknown parameter 'limt'/);
  });

  it('gives a document as its analysis object, by id or prefix; 404 for an unknown id', async () => {
    const [doc] = await store.listDocuments({ limit: 1 });
    const r = await get<{ version: string; document: { id: string; text: string } }>(`/api/documents/${doc!.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.version, 'sitrep.analysis/1');
    assert.equal(r.body.document.id, doc!.id);
    const byPrefix = await get<{ document: { id: string } }>(`/api/documents/${doc!.id.slice(0, 14)}`);
    assert.equal(byPrefix.body.document.id, doc!.id);
    const missing = await get<{ error: string }>('/api/documents/doc_ffffffffffffffff');
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /no document/);
    await bad('/api/documents/doc%20x', /malformed/);
    await bad('/api/documents/ab', /shorter than 4/);
  });

  it('validates against the analysis contract', { skip: !hasShared && 'shared/ absent' }, async () => {
    const validate = contractValidator();
    for (const d of await store.listDocuments({ limit: 3 })) {
      const r = await get(`/api/documents/${d.id}`);
      assert.ok(validate(r.body), JSON.stringify(validate.errors?.slice(0, 3)));
    }
  });
});

describe(`[${backend.name}] GET /api/search`, () => {
  it('finds documents with snippets marked by [ and ], paginated', async () => {
    const r = await get<Page<{ id: string; snippet: string }>>('/api/search?q=Mali&limit=2');
    assert.equal(r.status, 200);
    assert.ok(r.body.total >= 2);
    assert.equal(r.body.items.length, 2);
    assert.ok(r.body.items.every((h) => /\[[^\]]+\]/.test(h.snippet) && !/<mark>/.test(h.snippet)));
    const next = await get<Page<{ id: string }>>('/api/search?q=Mali&limit=2&offset=2');
    assert.equal(next.body.total, r.body.total);
    assert.ok(!next.body.items.some((h) => r.body.items.some((x) => x.id === h.id)));
    const none = await get<Page<unknown>>('/api/search?q=zzzyyyxxx');
    assert.deepEqual(none.body, { total: 0, items: [] });
  });

  it('needs a well-formed query', async () => {
    await bad('/api/search', /'q' is required/);
    await bad('/api/search?q=', /'q' is required/);
    await bad('/api/search?q=%22unterminated', /quotation mark/);
    await bad(`/api/search?q=${'a'.repeat(501)}`, /longer/);
    await bad('/api/search?q=a%00b', /control/);
  });
});

describe(`[${backend.name}] GET /api/entities`, () => {
  it('lists entities most mentioned first, by type and name prefix (folded), paginated', async () => {
    const all = await get<Page<EntitySummary>>('/api/entities?limit=500');
    assert.ok(all.body.total > 10);
    const mentions = all.body.items.map((e) => e.mentions);
    assert.deepEqual(mentions, [...mentions].sort((a, b) => b - a));
    const gpe = await get<Page<EntitySummary>>('/api/entities?type=GPE&limit=500');
    assert.ok(gpe.body.total > 0 && gpe.body.items.every((e) => e.type === 'GPE'));
    const wag = await get<Page<EntitySummary>>('/api/entities?q=WAG');
    assert.ok(wag.body.items.some((e) => e.name === 'Wagner Group'), JSON.stringify(wag.body.items.map((e) => e.name)));
    const mali = await get<Page<EntitySummary>>('/api/entities?q=mali&type=GPE');
    assert.ok(mali.body.items.some((e) => e.name === 'Mali'));
    const percent = await get<Page<EntitySummary>>('/api/entities?q=%25');
    assert.equal(percent.body.total, 0, 'LIKE wildcards in q are literal');
    const p1 = await get<Page<EntitySummary>>('/api/entities?limit=5&offset=5');
    assert.deepEqual(p1.body.items.map((e) => e.id), all.body.items.slice(5, 10).map((e) => e.id));
  });

  it('validates type', async () => {
    await bad('/api/entities?type=gpe', /one of PERSON, ORG, GPE, LOC, FAC/);
    await bad('/api/entities?type=CITY');
  });
});

describe(`[${backend.name}] GET /api/entities/{idOrName}`, () => {
  it('gives an entity by name (folded) or id with its events, forces and related entities', async () => {
    const byName = await get<EntityProfile>('/api/entities/wagner%20group');
    assert.equal(byName.status, 200);
    assert.equal(byName.body.name, 'Wagner Group');
    assert.ok(byName.body.events.length > 0);
    assert.ok(byName.body.events.every((e) => [...e.sources, ...e.targets, ...(e.location ? [e.location] : [])].some((a) => a.id === byName.body.id)));
    assert.ok(byName.body.related.length > 0 && byName.body.related.every((r) => r.entity.id !== byName.body.id && r.events > 0));
    assert.ok(Array.isArray(byName.body.forces));
    assert.ok(byName.body.byDocument.length > 0);
    const byId = await get<EntityProfile>(`/api/entities/${byName.body.id}`);
    assert.equal(byId.body.id, byName.body.id);
  });

  it('pages the documents that mention an entity, with the totals of its events and force figures', async () => {
    const all = await get<EntityProfile>('/api/entities/Mali?limit=500');
    assert.equal(all.body.byDocument.length, all.body.documents);
    assert.equal((await get<EntityProfile>('/api/entities/Mali')).body.byDocument.length, Math.min(20, all.body.documents));
    const page = await get<EntityProfile>('/api/entities/Mali?limit=2&offset=1');
    assert.deepEqual(page.body.byDocument.map((d) => d.documentId), all.body.byDocument.slice(1, 3).map((d) => d.documentId));
    assert.ok(all.body.eventsTotal >= all.body.events.length && all.body.forcesTotal >= all.body.forces.length);
    await bad('/api/entities/Mali?limit=0');
  });

  it('answers 404 for an unknown entity and 400 for a malformed one', async () => {
    const r = await get<{ error: string }>('/api/entities/Nobody%20Atall');
    assert.equal(r.status, 404);
    assert.match(r.body.error, /no entity/);
    await bad(`/api/entities/${'x'.repeat(301)}`, /longer/);
    await bad('/api/entities/%E0%A4%A', /percent-encoding/);
  });
});

describe(`[${backend.name}] GET /api/events`, () => {
  it('lists events in time order with totals and pages', async () => {
    const all = await get<Page<TimelineEvent>>('/api/events?limit=500');
    assert.equal(all.body.total, (await store.stats()).events);
    const dated = all.body.items.filter((e) => e.time);
    const undatedAt = all.body.items.findIndex((e) => !e.time);
    if (undatedAt >= 0) assert.ok(all.body.items.slice(undatedAt).every((e) => !e.time || !/^\d{4}/.test(e.time.value)), 'undated last');
    assert.ok(dated.length > 0);
    const page = await get<Page<TimelineEvent>>('/api/events?limit=7&offset=7');
    assert.deepEqual(page.body.items.map((e) => e.id), all.body.items.slice(7, 14).map((e) => e.id));
  });

  it('filters by entity, type, quad and period', async () => {
    const fight = await get<Page<TimelineEvent>>('/api/events?type=FIGHT&limit=500');
    assert.ok(fight.body.items.every((e) => e.type === 'FIGHT'));
    assert.equal(fight.body.total, fight.body.items.length);
    const coop = await get<Page<TimelineEvent>>('/api/events?quad=material_cooperation&limit=500');
    assert.ok(coop.body.total > 0 && coop.body.items.every((e) => e.quad === 'material_cooperation'));
    const wagner = await get<Page<TimelineEvent>>('/api/events?entity=Wagner%20Group&limit=500');
    assert.ok(wagner.body.total > 0);
    assert.ok(wagner.body.items.every((e) => [...e.sources, ...e.targets].some((a) => a.name === 'Wagner Group')));
    const y2022 = await get<Page<TimelineEvent>>('/api/events?from=2022&to=2022&limit=500');
    assert.ok(y2022.body.total > 0);
    assert.ok(y2022.body.items.every((e) => e.time !== null));
    const nobody = await get<Page<TimelineEvent>>('/api/events?entity=Nobody%20Atall');
    assert.deepEqual(nobody.body, { total: 0, items: [] });
  });

  it('validates every filter', async () => {
    await bad('/api/events?from=last%20spring', /YYYY/);
    await bad('/api/events?from=2022-13', /YYYY/);
    await bad('/api/events?to=2022-02-30', /YYYY/);
    await bad('/api/events?from=2023&to=2022', /after/);
    await bad('/api/events?type=fight', /PLOVER|one of/);
    await bad('/api/events?quad=friendly', /one of/);
    await bad('/api/events?limit=-5');
  });
});

describe(`[${backend.name}] GET /api/graph`, () => {
  it('has nodes for every edge end, with cooperative and conflictual counts within the weight', async () => {
    const { body } = await get<ActorGraph>('/api/graph');
    assert.ok(body.nodes.length > 1 && body.edges.length > 0);
    const ids = new Set(body.nodes.map((n) => n.id));
    for (const e of body.edges) {
      assert.ok(ids.has(e.source) && ids.has(e.target));
      assert.notEqual(e.source, e.target);
      assert.ok(e.cooperative + e.conflictual <= e.count);
      assert.equal(Object.values(e.types).reduce((a, b) => a + (b ?? 0), 0), e.count);
    }
    assert.ok(body.nodes.every((n) => n.events > 0 && typeof n.name === 'string'));
  });

  it('filters by type and period', async () => {
    const fight = await get<ActorGraph>('/api/graph?type=FIGHT');
    assert.ok(fight.body.edges.every((e) => Object.keys(e.types).every((t) => t === 'FIGHT')));
    const all = await get<ActorGraph>('/api/graph');
    const later = await get<ActorGraph>('/api/graph?from=2022-06');
    assert.ok(later.body.edges.reduce((a, e) => a + e.count, 0) < all.body.edges.reduce((a, e) => a + e.count, 0));
    await bad('/api/graph?type=WAR');
    await bad('/api/graph?from=22');
    await bad('/api/graph?limit=5', /unknown parameter/);
  });
});

describe(`[${backend.name}] GET /api/places`, () => {
  it('gives places with coordinates in range, sized by events, with a period filter', async () => {
    const { body } = await get<{ places: PlaceSummary[] }>('/api/places');
    assert.ok(body.places.length > 0);
    for (const p of body.places) {
      assert.ok(Math.abs(p.geo.lat) <= 90 && Math.abs(p.geo.lon) <= 180);
      assert.equal(p.events, p.eventIds.length);
    }
    const counts = body.places.map((p) => p.events);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    const recent = await get<{ places: PlaceSummary[] }>('/api/places?from=2023');
    assert.ok(recent.body.places.reduce((a, p) => a + p.events, 0) < counts.reduce((a, b) => a + b, 0));
    await bad('/api/places?from=2023-00');
    await bad('/api/places?type=FIGHT', /unknown parameter/);
  });
});

type Point = { actor: { id: string }; places: Array<{ name: string }>; sentence: string };

describe(`[${backend.name}] GET /api/contradictions, /api/claims, /api/forces`, () => {
  it('pages contradictions', async () => {
    const r = await get<Page<{ id: string }>>('/api/contradictions?limit=500');
    const total = (await store.stats()).contradictions;
    assert.equal(r.body.total, total);
    assert.equal(r.body.items.length, total);
    assert.equal((await get<Page<unknown>>('/api/contradictions')).body.items.length, Math.min(50, total));
    const page = await get<Page<{ id: string }>>('/api/contradictions?limit=2&offset=1');
    assert.deepEqual(page.body.items.map((c) => c.id), r.body.items.slice(1, 3).map((c) => c.id));
    await bad('/api/contradictions?limit=501');
  });

  it('pages through claims, about and by an entity', async () => {
    const all = await get<Page<{ id: string }>>('/api/claims?limit=500');
    assert.equal(all.body.total, (await store.stats()).claims);
    const page = await get<Page<{ id: string }>>('/api/claims?limit=2&offset=1');
    assert.deepEqual(page.body.items.map((c) => c.id), all.body.items.slice(1, 3).map((c) => c.id));
    const about = await get<Page<{ id: string }>>('/api/claims?about=Mali&limit=500');
    assert.ok(about.body.total > 0 && about.body.total <= all.body.total);
    const nobody = await get<Page<unknown>>('/api/claims?by=Nobody%20Atall');
    assert.equal(nobody.body.total, 0);
    await bad('/api/claims?limit=1000');
    await bad('/api/claims?all=1', /unknown parameter/);
  });

  it('pages force figures, in a place and of an actor', async () => {
    const all = await get<Page<Point>>('/api/forces?limit=500');
    assert.equal(all.body.items.length, Math.min(500, all.body.total));
    const mali = await get<Page<Point>>('/api/forces?in=Mali&limit=500');
    assert.ok(mali.body.total <= all.body.total);
    const page = await get<Page<Point>>('/api/forces?limit=2&offset=1');
    assert.deepEqual(page.body.items.map((p) => p.sentence), all.body.items.slice(1, 3).map((p) => p.sentence));
    const actor = all.body.items[0]!.actor.id;
    const own = await get<Page<Point>>(`/api/forces?actor=${encodeURIComponent(actor)}&limit=500`);
    assert.ok(own.body.total > 0 && own.body.items.every((p) => p.actor.id === actor));
    assert.equal((await get<Page<Point>>('/api/forces?actor=Nobody%20Atall')).body.total, 0);
    await bad(`/api/forces?in=${'m'.repeat(400)}`);
  });

  it('summarises force figures per actor, most figures first', async () => {
    type Summary = { actor: { id: string }; figures: number; withdrawals: number; deployments: number; sources: number };
    const all = await get<Page<Point>>('/api/forces?limit=500');
    const summary = await get<Page<Summary>>('/api/forces/summary?limit=500');
    assert.equal(summary.status, 200);
    assert.equal(summary.body.items.reduce((n, s) => n + s.figures + s.withdrawals + s.deployments, 0), all.body.total);
    const first = summary.body.items[0]!;
    const own = await get<Page<Point>>(`/api/forces?actor=${encodeURIComponent(first.actor.id)}&limit=500`);
    assert.equal(own.body.total, first.figures + first.withdrawals + first.deployments);
    const page = await get<Page<Summary>>('/api/forces/summary?limit=1&offset=1');
    assert.deepEqual(page.body.items.map((s) => s.actor.id), summary.body.items.slice(1, 2).map((s) => s.actor.id));
    await bad('/api/forces/summary?actor=x', /unknown parameter/);
  });
});

describe(`[${backend.name}] GET /api/export/*`, () => {
  it('downloads each export with its content type and a file name', async () => {
    const expected: Record<string, RegExp> = {
      'events.csv': /^text\/csv/,
      'analyses.jsonl': /^application\/jsonl/,
      'events.geojson': /^application\/geo\+json/,
      'graph.graphml': /^application\/graphml\+xml/,
    };
    for (const [file, type] of Object.entries(expected)) {
      const res = await fetch(`${base}/api/export/${file}`);
      assert.equal(res.status, 200, file);
      assert.match(res.headers.get('content-type') ?? '', type);
      assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="sitrep-${file.replace('.', '\\.')}"`));
      assert.ok((await res.text()).length > 100);
    }
    const csv = await (await fetch(`${base}/api/export/events.csv`)).text();
    assert.ok(csv.startsWith('event_id,event_date,time_precision,plover_type,'));
    await bad('/api/export/events.csv?format=x', /unknown parameter/);
    assert.equal((await get('/api/export/events.xlsx')).status, 404);
  });
});

describe(`[${backend.name}] routing and errors`, () => {
  it('answers 404 with JSON for unknown API paths and 405 for the wrong method', async () => {
    for (const path of ['/api', '/api/', '/api/nothing', '/api/documents/x/y']) {
      const r = await get<{ error: string }>(path);
      assert.equal(r.status, 404, path);
      assert.equal(typeof r.body.error, 'string');
    }
    const wrong = await post<{ error: string }>('/api/overview', {});
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow') ?? '', /GET/);
    const getMerge = await get('/api/entities/x/split');
    assert.equal(getMerge.status, 405);
    assert.equal(getMerge.headers.get('allow'), 'POST');
  });

  it('answers HEAD like GET without a body', async () => {
    for (const path of ['/api/overview', '/api/export/events.csv']) {
      const res = await fetch(`${base}${path}`, { method: 'HEAD' });
      assert.equal(res.status, 200, path);
      assert.equal(await res.text(), '');
    }
  });
});

describe(`[${backend.name}] POST /api/entities/merge and /api/entities/{id}/split`, () => {
  it('merges two entities, then splits the alias back off', async () => {
    const before = (await get<Page<EntitySummary>>('/api/entities?type=PERSON&limit=500')).body.items;
    assert.ok(before.length >= 2);
    const [into, from] = [before[0]!, before[before.length - 1]!];
    const merged = await post<EntitySummary>('/api/entities/merge', { into: into.id, from: from.id });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.id, into.id);
    assert.ok(merged.body.mentions >= into.mentions + from.mentions);
    const gone = await get(`/api/entities/${from.id}`);
    assert.ok(gone.status === 404 || (gone.body as EntityProfile).id === into.id);
    const resolved = await get<EntityProfile>(`/api/entities/${encodeURIComponent(from.name)}`);
    assert.equal(resolved.body.id, into.id, 'the merged name resolves to the entity it went into');

    const split = await post<EntitySummary>(`/api/entities/${into.id}/split`, { alias: from.name, name: `${from.name} (split)` });
    assert.equal(split.status, 200, JSON.stringify(split.body));
    assert.equal(split.body.name, `${from.name} (split)`);
    assert.notEqual(split.body.id, into.id);
    assert.ok(split.body.mentions > 0);
  });

  it('answers 404 for unknown entities and 400 for impossible or malformed requests', async () => {
    const unknown = await post<{ error: string }>('/api/entities/merge', { into: 'Mali', from: 'Nobody Atall' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /Nobody Atall/);
    const same = await post<{ error: string }>('/api/entities/merge', { into: 'Mali', from: 'Mali' });
    assert.equal(same.status, 400);
    assert.match(same.body.error, /already one entity/);
    const noSplit = await post<{ error: string }>('/api/entities/Nobody%20Atall/split', { alias: 'x' });
    assert.equal(noSplit.status, 404);
    const badAlias = await post<{ error: string }>('/api/entities/Mali/split', { alias: 'Zzzzzz' });
    assert.equal(badAlias.status, 400);
    assert.equal((await post('/api/entities/merge', { into: 'Mali' })).status, 400);
    assert.equal((await post('/api/entities/merge', { into: 'Mali', from: 3 })).status, 400);
    assert.equal((await post('/api/entities/merge', { into: 'Mali', from: 'France', extra: 1 })).status, 400);
    assert.equal((await post('/api/entities/merge', [1, 2])).status, 400);
    assert.equal((await post('/api/entities/merge', '{"into": ')).status, 400);
    assert.equal((await post('/api/entities/merge', { into: '', from: 'Mali' })).status, 400);
    assert.equal((await post('/api/entities/merge?x=1', { into: 'Mali', from: 'France' })).status, 400);
  });

  it('refuses bodies that are not JSON, too large, or sent from another origin', async () => {
    const form = await post<{ error: string }>('/api/entities/merge', 'into=Mali&from=France', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    const text = await post('/api/entities/merge', JSON.stringify({ into: 'Mali', from: 'France' }), { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    const huge = await post('/api/entities/merge', { into: 'x'.repeat(70_000), from: 'Mali' });
    assert.equal(huge.status, 413);
    const crossSite = await post<{ error: string }>('/api/entities/merge', { into: 'Mali', from: 'France' }, { 'content-type': 'application/json', origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const stats = await store.entityPage({ q: 'France' });
    assert.ok(stats.items.some((e) => e.name === 'France'), 'nothing was merged');
  });
});
}

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SqliteEventQueries } from '../../src/store/sqlite/event-queries.js';
import { keepForce } from '../../src/store/shared/views.js';
import { timeInterval } from '../../src/resolve/time-intervals.js';
import type { ForcePoint, Store } from '../../src/store/store.js';
import { forEachBackend } from '../helpers/backends.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const filesIn = (folder: string): string[] => readdirSync(folder).sort().map((f) => join(folder, f));
const files = [...filesIn(join(PACKAGE_ROOT, 'samples')), ...(hasShared ? filesIn(sharedPath('corpus', 'seeds')) : [])];

/**
 * The force summary as it was defined before `force_actors`: aggregated over every force point (the unpaged
 * export, `forces()`), most points first, then by entity name in code point order (as SQL's), then by id.
 */
function summaryOf(points: readonly ForcePoint[], names: ReadonlyMap<string, string>): unknown[] {
  const by = new Map<string, ForcePoint[]>();
  for (const p of points) by.set(p.actor.id, [...(by.get(p.actor.id) ?? []), p]);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...by]
    .map(([actor, own]) => {
      const sizes = own.filter((p) => p.kind === 'size');
      const lows = sizes.map((p) => p.low ?? p.value).filter((v): v is number => v !== null);
      const highs = sizes.map((p) => p.high ?? p.value).filter((v): v is number => v !== null);
      return {
        actor,
        points: own.length,
        figures: sizes.length,
        withdrawals: own.filter((p) => p.kind === 'withdrawal').length,
        deployments: own.filter((p) => p.kind === 'deployment').length,
        sources: new Set(own.map((p) => p.documentId)).size,
        low: lows.length ? Math.min(...lows) : null,
        high: highs.length ? Math.max(...highs) : null,
      };
    })
    .sort((a, b) => b.points - a.points || cmp(names.get(a.actor) ?? '', names.get(b.actor) ?? '') || cmp(a.actor, b.actor))
    .map(({ points: _points, ...rest }) => rest);
}

/** When a size figure holds for "latest first": its own time, else its report's publication (null: neither). */
const latestKey = (p: ForcePoint): string | null => (p.time ? timeInterval(p.time)?.[0] : null) ?? p.reported?.value ?? null;

/** Each summary row's latest figure is one of the actor's size figures there, and none is later. */
function assertLatest(items: Awaited<ReturnType<Store['forceSummary']>>['items'], points: readonly ForcePoint[], label: string): void {
  for (const s of items) {
    const sizes = points.filter((p) => p.actor.id === s.actor.id && p.kind === 'size');
    if (!sizes.length) {
      assert.equal(s.latest, null, `${label}: ${s.actor.id} has no size figure`);
      continue;
    }
    const keys = sizes.map(latestKey).filter((k): k is string => k !== null).sort();
    assert.ok(s.latest && sizes.some((p) => p.sentence === s.latest!.sentence && p.documentId === s.latest!.documentId), `${label}: ${s.actor.id}'s latest is its own`);
    assert.equal(latestKey(s.latest), keys.at(-1) ?? null, `${label}: ${s.actor.id}'s latest figure`);
  }
}

/** Every fast read of force figures against its definition over the full list (`forces()`, read as before). */
async function assertForceReads(store: Store, label: string): Promise<void> {
  const all = await store.forces();
  assert.ok(all.length > 10, `${label}: the documents hold force figures`);
  const entities = await store.listEntities({ limit: 100_000 });
  const names = new Map(entities.map((e) => [e.id, e.name]));

  const summary = await store.forceSummary({ limit: 100_000 });
  const actual = summary.items.map((s) => ({ actor: s.actor.id, figures: s.figures, withdrawals: s.withdrawals, deployments: s.deployments, sources: s.sources, low: s.low, high: s.high }));
  assert.deepEqual(actual, summaryOf(all, names), `${label}: force summary`);
  assert.equal(summary.total, actual.length);
  assertLatest(summary.items, all, label);
  assert.deepEqual((await store.forceSummary({ limit: 3, offset: 2 })).items, summary.items.slice(2, 5), `${label}: a page of the summary`);

  // Pages of the whole list, across actor boundaries.
  for (const limit of [1, 7, 50]) {
    for (let offset = 0; offset <= all.length; offset += limit === 1 ? 3 : limit - 2) {
      const page = await store.forcePage({ limit, offset });
      assert.equal(page.total, all.length);
      assert.deepEqual(page.items, all.slice(offset, offset + limit), `${label}: forcePage limit ${limit} offset ${offset}`);
    }
  }
  assert.deepEqual(await store.forces({ limit: 5, offset: 3 }), all.slice(3, 8));

  const actors = [...new Set(all.map((p) => p.actor.id))];
  const places = [...new Set(all.flatMap((p) => p.places.map((pl) => pl.id)))];
  assert.ok(places.length > 0, `${label}: figures about places`);
  for (const actor of actors) {
    const own = all.filter(keepForce({ actors: [actor], places: null }));
    assert.deepEqual(await store.forces({ actor }), own, `${label}: forces of ${actor}`);
    const page = await store.forcePage({ actor, limit: 3, offset: 1 });
    assert.deepEqual(page, { total: own.length, items: own.slice(1, 4) }, `${label}: a page of ${actor}'s forces`);
  }
  for (const place of places) {
    const about = all.filter(keepForce({ actors: null, places: [place] }));
    assert.deepEqual(await store.forcePage({ in: place, limit: 1000 }), { total: about.length, items: about }, `${label}: forces in ${place}`);
    // Pages reach only some actors' points (counted by actor first): every page, across actor boundaries.
    for (let offset = 0; offset <= about.length; offset += 2) {
      const page = await store.forcePage({ in: place, limit: 3, offset });
      assert.deepEqual(page, { total: about.length, items: about.slice(offset, offset + 3) }, `${label}: forces in ${place} from ${offset}`);
    }
    const inPlace = await store.forceSummary({ in: place, limit: 1000 });
    assert.deepEqual(
      inPlace.items.map((s) => ({ actor: s.actor.id, figures: s.figures, withdrawals: s.withdrawals, deployments: s.deployments, sources: s.sources, low: s.low, high: s.high })),
      summaryOf(about, names),
      `${label}: force summary in ${place}`,
    );
    assertLatest(inPlace.items, about, `${label} in ${place}`);
  }
  for (const id of [...actors, ...places].slice(0, 40)) {
    const profile = await store.entityProfile(id);
    if (!profile) continue;
    const mine = all.filter(keepForce({ actors: [id], places: [id], either: true }));
    assert.equal(profile.forcesTotal, mine.length, `${label}: forcesTotal of ${id}`);
    assert.deepEqual(profile.forces, mine.slice(0, 100), `${label}: forces of ${id}'s profile`);
  }
}

/** Pages of claims (counted and sliced in SQL) against the full list. */
async function assertClaimPages(store: Store): Promise<void> {
  for (const filter of [{}, { all: true }, { about: 'Mali' }, { by: 'Mali' }, { about: 'Atlantis' }]) {
    const all = await store.claims({ ...filter, limit: 1_000_000 });
    for (const [limit, offset] of [[3, 0], [5, 2], [50, 10], [500, 0]] as const) {
      const page = await store.claimPage({ ...filter, limit, offset });
      assert.deepEqual(page, { total: all.length, items: all.slice(offset, offset + limit) }, `claims ${JSON.stringify(filter)} limit ${limit} offset ${offset}`);
    }
  }
}

/** An actor's timeline and event pages (SQLite orders them on indexes) against the whole timeline filtered by actor. */
async function assertActorEventPages(store: Store, label: string): Promise<void> {
  const all = await store.timeline({ limit: 1_000_000 });
  const actorsOf = (e: (typeof all)[number]): string[] => [...e.sources, ...e.targets].map((a) => a.id);
  const actors = [...new Set(all.flatMap(actorsOf))];
  assert.ok(actors.length > 10, `${label}: the documents name actors`);
  const dated = all.filter((e) => e.time);
  const year = dated[Math.floor(dated.length / 2)]!.time!.value.slice(0, 4);
  const window = { from: `${year}-01-01`, to: `${year}-06-30` };
  const inWindow = await store.timeline({ ...window, limit: 1_000_000 });
  assert.ok(inWindow.length > 0 && inWindow.length < all.length, `${label}: the window holds some happenings`);
  for (const id of actors.slice(0, 30)) {
    const mine = all.filter((e) => actorsOf(e).includes(id));
    assert.deepEqual(await store.timeline({ entity: id, limit: 1_000_000 }), mine, `${label}: timeline of ${id}`);
    for (const [limit, offset] of [[3, 0], [5, 2], [50, 1]] as const) {
      assert.deepEqual(await store.eventPage({ entity: id, limit, offset }), { total: mine.length, items: mine.slice(offset, offset + limit) }, `${label}: event page of ${id}`);
    }
    const mineInWindow = inWindow.filter((e) => actorsOf(e).includes(id));
    assert.deepEqual(await store.eventPage({ entity: id, ...window, limit: 4, offset: 1 }), { total: mineInWindow.length, items: mineInWindow.slice(1, 5) }, `${label}: ${id} in the window`);
    const type = mine[0]?.type;
    if (type) assert.deepEqual(await store.timeline({ entity: id, type, limit: 1_000_000 }), mine.filter((e) => e.type === type), `${label}: ${id}'s ${type}`);
  }
}

await forEachBackend((backend) =>
  describe(`store: paged force, claim and event reads and the per-actor force summary agree with the full lists (${backend.name})`, () => {
    it('after ingest, after an analyst\'s merge and while a source is replaced', async () => {
      const store = await openStore(await backend.fresh(dir, 'force-reads'));
      try {
        for (const file of files) await ingestPaths([file], store);
        await assertForceReads(store, 'ingested');
        await assertClaimPages(store);
        await assertActorEventPages(store, 'ingested');
        // A source replaced by a document without events takes its figures and moves out of the summary.
        const withForces = (await store.forces()).find((p) => p.kind === 'size')!.documentId;
        const source = (await store.listDocuments({ limit: 1000 })).find((d) => d.id === withForces)!.source;
        const analysis = (await store.getAnalysis(withForces))!;
        await store.putAnalysis({ ...analysis, document: { ...analysis.document, id: `${analysis.document.id}x`, source, contentHash: 'changed' }, events: [], entities: [], quantities: [] });
        await assertForceReads(store, 'replaced');
        await store.putAnalysis(analysis);
        await store.mergeEntities('MINUSMA', 'United Nations');
        await assertForceReads(store, 'merged');
        await assertActorEventPages(store, 'merged');
      } finally {
        await store.close();
      }
    });
  }),
);

describe('store: SQLite force pages about several places at once (a name that denotes several)', () => {
  it('count a point about two of the places once, and page like the full list', async () => {
    const path = join(dir, 'force-places.db');
    const store = openSqliteStore(path);
    for (const file of files) await ingestPaths([file], store);
    const all = await store.forces();
    await store.close();
    const raw = new Database(path, { readonly: true });
    try {
      const queries = new SqliteEventQueries(raw);
      const places = [...new Set(all.flatMap((p) => p.places.map((pl) => pl.id)))].sort();
      const shared = all.find((p) => p.kind === 'size' && p.places.length >= 2);
      assert.ok(shared, 'some figure is about two places');
      const pairs = [[shared.places[0]!.id, shared.places[1]!.id], ...places.slice(1).map((p, i) => [places[i]!, p])];
      for (const pair of pairs) {
        const about = all.filter(keepForce({ actors: null, places: pair }));
        assert.deepEqual(queries.forcePointPage({ actors: null, places: pair }, 0, 1000), { total: about.length, items: about }, `forces in ${pair}`);
        for (let offset = 0; offset <= about.length; offset += 2) {
          assert.deepEqual(queries.forcePointPage({ actors: null, places: pair }, offset, 3).items, about.slice(offset, offset + 3), `forces in ${pair} from ${offset}`);
        }
      }
    } finally {
      raw.close();
    }
  });
});

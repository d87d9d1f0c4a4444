import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { ingestPaths } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { POSTGRES, SQLITE, postgresAvailable, type Backend } from '../helpers/backends.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const filesIn = (folder: string): string[] => readdirSync(folder).sort().map((f) => join(folder, f));
/** Several documents that share actors, places and happenings, so linking, merging and contradictions interact. */
const files = [...filesIn(join(PACKAGE_ROOT, 'samples')), ...(hasShared ? filesIn(sharedPath('corpus', 'seeds')) : [])];

/** A fixed shuffle (seeded), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What an analyst sees of the cross-document layer. */
async function picture(store: Store): Promise<string> {
  const entities = await store.listEntities({ limit: 100_000 });
  // Entity pages: SQLite reads related entities and happening counts from tables its writer keeps, PostgreSQL
  // counts them over the happenings; both must give the same, in every order.
  const profiles = [];
  for (const e of entities.slice(0, 40)) {
    const p = (await store.entityProfile(e.id, { limit: 5 }))!;
    profiles.push({ id: p.id, documents: p.byDocument.map((d) => d.documentId), events: p.events.map((x) => x.id), eventsTotal: p.eventsTotal, forcesTotal: p.forcesTotal, related: p.related });
  }
  return JSON.stringify({
    entities,
    profiles,
    timeline: await store.timeline({ limit: 100_000 }),
    contradictions: await store.contradictions(),
    forces: await store.forces(),
    // Claims are written with their actors' names and places' countries: what an entity's change must reach.
    claims: await store.claims({ all: true, limit: 100_000 }),
  });
}

/**
 * Ingests one file at a time, except the last `together` files, which go in one call that writes them as one group
 * (`putAnalyses`) into a store holding the others.
 */
async function ingestInOrder(backend: Backend, label: string, order: readonly string[], together = 0): Promise<string> {
  const store = await openStore(await backend.fresh(dir, label));
  try {
    const alone = order.slice(0, order.length - together);
    for (const file of alone) await ingestPaths([file], store);
    if (together) {
      const summary = await ingestPaths(order.slice(alone.length), store);
      assert.ok(summary.inserted >= together && !summary.failures.length, `${label}: every document written`);
    }
    return await picture(store);
  } finally {
    await store.close();
  }
}

/** The picture of the first order on each backend: both backends must agree too. */
const pictures = new Map<string, string>();

for (const backend of [SQLITE, POSTGRES]) {
  const skip = backend === POSTGRES && !(await postgresAvailable()) && 'PostgreSQL absent (SITREP_TEST_PG)';
  describe(`store: the cross-document layer does not depend on ingestion order (${backend.name})`, { skip }, () => {
    it('gives the same entities, timeline, contradictions and forces for every order of the same documents', async () => {
      const expected = await ingestInOrder(backend, 'order-a', files);
      assert.ok(expected.length > 1000, 'the documents have a cross-document picture');
      pictures.set(backend.name, expected);
      if (backend === POSTGRES && pictures.has('sqlite')) assert.equal(expected, pictures.get('sqlite'), 'SQLite and PostgreSQL differ');
      for (const [i, order] of [[...files].reverse(), shuffled(files, 7), shuffled(files, 1234)].entries()) {
        assert.equal(await ingestInOrder(backend, `order-${i}`, order), expected, `order ${i + 1} differs`);
      }
      // Written as a group: SQLite writes a group's events at once, once its entities are in, and reads again the
      // documents already there that the group's entity changes reach.
      assert.equal(await ingestInOrder(backend, 'together-a', files, files.length), expected, 'written together');
      for (const seed of [99, 5]) {
        const order = shuffled(files, seed);
        assert.equal(await ingestInOrder(backend, `together-${seed}`, order, Math.ceil(files.length / 2)), expected, `half written together (${seed})`);
      }
    });

    it('ends as it started when a changed source replaces its document and then changes back', async () => {
      const expected = await ingestInOrder(backend, 'revert-a', files);
      const store = await openStore(await backend.fresh(dir, 'revert-b'));
      try {
        for (const file of files) await ingestPaths([file], store);
        // A source whose content changes is replaced, then restored: what the replacement touched is found again.
        const [first] = files;
        const original = (await store.sourceState(first!))!;
        const analysis = (await store.getAnalysis(original.documentId))!;
        await store.putAnalysis({ ...analysis, document: { ...analysis.document, id: `${analysis.document.id}x`, contentHash: 'changed' }, events: [], entities: [], quantities: [] });
        await store.putAnalysis(analysis);
        assert.equal(await picture(store), expected);
      } finally {
        await store.close();
      }
    });
  });
}

describe('store: concurrent writers on PostgreSQL', { skip: !(await postgresAvailable()) && 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {
  it('two store instances writing interleaved documents at once give what one writer gives', async () => {
    const expected = await ingestInOrder(POSTGRES, 'one-writer', files);
    const url = await POSTGRES.fresh(dir, 'two-writers');
    const [a, b] = [await openStore(url), await openStore(url)];
    try {
      const mine = (parity: number): string[] => files.filter((_, i) => i % 2 === parity);
      await Promise.all([
        (async () => {
          for (const f of mine(0)) await ingestPaths([f], a);
        })(),
        (async () => {
          for (const f of mine(1).reverse()) await ingestPaths([f], b);
        })(),
      ]);
      assert.equal(await picture(a), expected);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

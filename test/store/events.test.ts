import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { forEachBackend } from '../helpers/backends.js';
import { openStore } from '../../src/store/open.js';
import Database from 'better-sqlite3';
import pg from 'pg';

const dir = tempDir();

await forEachBackend((backend) => describe(`events across the seed corpus (end to end through the CLI, ${backend.name})`, { skip: !hasShared && 'shared/ absent' }, () => {
  let db = '';
  it('ingests the seeds', async () => {
    db = await backend.fresh(dir, 'seeds');
    const r = sitrep(['ingest', sharedPath('corpus', 'seeds'), '--db', db, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('reports the Moura death toll and the denied presence of Wagner as contradictions', () => {
    const { contradictions } = JSON.parse(sitrep(['contradictions', '--db', db, '--json', '--limit', '1000']).stdout) as { contradictions: Array<{ kind: string; about: string; a: { statement: string; sentence: string }; b: { statement: string; sentence: string } }> };
    const toll = contradictions.find((c) => c.kind === 'number' && /dead/.test(c.about));
    assert.ok(toll, JSON.stringify(contradictions.map((c) => c.about)));
    assert.deepEqual([toll.a.statement, toll.b.statement].sort(), ['203', '300–400']);
    const presence = contradictions.filter((c) => c.kind === 'denial' && /Wagner/.test(c.about));
    assert.ok(presence.length, JSON.stringify(contradictions.map((c) => c.about)));
    assert.ok(presence.some((c) => /denied the presence/.test(c.b.sentence) && !/denied/.test(c.a.sentence)), 'the denial stands against a report of presence');
  });

  it('orders the timeline by time, showing precision and sources', () => {
    const { events } = JSON.parse(sitrep(['timeline', '--db', db, '--json']).stdout) as { events: Array<{ time: { value: string; precision: string } | null; reports: unknown[] }> };
    // Ordered by the first day each time covers: "2013-01" (a month) comes before "2013" (the whole year) ends.
    const starts = events.filter((e) => e.time && /^\d{4}(-\d{2}){0,2}$/.test(e.time.value)).map((e) => e.time!.value.padEnd(10, '-01').slice(0, 10));
    assert.deepEqual(starts, [...starts].sort());
    assert.ok(events.every((e) => e.reports.length >= 1));
    const text = sitrep(['timeline', '--db', db, '--entity', 'Wagner Group', '--from', '2021', '--to', '2022-12']).stdout;
    assert.match(text, /\(month\)|\(day/);
    const bad = sitrep(['timeline', '--db', db, '--from', 'last spring']);
    assert.equal(bad.code, 2);
  });

  it('shows force figures with their sources, and claims by and about an entity', () => {
    const { forces } = JSON.parse(sitrep(['forces', '--db', db, '--in', 'Mali', '--json', '--limit', '1000']).stdout) as { forces: Array<{ actor: { name: string }; kind: string; value: number | null }> };
    assert.ok(forces.some((f) => f.actor.name === 'United Nations' && f.value === 14000));
    assert.ok(forces.some((f) => f.actor.name === 'European Union Training Mission in Mali' && f.value === 160));
    assert.ok(forces.some((f) => f.actor.name === 'France' && f.kind === 'withdrawal'));
    const { claims } = JSON.parse(sitrep(['claims', '--db', db, '--by', 'Mali', '--json']).stdout) as { claims: Array<{ sentence: string }> };
    assert.ok(claims.some((c) => /203/.test(c.sentence)));
  });

  it('pages contradictions, force figures and an entity\'s documents, and summarises forces per actor', async () => {
    const store = await openStore(db);
    try {
      const contradictions = await store.contradictions();
      const page = await store.contradictionPage({ limit: 3, offset: 2 });
      assert.equal(page.total, contradictions.length);
      assert.deepEqual(page.items, contradictions.slice(2, 5));
      assert.deepEqual(await store.contradictions({ limit: 2 }), contradictions.slice(0, 2));

      const forces = await store.forces();
      const forcePage = await store.forcePage({ limit: 4, offset: 1 });
      assert.equal(forcePage.total, forces.length);
      assert.deepEqual(forcePage.items, forces.slice(1, 5));
      const un = await store.forces({ actor: 'United Nations' });
      assert.ok(un.length > 0 && un.every((p) => p.actor.name === 'United Nations'));
      assert.deepEqual(un, forces.filter((p) => p.actor.id === un[0]!.actor.id));

      // The summary counts what the figures hold, actor by actor; the latest figure is one of the actor's own.
      const summary = await store.forceSummary({ limit: 1000 });
      assert.equal(summary.total, summary.items.length);
      assert.equal(summary.items.reduce((n, s) => n + s.figures + s.withdrawals + s.deployments, 0), forces.length);
      for (const s of summary.items) {
        const own = forces.filter((p) => p.actor.id === s.actor.id);
        assert.equal(s.figures, own.filter((p) => p.kind === 'size').length, s.actor.name);
        assert.equal(s.withdrawals, own.filter((p) => p.kind === 'withdrawal').length, s.actor.name);
        assert.equal(s.sources, new Set(own.map((p) => p.documentId)).size, s.actor.name);
        const sizes = own.filter((p) => p.kind === 'size');
        if (sizes.length) assert.ok(s.latest && sizes.some((p) => p.sentence === s.latest!.sentence), s.actor.name);
        else assert.equal(s.latest, null);
      }
      const counts = summary.items.map((s) => s.figures + s.withdrawals + s.deployments);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most figures first');
      const second = await store.forceSummary({ limit: 2, offset: 1 });
      assert.deepEqual(second.items.map((s) => s.actor.id), summary.items.slice(1, 3).map((s) => s.actor.id));
      const inMali = await store.forceSummary({ in: 'Mali', limit: 1000 });
      const maliForces = await store.forces({ in: 'Mali' });
      assert.equal(inMali.items.reduce((n, s) => n + s.figures + s.withdrawals + s.deployments, 0), maliForces.length);

      // An entity's documents come a page at a time; the pages together are every document.
      const mali = (await store.getEntity('Mali', { limit: 1000 }))!;
      assert.equal(mali.byDocument.length, mali.documents);
      assert.equal((await store.getEntity('Mali'))!.byDocument.length, Math.min(20, mali.documents));
      const pages = [];
      for (let offset = 0; offset < mali.documents; offset += 3) pages.push(...(await store.getEntity('Mali', { limit: 3, offset }))!.byDocument);
      assert.deepEqual(pages, mali.byDocument);
      const profile = (await store.entityProfile('Mali', { limit: 2 }))!;
      assert.equal(profile.byDocument.length, Math.min(2, mali.documents));
      assert.ok(profile.eventsTotal >= profile.events.length && profile.events.length > 0);
      assert.equal(profile.forcesTotal, forces.filter((p) => p.actor.id === mali.id || p.places.some((pl) => pl.id === mali.id)).length);
    } finally {
      await store.close();
    }
  });

  // Replaced sources and every ingestion order: order-independence.test.ts compares forces() (read through force_moves).
  it('keeps force_moves equal to what events and their reports say, after an analyst\'s merge re-indexes documents', async () => {
    const store = await openStore(db);
    try {
      await store.mergeEntities('MINUSMA', 'United Nations');
    } finally {
      await store.close();
    }
    // The rows the triggers keep, against the same rows derived afresh from events and event_mentions.
    // SQLite's rows also keep each move's ordering key and sentence (migration 11).
    const kept =
      backend.name === 'sqlite'
        ? 'SELECT mention_id, slot, event_id, actor, kind, document_id, location, time_key, sentence FROM force_moves ORDER BY mention_id, slot'
        : 'SELECT mention_id, slot, event_id, actor, kind, document_id, location FROM force_moves ORDER BY mention_id, slot';
    const derived =
      backend.name === 'sqlite'
        ? `SELECT m.id AS mention_id, s.key AS slot, e.id AS event_id, s.value AS actor, CASE json_extract(m.data, '$.type') WHEN 'RETREAT' THEN 'withdrawal' ELSE 'deployment' END AS kind,
             m.document_id, json_extract(m.data, '$.location') AS location,
             coalesce(json_extract(m.data, '$.time.value'), json_extract(m.data, '$.published.value'), '9999') AS time_key, json_extract(m.data, '$.sentence') AS sentence
           FROM events e JOIN event_mentions m ON m.merged_id = e.id JOIN json_each(m.data, '$.sources') s
           WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%') AND json_extract(m.data, '$.modality') IN ('asserted', 'planned')
           ORDER BY mention_id, slot`
        : `SELECT m.id AS mention_id, (s.slot - 1)::int AS slot, e.id AS event_id, s.actor, CASE m.data::json ->> 'type' WHEN 'RETREAT' THEN 'withdrawal' ELSE 'deployment' END AS kind,
             m.document_id, m.data::json ->> 'location' AS location
           FROM events e JOIN event_mentions m ON m.merged_id = e.id CROSS JOIN LATERAL json_array_elements_text(m.data::json -> 'sources') WITH ORDINALITY AS s(actor, slot)
           WHERE e.type IN ('RETREAT', 'MOBILIZE') AND (e.subtype LIKE 'withdraw%' OR e.subtype LIKE 'deploy%') AND m.data::json ->> 'modality' IN ('asserted', 'planned')
           ORDER BY mention_id, slot`;
    let rows: [unknown[], unknown[]];
    if (backend.name === 'sqlite') {
      const raw = new Database(db, { readonly: true });
      rows = [raw.prepare(kept).all(), raw.prepare(derived).all()];
      raw.close();
    } else {
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      rows = [(await client.query(kept)).rows, (await client.query(derived)).rows];
      await client.end();
    }
    assert.ok(rows[1].length > 0, 'the seeds report withdrawals and deployments');
    assert.deepEqual(rows[0], rows[1]);
  });
}));

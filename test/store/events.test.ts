import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { forEachBackend } from '../helpers/backends.js';
import { openStore } from '../../src/store/open.js';

const dir = tempDir();

await forEachBackend((backend) => describe(`events across the seed corpus (end to end through the CLI, ${backend.name})`, { skip: !hasShared && 'shared/ absent' }, () => {
  let db = '';
  it('ingests the seeds', async () => {
    db = await backend.fresh(dir, 'seeds');
    const r = sitrep(['ingest', sharedPath('corpus', 'seeds'), '--db', db, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('reports the Moura death toll and the denied presence of Wagner as contradictions', () => {
    const { contradictions } = JSON.parse(sitrep(['contradictions', '--db', db, '--json']).stdout) as { contradictions: Array<{ kind: string; about: string; a: { statement: string; sentence: string }; b: { statement: string; sentence: string } }> };
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
    const { forces } = JSON.parse(sitrep(['forces', '--db', db, '--in', 'Mali', '--json']).stdout) as { forces: Array<{ actor: { name: string }; kind: string; value: number | null }> };
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
}));

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import { forEachBackend } from '../helpers/backends.js';

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
}));

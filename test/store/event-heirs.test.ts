import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYSIS_VERSION, type Analysis, type Entity, type EventRecord } from '../../src/model/analysis.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { forEachBackend } from '../helpers/backends.js';
import { layOutEntities, type EntitySpec } from '../helpers/entities.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/**
 * A document whose entities are laid out one sentence each (`countries` sets a place's country), with at most
 * one attack by `source` at `location` on 4 March 2022, reported as event `eventId`.
 */
function doc(id: string, specs: EntitySpec[], countries: Record<string, string>, event?: { eventId: string; source: string; location: string }): Analysis {
  const { text, entities: laidOut } = layOutEntities(specs);
  const entities: Entity[] = laidOut.map((e) => ({ ...e, country: countries[e.id] ?? null }));
  const events: EventRecord[] = [];
  if (event) {
    const trigger = entities.find((e) => e.id === event.source)!.mentions[0]!;
    events.push({
      id: event.eventId, type: 'ASSAULT', subtype: 'attack', trigger: { start: trigger.start, end: trigger.end, text: trigger.text },
      source: [event.source], target: [], location: event.location, time: { value: '2022-03-04', precision: 'day', kind: 'date' },
      quantities: [], modality: 'asserted', attribution: null,
      evidence: { start: 0, end: text.length, sentence: text.trim() },
    });
  }
  return {
    version: ANALYSIS_VERSION,
    document: { id, source: `${id}.txt`, title: null, publisher: null, authors: [], published: null, language: 'en', text, removed: [], repairs: [], contentHash: id },
    entities,
    times: [],
    quantities: [],
    events,
  };
}

/**
 * Two attacks by one group on the same day, in two towns. While the first town's country is unknown, the reports
 * are two happenings (places in no known common country are not the same place). `country` then tells that the
 * first town is in Mali, like the second: the report there is read again and now joins the other happening, and
 * as its id is the smaller one, the joined happening takes the id the report's own happening had.
 */
const first = doc('doc_a', [['ent_s', 'Northern Army', 'ORG', ['Northern Army']], ['ent_p1', 'Tessalit', 'GPE', ['Tessalit']]], {}, { eventId: 'evt_a', source: 'ent_s', location: 'ent_p1' });
const second = doc('doc_d', [['ent_s', 'Northern Army', 'ORG', ['Northern Army']], ['ent_p2', 'Kidal', 'GPE', ['Kidal']]], { ent_p2: 'ML' }, { eventId: 'evt_g', source: 'ent_s', location: 'ent_p2' });
const country = doc('doc_c', [['ent_p1', 'Tessalit', 'GPE', ['Tessalit', 'Tessalit']]], { ent_p1: 'ML' });

async function timelineAfter(store: Store, order: Analysis[], together: Analysis[] = []): Promise<string> {
  for (const a of order) await store.putAnalysis(a);
  if (together.length) assert.ok((await store.putAnalyses(together)).every((r) => !(r instanceof Error)));
  return JSON.stringify({ timeline: await store.timeline({ limit: 100 }), claims: await store.claims({ all: true, limit: 100 }) });
}

await forEachBackend((backend) => describe(`store: a happening joined by a report read again (${backend.name})`, () => {
  it('takes the id of the report\'s own stored happening, in every order', async () => {
    const stores: Store[] = [];
    const fresh = async (label: string): Promise<Store> => {
      const store = await openStore(await backend.fresh(dir, label));
      stores.push(store);
      return store;
    };
    try {
      const countryFirst = await timelineAfter(await fresh('heirs-a'), [country, first, second]);
      const parsed = JSON.parse(countryFirst) as { timeline: Array<{ reports: unknown[] }> };
      assert.deepEqual(parsed.timeline.map((e) => e.reports.length), [2], 'the two reports are one happening');
      // The country comes last: the first report is read again, and the happening of the second takes its id.
      assert.equal(await timelineAfter(await fresh('heirs-b'), [first, second, country]), countryFirst);
      assert.equal(await timelineAfter(await fresh('heirs-c'), [second, first, country]), countryFirst);
      assert.equal(await timelineAfter(await fresh('heirs-d'), [first, second], [country, doc('doc_e', [['ent_x', 'Gao', 'GPE', ['Gao']]], {})]), countryFirst, 'written together');
    } finally {
      for (const store of stores) await store.close();
    }
  });
}));

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYSIS_VERSION, type Analysis, type EventRecord } from '../../src/model/analysis.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { forEachBackend } from '../helpers/backends.js';
import { layOutEntities, type EntitySpec } from '../helpers/entities.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/**
 * A document whose entities are laid out one sentence each, with at most one event: its source and target are
 * local entity ids, its trigger the first mention of the source.
 */
function doc(id: string, specs: EntitySpec[], event?: { source: string; target: string }): Analysis {
  const { text, entities: out } = layOutEntities(specs);
  const events: EventRecord[] = [];
  if (event) {
    const trigger = out.find((e) => e.id === event.source)!.mentions[0]!;
    events.push({
      id: `${id}_ev`, type: 'ASSAULT', subtype: 'attack', trigger: { start: trigger.start, end: trigger.end, text: trigger.text },
      source: [event.source], target: [event.target], location: null, time: { value: '2022-03-04', precision: 'day', kind: 'date' },
      quantities: [], modality: 'asserted', attribution: null,
      evidence: { start: 0, end: text.length, sentence: text.trim() },
    });
  }
  return {
    version: ANALYSIS_VERSION,
    document: { id, source: `${id}.txt`, title: null, publisher: null, authors: [], published: null, language: 'en', text, removed: [], repairs: [], contentHash: id },
    entities: out,
    times: [],
    quantities: [],
    events,
  };
}

/**
 * The target of `report` is named only there: no claim has it as subject or claimant. The two later documents
 * call it by its short name, which then wins the name vote, and the first of them has the smallest local id,
 * which the canonical entity then takes.
 */
const report = doc('doc_p', [['ent_s', 'Northern Army', 'ORG', ['Northern Army']], ['ent_t', 'Kel Adrar Movement', 'ORG', ['Kel Adrar Movement', 'KAM']]], { source: 'ent_s', target: 'ent_t' });
const shortName1 = doc('doc_q', [['ent_a1', 'KAM', 'ORG', ['KAM']]]);
const shortName2 = doc('doc_r', [['ent_a2', 'KAM', 'ORG', ['KAM']]]);
const passing = doc('doc_z', [['ent_z', 'KAM', 'ORG', ['KAM', 'KAM']]]);

/** What the store holds after writing `order` one by one, then `together` as one group. */
async function claimsAfter(store: Store, order: Analysis[], together: Analysis[] = []): Promise<string> {
  for (const a of order) await store.putAnalysis(a);
  if (together.length) assert.ok((await store.putAnalyses(together)).every((r) => !(r instanceof Error)));
  const claims = await store.claims({ all: true, limit: 1000 });
  const timeline = await store.timeline({ limit: 1000 });
  return JSON.stringify({ claims, timeline, entities: await store.listEntities() });
}

await forEachBackend((backend) => describe(`store: what an entity's change reaches (${backend.name})`, () => {
  const fresh = async (label: string): Promise<Store> => openStore(await backend.fresh(dir, label));

  it('rewrites the claims of a document naming the entity only as a target when its name and id change', async () => {
    const first = await fresh('reach-a');
    const second = await fresh('reach-b');
    const third = await fresh('reach-c');
    try {
      const reportFirst = await claimsAfter(first, [report, passing, shortName1, shortName2]);
      const reportLast = await claimsAfter(second, [shortName1, shortName2, passing, report]);
      assert.equal(reportFirst, reportLast);
      // The later documents written as one group reach the report as well.
      assert.equal(await claimsAfter(third, [report], [passing, shortName1, shortName2]), reportFirst, 'written together');
      const claim = (await first.claims({ all: true })).find((c) => c.documentId === 'doc_p');
      assert.ok(claim, 'the report is a claim');
      assert.match(claim.statement, /Northern Army → KAM/, 'the claim names the target by the name it has now');
      const [entity] = await first.findEntityIds('KAM');
      assert.equal(entity, 'ent_a1', 'the entity took the smallest local id');
      const event = (await first.timeline({ limit: 10 }))[0]!;
      assert.deepEqual(event.targets.map((t) => t.id), ['ent_a1'], 'the report names the entity by its id now');
    } finally {
      await first.close();
      await second.close();
      await third.close();
    }
  });
}));

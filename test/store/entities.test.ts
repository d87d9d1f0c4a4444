import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYSIS_VERSION, type Analysis } from '../../src/model/analysis.js';
import { openStore } from '../../src/store/open.js';
import { StoreError, type Store } from '../../src/store/store.js';
import { forEachBackend } from '../helpers/backends.js';
import { layOutEntities, type EntitySpec } from '../helpers/entities.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** A document whose entities are given as [local id, name, type, mention texts]; mentions are laid out in the text. */
function doc(id: string, source: string, specs: EntitySpec[]): Analysis {
  const { text, entities: out } = layOutEntities(specs);
  return {
    version: ANALYSIS_VERSION,
    document: { id, source, title: null, publisher: null, authors: [], published: null, language: 'en', text, removed: [], repairs: [], contentHash: id },
    entities: out,
    times: [{ start: 0, end: 4, text: 'x', value: '2022-02-17', precision: 'day', kind: 'date' }],
    quantities: [{ start: 0, end: 3, text: '160', value: 160, low: null, high: null, approx: false, unit: 'soldier' }],
    events: [],
  };
}

await forEachBackend((backend) => describe(`store: entities across documents (${backend.name})`, () => {
  const fresh = async (label: string): Promise<Store> => openStore(await backend.fresh(dir, label));

  it('keeps one canonical entity per referent with its names, counts and sentences', async () => {
    const store = await fresh('a');
    await store.putAnalysis(doc('doc_a', 'a.txt', [['ent_x', 'Amadou Keita', 'PERSON', ['Amadou Keita', 'Keita']], ['ent_m', 'Mali', 'GPE', ['Mali']]]));
    await store.putAnalysis(doc('doc_b', 'b.txt', [['ent_y', 'Keita', 'PERSON', ['Keita']], ['ent_m', 'Mali', 'GPE', ['Mali', 'Mali']]]));
    const keita = await store.getEntity('keita');
    assert.ok(keita);
    assert.equal(keita.name, 'Amadou Keita', 'a surname alone in another document links to the full name');
    assert.deepEqual([keita.mentions, keita.documents], [3, 2]);
    assert.match(keita.byDocument[0]!.mentions[0]!.sentence, /Amadou Keita acted\./);
    const mali = await store.getEntity('ent_m');
    assert.deepEqual([mali!.mentions, mali!.documents], [3, 2]);
    const list = await store.listEntities({ type: 'GPE' });
    assert.deepEqual(list.map((e) => e.name), ['Mali']);
    const stats = await store.stats();
    assert.deepEqual([stats.entities, stats.mentions, stats.times, stats.quantities], [2, 6, 2, 2]);
    await store.close();
  });

  it('folds an earlier surname-only person into the full name that arrives later', async () => {
    const store = await fresh('b');
    await store.putAnalysis(doc('doc_a', 'a.txt', [['ent_y', 'Lavrov', 'PERSON', ['Lavrov']]]));
    await store.putAnalysis(doc('doc_b', 'b.txt', [['ent_x', 'Sergei Lavrov', 'PERSON', ['Sergei Lavrov']]]));
    const list = await store.listEntities();
    assert.deepEqual(list.map((e) => [e.name, e.mentions]), [['Sergei Lavrov', 2]]);
    await store.close();
  });

  it('does not link a surname shared by two people', async () => {
    const store = await fresh('c');
    await store.putAnalysis(doc('doc_a', 'a.txt', [['ent_1', 'Ali Traore', 'PERSON', ['Ali Traore']], ['ent_2', 'Moussa Traore', 'PERSON', ['Moussa Traore']]]));
    await store.putAnalysis(doc('doc_b', 'b.txt', [['ent_3', 'Traore', 'PERSON', ['Traore']]]));
    assert.equal((await store.listEntities()).length, 3);
    await store.close();
  });

  it('updates counts and drops entities when a changed source replaces its document', async () => {
    const store = await fresh('d');
    await store.putAnalysis(doc('doc_a', 'a.txt', [['ent_old', 'Gao', 'GPE', ['Gao']]]));
    await store.putAnalysis(doc('doc_a2', 'a.txt', [['ent_new', 'Kidal', 'GPE', ['Kidal']]]));
    assert.deepEqual((await store.listEntities()).map((e) => e.name), ['Kidal']);
    assert.equal((await store.stats()).times, 1);
    await store.close();
  });

  it('merges and splits on an analyst\'s word, and replays both on documents written later', async () => {
    const store = await fresh('e');
    await store.putAnalysis(doc('doc_a', 'a.txt', [['ent_w', 'Wagner Group', 'ORG', ['Wagner Group']], ['ent_ac', 'Africa Corps', 'ORG', ['Africa Corps']]]));
    const merged = await store.mergeEntities('Wagner Group', 'Africa Corps');
    assert.deepEqual([merged.name, merged.mentions], ['Wagner Group', 2]);
    await store.putAnalysis(doc('doc_b', 'b.txt', [['ent_ac', 'Africa Corps', 'ORG', ['Africa Corps']]]));
    assert.deepEqual((await store.listEntities()).map((e) => [e.name, e.mentions]), [['Wagner Group', 3]], 'the merge holds for a new document');

    await store.putAnalysis(doc('doc_c', 'c.txt', [['ent_g', 'Georgia', 'GPE', ['Georgia', 'Georgia', 'GA']]]));
    const split = await store.splitEntity('Georgia', 'GA', 'Georgia (US state)');
    assert.deepEqual([split.name, split.mentions], ['Georgia (US state)', 1]);
    await store.putAnalysis(doc('doc_d', 'd.txt', [['ent_g', 'Georgia', 'GPE', ['GA']]]));
    assert.equal((await store.getEntity(split.id))!.mentions, 2, 'the split holds for a new document');
    assert.equal((await store.getEntity('Georgia'))!.mentions, 2);

    await assert.rejects(store.mergeEntities('Wagner Group', 'Wagner Group'), StoreError);
    await assert.rejects(store.mergeEntities('Nobody', 'Wagner Group'), /no entity 'Nobody'/);
    await assert.rejects(store.splitEntity('Georgia', 'Tbilisi'), /no mention written 'Tbilisi'/);
    await store.close();
  });
}));

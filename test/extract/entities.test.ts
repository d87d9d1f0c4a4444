import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entitiesStage } from '../../src/extract/entities/stage.js';
import { newDoc } from '../../src/model/doc.js';
import { segmentStage } from '../../src/segment/stage.js';
import type { Entity } from '../../src/model/analysis.js';

function entities(text: string, language = 'en'): Entity[] {
  const doc = newDoc({ id: 'd', source: 's', title: null, publisher: null, authors: [], published: null, language, text, removed: [], repairs: [] });
  const out = entitiesStage.run(segmentStage.run(doc)).entities;
  for (const e of out) for (const m of e.mentions) assert.equal(text.slice(m.start, m.end), m.text, 'mention offsets slice to their text');
  return out;
}

const find = (list: Entity[], name: string): Entity => {
  const e = list.find((x) => x.name === name);
  assert.ok(e, `${name} in ${list.map((x) => `${x.name}/${x.type}`).join(', ')}`);
  return e;
};

describe('entities', () => {
  it('finds known countries, cities and organisations with their ids, kinds and coordinates', () => {
    const list = entities('Troops from Chad and Niger met NATO officials in Kyiv on Monday.');
    assert.equal(find(list, 'Chad').type, 'GPE');
    assert.equal(find(list, 'Chad').country, 'TD');
    const nato = find(list, 'North Atlantic Treaty Organization');
    assert.deepEqual([nato.type, nato.kind], ['ORG', 'intergovernmental']);
    assert.ok(nato.aliases.includes('NATO'));
    const kyiv = find(list, 'Kyiv');
    assert.ok(kyiv.geo && Math.abs(kyiv.geo.lat - 50.45) < 0.5);
  });

  it('makes demonyms mentions of their country, never entities of their own', () => {
    const list = entities('Nigerien soldiers and Burkinabe officers met Ghanaian diplomats.');
    for (const name of ['Nigerien', 'Burkinabe', 'Ghanaian']) assert.ok(!list.some((e) => e.name === name), name);
    const niger = find(list, 'Niger');
    assert.deepEqual(niger.mentions.map((m) => [m.text, m.form]), [['Nigerien', 'demonym']]);
  });

  it('reads a capital used as an actor as the state, and as a place as the city', () => {
    const list = entities('Nairobi rejected the proposal. Later that week, protesters gathered in Nairobi.');
    const kenya = find(list, 'Kenya');
    assert.deepEqual(kenya.mentions.map((m) => m.form), ['metonym']);
    assert.equal(find(list, 'Nairobi').type, 'GPE');
  });

  it('binds an acronym to the name it is defined for', () => {
    const list = entities('The Coalition for Northern Reconstruction (CNR) accused the army. The CNR said it would fight.');
    const cnr = list.find((e) => e.aliases.includes('CNR') || e.name === 'CNR');
    assert.ok(cnr, JSON.stringify(list.map((e) => e.name)));
    assert.equal(cnr.name, 'Coalition for Northern Reconstruction');
    assert.equal(cnr.mentions.length, 3);
  });

  it('links surnames and titled forms to the full name, with the role from the title', () => {
    const text = 'Defence Minister Colonel Ibrahim Tandja visited the base. Tandja said the army was ready. Minister Tandja left on Friday.';
    const list = entities(text);
    const person = find(list, 'Ibrahim Tandja');
    assert.equal(person.type, 'PERSON');
    assert.equal(person.kind, 'minister');
    assert.equal(person.mentions.length, 3);
    for (const alias of ['Tandja', 'Colonel Ibrahim Tandja', 'Defence Minister Colonel Ibrahim Tandja', 'Minister Tandja']) assert.ok(person.aliases.includes(alias), alias);
  });

  it('merges spelling variants and transliterations of one person', () => {
    const list = entities('Foreign Minister Sergey Lavrov arrived. Sergei Lavrov met the delegation, and Lavrov later spoke to reporters.');
    const people = list.filter((e) => e.type === 'PERSON');
    assert.equal(people.length, 1, JSON.stringify(people.map((p) => p.name)));
    assert.equal(people[0]!.mentions.length, 3);
  });

  it('reads names from head words and prefixes', () => {
    const list = entities('Officials at the Ministry of Foreign Affairs met staff of Kolwezi University near Gbarnga International Airport.');
    assert.equal(find(list, 'Ministry of Foreign Affairs').type, 'ORG');
    assert.equal(find(list, 'Kolwezi University').kind, 'university');
    assert.equal(find(list, 'Gbarnga International Airport').type, 'FAC');
  });

  it('finds names no list holds with the statistical tagger', () => {
    const list = entities('"The shooting went on all night," said Oumarou Dicko, a trader at the market.');
    assert.equal(find(list, 'Oumarou Dicko').type, 'PERSON');
  });

  it('does not make entities of peoples, offices or headline-case words', () => {
    const list = entities('Fulani herders clashed with Dogon hunters.\n\nA Fragile Truce\n\nThe Deputy Prime Minister resigned.');
    for (const bad of ['Fulani', 'Dogon', 'Fragile Truce', 'Deputy Prime Minister']) assert.ok(!list.some((e) => e.name === bad), bad);
  });

  it('gives the same entity the same id in every document', () => {
    const a = find(entities('Sudan closed the border.'), 'Sudan');
    const b = find(entities('Talks on Sudan resumed in Jeddah.'), 'Sudan');
    assert.equal(a.id, b.id);
  });
});

describe('candidate selection', () => {
  it('settles overlapping groups on their own as the global selection does', async () => {
    const { select, selectInOrder } = await import('../../src/extract/entities/recognize.js');
    let x = 5;
    const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rnd() * 30);
      const count = Math.floor(rnd() * 25);
      const scored = Array.from({ length: count }, (_, id) => {
        const tokenStart = Math.floor(rnd() * n);
        const tokenEnd = Math.min(n, tokenStart + 1 + Math.floor(rnd() * 4));
        // Few distinct priorities, so ties (broken by start, then by the order given) come up often.
        return { id, tokenStart, tokenEnd, priority: 50 + 6 * Math.floor(rnd() * 4) };
      });
      const takenA = new Uint8Array(n);
      const expected = select([...scored], n, takenA).sort((a, b) => a.tokenStart - b.tokenStart);
      const takenB = new Uint8Array(n);
      const got = selectInOrder(scored, n, takenB);
      assert.deepEqual(got.map((c) => c.id), expected.map((c) => c.id));
      assert.deepEqual(takenB, takenA);
    }
  });
});

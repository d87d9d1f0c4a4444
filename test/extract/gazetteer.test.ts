import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findGazetteerMentions,
  gazetteerCandidates,
  gazetteerEntry,
  loadGazetteer,
  simpleTokens,
  type GazetteerMatch,
} from '../../src/extract/entities/gazetteer.js';

/** Compact view of the matches: "text=id/form". */
function view(text: string, language?: string): string[] {
  return findGazetteerMentions(text, null, { language }).map((m: GazetteerMatch) => `${m.text}=${m.senses[0].id}/${m.senses[0].form}`);
}
function first(text: string, surface: string): GazetteerMatch | undefined {
  return findGazetteerMentions(text).find((m) => m.text === surface);
}

test('loads countries, cities, regions and organisations', () => {
  const g = loadGazetteer();
  assert.ok(g.stats.entries > 20000, `entries ${g.stats.entries}`);
  const ml = gazetteerEntry('country:ML')!;
  assert.equal(ml.name, 'Mali');
  assert.equal(ml.iso3, 'MLI');
  assert.ok(ml.demonyms.includes('Malians'));
  assert.equal(gazetteerEntry(ml.capital!)!.name, 'Bamako');
  assert.equal(gazetteerEntry('org:ecowas')!.name, 'Economic Community of West African States');
  assert.equal(gazetteerEntry('nope:x'), undefined);
  let countries = 0;
  for (const e of g.all()) if (e.kind === 'country') countries++;
  assert.ok(countries >= 249, `countries ${countries}`);
});

test('countries by short name, official name, variants and acronyms', () => {
  assert.deepEqual(view('Mali and the Republic of Mali'), ['Mali=country:ML/name', 'Republic of Mali=country:ML/alias']);
  assert.deepEqual(view('Ivory Coast, Côte d’Ivoire, Cote d\'Ivoire'), ['Ivory Coast=country:CI/alias', 'Côte d’Ivoire=country:CI/name', "Cote d'Ivoire=country:CI/alias"]);
  assert.deepEqual(view('Burma, Türkiye, Turkey, Czech Republic'), ['Burma=country:MM/alias', 'Türkiye=country:TR/alias', 'Turkey=country:TR/name', 'Czech Republic=country:CZ/alias']);
  assert.deepEqual(view('the DRC, DR Congo and the Democratic Republic of the Congo'), ['DRC=country:CD/acronym', 'DR Congo=country:CD/alias', 'Democratic Republic of the Congo=country:CD/name']);
  assert.deepEqual(view('The US, the U.S., the USA, Britain and the UK'), ['US=country:US/acronym', 'U.S.=country:US/acronym', 'USA=country:US/acronym', 'Britain=country:GB/alias', 'UK=country:GB/acronym']);
  assert.deepEqual(view('Syria, Mauretania and Niger'), ['Syria=country:SY/name', 'Mauretania=country:MR/alias', 'Niger=country:NE/name']);
  assert.deepEqual(view('MLI and BFA'), ['MLI=country:ML/acronym', 'BFA=country:BF/acronym']);
});

test('case policy: short and ambiguous forms need their capitals', () => {
  assert.deepEqual(view('let us know what is said, chad, turkey'), []);
  assert.deepEqual(view('Is this the IS?'), ['IS=org:islamic-state/acronym']);
  assert.deepEqual(view('WHAT IS NEXT FOR US TROOPS'), [], 'all-caps headline words are not acronyms');
  assert.deepEqual(view('CHAD and MALI'), ['CHAD=country:TD/name', 'MALI=country:ML/name']);
  assert.deepEqual(view('Takuba task force'), ['Takuba task force=org:takuba/alias']);
  assert.deepEqual(view('the islamic state'), []);
});

test('Niger is not Nigeria; Nigerien is not Nigerian', () => {
  assert.deepEqual(view('Niger, Nigeria, Nigerien and Nigerian troops'), [
    'Niger=country:NE/name', 'Nigeria=country:NG/name', 'Nigerien=country:NE/demonym', 'Nigerian=country:NG/demonym',
  ]);
});

test('demonyms and plurals link to their country', () => {
  assert.deepEqual(view('Malian soldiers and Malians'), ['Malian=country:ML/demonym', 'Malians=country:ML/demonym']);
  assert.deepEqual(view('French, Frenchmen, Danish, Danes, Dutch, British, Britons'), [
    'French=country:FR/demonym', 'Frenchmen=country:FR/demonym', 'Danish=country:DK/demonym', 'Danes=country:DK/demonym',
    'Dutch=country:NL/demonym', 'British=country:GB/demonym', 'Britons=country:GB/demonym',
  ]);
  assert.deepEqual(view('Burkinabe, Burkinabè, Emirati, Afghans, Iraqis'), [
    'Burkinabe=country:BF/demonym', 'Burkinabè=country:BF/demonym', 'Emirati=country:AE/demonym', 'Afghans=country:AF/demonym', 'Iraqis=country:IQ/demonym',
  ]);
  assert.equal(view('Frenchs').length, 0);
  assert.deepEqual(view('west African states'), ['west African=loc:west-africa/demonym']);
});

test('French names and demonyms', () => {
  assert.deepEqual(view('Le Tchad, la Mauritanie, l’Allemagne et les États-Unis', 'fr'), [
    'Tchad=country:TD/alias', 'Mauritanie=country:MR/alias', 'Allemagne=country:DE/alias', 'États-Unis=country:US/alias',
  ]);
  assert.deepEqual(view('les soldats maliens, une patrouille malienne, le président russe, les Français', 'fr'), [
    'maliens=country:ML/demonym', 'malienne=country:ML/demonym', 'russe=country:RU/demonym', 'Français=country:FR/demonym',
  ]);
  assert.deepEqual(view('la CEDEAO et la Minusma', 'fr'), ['CEDEAO=org:ecowas/acronym', 'Minusma=org:minusma/acronym']);
  // French-only lower-case forms are skipped when the text is declared English.
  assert.deepEqual(view('russe', 'en'), []);
});

test('metonyms: seats of government and capitals', () => {
  const k = first('Officials in the Kremlin denied it.', 'the Kremlin')!;
  assert.equal(k.senses[0].id, 'country:RU');
  assert.equal(k.senses[0].form, 'metonym');
  assert.deepEqual(view('The White House and Downing Street; the Élysée and the Quai d’Orsay'), [
    'The White House=country:US/metonym', 'Downing Street=country:GB/metonym', 'Élysée=country:FR/metonym', 'Quai d’Orsay=country:FR/metonym',
  ]);
  const bamako = first('Bamako said on Monday', 'Bamako')!;
  assert.equal(bamako.senses[0].entry.kind, 'city');
  assert.ok(bamako.senses.some((s) => s.id === 'country:ML' && s.form === 'metonym'), 'Bamako is also a metonym for Mali');
  const pentagon = first('the Pentagon said', 'the Pentagon')!;
  assert.equal(pentagon.senses[0].id, 'org:us-dod');
});

test('acronym and expansion pairs', () => {
  assert.deepEqual(view('the European Union (EU) and the United Nations (UN)'), [
    'European Union=org:eu/name', 'EU=org:eu/acronym', 'United Nations=org:un/name', 'UN=org:un/acronym',
  ]);
  assert.deepEqual(view('the Economic Community of West African States (ECOWAS)'), [
    'Economic Community of West African States=org:ecowas/name', 'ECOWAS=org:ecowas/acronym',
  ]);
  assert.deepEqual(view('MINUSMA, UNMISS, AQIM, JNIM, ISWAP and FAMa'), [
    'MINUSMA=org:minusma/acronym', 'UNMISS=org:unmiss/acronym', 'AQIM=org:aqim/acronym', 'JNIM=org:jnim/acronym',
    'ISWAP=org:iswap/acronym', 'FAMa=org:fama/acronym',
  ]);
  assert.deepEqual(view('the UN Security Council'), ['UN Security Council=org:unsc/alias']);
});

test('organisations: armed groups, PMCs, operations, media', () => {
  assert.deepEqual(view('Wagner Group, Wagner and PMC Wagner'), ['Wagner Group=org:wagner/name', 'Wagner=org:wagner/alias', 'PMC Wagner=org:wagner/alias']);
  assert.deepEqual(view('al-Qaida, Al Qaeda and al-Qa’eda'), ['al-Qaida=org:al-qaeda/alias', 'Al Qaeda=org:al-qaeda/alias', 'al-Qa’eda=org:al-qaeda/alias']);
  assert.deepEqual(view('Operation Barkhane replaced Operation Serval'), ['Operation Barkhane=org:barkhane/name', 'Operation Serval=org:serval/name']);
  assert.equal(gazetteerEntry('org:barkhane')!.kind, 'operation');
  assert.equal(gazetteerEntry('org:wagner')!.kind, 'pmc');
  assert.deepEqual(view('Reuters, AFP and Le Monde reported'), ['Reuters=org:reuters/name', 'AFP=org:afp/acronym', 'Le Monde=org:le-monde/name']);
  assert.deepEqual(view('le monde entier'), []);
});

test('longest match wins', () => {
  assert.deepEqual(view('Islamic State in the Greater Sahara fighters'), ['Islamic State in the Greater Sahara=org:isgs/name']);
  assert.deepEqual(view('the Central African Republic and South Sudan'), ['Central African Republic=country:CF/name', 'South Sudan=country:SS/name']);
  assert.deepEqual(view('The Washington Post and the West Bank'), ['The Washington Post=org:wapo/name', 'West Bank=gpe:west-bank/name']);
  assert.deepEqual(view('the West African bloc and the West'), ['West African=loc:west-africa/demonym', 'the West=loc:west/alias']);
});

test('possessives are not part of the name', () => {
  assert.deepEqual(view("Mali's junta and France’s army"), ['Mali=country:ML/name', 'France=country:FR/name']);
  assert.deepEqual(view('ECOWAS’s sanctions'), ['ECOWAS=org:ecowas/acronym']);
});

test('cities with coordinates, exonyms and accent folding', () => {
  const bamako = first('in Bamako', 'Bamako')!.senses[0].entry;
  assert.equal(bamako.country, 'ML');
  assert.ok(Math.abs(bamako.geo!.lat - 12.65) < 0.1 && Math.abs(bamako.geo!.lon + 8.0) < 0.1);
  for (const [text, name, cc] of [
    ['Timbuktu', 'Timbuktu', 'ML'], ['Tombouctou', 'Timbuktu', 'ML'], ['Kyiv', 'Kyiv', 'UA'], ['Kiev', 'Kyiv', 'UA'],
    ["N'Djamena", "N'Djamena", 'TD'], ['N’Djamena', "N'Djamena", 'TD'], ['Ndjamena', "N'Djamena", 'TD'],
    ['Ségou', 'Ségou', 'ML'], ['Segou', 'Ségou', 'ML'], ['Raqqa', 'Ar Raqqah', 'SY'], ['Mekelle', "Mek'ele", 'ET'],
  ] as const) {
    const m = first(`They went to ${text} yesterday.`, text);
    assert.ok(m, `no match for ${text}`);
    const e = m.senses[0].entry;
    assert.equal(e.name, name, text);
    assert.equal(e.country, cc, text);
    assert.ok(e.geo, `${text} has coordinates`);
  }
  // A person is not in the gazetteer.
  assert.deepEqual(view('Assimi Goïta'), []);
});

test('ambiguity: the country beats the city of the same name; common-word places are weak', () => {
  const dj = first('Djibouti', 'Djibouti')!;
  assert.equal(dj.senses[0].id, 'country:DJ');
  assert.ok(dj.senses.some((s) => s.entry.kind === 'city'));
  const reading = first('Reading is a town.', 'Reading');
  assert.ok(!reading || reading.senses[0].confidence <= 0.3);
  assert.deepEqual(view('the mission was a success; Mission accomplished'), []);
  // A place name inside a longer proper name gets a low confidence.
  const v = first('said Victoria Nuland', 'Victoria')!;
  assert.ok(v.senses[0].confidence <= 0.25);
});

test('regions and physical geography', () => {
  assert.deepEqual(view('the Sahel, the Sahara, the Maghreb and the Middle East'), [
    'Sahel=loc:sahel/name', 'Sahara=loc:sahara/name', 'Maghreb=loc:maghreb/name', 'Middle East=loc:middle-east/name',
  ]);
  assert.deepEqual(view('West Africa, Western Africa, the Horn of Africa, Azawad, Liptako-Gourma'), [
    'West Africa=loc:west-africa/name', 'Western Africa=loc:west-africa/alias', 'Horn of Africa=loc:horn-of-africa/name',
    'Azawad=loc:azawad/name', 'Liptako-Gourma=loc:liptako-gourma/name',
  ]);
  assert.deepEqual(view('the Niger River, the Red Sea, the Gulf of Guinea, Donbas and Crimea'), [
    'Niger River=loc:niger-river/name', 'Red Sea=loc:red-sea/name', 'Gulf of Guinea=loc:gulf-of-guinea/name', 'Donbas=loc:donbas/name', 'Crimea=gpe:crimea/name',
  ]);
  assert.deepEqual(view('Europe and Africa; European and African leaders'), [
    'Europe=loc:europe/name', 'Africa=loc:africa/name', 'European=loc:europe/demonym', 'African=loc:africa/demonym',
  ]);
});

test('works over token spans from a tokenizer, with the same results', () => {
  const text = 'The EU’s mission in Mali (EUTM Mali) ended; Russia’s Wagner Group stayed in Bamako.';
  const a = findGazetteerMentions(text);
  const b = findGazetteerMentions(text, simpleTokens(text));
  assert.deepEqual(b, a);
  assert.deepEqual(a.map((m) => m.text), ['EU', 'Mali', 'EUTM Mali', 'Russia', 'Wagner Group', 'Bamako']);
  for (const m of a) assert.equal(text.slice(m.start, m.end), m.text);
});

test('entity candidates carry key, type, kind and alternatives', () => {
  const [c] = gazetteerCandidates('Moscow responded.');
  assert.equal(c.origin, 'gazetteer');
  assert.equal(c.type, 'GPE');
  assert.equal(c.kind, 'city');
  assert.ok(c.alternatives.some((a) => a.key === 'country:RU' && a.form === 'metonym'));
  const [d] = gazetteerCandidates('Malians protested.');
  assert.equal(d.key, 'country:ML');
  assert.equal(d.form, 'demonym');
});

test('matching by word form numbers finds what matching by characters finds', async () => {
  const { segment } = await import('../../src/segment/segment.js');
  const { tokenView } = await import('../../src/extract/entities/tokens.js');
  // Words that start forms, that go on into others, that start none; every kind of gap between them.
  const atoms = [
    'the', 'The', 'Mali', 'Bamako', 'New', 'York', 'Burkina', 'Faso', 'United', 'Nations', 'said', 'al', 'Qaeda', 'West', 'African',
    'Kremlin', 'Sahel', 'of', 'San', 'ECOWAS', 'US', 'RFE', 'RL', 'CBC', 'Radio-Canada', '/', 'x', ' ', '  ', '\n', '\u00a0', '-', '‐', "'", '’s', ',', '.', '(', ')',
  ];
  let x = 7;
  const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const g = loadGazetteer();
  // Forms that go on from a word into the token right after it, with no space between.
  const glued = ['RFE/RL', 'RFE/RL said', 'RFE /RL', 'the RFE/RL', 'CBC/Radio-Canada', 'RFE.RL'];
  for (let k = 0; k < 3000 + glued.length; k++) {
    let text = glued[k - 3000] ?? '';
    const n = k < 3000 ? 1 + Math.floor(rnd() * 14) : 0;
    for (let i = 0; i < n; i++) text += atoms[Math.floor(rnd() * atoms.length)]! + (rnd() < 0.6 ? ' ' : '');
    const { tokens, sentences } = segment(text);
    const plain = JSON.stringify(g.match(text, tokens));
    for (let pass = 0; pass < 2; pass++) {
      const v = tokenView(text, tokens, sentences);
      const numbered = g.match(text, tokens, { words: v.words, formIds: v.formIds, formsEpoch: v.formsEpoch });
      assert.equal(JSON.stringify(numbered), plain, JSON.stringify(text));
    }
  }
});

test('memoised readings are the readings found afresh', async () => {
  const { segment } = await import('../../src/segment/segment.js');
  const { clearGazetteerMemo } = await import('../../src/extract/entities/gazetteer.js');
  // The same forms in every context the readings depend on: a "the" before them or not, all-caps words around
  // them, a capitalised word glued on, sentence starts, French text.
  const atoms = [
    'the', 'The', 'THE', 'Mali', 'MALI', 'Bamako', 'Kremlin', 'West', 'US', 'IS', 'AP', 'Gao', 'GAO', 'Chad', 'Paris', 'Victoria', 'Jordan',
    'Nuland', 'Smith', 'TROOPS', 'NEXT', 'said', 'Malian', 'maliens', 'Niger', 'Al', 'Qaeda', 'al-Qaeda', 'Segou', 'Ségou', 'N\'Djamena',
    'Ndjamena', 'Union', 'African', 'Minusma', 'MINUSMA', 'of', ',', '.', '\n', '"', 'U.S.',
  ];
  let x = 3;
  const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const texts: string[] = [];
  for (let k = 0; k < 3000; k++) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 10);
    for (let i = 0; i < n; i++) text += atoms[Math.floor(rnd() * atoms.length)]! + (rnd() < 0.8 ? ' ' : '');
    texts.push(text);
  }
  const g = loadGazetteer();
  const matchOne = (text: string, k: number): string => {
    const { tokens } = segment(text);
    const language = k % 3 === 0 ? 'fr' : 'en';
    return JSON.stringify([g.match(text, tokens, { language }), g.match(text, null, { language, minConfidence: (k % 4) / 4 })]);
  };
  const runs = (): string[] => texts.map(matchOne);
  const afresh = texts.map((text, k) => {
    clearGazetteerMemo();
    return matchOne(text, k);
  });
  clearGazetteerMemo();
  const memoised = runs();
  const again = runs();
  for (let k = 0; k < texts.length; k++) {
    assert.equal(memoised[k], afresh[k], JSON.stringify(texts[k]));
    assert.equal(again[k], afresh[k], JSON.stringify(texts[k]));
  }
});

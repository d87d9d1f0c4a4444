import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Block, assembleWithout, linesToBlocks } from '../../src/clean/blocks.js';
import { type Separation, boilerplateKey, publisherBlockKeys, separateBoilerplate } from '../../src/clean/boilerplate.js';
import { takeHeadline } from '../../src/clean/title.js';
import { cleanSeeds, cleaningFigures, onlyWholeLinesDropped } from '../../eval/cleaning.js';
import { hasShared, SHARED_DIR } from '../helpers/shared.js';

// Every article below is invented for these tests; none is taken from the shared corpus.

function run(text: string, language = 'en', previous?: ReadonlySet<string>): Separation & { body: string; title: string | null } {
  const blocks = linesToBlocks(text);
  const sep = separateBoilerplate(blocks, { language, previousBlocksOfPublisher: previous });
  const head = takeHeadline(sep.kept);
  const dropped = sep.removed.map((r) => r.block);
  if (head.block) dropped.push(head.block);
  return { ...sep, body: assembleWithout(text, dropped), title: head.title };
}

const kindOf = (sep: Separation, fragment: string): string | null =>
  sep.removed.find((r) => r.text.includes(fragment))?.kind ?? null;
const keeps = (sep: Separation, fragment: string): boolean => sep.kept.some((b) => b.text.includes(fragment));

test('caption and credit above the headline are removed, the headline becomes the title', () => {
  const text = [
    'Defence minister Ana Lopes (L) and her counterpart Jorge Ruiz (R) attend a signing ceremony in Lisbon, Portugal, 14 March 2025. AGENCY/JOHN SMITH',
    '',
    'Photo: Maria Silva/Northern Pictures/Wire',
    '',
    'Lisbon and Madrid agree to pool naval patrols',
    '',
    'The two governments signed an agreement on Friday to share patrol vessels along their coasts.',
    'Officials said the first joint patrols would begin in the autumn.',
  ].join('\n');
  const r = run(text);
  assert.equal(kindOf(r, 'attend a signing ceremony'), 'caption');
  assert.equal(kindOf(r, 'Photo: Maria Silva'), 'credit');
  assert.equal(r.title, 'Lisbon and Madrid agree to pool naval patrols');
  assert.ok(r.body.startsWith('The two governments signed'));
  assert.ok(onlyWholeLinesDropped(text, r.body));
});

test('a caption with a named credit is removed in the middle of the body too', () => {
  const text = [
    'Floods cut off northern towns',
    'Heavy rain over the weekend washed away two bridges on the main road north, officials said on Monday.',
    'Residents wade through a flooded street in the old town on 3 May 2025. Photograph: Lena Park/Agency',
    'Aid groups warned that supplies of clean water were running low in several districts.',
  ].join('\n');
  const r = run(text);
  assert.equal(kindOf(r, 'wade through a flooded street'), 'caption');
  assert.ok(keeps(r, 'Aid groups warned'));
});

test('author bio, partner marker, further reading and image credit at the tail are removed', () => {
  const text = [
    'Why river basins matter for regional security',
    'Shared rivers have long been a source of cooperation as much as of conflict between neighbouring states.',
    'Conclusion',
    'The coming decade will test whether existing water treaties can withstand a changing climate.',
    'Alex J. Rivers is a senior lecturer in hydrology at Example University.',
    'She previously advised several river basin commissions in the region.',
    'In partnership with',
    'EXAMPLE FOUNDATION',
    'Further reading',
    'Image: Photo Library/Some Photographer',
  ].join('\n');
  const r = run(text);
  assert.equal(kindOf(r, 'Alex J. Rivers is a senior lecturer'), 'bio');
  assert.equal(kindOf(r, 'She previously advised'), 'bio');
  assert.equal(kindOf(r, 'In partnership with'), 'footer');
  assert.equal(kindOf(r, 'EXAMPLE FOUNDATION'), 'footer');
  assert.equal(kindOf(r, 'Further reading'), 'related');
  assert.equal(kindOf(r, 'Image: Photo Library'), 'credit');
  assert.ok(keeps(r, 'Conclusion'), 'a section heading stays');
  assert.ok(r.body.endsWith('withstand a changing climate.'));
});

test('a promo box in the middle is removed and the body paragraphs after it are kept', () => {
  const text = [
    'Port strike enters its second week',
    'Dock workers extended their strike on Monday, leaving dozens of ships waiting offshore.',
    'Subscribe now: Example Daily',
    'All the analysis you need, in one place, every morning.',
    'Sign up to our morning briefing',
    'Our top stories, sent to your inbox each morning.',
    'The union said talks with port operators had broken down over pay and night shifts.',
    'The operators said they had made a fair offer and called for a return to work.',
  ].join('\n');
  const r = run(text);
  for (const f of ['Subscribe now: Example Daily', 'All the analysis you need', 'Sign up to our morning briefing', 'sent to your inbox']) {
    assert.equal(kindOf(r, f), 'promo', f);
  }
  assert.ok(keeps(r, 'The union said talks'));
  assert.ok(keeps(r, 'The operators said'));
});

test('a body paragraph between two promos is kept', () => {
  const text = [
    'Election results delayed',
    'The electoral commission said counting would continue through the night in the capital.',
    'Join our mailing list',
    'The opposition has called on its supporters to stay calm until the final results are published.',
    'Subscribe to our daily briefing today',
    'Observers reported few irregularities in the rural districts they visited during the vote.',
  ].join('\n');
  const r = run(text);
  assert.ok(keeps(r, 'The opposition has called'));
  assert.equal(kindOf(r, 'Subscribe to our daily briefing'), 'promo');
});

test('a rule-separated list of other headlines at the tail is removed', () => {
  const text = [
    'Grain deal talks resume',
    'Negotiators met again on Tuesday to discuss the resumption of grain shipments across the sea.',
    'A diplomat close to the talks said progress had been made on inspections.',
    'Sign up for our weekly email',
    '-',
    'Why are food prices rising again?',
    'Analysis Harvests fell short in three major exporting countries',
    '-',
    'Coastal towns brace for a record storm season',
    'Interview Insurers warn that premiums will climb',
    '-',
    'The long road to a ceasefire',
    'Review Months of shuttle diplomacy have produced little',
  ].join('\n');
  const r = run(text);
  assert.equal(kindOf(r, 'Sign up for our weekly email'), 'promo');
  for (const f of ['Why are food prices rising again?', 'Analysis Harvests', 'Coastal towns brace', 'The long road to a ceasefire', 'Review Months']) {
    assert.equal(kindOf(r, f), 'related', f);
  }
  assert.ok(r.body.endsWith('progress had been made on inspections.'));
});

test('French: newsletter promo, "Lire aussi", reading time, bio and partnership note are removed', () => {
  const text = [
    'En Valmorie, les routes commerciales se réorganisent',
    'Temps de lecture : 4 min.',
    'Les transporteurs ont adapté leurs itinéraires depuis la fermeture de plusieurs postes frontières.',
    'Lire aussi | Les prix du carburant flambent dans la région',
    'Abonnez-vous à notre newsletter',
    'Recevez chaque matin l’essentiel de l’actualité dans votre boîte mail.',
    'Un marché sous tension',
    'Selon plusieurs commerçants, les délais de livraison ont doublé en un an.',
    'Camille Exemple est chercheuse associée à l’Institut d’études fictives.',
    'Cet article est publié dans le cadre d’un partenariat avec une revue.',
    'À lire aussi',
    'Valmorie : la saison des pluies s’annonce difficile',
    'Partager',
  ].join('\n');
  const r = run(text, 'fr');
  assert.equal(kindOf(r, 'Abonnez-vous'), 'promo');
  assert.equal(kindOf(r, 'Recevez chaque matin'), 'promo');
  assert.equal(kindOf(r, 'Temps de lecture'), 'boilerplate');
  assert.equal(kindOf(r, 'Lire aussi |'), 'related');
  assert.equal(kindOf(r, 'Camille Exemple est chercheuse'), 'bio');
  assert.equal(kindOf(r, 'Cet article est publié'), 'footer');
  assert.equal(kindOf(r, 'Valmorie : la saison'), 'related');
  assert.equal(kindOf(r, 'Partager'), 'share');
  assert.ok(keeps(r, 'Un marché sous tension'), 'a section heading stays');
  assert.ok(keeps(r, 'les délais de livraison ont doublé'));
  assert.equal(r.title, 'En Valmorie, les routes commerciales se réorganisent');
});

test('section headings, short final lines and body mentions of promo words are kept', () => {
  const text = [
    'Inside the militia recruitment drive',
    'Commanders say hundreds of young men have joined in recent months.',
    'Recruitment in the villages',
    '“Sign up for the militia and you will be paid,” a recruiter told residents at a market, according to witnesses.',
    'The local radio station, which has thousands of subscribers on its messaging channel, broadcast the call daily.',
    'Jean Exemple, a local official, is a former teacher who now runs the district council and oversees the recruitment drive in the area.',
    'What comes next',
    'The governor has promised an inquiry, but few residents expect it to report before the rainy season.',
    'Will anyone be held to account?',
  ].join('\n');
  const r = run(text);
  assert.equal(r.removed.length, 0, r.removed.map((x) => `${x.kind}: ${x.text}`).join('\n'));
});

test('HTML blocks: figcaption and link lists are removed, a paragraph with a few links is kept', () => {
  const mk = (text: string, tag: string, linkDensity: number, at: number): Block => ({ text, start: at, end: at + text.length, tag, linkDensity });
  const blocks = [
    mk('Ministers meet to discuss the border', 'h1', 0, 0),
    mk('A checkpoint on the northern border.', 'figcaption', 0, 40),
    mk('Ministers from both countries met on Thursday to discuss reopening the border crossing, closed since last year.', 'p', 0.1, 80),
    mk('World Politics Business Opinion Sport', 'li', 0.95, 200),
    mk('Five things to know about the border dispute', 'p', 0.9, 240),
  ];
  const sep = separateBoilerplate(blocks, { language: 'en' });
  assert.deepEqual(sep.removed.map((r) => r.kind), ['caption', 'navigation', 'related']);
  assert.equal(takeHeadline(sep.kept).title, 'Ministers meet to discuss the border');
});

test('takeHeadline rejects datelines, sentences and credits, accepts questions', () => {
  const head = (line: string): string | null => takeHeadline(linesToBlocks(`${line}\nBody text follows here.`)).title;
  assert.equal(head('UPDATED, 4 APRIL:'), null);
  assert.equal(head('LIVE UPDATES, APRIL 3:'), null);
  assert.equal(head('CORRECTION, FEBRUARY 27: The talks began on Monday.'), null);
  assert.equal(head('The talks began on Monday in the capital.'), null);
  assert.equal(head('By Jane Example'), null);
  assert.equal(head('Photo: Jane Example/Agency'), null);
  assert.equal(head('Can the ceasefire hold?'), 'Can the ceasefire hold?');
  assert.equal(head('Ceasefire holds for a third day'), 'Ceasefire holds for a third day');
  assert.equal(takeHeadline([]).title, null);
});

test('blocks a publisher repeats: a short template line goes, a shared body paragraph stays', () => {
  const tagline = 'Independent reporting from the region since 1998';
  const shared = 'The regional bloc has suspended the country’s membership and imposed sanctions on its leaders.';
  const earlier = ['Earlier story about the bloc', shared, 'Something else happened last week in the capital, officials said.', tagline].join('\n');
  const previous = new Set(publisherBlockKeys(linesToBlocks(earlier)));
  assert.ok(previous.has(boilerplateKey(tagline)));
  const text = ['New sanctions announced', 'The bloc announced a new round of sanctions on Saturday.', shared, tagline].join('\n');
  const r = run(text, 'en', previous);
  assert.equal(kindOf(r, tagline), 'boilerplate');
  assert.ok(keeps(r, shared));
});

test('text in an unspaced script is not mistaken for a tail of short lines', () => {
  const text = ['标题在这里', '这是一段很长的正文内容，描述了事件的经过以及各方的反应和后续的发展情况。', '第二段正文继续介绍相关背景，并引用了多位专家的观点和分析结论。', '第三段正文总结了全文的主要内容。'].join('\n');
  const r = run(text, 'zh');
  assert.equal(r.removed.length, 0);
});

test('seed gold: kept 100%, removed ≥ 95%, only whole lines dropped', { skip: !hasShared && 'shared folder absent' }, () => {
  const seeds = cleanSeeds(SHARED_DIR);
  if (seeds.length === 0) return;
  const fig = cleaningFigures(seeds);
  assert.equal(fig.kept[0], fig.kept[1], fig.misses.join('\n'));
  assert.ok(fig.removed[0] >= 0.95 * fig.removed[1], fig.misses.join('\n'));
  assert.equal(fig.wholeLines[0], fig.wholeLines[1]);
  for (const s of seeds) if (!s.repaired) assert.ok(onlyWholeLinesDropped(s.content, s.text), s.file);
});

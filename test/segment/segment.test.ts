import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Span } from '../../src/model/span.js';
import { isSpaceCode, segment, tokenTexts, tokenize } from '../../src/segment/segment.js';
import { sharedPath } from '../helpers/shared.js';

const toks = (text: string, language = 'en'): string[] => tokenTexts(text, checked(text, language).tokens);
const sents = (text: string, language = 'en'): string[] => tokenTexts(text, checked(text, language).sentences);

/** Segments and checks the invariants every segmentation must satisfy. */
function checked(text: string, language = 'en'): { tokens: Span[]; sentences: Span[] } {
  const result = segment(text, language);
  assertInvariants(text, result.tokens, result.sentences);
  return result;
}

function assertInvariants(text: string, tokens: Span[], sentences: Span[]): void {
  // Tokens: non-empty, in order, not overlapping, not starting or ending with whitespace.
  let prevEnd = 0;
  for (const t of tokens) {
    assert.ok(t.start >= prevEnd && t.end > t.start && t.end <= text.length, `token ${JSON.stringify(t)} in order`);
    assert.ok(!isSpaceCode(text.charCodeAt(t.start)) && !isSpaceCode(text.charCodeAt(t.end - 1)), 'token trimmed');
    prevEnd = t.end;
  }
  // Every non-space character lies in a token; everything between tokens is whitespace.
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    while (k < tokens.length && tokens[k].end <= i) k++;
    const inside = k < tokens.length && tokens[k].start <= i;
    if (!inside) assert.ok(isSpaceCode(text.charCodeAt(i)), `char ${i} ${JSON.stringify(text[i])} covered by a token`);
  }
  // Sentences: in order, not overlapping, trimmed, made of whole tokens; every token in exactly one sentence.
  prevEnd = 0;
  let ti = 0;
  for (const s of sentences) {
    assert.ok(s.start >= prevEnd && s.end > s.start, `sentence ${JSON.stringify(s)} in order`);
    assert.ok(!isSpaceCode(text.charCodeAt(s.start)) && !isSpaceCode(text.charCodeAt(s.end - 1)), 'sentence trimmed');
    assert.equal(tokens[ti]?.start, s.start, 'sentence starts on a token');
    while (ti < tokens.length && tokens[ti].end <= s.end) {
      assert.ok(tokens[ti].start >= s.start, 'token inside the sentence');
      ti++;
    }
    assert.equal(tokens[ti - 1].end, s.end, 'sentence ends on a token');
    prevEnd = s.end;
  }
  assert.equal(ti, tokens.length, 'every token in a sentence');
  assert.equal(sentences.length === 0, tokens.length === 0);
}

describe('segment: tokens', () => {
  it('splits English clitics like the Penn Treebank and keeps other apostrophes inside words', () => {
    assert.deepEqual(toks("Niger's junta won't say; the rebels' base isn't far."),
      ['Niger', "'s", 'junta', 'wo', "n't", 'say', ';', 'the', 'rebels', "'", 'base', 'is', "n't", 'far', '.']);
    assert.deepEqual(toks('Chad’s capital N’Djamena and O’Neill’s coup d’état'),
      ['Chad', '’s', 'capital', 'N’Djamena', 'and', 'O’Neill', '’s', 'coup', 'd’état']);
    assert.deepEqual(toks("N'Djamena's mayor, we'll see, they've gone, I'd go"),
      ["N'Djamena", "'s", 'mayor', ',', 'we', "'ll", 'see', ',', 'they', "'ve", 'gone', ',', 'I', "'d", 'go']);
    assert.deepEqual(toks("the U.N.'s envoy"), ['the', 'U.N.', "'s", 'envoy']);
  });

  it('keeps hyphenated words together and splits number ranges', () => {
    assert.deepEqual(toks('al-Shabaab and counter-insurgency units flew MI-8 and F-16 jets in 1990-1995, a 12-month, 300-400-strong effort.'),
      ['al-Shabaab', 'and', 'counter-insurgency', 'units', 'flew', 'MI-8', 'and', 'F-16', 'jets', 'in', '1990', '-', '1995', ',',
        'a', '12', '-', 'month', ',', '300', '-', '400', '-', 'strong', 'effort', '.']);
    assert.deepEqual(toks('pro- and anti-government -- both'), ['pro', '-', 'and', 'anti-government', '--', 'both']);
  });

  it('keeps letters with diacritics (precomposed or combining) in one token', () => {
    assert.deepEqual(toks('Goïta met Tůma, Dvořák and Ñúñez.'), ['Goïta', 'met', 'Tůma', ',', 'Dvořák', 'and', 'Ñúñez', '.']);
    const decomposed = 'Goi\u0308ta and Tu\u030Ama';
    assert.deepEqual(toks(decomposed), ['Goi\u0308ta', 'and', 'Tu\u030Ama']);
    assert.deepEqual(toks('Лавров и Диоп встретились.'), ['Лавров', 'и', 'Диоп', 'встретились', '.']);
  });

  it('keeps numbers with separators and decimals; splits currency signs and percent', () => {
    assert.deepEqual(toks('Some 12,500 troops, 7,250 of them new, cost $45 or €2bn (3.75% of 1.000.000).'),
      ['Some', '12,500', 'troops', ',', '7,250', 'of', 'them', 'new', ',', 'cost', '$', '45', 'or', '€', '2bn', '(',
        '3.75', '%', 'of', '1.000.000', ')', '.']);
    assert.deepEqual(toks('Scores 1,2,3 and 2,5 differ; at 06:45 on day 3.'),
      ['Scores', '1', ',', '2', ',', '3', 'and', '2', ',', '5', 'differ', ';', 'at', '06:45', 'on', 'day', '3', '.']);
    assert.deepEqual(toks('the 3rd of 12km and 40mm'), ['the', '3rd', 'of', '12km', 'and', '40mm']);
    assert.deepEqual(toks('Il y a 2,5 millions et 12\u202F000 soldats.', 'fr'),
      ['Il', 'y', 'a', '2,5', 'millions', 'et', '12\u202F000', 'soldats', '.']);
    assert.deepEqual(toks('Le budget : 1\u00A0250 euros.', 'fr'), ['Le', 'budget', ':', '1\u00A0250', 'euros', '.']);
  });

  it('keeps periods with abbreviations, initials and dotted acronyms', () => {
    assert.deepEqual(toks('Maj. Gen. Ibrahim K. Traore of the U.S.A. and Mrs. Ode met e.g. at 9 a.m. on Feb. 3, Mt. Hood.'),
      ['Maj.', 'Gen.', 'Ibrahim', 'K.', 'Traore', 'of', 'the', 'U.S.A.', 'and', 'Mrs.', 'Ode', 'met', 'e.g.', 'at', '9', 'a.m.',
        'on', 'Feb.', '3', ',', 'Mt.', 'Hood', '.']);
    // "No." is an abbreviation only before a number.
    assert.deepEqual(toks('Resolution No. 2719 said no. Then No.'), ['Resolution', 'No.', '2719', 'said', 'no', '.', 'Then', 'No', '.']);
    assert.deepEqual(toks('U.S-made'), ['U.S', '-', 'made']);
    assert.deepEqual(toks('Wait... really…'), ['Wait', '...', 'really', '…']);
  });

  it('keeps URLs and e-mail addresses in one token, without trailing punctuation', () => {
    assert.deepEqual(toks('See https://news.example.org/sahel/2024?id=7&x=1, (http://example.net/a_(b)) or www.example.com.'),
      ['See', 'https://news.example.org/sahel/2024?id=7&x=1', ',', '(', 'http://example.net/a_(b)', ')', 'or',
        'www.example.com', '.']);
    assert.deepEqual(toks('Write to desk.editor@example.co.uk; site example.org.'),
      ['Write', 'to', 'desk.editor@example.co.uk', ';', 'site', 'example.org', '.']);
  });

  it('splits punctuation: quotes, dashes, brackets, ellipses', () => {
    assert.deepEqual(toks('“Leave,” he said — ‘now’ – "or never"?! [sic]'),
      ['“', 'Leave', ',', '”', 'he', 'said', '—', '‘', 'now', '’', '–', '"', 'or', 'never', '"', '?!', '[', 'sic', ']']);
    assert.deepEqual(toks('AT&T and S&P; R&D vs. Q & A'), ['AT&T', 'and', 'S&P', ';', 'R&D', 'vs.', 'Q', '&', 'A']);
    assert.deepEqual(toks('snake_case @handle #tag'), ['snake_case', '@', 'handle', '#', 'tag']);
  });

  it('handles French elision', () => {
    assert.deepEqual(toks("L'armée s'est retirée jusqu'à Gao, qu'il l'ait voulu ou non, aujourd'hui.", 'fr'),
      ["L'", 'armée', "s'", 'est', 'retirée', "jusqu'", 'à', 'Gao', ',', "qu'", 'il', "l'", 'ait', 'voulu', 'ou', 'non', ',',
        "aujourd'hui", '.']);
    assert.deepEqual(toks('Le coup d’État à N’Djamena et la Côte d’Ivoire', 'fr'),
      ['Le', 'coup', 'd’', 'État', 'à', 'N’Djamena', 'et', 'la', 'Côte', 'd’', 'Ivoire']);
    // No clitic splitting in French, no elision splitting in English.
    assert.deepEqual(toks("l'Union's", 'en'), ["l'Union", "'s"]);
  });

  it('handles symbols outside the BMP, emoji and odd code units without losing characters', () => {
    assert.deepEqual(toks('Alert 🚨 now 👍🏽 ok'), ['Alert', '🚨', 'now', '👍', '🏽', 'ok']);
    assert.deepEqual(toks('𝐁old text'), ['𝐁old', 'text']);
    checked('lone \uD800 high \uDC00 low \u200B zero\u00ADwidth \uFEFF');
  });

  it('exposes a compact token buffer with the same offsets', () => {
    const text = 'Col. Camara said: “No.” Done.';
    const buf = tokenize(text, 'en');
    const spans = segment(text).tokens;
    assert.equal(buf.count, spans.length);
    for (let i = 0; i < buf.count; i++) assert.deepEqual({ start: buf.starts[i], end: buf.ends[i] }, spans[i]);
  });
});

describe('segment: sentences', () => {
  it('does not split after titles and month abbreviations', () => {
    assert.deepEqual(sents('Lt. Gen. Ada Obi met Sgt. Kone and Dr. Sow on Dec. 4 in St. Louis. Capt. Ba left.'),
      ['Lt. Gen. Ada Obi met Sgt. Kone and Dr. Sow on Dec. 4 in St. Louis.', 'Capt. Ba left.']);
    assert.deepEqual(sents('Col. Yao Tano, Adm. Lee and Gov. Reyes arrived. Prof. Ito did not.'),
      ['Col. Yao Tano, Adm. Lee and Gov. Reyes arrived.', 'Prof. Ito did not.']);
  });

  it('does not split after initials', () => {
    assert.deepEqual(sents('Harry S. Truman and C. S. Lewis met H. G. Wells. They talked.'),
      ['Harry S. Truman and C. S. Lewis met H. G. Wells.', 'They talked.']);
  });

  it('splits after a dotted acronym only before a sentence starter', () => {
    assert.deepEqual(sents('The U.N. Security Council met the E.U. envoy in the U.K. It then adjourned. Aid reached the U.S. On Monday talks resumed.'),
      ['The U.N. Security Council met the E.U. envoy in the U.K.', 'It then adjourned.', 'Aid reached the U.S.',
        'On Monday talks resumed.']);
    assert.deepEqual(sents('Flights to the U.S. Virgin Islands resumed.'), ['Flights to the U.S. Virgin Islands resumed.']);
    assert.deepEqual(sents('They met in Feb. The deal followed.'), ['They met in Feb.', 'The deal followed.']);
  });

  it('splits after "etc." before a capital, not before lowercase; never after e.g. or vs.', () => {
    assert.deepEqual(sents('Guns, fuel, etc. were seized. Guns, fuel, etc. Nobody was hurt.'),
      ['Guns, fuel, etc. were seized.', 'Guns, fuel, etc.', 'Nobody was hurt.']);
    assert.deepEqual(sents('Some states, e.g. Chad, and Mali vs. Niger. Next.'), ['Some states, e.g. Chad, and Mali vs. Niger.', 'Next.']);
    assert.deepEqual(sents('See No. 4 and No. 5. Then stop.'), ['See No. 4 and No. 5.', 'Then stop.']);
  });

  it('does not split inside decimals and numbers', () => {
    assert.deepEqual(sents('Inflation hit 4.7 percent in 2023. Growth was 1.2. In 2024 it eased.'),
      ['Inflation hit 4.7 percent in 2023.', 'Growth was 1.2.', 'In 2024 it eased.']);
    assert.deepEqual(sents('The toll rose. 14 people died.'), ['The toll rose.', '14 people died.']);
  });

  it('splits on ! ? … and their combinations with closing quotes and brackets', () => {
    assert.deepEqual(sents('Who fired first? Nobody knows! The truth… Nobody cares.'),
      ['Who fired first?', 'Nobody knows!', 'The truth…', 'Nobody cares.']);
    assert.deepEqual(sents('He said “we will stay.” Then he left. She asked "why?" He shrugged. (It was late.) Dawn came.'),
      ['He said “we will stay.”', 'Then he left.', 'She asked "why?"', 'He shrugged.', '(It was late.)', 'Dawn came.']);
    assert.deepEqual(sents('“Why now?” he asked. “Because.”'), ['“Why now?” he asked.', '“Because.”']);
    assert.deepEqual(sents('He left. “We stay,” she said. \'Fine.\' Next.'), ['He left.', '“We stay,” she said.', "'Fine.'", 'Next.']);
    assert.deepEqual(sents('Il a dit : « C’est fini. » Le général est parti.', 'fr'), ['Il a dit : « C’est fini. »', 'Le général est parti.']);
  });

  it('does not split without whitespace or before lowercase', () => {
    assert.deepEqual(sents('Version 2.0.1 shipped.Then silence. and more'), ['Version 2.0.1 shipped.Then silence. and more']);
  });

  it('ends a sentence at a blank line and after a heading line', () => {
    assert.deepEqual(sents('Drought Hits The North\nFarmers say the rains failed.\n\nAn unfinished line\n\nLast one'),
      ['Drought Hits The North', 'Farmers say the rains failed.', 'An unfinished line', 'Last one']);
    assert.deepEqual(sents('Talks with Col.\n\nNew paragraph here.'), ['Talks with Col.', 'New paragraph here.']);
    assert.deepEqual(sents('UPDATE, MAY 3:\nThe convoy returned.\r\n\r\nThird.'), ['UPDATE, MAY 3:', 'The convoy returned.', 'Third.']);
  });

  it('joins lines of a hard-wrapped paragraph', () => {
    const text = 'The convoy left the garrison at dawn and\nreached the river crossing by noon, where\nsoldiers of the\nNational Guard waited. A new sentence\nstarts here.';
    assert.deepEqual(sents(text), [
      'The convoy left the garrison at dawn and\nreached the river crossing by noon, where\nsoldiers of the\nNational Guard waited.',
      'A new sentence\nstarts here.',
    ]);
    assert.deepEqual(sents('Officials met Gen.\nAmadou Diallo today.'), ['Officials met Gen.\nAmadou Diallo today.']);
    assert.deepEqual(sents('Supplies reached the U.S.\nRussia objected.'), ['Supplies reached the U.S.', 'Russia objected.']);
    assert.deepEqual(sents('A letter from George W.\nBush arrived on Jan.\n5, 2004.'), ['A letter from George W.\nBush arrived on Jan.\n5, 2004.']);
  });

  it('does not make list numbers sentences of their own', () => {
    assert.deepEqual(sents('1. Troops withdraw.\n2. Aid resumes.'), ['1. Troops withdraw.', '2. Aid resumes.']);
  });

  it('handles French abbreviations', () => {
    assert.deepEqual(sents('M. Diop et Mme Sy ont vu le gén. Traoré. Le Dr Ba était absent.', 'fr'),
      ['M. Diop et Mme Sy ont vu le gén. Traoré.', 'Le Dr Ba était absent.']);
    assert.deepEqual(sents('M. Le Drian est arrivé.', 'fr'), ['M. Le Drian est arrivé.']);
  });

  it('handles empty and whitespace-only text and text without final punctuation', () => {
    assert.deepEqual(segment(''), { sentences: [], tokens: [] });
    assert.deepEqual(segment(' \n\t \n'), { sentences: [], tokens: [] });
    assert.deepEqual(sents('  no punctuation at all  '), ['no punctuation at all']);
    assert.deepEqual(sents('Two lines\nAnother heading', 'de'), ['Two lines', 'Another heading']);
  });

  it('keeps its invariants on random text', () => {
    const alphabet = ['a', 'B', 'é', 'e\u0301', '1', '0', '.', ',', '-', "'", '’', '"', '“', '”', '(', ')', '?', '!', '…', ' ', ' ', ' ',
      '\n', '\n\n', '\u00A0', '\u202F', 'U.S.', 'Col. ', 'http://x.io/(a) ', 'a@b.c', ':', '/', '$', '%', '🚨', '\uD800', '_', '&', 'l\'', 'n\'t'];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let text = '';
      const len = rand(80);
      for (let i = 0; i < len; i++) text += alphabet[rand(alphabet.length)];
      checked(text, round % 2 ? 'fr' : 'en');
    }
  });
});

const seedsDir = sharedPath('corpus', 'seeds');
const seedFiles = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];

describe('segment: seed articles', { skip: seedFiles.length === 0 ? 'no shared seed corpus' : false }, () => {
  const seeds = seedFiles.map((f) => ({ name: f, text: readFileSync(`${seedsDir}/${f}`, 'utf8') }));

  it('keeps the invariants and gives plausible sentence counts', () => {
    for (const { name, text } of seeds) {
      const { sentences } = checked(text);
      const chars = text.replace(/\s+/g, ' ').length;
      const mean = chars / sentences.length;
      assert.ok(mean > 40 && mean < 250, `${name}: ${sentences.length} sentences, ${mean.toFixed(0)} chars each`);
      for (const s of sentences) {
        const str = text.slice(s.start, s.end);
        assert.ok(str.length < 1200, `${name}: overlong sentence ${str.slice(0, 80)}…`);
        assert.doesNotMatch(str, /\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|Gov|Sen|Rep|St)\.$/, `${name}: split after a title`);
        assert.doesNotMatch(str, /^[a-z]/, `${name}: sentence starting lowercase: ${str.slice(0, 60)}`);
      }
    }
  });

  it('does not split "Col. Sadio Camara"', () => {
    const hits = seeds.filter(({ text }) => text.includes('Col. Sadio Camara'));
    assert.ok(hits.length > 0, 'a seed article names Col. Sadio Camara');
    for (const { text } of hits) {
      const { sentences, tokens } = segment(text);
      const at = text.indexOf('Col. Sadio Camara');
      const sentence = sentences.find((s) => s.start <= at && at < s.end)!;
      assert.ok(sentence.end >= at + 'Col. Sadio Camara'.length, 'the phrase lies in one sentence');
      assert.ok(sentence.start < at, 'the title does not start a sentence');
      assert.ok(tokens.some((t) => t.start === at && t.end === at + 4), '"Col." is one token');
    }
  });
});

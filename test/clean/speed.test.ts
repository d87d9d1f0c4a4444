import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyOf, foldableLiteral, gateOf, mayMatch, matchAllFast, prefilterOf, startAnchored, testFast } from '../../src/clean/boilerplate/literals.js';
import { lexiconFor, lexiconForAll } from '../../src/clean/boilerplate/lexicon.js';
import { countWords, probeOf, terminalOf } from '../../src/clean/boilerplate/shape.js';
import { lexicon, notAfter } from '../../src/clean/published/lexicon.js';
import { endsOnAbbreviation, endsOnAbbreviationByDefinition, findDates, splitSentences } from '../../src/clean/published/refs.js';
import { monthEnd, monthEndByDate } from '../../src/clean/published/calendar.js';
import { detectLanguage } from '../../src/clean/language.js';
import { repairMojibake } from '../../src/ingest/encoding/mojibake.js';

// The clean stage's fast paths must give exactly what the plain regular expressions give. Each test below sets a
// fast path against the definition it replaces, on strings chosen to reach its corners.

/** A small deterministic generator of awkward strings: spaces of every kind, quotes, dashes, surrogates, case traps. */
function* awkwardStrings(count: number, seed = 7): Generator<string> {
  const atoms = [
    'the', 'The', 'THE', 'In', 'since', 'March', 'mar', 'May', 'Sept.', 'spring', 'mid-', '2019', '12', '2021-05-03',
    'years', 'ago', 'will', "won't", "'ll", 'was', 'walked', 'last', 'next', 'Mr.', 'U.S.', 'A.', '.', ',', ';', ':',
    '!', '?', '…', '"', "'", '’', '‘', '“', '”', '«', '»', '(', ')', '-', '–', '—', '‐', '−', '/', '|', '©', '°', '`',
    '´', 'ʼ', 'é', 'É', 'İ', 'Σ', 'ς', 'ſ', 'ß', 'µ', 'K', '𝐀', '😀', '\ud800', '\udc00', 'Москва', '東京', 'ที่', 'カ',
    ' ', '  ', '\t', '\u00a0', '\u2009', '\u3000', '\ufeff', '\n', 'Photo:', 'AFP', '(AFP)', 'cookies', 'Subscribe',
    'newsletter', 'Related', 'By', 'is a', 'professor', 'your', 'inbox', 'file photo', '(L)', 'Copyright', '***', '•',
  ];
  let x = seed;
  const rnd = (): number => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let k = 0; k < count; k++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 24);
    for (let i = 0; i < n; i++) s += atoms[Math.floor(rnd() * atoms.length)]! + (rnd() < 0.6 ? ' ' : '');
    yield s;
  }
}

test('folded literals: among printable ASCII, Latin-1 (but µ) and general punctuation, only ſ matches a literal without lower-casing to it', () => {
  const literals: string[] = [];
  for (let c = 0x20; c <= 0x2060; c++) if (foldableLiteral(String.fromCharCode(c))) literals.push(String.fromCharCode(c));
  assert.ok(!foldableLiteral('µ'));
  // Every code point that some foldable literal matches case-insensitively lower-cases like it, ſ aside.
  const all: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) all.push(String.fromCodePoint(cp));
  const everything = all.join('\u0000');
  for (const lit of literals) {
    const re = new RegExp(lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'giu');
    for (const m of everything.matchAll(re)) {
      if (m[0] === lit || m[0] === '\u0000') continue;
      if (m[0] === '\u017f') continue;
      assert.equal(m[0].toLowerCase(), lit.toLowerCase(), `${JSON.stringify(m[0])} matches ${JSON.stringify(lit)}`);
    }
  }
});

test('a prefilter never rules out a string its pattern matches', () => {
  const patterns: RegExp[] = [];
  for (const lex of [lexiconFor('en'), lexiconFor('fr'), lexiconForAll()]) {
    for (const value of Object.values(lex)) {
      if (value instanceof RegExp) patterns.push(value);
      else if (Array.isArray(value)) for (const r of value) patterns.push(r.re);
    }
  }
  for (const code of ['en', 'fr']) {
    const lex = lexicon(code)!;
    for (const value of Object.values(lex)) {
      if (value instanceof RegExp) patterns.push(value);
      else if (Array.isArray(value)) for (const r of value) if (r instanceof RegExp) patterns.push(r); else if (r?.re instanceof RegExp) patterns.push(r.re);
    }
  }
  const samples = [
    ...awkwardStrings(1500),
    'Subscribe to our newsletter', 'SIGN UP FOR OUR FREE NEWSLETTER', 'We use cookies', 'Photo: John Smith/AFP',
    'He will be held in March 2021.', 'Il y a trois ans, en 2019', 'ſubſcribe now', 'It was ſaid in 2019',
    'The last year (2021) was hard', 'Related stories', 'This article was originally published', '(L) pictured',
  ];
  for (const re of patterns) {
    const plain = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    const pf = prefilterOf(re);
    for (const s of samples) if (plain.test(s)) assert.ok(mayMatch(pf, s), `${re.source.slice(0, 60)} on ${JSON.stringify(s)}`);
  }
});

test('prefilters: literals, classes, anchors, long s', () => {
  assert.deepEqual(prefilterOf(/\bsubscribe (?:now|today)\b/iu).literals, ['subscribe now', 'subscribe today']);
  assert.deepEqual(prefilterOf(/[;:]|\bbut\b/iu).literals, [';', ':', 'but']);
  assert.equal(prefilterOf(/^share$/iu).literals, null); // anchored: the engine tries one position anyway
  assert.equal(prefilterOf(/\p{L}+ed/iu).literals !== null, true);
  assert.equal(prefilterOf(/(\w)\1/u).literals, null); // back-references are not reasoned about
  const pf = prefilterOf(/\bsubscribe\b/iu);
  assert.ok(mayMatch(pf, 'SUBSCRIBE'));
  assert.ok(mayMatch(pf, 'ſubscribe'));
  assert.ok(/\bsubscribe\b/iu.test('ſubscribe'));
  assert.ok(!mayMatch(pf, 'subscription'));
  assert.ok(startAnchored('^a|(?:^b|^c)'));
  assert.ok(!startAnchored('^a|b'));
  assert.ok(!startAnchored('(?:^a)?b'));
  assert.ok(anyOf(['sign up', 'subscribe']).test('please subscribe'));
  assert.ok(!anyOf(['sign up', 'subscribe']).test('sign in'));
  assert.equal(testFast(/\bcookies\b/iu, 'We use COOKIES'), true);
});

test('matchAllFast gives what matchAll gives, empty matches included', () => {
  for (const re of [/a*/gu, /\b/gu, /(?:)/gu, /😀|x*/gu, /\d+/g]) {
    for (const s of ['', 'aa😀ba', '😀😀', 'x1 22 333', ...awkwardStrings(50)]) {
      const want = [...s.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
      const got = matchAllFast(re, s).map((m) => `${m.index}:${m[0]}`);
      assert.deepEqual(got, want);
    }
  }
});

test('block shapes: the one-pass probe, word count and ending agree with their regular-expression definitions', () => {
  const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
  const probe0 = (t: string): string =>
    t.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d\u201e]/g, '"').replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, ' ').trim();
  const words0 = (p: string): number => {
    let n = 0;
    for (const w of p.split(' ')) if (/[\p{L}\p{N}]/u.test(w)) n++;
    const u = p.match(UNSPACED)?.length ?? 0;
    return u > 0 ? n + Math.ceil(u / 2) : n;
  };
  const bare0 = (p: string): string => p.replace(/[\s"'»)\]*_」』）】]+$/u, '');
  for (const s of [...awkwardStrings(3000, 11), '', ' ', 'a', ' a ', 'a  b', '東京 タワー', 'ข่าว ไทย']) {
    const p = probeOf(s);
    assert.equal(p, probe0(s), JSON.stringify(s));
    assert.equal(countWords(p), words0(p), JSON.stringify(p));
    assert.equal(countWords(s), words0(s), JSON.stringify(s));
    const last = bare0(p).slice(-1);
    const t = terminalOf(p);
    if (t === 'period') assert.ok(['.', '…', '。', '．'].includes(last));
    else if (t === 'none') assert.ok(!['.', '…', '。', '．', '!', '！', '?', '？', ':', '：', ';', ',', '-', '；', '，', '、'].includes(last));
  }
});

test('sentences and dates: unchanged on awkward text', () => {
  const lex = lexicon('en')!;
  for (const s of awkwardStrings(800, 5)) {
    const sentences = splitSentences(s);
    assert.equal(sentences.map((x) => x.text).join(''), s.split('\n').filter((l) => l.trim()).join(''), JSON.stringify(s));
    // Given or derived, the date-word answer is the same.
    const words = lex.dateWordsAny!.test(s.toLowerCase());
    assert.deepEqual(findDates(s, lex, [], words), findDates(s, lex));
  }
});

test('language: a text whose lower case changes length or depends on context reads as before', () => {
  // "İ" lower-cases to "i" and a combining dot, which splits the word: "i" alone is an Italian stop word.
  assert.equal(detectLanguage('İstanbul ve Ankara arasında bir anlaşma imzalandı ve bu anlaşma iki şehir için çok önemli bir adım oldu'), 'tr');
  assert.equal(detectLanguage('İ i İ i İ i İ i la le de et en un une'), 'it');
  const greekInLatin = 'The ΣΟΦΙΑ project and the other projects in the city are on the agenda of the council this week';
  assert.equal(detectLanguage(greekInLatin), 'en');
  assert.equal(detectLanguage('Le président a dit que la réforme des retraites serait votée avant la fin de l’année.'), 'fr');
});

test('mojibake: a clean text with C1-free non-ASCII comes back as it was, a mis-decoded one is repaired', () => {
  const clean = 'The minister’s “plan” — €5bn for Mali, Niger and Côte d’Ivoire.';
  assert.deepEqual(repairMojibake(clean), { text: clean, repairs: [] });
  assert.equal(repairMojibake('The ministerâ€™s plan').text, 'The minister’s plan');
  assert.equal(repairMojibake('\u0093quoted\u0094').text, '“quoted”');
});

test('prefilter gates: every literal holds a gate string; no gate when a literal has no piece of four letters', () => {
  const literals = ['cookie policy', 'we use cookies', 'by using our site', 'by using this website', 'manage cookies'];
  const gate = gateOf(literals)!;
  assert.ok(gate.length > 0 && gate.length <= 3);
  for (const lit of literals) assert.ok(gate.some((g) => lit.includes(g)), lit);
  assert.equal(gateOf(['jan', 'feb', 'march']), null);
  assert.equal(gateOf(['one', 'two']), null);
  for (const lex of [lexiconFor('en'), lexiconFor('fr')]) {
    for (const rule of [...lex.cookie, ...lex.footer, ...lex.promo, ...lex.fileImage, ...lex.captionVerbs]) {
      const { literals, gate: g } = rule.pf;
      if (literals && g) for (const lit of literals) assert.ok(g.some((x) => lit.includes(x)), lit);
    }
  }
});

test('ASCII-first lookbehinds accept exactly the positions the Unicode one accepts', () => {
  for (const cls of ['\\p{L}\\p{N}', '\\p{L}', '\\p{N}', "\\p{L}'’", '\\p{L}\\p{N}$€£#.,/']) {
    for (const flags of ['gu', 'giu']) {
      const plain = new RegExp(`(?<![${cls}])x`, flags);
      const fast = new RegExp(`${notAfter(cls)}x`, flags);
      for (const s of awkwardStrings(300, 11)) {
        const text = s.replace(/ /g, 'x');
        assert.deepEqual([...text.matchAll(fast)].map((m) => m.index), [...text.matchAll(plain)].map((m) => m.index), text);
      }
    }
  }
});

test('month lengths: the arithmetic agrees with Date on every month of a wide range of years', () => {
  for (let y = -50; y <= 3000; y++) for (let m = 0; m <= 13; m++) assert.equal(monthEnd(y, m), monthEndByDate(y, m), `${y}-${m}`);
  for (const y of [99, 100, 1900, 2000, 2100, 199_999, 200_000, 200_001, 275_759, 1.5, NaN, Infinity]) {
    for (const m of [1, 2, 2.5, 12]) assert.deepEqual(monthEnd(y, m), monthEndByDate(y, m), `${y}-${m}`);
  }
});

test('abbreviations before a period: the ASCII shortcut agrees with the definition', () => {
  const cases = [...awkwardStrings(1500, 13), 'Mr. Smith', 'the U.S. army', 'Gen. de Gaulle', 'A. Smith', 'café.', 'Sept. 5', 'done.'];
  for (const line of cases) {
    for (let at = 0; at <= line.length; at++) {
      if (line[at] !== '.') continue;
      for (const from of [0, Math.max(0, at - 3)]) {
        assert.equal(endsOnAbbreviation(line, from, at), endsOnAbbreviationByDefinition(line, from, at), `${JSON.stringify(line)} ${from} ${at}`);
      }
    }
  }
});

test('sentences: lines found with indexOf are the runs of [^\\n]+ that are not blank', () => {
  const lines0 = (text: string): Array<[number, string]> =>
    [...text.matchAll(/[^\n]+/g)].filter((m) => m[0].trim()).map((m) => [m.index, m[0]]);
  for (const s of [...awkwardStrings(800, 17), '', '\n', 'a\n\n b', ' \u00a0\nx\n', 'x\n']) {
    const text = s.replace(/\|/g, '\n');
    const sentences = splitSentences(text);
    const paragraphs = [...new Set(sentences.map((x) => x.paragraph))];
    const lines = lines0(text);
    assert.equal(paragraphs.length, lines.length, JSON.stringify(text));
    for (const [k, [at, line]] of lines.entries()) {
      const own = sentences.filter((x) => x.paragraph === k);
      assert.equal(own[0]!.start, at, JSON.stringify(text));
      assert.equal(own.map((x) => x.text).join(''), line, JSON.stringify(text));
    }
  }
});

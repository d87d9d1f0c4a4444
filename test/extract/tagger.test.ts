import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { parseConll, type LabeledDocument } from '../../src/extract/entities/tagger/conll.js';
import { casingBits, CASE_ANY_UPPER, CASE_CAP, CASE_LETTER, CASE_LETTERS2, CASE_LOWER, CASE_UPPER, documentStats, documentStatsOf, FeatureExtractor, FeatureIndex, isUpperSentence, normalizeWord, shortShape, wordFlags, wordShape, type GazetteerFeatureSource } from '../../src/extract/entities/tagger/features.js';
import { loadNerModel, NER_MODEL_FILE, tagDocument, tagTokens } from '../../src/extract/entities/tagger/index.js';
import { DecodeBuffers, forwardBackward, viterbi, type Boundary, type NerModel } from '../../src/extract/entities/tagger/model.js';
import { decodeModel, encodeModel } from '../../src/extract/entities/tagger/serialize.js';
import { bilouToSpans, buildTagSet, iobToSpans, spansToBilou, type TokenSpan } from '../../src/extract/entities/tagger/tags.js';
import { calibrateScale, seededRandom, trainTagger } from '../../src/extract/entities/tagger/train.js';
import { CONLL_F1_TARGET, runConll } from '../../eval/conll.js';
import { prf } from '../../src/extract/entities/tagger/evaluate.js';
import { hasShared, SHARED_DIR } from '../helpers/shared.js';

const words = (s: string): string[] => s.split(' ');
const show = (ws: string[], spans: Array<{ start: number; end: number; type: string }>): string[] => spans.map((s) => `${s.type}:${ws.slice(s.start, s.end).join(' ')}`);

describe('tagger features', () => {
  it('computes word shapes and short shapes', () => {
    assert.equal(wordShape('Hamadoun'), 'Xxxxx');
    assert.equal(wordShape('NATO'), 'XXXX');
    assert.equal(wordShape('1996-08-22'), 'dddd-dd-dd');
    assert.equal(wordShape('U.S.'), 'X.X.');
    assert.equal(wordShape('Al-Jazeera'), 'Xx-Xxxxx');
    assert.equal(wordShape('Béhanzin'), 'Xxxxx');
    assert.equal(shortShape('Hamadoun'), 'Xx');
    assert.equal(shortShape('McDonald'), 'XxXx');
    assert.equal(shortShape('1996-08-22'), 'd-d-d');
    assert.equal(shortShape('Al-Jazeera'), 'Xx-Xx');
    assert.equal(shortShape(','), ',');
  });

  it('computes word flags and the normalised form', () => {
    const f = wordFlags('McDonald');
    assert.ok(f.cap && f.innerCap && !f.upper && !f.lower);
    assert.ok(wordFlags('NATO').upper);
    assert.ok(wordFlags('tailor').lower);
    assert.ok(wordFlags('J.').initial);
    assert.ok(wordFlags('U.S.').acronym);
    assert.ok(wordFlags('1,200').hasDigit && !wordFlags('1,200').allDigit);
    assert.ok(wordFlags('1996').allDigit);
    assert.ok(wordFlags('Franco-German').hasHyphen);
    assert.ok(wordFlags("O'Neill").hasApostrophe);
    assert.ok(wordFlags('Élysée').cap);
    assert.equal(normalizeWord('Route66'), 'route00');
    assert.ok(isUpperSentence(words('SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .')));
    assert.ok(!isUpperSentence(words('The EU said NATO agreed .')));
  });

  it('packs the casing the features read into bits, and reads document statistics from them', () => {
    for (const w of ['Hamadoun', 'NATO', 'tailor', 'McDonald', 'U.S.', '1996', ',', 'Élysée', 'ÉTAT', 'été', 'al-Qaeda', 'eBay', "O'Neill", 'G5', '']) {
      const f = wordFlags(w);
      const b = casingBits(w);
      assert.equal(!!(b & CASE_CAP), f.cap, w);
      assert.equal(!!(b & CASE_UPPER), f.upper, w);
      assert.equal(!!(b & CASE_LOWER), f.lower, w);
      assert.equal(!!(b & CASE_LETTER), f.hasLetter, w);
      assert.equal(!!(b & CASE_LETTERS2), [...w].filter((c) => /\p{L}/u.test(c)).length >= 2, w);
      assert.equal(!!(b & CASE_ANY_UPPER), /\p{Lu}/u.test(w), w);
    }
    const sentences = [words('FIGHTING NEAR KIDAL'), words('Durmaz said the convoy left Kidal at dawn .'), words('The Convoy Of Mucahid Durmaz said the kidal road was open .')];
    const flat = sentences.flat();
    const sentenceOf = Int32Array.from(sentences.flatMap((ws, s) => ws.map(() => s)));
    const a = documentStats(sentences);
    const b = documentStatsOf(flat.map((w) => w.toLowerCase()), Uint8Array.from(flat, casingBits), sentenceOf);
    assert.deepEqual([...b.capMid], [...a.capMid]);
    assert.deepEqual([...b.runs].map(([k, v]) => [k, [...v]]), [...a.runs].map(([k, v]) => [k, [...v]]));
    // Lower-case counts are kept for the words also written with a capital.
    for (const [k, v] of a.lower) assert.equal(b.lower.get(k), flat.some((w) => w.toLowerCase() === k && /\p{Lu}/u.test(w)) ? v : undefined, k);
    // Numbered lower-case forms give the same statistics as the strings, however often it is called.
    const lowerFlat = flat.map((w) => w.toLowerCase());
    const numbers = new Map<string, number>();
    const lowerIds = Int32Array.from(lowerFlat, (w) => numbers.get(w) ?? numbers.set(w, numbers.size * 7).get(w)!);
    for (let k = 0; k < 2; k++) {
      const c = documentStatsOf(lowerFlat, Uint8Array.from(flat, casingBits), sentenceOf, lowerIds);
      assert.deepEqual([...c.capMid], [...b.capMid]);
      assert.deepEqual([...c.lower], [...b.lower]);
      assert.deepEqual([...c.runs].map(([w, v]) => [w, [...v]]), [...b.runs].map(([w, v]) => [w, [...v]]));
    }
  });

  it('extracts affix, shape, context and document features per token', () => {
    const index = new FeatureIndex();
    const ex = new FeatureExtractor(index);
    const sent = words('Hamadoun , a tailor , said');
    const doc = documentStats([sent, words('They asked Hamadoun about it .')]);
    const feats = ex.sentence(sent, { doc, gazetteer: [['person:U'], [], [], [], [], []] });
    const names = new Map([...index.map].map(([k, v]) => [v, k]));
    const of = (i: number): string[] => Array.from(feats.ids.subarray(feats.offsets[i], feats.offsets[i + 1]), (id) => names.get(id)!);
    const first = of(0);
    for (const f of ['bias', 'w=hamadoun', 'sh=Xxxxx', 'ss=Xx', 'x1=n', 'x3=oun', 'x4=doun', 'f:cap', 'F|ss=Xx', 'w-1=<s>', 'w+1=,', 'w+2=a', 's+2=x', 'b+=hamadoun|,', 'c+=,|a', 't=<s>|Xx|,', 'g:person:U']) {
      assert.ok(first.includes(f), `${f} in ${first.join(' ')}`);
    }
    assert.ok(first.includes('d:FC-'), 'capitalised mid-sentence elsewhere in the document');
    assert.ok(first.some((f) => f.startsWith('dr:')), 'run roles seen elsewhere');
    assert.ok(!of(3).includes('f:cap') && of(3).includes('f:lower') && of(3).includes('w-2=,'));
    // Frozen index: unknown features are dropped, known ones keep their ids.
    const frozen = new FeatureExtractor(new FeatureIndex(index.map, true));
    const again = frozen.sentence(sent, { doc, gazetteer: [['person:U'], [], [], [], [], []] });
    assert.deepEqual(Array.from(again.ids), Array.from(feats.ids));
    const other = frozen.sentence(words('Zyx'));
    assert.ok(Array.from(other.ids).every((id) => id >= 0 && id < index.size));
    // A frozen index gives the same ids as the index that grew them: sentences short and long, words repeated (so
    // that lookups are memoised) and unknown.
    const sentences = ['Bamako', 'Bamako said', 'the Bamako said', 'said the tailor , said the tailor in Bamako .', 'a a a a a a'].map(words);
    const grown = sentences.map((ws) => Array.from(ex.sentence(ws, { doc }).ids));
    // A new extractor: the one above memoised features as unknown that the growing index has numbered since.
    const reader = new FeatureExtractor(new FeatureIndex(index.map, true));
    for (let pass = 0; pass < 2; pass++) {
      sentences.forEach((ws, k) => assert.deepEqual(Array.from(reader.sentence(ws, { doc }).ids), grown[k], ws.join(' ')));
    }
  });
});

describe('tagger tags and CoNLL reader', () => {
  it('reads IOB1 as conlleval does and converts to BILOU and back', () => {
    const labels = ['I-ORG', 'O', 'I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC', 'I-MISC'];
    const spans = iobToSpans(labels);
    assert.deepEqual(spans, [
      { start: 0, end: 1, type: 'ORG' },
      { start: 2, end: 4, type: 'PER' },
      { start: 4, end: 5, type: 'PER' },
      { start: 6, end: 7, type: 'LOC' },
      { start: 7, end: 8, type: 'MISC' },
    ]);
    const bilou = spansToBilou(8, spans);
    assert.deepEqual(bilou, ['U-ORG', 'O', 'B-PER', 'L-PER', 'U-PER', 'O', 'U-LOC', 'U-MISC']);
    assert.deepEqual(bilouToSpans(bilou), spans);
    assert.deepEqual(bilouToSpans(['I-PER', 'L-PER', 'B-ORG', 'O']), [
      { start: 0, end: 2, type: 'PER' },
      { start: 2, end: 3, type: 'ORG' },
    ]);
  });

  it('skips -DOCSTART- and splits documents and sentences', () => {
    const docs = parseConll('-DOCSTART- O\n\nEU I-ORG\nrejects O\n\nPeter I-PER\nBlackburn I-PER\n\n-DOCSTART- O\n\nBRUSSELS I-LOC\n');
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[0].sentences[1], { words: ['Peter', 'Blackburn'], spans: [{ start: 0, end: 2, type: 'PER' }] });
    assert.deepEqual(docs[1].sentences[0].spans, [{ start: 0, end: 1, type: 'LOC' }]);
  });
});

describe('tagger decoder', () => {
  const tagSet = buildTagSet();
  const T = tagSet.tags.length;

  const validSequences = (n: number): number[][] => {
    const out: number[][] = [];
    const rec = (seq: number[]): void => {
      if (seq.length === n) {
        if (tagSet.endOk[seq[n - 1]]) out.push([...seq]);
        return;
      }
      for (let t = 0; t < T; t++) {
        if (seq.length === 0 ? !tagSet.startOk[t] : !tagSet.allowed[seq[seq.length - 1] * T + t]) continue;
        seq.push(t);
        rec(seq);
        seq.pop();
      }
    };
    rec([]);
    return out;
  };

  it('finds the best well-formed BILOU path and exact marginals (checked by enumeration)', () => {
    const random = seededRandom(7);
    const n = 3;
    const all = validSequences(n);
    for (let trial = 0; trial < 5; trial++) {
      const em = Float64Array.from({ length: n * T }, () => random() * 4 - 2);
      const tr = {
        trans: Float64Array.from({ length: T * T }, () => random() * 2 - 1),
        start: Float64Array.from({ length: T }, () => random() - 0.5),
        end: Float64Array.from({ length: T }, () => random() - 0.5),
      };
      // Make an ill-formed path locally attractive: I-PER everywhere.
      for (let i = 0; i < n; i++) em[i * T + tagSet.id.get('I-PER')!] += 5;
      const score = (seq: number[]): number => {
        let s = tr.start[seq[0]] + tr.end[seq[n - 1]];
        for (let i = 0; i < n; i++) s += em[i * T + seq[i]] + (i ? tr.trans[seq[i - 1] * T + seq[i]] : 0);
        return s;
      };
      let best = all[0];
      for (const seq of all) if (score(seq) > score(best)) best = seq;
      const buf = new DecodeBuffers();
      buf.ensure(n, T);
      const out = new Int32Array(n);
      viterbi(tagSet, tr, em, n, buf, out);
      assert.deepEqual(Array.from(out), best);
      const tags = Array.from(out, (t) => tagSet.tags[t]);
      assert.deepEqual(spansToBilou(n, bilouToSpans(tags)), tags, 'decoded tags are well-formed');

      const scale = 0.7;
      const logZ = forwardBackward(tagSet, tr, em, n, scale, buf);
      const weights = all.map((seq) => Math.exp(scale * score(seq)));
      const z = weights.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(logZ - Math.log(z)) < 1e-9, `log Z ${logZ} vs ${Math.log(z)}`);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < T; t++) {
          const m = all.reduce((a, seq, k) => a + (seq[i] === t ? weights[k] : 0), 0) / z;
          assert.ok(Math.abs(buf.alpha[i * T + t] - m) < 1e-9);
        }
      }
    }
  });
});

describe('tagger decoder inside a sentence', () => {
  it('decodes a window with an O tag assumed on both sides (checked by enumeration)', () => {
    const tagSet = buildTagSet();
    const T = tagSet.tags.length;
    const O = tagSet.id.get('O')!;
    const n = 3;
    const random = seededRandom(11);
    const tr = {
      trans: Float64Array.from({ length: T * T }, () => random() * 2 - 1),
      start: Float64Array.from({ length: T }, () => random() - 0.5),
      end: Float64Array.from({ length: T }, () => random() - 0.5),
    };
    const bound: Boundary = {
      start: Float64Array.from({ length: T }, (_, t) => tr.trans[O * T + t]),
      startOk: Uint8Array.from({ length: T }, (_, t) => tagSet.allowed[O * T + t]),
      end: Float64Array.from({ length: T }, (_, t) => tr.trans[t * T + O]),
      endOk: Uint8Array.from({ length: T }, (_, t) => tagSet.allowed[t * T + O]),
    };
    // Every sequence that may stand between two O tags.
    const all: number[][] = [];
    const rec = (seq: number[]): void => {
      if (seq.length === n) {
        if (tagSet.allowed[seq[n - 1] * T + O]) all.push([...seq]);
        return;
      }
      for (let t = 0; t < T; t++) {
        if (!tagSet.allowed[(seq.length ? seq[seq.length - 1] : O) * T + t]) continue;
        seq.push(t);
        rec(seq);
        seq.pop();
      }
    };
    rec([]);
    for (let trial = 0; trial < 5; trial++) {
      const em = Float64Array.from({ length: n * T }, () => random() * 4 - 2);
      const score = (seq: number[]): number => {
        let s = tr.trans[O * T + seq[0]] + tr.trans[seq[n - 1] * T + O];
        for (let i = 0; i < n; i++) s += em[i * T + seq[i]] + (i ? tr.trans[seq[i - 1] * T + seq[i]] : 0);
        return s;
      };
      let best = all[0];
      for (const seq of all) if (score(seq) > score(best)) best = seq;
      const buf = new DecodeBuffers();
      buf.ensure(n, T);
      const out = new Int32Array(n);
      viterbi(tagSet, tr, em, n, buf, out, bound);
      assert.deepEqual(Array.from(out), best);
      const scale = 0.8;
      forwardBackward(tagSet, tr, em, n, scale, buf, bound);
      const weights = all.map((seq) => Math.exp(scale * score(seq)));
      const z = weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < T; t++) {
          const m = all.reduce((a, seq, k) => a + (seq[i] === t ? weights[k] : 0), 0) / z;
          assert.ok(Math.abs(buf.alpha[i * T + t] - m) < 1e-9);
        }
      }
    }
  });
});

// A small invented corpus: people act, organisations announce, places are where things happen.
const PEOPLE = ['Amadou Kone', 'Fatima Zahra', 'Ivan Petrov', 'Maria Silva', 'Kofi Mensah', 'Lena Berg', 'Tomas Novak', 'Aisha Bello', 'Omar Haddad', 'Elena Rossi'];
const ORGS = ['Sahel Bank', 'Northern Union', 'Delta Council', 'River Alliance', 'Coastal Agency'];
const PLACES = ['Kidal', 'Gao', 'Tessalit', 'Menaka', 'Ansongo'];

function synthetic(): LabeledDocument[] {
  const docs: LabeledDocument[] = [];
  for (let i = 0; i < 20; i++) {
    const person = PEOPLE[i % PEOPLE.length];
    const org = ORGS[i % ORGS.length];
    const place = PLACES[(i * 3) % PLACES.length];
    const p = words(person);
    const o = words(org);
    const ws = [...p, 'said', 'the', ...o, 'met', 'in', place, 'on', 'Monday', '.'];
    const spans: TokenSpan[] = [
      { start: 0, end: p.length, type: 'PER' },
      { start: p.length + 2, end: p.length + 2 + o.length, type: 'ORG' },
      { start: p.length + 2 + o.length + 2, end: p.length + 2 + o.length + 3, type: 'LOC' },
    ];
    docs.push({ sentences: [{ words: ws, spans }] });
  }
  return docs;
}

describe('tagger training', () => {
  it('learns a tiny synthetic corpus, deterministically, and survives serialisation', () => {
    const docs = synthetic();
    const model = trainTagger(docs, { epochs: 8 });
    for (const doc of docs) {
      const s = doc.sentences[0];
      const got = model.tag(s.words).map(({ start, end, type }) => ({ start, end, type }));
      assert.deepEqual(got, s.spans, s.words.join(' '));
    }
    const unseen = words('Ivan Petrov said the Coastal Agency met in Gao on Monday .');
    assert.deepEqual(show(unseen, model.tag(unseen)), ['PER:Ivan Petrov', 'ORG:Coastal Agency', 'LOC:Gao']);

    const bytes = encodeModel(model);
    assert.deepEqual(encodeModel(trainTagger(docs, { epochs: 8 })), bytes, 'same data, same bytes');
    const back = decodeModel(bytes);
    assert.deepEqual(back.tagSet.tags, model.tagSet.tags);
    assert.ok(Math.abs(back.weight('w=said', 'O') - model.weight('w=said', 'O')) < 1e-3);
    for (const doc of docs) {
      const ws = doc.sentences[0].words;
      assert.deepEqual(back.tag(ws).map((s) => [s.start, s.end, s.type]), model.tag(ws).map((s) => [s.start, s.end, s.type]));
    }
    model.scale = calibrateScale(model, docs);
    for (const s of model.tag(unseen)) assert.ok(s.score > 0 && s.score <= 1);
  });

  it('takes gazetteer features through the hook, in training and tagging', () => {
    const orgs = new Set(ORGS.map((o) => o.split(' ')[0]));
    const gazetteer: GazetteerFeatureSource = {
      name: 'test',
      features: (tokens) => tokens.map((t, i) => (orgs.has(t) ? ['org:B'] : i > 0 && orgs.has(tokens[i - 1]) ? ['org:I'] : [])),
    };
    const model: NerModel = trainTagger(synthetic(), { epochs: 5, gazetteers: [gazetteer] });
    assert.deepEqual(model.gazetteers, ['test']);
    assert.ok(model.weight('g:test:org:B', 'B-ORG') > 0);
    const back = decodeModel(encodeModel(model));
    assert.deepEqual(back.gazetteers, ['test']);
    const ws = words('Lena Berg said the Delta Council met in Kidal on Monday .');
    assert.deepEqual(show(ws, back.tag(ws, { gazetteers: [gazetteer] })), ['PER:Lena Berg', 'ORG:Delta Council', 'LOC:Kidal']);
  });
});

describe('committed NER model', { skip: !existsSync(join(PACKAGE_ROOT, NER_MODEL_FILE)) && 'no committed weights' }, () => {
  it('tags names no list holds', () => {
    const a = words('Hamadoun , a tailor , said the soldiers came at night .');
    assert.deepEqual(show(a, tagTokens(a)), ['PER:Hamadoun']);
    const b = words('" They took everything , " said Mucahid Durmaz on Al Jazeera .');
    const got = show(b, tagTokens(b));
    assert.ok(got.includes('PER:Mucahid Durmaz'), got.join(' '));
    assert.ok(got.some((s) => s.endsWith(':Al Jazeera')), `Al Jazeera is a span: ${got.join(' ')}`);
    const c = words('Aminata Traore , a 34-year-old mother of three , fled to Bamako with her children .');
    assert.deepEqual(show(c, tagTokens(c)), ['PER:Aminata Traore', 'LOC:Bamako']);
  });

  it('tags windows of a sentence as the whole sentence where the words around them are O', () => {
    const model = loadNerModel();
    const ws = words('" They took everything , " said Mucahid Durmaz on Al Jazeera in Bamako on Monday .');
    const doc = documentStats([ws]);
    const whole = model.tag(ws, { doc });
    assert.deepEqual(model.tagWindows(ws, [0, ws.length], { doc }), whole);
    const windowed = model.tagWindows(ws, [5, 12, 13, 15], { doc });
    assert.deepEqual(show(ws, windowed), show(ws, whole));
    windowed.forEach((s, k) => assert.ok(Math.abs(s.score - whole[k]!.score) < 0.01, `${s.score} vs ${whole[k]!.score}`));
    // Scores only where asked: a window whose spans all fail the test keeps score 1.
    const some = model.tagWindows(ws, [5, 12, 13, 15], { doc, scoreIf: (s) => s.type === 'LOC' });
    assert.deepEqual(some.map((s) => s.score), windowed.map((s) => (s.start >= 13 ? s.score : 1)));
  });

  it('types Al Jazeera as ORG', { todo: 'needs gazetteer features (the CoNLL-only model says PER/LOC)' }, () => {
    const b = words('said Mucahid Durmaz on Al Jazeera .');
    assert.ok(show(b, tagTokens(b)).includes('ORG:Al Jazeera'));
  });

  it('tags documents with shared casing statistics and gives 0..1 scores', () => {
    const doc = [words('FIGHTING NEAR KIDAL'), words('Durmaz said the convoy left Kidal at dawn .'), words('Mucahid Durmaz is a driver .')];
    const spans = tagDocument(doc);
    assert.equal(spans.length, 3);
    assert.ok(show(doc[2], spans[2]).includes('PER:Mucahid Durmaz'));
    for (const s of spans.flat()) assert.ok(s.score >= 0 && s.score <= 1 && s.end > s.start);
    assert.deepEqual(tagTokens([]), []);
    assert.equal(loadNerModel(), loadNerModel(), 'cached');
  });
});

describe('CoNLL-2003 eng.testa', { skip: !hasShared && 'shared data absent' }, () => {
  it(`reaches PER/ORG/LOC exact-span F1 ≥ ${CONLL_F1_TARGET}`, () => {
    const r = runConll(SHARED_DIR);
    const f1 = prf(r.overall).f1;
    assert.ok(f1 >= CONLL_F1_TARGET, `F1 ${f1.toFixed(3)}`);
  });
});

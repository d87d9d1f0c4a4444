import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternTokens, quantityTokens } from '../../src/extract/quantities/quantities.js';
import { lexicon, normWord, normWordByDefinition } from '../../src/extract/times/lexicon.js';
import { triggerWindows } from '../../src/extract/times/refiners.js';
import { DecodeBuffers, forwardBackward, marginalsOf, type Boundary } from '../../src/extract/entities/tagger/model.js';
import { buildTagSet } from '../../src/extract/entities/tagger/tags.js';
import { seededRandom } from '../../src/extract/entities/tagger/train.js';

// The reading stages' fast paths must give exactly what the definitions they replace give, on strings chosen to
// reach their corners (separators of every kind, surrogates, letters outside ASCII, cut sentence ends).

/** A small deterministic generator of awkward strings built from atoms. */
function* awkwardStrings(count: number, atoms: readonly string[], seed = 11): Generator<string> {
  let x = seed;
  const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let k = 0; k < count; k++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < n; i++) s += atoms[Math.floor(rnd() * atoms.length)]!;
    yield s;
  }
}

test('quantity tokens: the ASCII scanner reads what the token pattern reads', () => {
  const atoms = [
    '1', '2', '0', '9', '12', '345', '1,234', '5 000', ',', '.', ' ', '\u00a0', '\u202f', '\t', '\n', 'US$', 'US', 'U', '$',
    '€', '£', '%', 'a', 'Z', 'é', 'İ', '’', "'", '-', '–', '(', ')', '😀', '\u0301', '٣', 'thousand', 'per cent',
  ];
  for (const language of ['en', 'fr']) {
    let k = 0;
    for (const s of awkwardStrings(20_000, atoms)) {
      // Every few strings, a sentence that starts late or ends early (the scanner must stop where the pattern does).
      const from = k % 5 === 1 ? Math.min(1, s.length) : 0;
      const to = k % 7 === 2 ? Math.max(from, s.length - 1) : s.length;
      k++;
      assert.deepEqual(quantityTokens(s, from, to, language), patternTokens(s, from, to, language), `${language}: ${JSON.stringify(s)} [${from}, ${to})`);
    }
  }
});

test('time triggers: every trigger word still opens a window, in any case, whatever skips other words', () => {
  for (const language of ['en', 'fr']) {
    const lex = lexicon(language)!;
    for (const word of [...lex.triggers.keys(), 'q1', 'Q3']) {
      if (!/^[\p{L}\p{N}]{2,}$/u.test(word)) continue;
      for (const form of [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)]) {
        const text = `said ${form} here`;
        assert.ok(triggerWindows(text, lex).length > 0, `${language}: ${form}`);
      }
    }
  }
});

test('tagger: marginals of a row range are the whole forward-backward\'s, to the bit', () => {
  const tagSet = buildTagSet();
  const T = tagSet.tags.length;
  const O = tagSet.id.get('O')!;
  const random = seededRandom(5);
  const tr = {
    trans: Float32Array.from({ length: T * T }, () => random() * 4 - 2),
    start: Float32Array.from({ length: T }, () => random() - 0.5),
    end: Float32Array.from({ length: T }, () => random() - 0.5),
  };
  const inside: Boundary = {
    start: Float32Array.from({ length: T }, (_, t) => tr.trans[O * T + t]!),
    startOk: Uint8Array.from({ length: T }, (_, t) => tagSet.allowed[O * T + t]!),
    end: Float32Array.from({ length: T }, (_, t) => tr.trans[t * T + O]!),
    endOk: Uint8Array.from({ length: T }, (_, t) => tagSet.allowed[t * T + O]!),
  };
  const whole = new DecodeBuffers();
  const part = new DecodeBuffers();
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(random() * 30);
    const em = Float64Array.from({ length: n * T }, () => random() * 30 - 15);
    const bound = trial % 2 ? inside : undefined;
    const scale = trial % 3 ? 0.5 + random() : 1;
    whole.ensure(n, T);
    part.ensure(n, T);
    forwardBackward(tagSet, tr, em, n, scale, whole, bound);
    const from = Math.floor(random() * n);
    const to = from + 1 + Math.floor(random() * (n - from));
    marginalsOf(tagSet, tr, em, n, scale, part, bound, from, to);
    for (let k = from * T; k < to * T; k++) assert.ok(Object.is(part.alpha[k], whole.alpha[k]), `trial ${trial}: row ${Math.floor(k / T)} of [${from}, ${to})`);
  }
});

test('time words: the ASCII fast path of normWord gives what its definition gives', () => {
  const atoms = ['a', 'Z', 'm', 'Q', '1', "'", '’', '`', '´', '-', '.', ' ', '  ', '\t', '\n', '\u00a0', '\u2009', 'É', 'é', 'İ', 'ẞ', 'Σ', '~', '\u007f', '\u001f'];
  for (const s of awkwardStrings(50_000, atoms, 3)) assert.equal(normWord(s), normWordByDefinition(s), JSON.stringify(s));
});

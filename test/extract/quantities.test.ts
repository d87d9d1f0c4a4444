import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractQuantities, type QuantityMention } from '../../src/extract/quantities/quantities.js';

type Picked = Pick<QuantityMention, 'text' | 'value' | 'low' | 'high' | 'approx' | 'unit'> & { currency?: string | null; per?: string | null; vague?: boolean };

function read(sentence: string, language = 'en'): Picked[] {
  return extractQuantities(sentence, [{ start: 0, end: sentence.length }], language).map((q) => {
    assert.equal(sentence.slice(q.start, q.end), q.text, 'offsets slice to the text');
    const out: Picked = { text: q.text, value: q.value, low: q.low, high: q.high, approx: q.approx, unit: q.unit };
    if (q.currency) out.currency = q.currency;
    if (q.per) out.per = q.per;
    if (q.vague) out.vague = true;
    return out;
  });
}

const one = (sentence: string, language = 'en'): Picked => {
  const all = read(sentence, language);
  assert.equal(all.length, 1, JSON.stringify(all));
  return all[0]!;
};

describe('quantities', () => {
  it('reads digits with separators and the counted noun in the singular', () => {
    assert.deepEqual(one('The ministry deployed 12,500 additional police officers on Monday.'), { text: '12,500 additional police officers', value: 12500, low: null, high: null, approx: false, unit: 'officer' });
    assert.deepEqual(one('Rebels freed 41 hostages.'), { text: '41 hostages', value: 41, low: null, high: null, approx: false, unit: 'hostage' });
    assert.equal(one('About 7 women and children were found.').unit, 'woman');
  });

  it('skips only sentences with neither a digit nor a number word', () => {
    const text = 'Officials met on Monday. Half a dozen villages were burned. Tens of thousands of people fled. Some twenty-five journalists were detained. The army denied it.';
    const sentences = [...text.matchAll(/[^.]+\./g)].map((m) => ({ start: m.index! + (m.index ? 1 : 0), end: m.index! + m[0].length }));
    const got = extractQuantities(text, sentences).map((q) => [q.text, q.value ?? q.low]);
    assert.deepEqual(got, [['Half a dozen villages', 6], ['Tens of thousands of people', 10000], ['Some twenty-five journalists', 25]]);
  });

  it('reads number words, compounds and hyphenated tens', () => {
    assert.equal(one('Twelve villages were burned.').value, 12);
    assert.equal(one('The convoy carried seven hundred refugees.').value, 700);
    assert.equal(one('Some twenty-five journalists were detained.').value, 25);
    assert.equal(one('It fielded two thousand five hundred troops.').value, 2500);
  });

  it('keeps hedges as bounds or approximations', () => {
    assert.deepEqual(one('At least 19 civilians died.'), { text: 'At least 19 civilians', value: null, low: 19, high: null, approx: false, unit: 'civilian' });
    assert.deepEqual(one('Up to 600 contractors may be involved.'), { text: 'Up to 600 contractors', value: null, low: null, high: 600, approx: false, unit: 'contractor' });
    assert.deepEqual(one('Roughly 3,000 families fled.'), { text: 'Roughly 3,000 families', value: 3000, low: null, high: null, approx: true, unit: 'family' });
    assert.equal(one('More than 70 detainees were released.').low, 70);
  });

  it('reads ranges', () => {
    assert.deepEqual(one('Between 40 and 60 fighters attacked the post.'), { text: 'Between 40 and 60 fighters', value: null, low: 40, high: 60, approx: true, unit: 'fighter' });
    const dash = one('Officials counted 200-250 bodies.');
    assert.deepEqual([dash.low, dash.high, dash.unit], [200, 250, 'body']);
  });

  it('reads money with symbols, scale words, currency words and rates', () => {
    assert.deepEqual(one('The contract is worth $4.5 million a month.'), { text: '$4.5 million a month', value: 4500000, low: null, high: null, approx: false, unit: 'currency', currency: 'USD', per: 'month' });
    assert.deepEqual(one('Brussels pledged €2bn annually.'), { text: '€2bn annually', value: 2000000000, low: null, high: null, approx: false, unit: 'currency', currency: 'EUR', per: 'year' });
    const francs = one('The fine reached 500 million CFA francs.');
    assert.deepEqual([francs.value, francs.currency], [500000000, 'XOF']);
    const pounds = one('London sent £30m in aid.');
    assert.deepEqual([pounds.value, pounds.currency], [30000000, 'GBP']);
  });

  it('reads percentages', () => {
    assert.deepEqual(one('Prices rose by nearly 12 percent.'), { text: 'nearly 12 percent', value: 12, low: null, high: null, approx: true, unit: 'percent' });
    assert.equal(one('Turnout was 41.5% in the capital.').value, 41.5);
  });

  it('marks vague amounts', () => {
    const q = one('Thousands of protesters gathered.');
    assert.deepEqual([q.low, q.vague, q.unit], [1000, true, 'protester']);
    const few = one('A few thousand soldiers remain.');
    assert.deepEqual([few.low, few.high, few.vague], [2000, 5000, true]);
    assert.equal(one('Tens of thousands of people marched.').low, 10000);
  });

  it('takes the unit of "N of them" and of a bare hedged number from the sentence', () => {
    const qs = read('The force has 900 engineers, 300 of them Italian, and lost more than 20 this year.');
    assert.deepEqual(qs.map((q) => [q.text, q.unit]), [['900 engineers', 'engineer'], ['300 of them', 'engineer'], ['more than 20', 'engineer']]);
    assert.equal(one('The blast killed at least 14.').unit, 'person');
    assert.equal(one('It lost 31 of its pilots.').unit, 'pilot');
  });

  it('leaves out years, dates, durations, ordinals and numbers in names', () => {
    for (const s of [
      'In 2015 the war spread.',
      'Since 2012, the army has struggled.',
      'The 2021 coup changed everything.',
      'They met on 14 March.',
      'The operation lasted five days.',
      'A 72-hour ultimatum was issued.',
      'The nine-year campaign ended.',
      'It was the 3rd attempt.',
      'The G5 Sahel and the MI-24 helicopter.',
      'Resolution 2391 was adopted.',
      'One of the officers said so.',
      'Several sources agree.',
    ]) assert.deepEqual(read(s), [], s);
  });

  it('reads French quantities', () => {
    assert.deepEqual(one('Environ 5 000 soldats sont déployés.', 'fr'), { text: 'Environ 5 000 soldats', value: 5000, low: null, high: null, approx: true, unit: 'soldat' });
    const money = one("Le pays a reçu 1,5 milliard d'euros.", 'fr');
    assert.deepEqual([money.value, money.currency], [1500000000, 'EUR']);
    assert.equal(one('Au moins 40 civils ont été tués.', 'fr').low, 40);
    assert.deepEqual([one('Entre 300 et 400 personnes ont été tuées.', 'fr').low, one('Entre 300 et 400 personnes ont été tuées.', 'fr').high], [300, 400]);
    assert.equal(one('Des milliers de manifestants sont descendus dans la rue.', 'fr').vague, true);
    assert.equal(one('Le chômage atteint 12 %.', 'fr').unit, 'percent');
    assert.deepEqual(read('Depuis 2015, la guerre continue.', 'fr'), []);
  });
});

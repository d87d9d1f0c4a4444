import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseMerge,
  contradictionsOf,
  forceContradictions,
  presenceContradictions,
  describeQuantity,
  quantityRange,
  rangesDisagree,
  summarize,
  type EventMention,
  type ForceClaim,
  type MergedEvent,
} from '../../src/resolve/events.js';
import { daysApart, timeInterval, timesCompatible } from '../../src/resolve/time-intervals.js';

let n = 0;
function mention(over: Partial<EventMention>): EventMention {
  n++;
  return {
    id: `m${String(n).padStart(3, '0')}`, documentId: 'd1', publisher: null, published: null, type: 'ASSAULT', subtype: 'killing', trigger: 'killed',
    sources: [], targets: [], location: null, time: null, quantities: [], modality: 'asserted', attribution: null, sentence: 's', evidenceStart: 0,
    ...over,
  };
}
const event = (...members: EventMention[]): MergedEvent => ({ id: 'evt', family: members[0]!.type === 'MOBILIZE' ? 'mobilize' : 'violence', members });
const noCountry = (): string | null => null;
const names = (id: string): string => id.toUpperCase();

describe('event merging across documents', () => {
  it('matches times by precision', () => {
    assert.ok(timesCompatible({ value: '2022-02' }, { value: '2022-02-17' }));
    assert.ok(!timesCompatible({ value: '2022-02' }, { value: '2022-03-01' }));
    assert.ok(timesCompatible({ value: '2022' }, null));
  });

  it('joins dated reports sharing an actor, and keeps apart different times', () => {
    const a = mention({ documentId: 'd1', sources: ['fr'], targets: ['ml'], type: 'RETREAT', subtype: 'withdraw_troops', time: { value: '2022-02-17', precision: 'day', kind: 'date' } });
    const merged = { id: 'e1', family: 'retreat', members: [a] };
    const same = mention({ documentId: 'd2', sources: ['fr'], targets: ['ml'], type: 'RETREAT', subtype: 'withdraw_troops', time: { value: '2022-02', precision: 'month', kind: 'date' } });
    assert.equal(chooseMerge(same, [merged], noCountry), merged);
    const later = mention({ documentId: 'd2', sources: ['fr'], targets: ['ml'], type: 'RETREAT', subtype: 'withdraw_troops', time: { value: '2022-08', precision: 'month', kind: 'date' } });
    assert.equal(chooseMerge(later, [merged], noCountry), null);
    const other = mention({ documentId: 'd2', sources: ['de'], targets: ['ml'], type: 'RETREAT', time: { value: '2022-02-17', precision: 'day', kind: 'date' } });
    assert.equal(chooseMerge(other, [merged], noCountry), null, 'another withdrawing country is another happening');
  });

  it('joins an undated standing situation only when act and actors agree, within a quarter of publication', () => {
    const published = (value: string) => ({ published: { value, precision: 'day' as const, kind: 'date' as const } });
    const a = mention({ type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ml'], ...published('2022-01-10') });
    const merged = event(a);
    assert.ok(chooseMerge(mention({ documentId: 'd2', type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ml'], ...published('2022-03-30') }), [merged], noCountry));
    assert.equal(chooseMerge(mention({ documentId: 'd2', type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ly'], ...published('2022-03-30') }), [merged], noCountry), null);
    assert.equal(chooseMerge(mention({ documentId: 'd2', type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ml'], ...published('2022-04-01') }), [merged], noCountry), null, 'published in another quarter');
    assert.equal(chooseMerge(mention({ documentId: 'd2', type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ml'] }), [merged], noCountry), null, 'no date at all');
  });

  it('summarises a happening with its most precise time', () => {
    const s = summarize(event(mention({ time: { value: '2022', precision: 'year', kind: 'date' } }), mention({ time: { value: '2022-03-27', precision: 'day', kind: 'date' } })));
    assert.equal(s.time!.value, '2022-03-27');
  });
});

describe('contradictions', () => {
  it('finds incompatible tolls from different voices, not hedged agreement', () => {
    const official = mention({ attribution: { source: 'army', text: 'the army said' }, quantities: [{ kind: 'dead', value: 40, low: null, high: null, approx: false }] });
    const witnesses = mention({ evidenceStart: 100, attribution: { source: null, text: 'witnesses said' }, quantities: [{ kind: 'dead', value: null, low: 120, high: 150, approx: true }] });
    const found = contradictionsOf(event(official, witnesses), names);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'number');
    assert.deepEqual([found[0]!.a.statement, found[0]!.b.statement].sort(), ['120–150', '40']);
    const about = mention({ evidenceStart: 200, attribution: { source: 'ngo', text: 'an NGO said' }, quantities: [{ kind: 'dead', value: 45, low: null, high: null, approx: true }] });
    assert.equal(contradictionsOf(event(official, about), names).length, 0, '"about 45" can be 40');
  });

  it('finds an assertion against a denial and different perpetrators across documents', () => {
    const said = mention({ sources: ['a'], attribution: null });
    const denied = mention({ documentId: 'd2', sources: ['a'], modality: 'denied', attribution: { source: 'b', text: 'B denied' } });
    assert.deepEqual(contradictionsOf(event(said, denied), names).map((c) => c.kind), ['denial']);
    const other = mention({ documentId: 'd3', sources: ['c'] });
    assert.ok(contradictionsOf(event(said, other), names).some((c) => c.kind === 'perpetrator'));
    const sameArticle = mention({ documentId: 'd1', sources: ['c'], evidenceStart: 50 });
    assert.ok(!contradictionsOf(event(said, sameArticle), names).some((c) => c.kind === 'perpetrator'));
  });

  it('keeps two documents dating one act differently as one happening with disputed dates', () => {
    const day = (value: string) => ({ value, precision: 'day' as const, kind: 'date' as const });
    const a = mention({ documentId: 'd1', type: 'RETREAT', subtype: 'withdraw_troops', sources: ['fr'], targets: ['ml'], time: day('2022-02-17') });
    const merged = { id: 'e1', family: 'retreat', members: [a] };
    const b = mention({ documentId: 'd2', type: 'RETREAT', subtype: 'withdraw_troops', sources: ['fr'], targets: ['ml'], time: day('2022-02-18') });
    assert.equal(chooseMerge(b, [merged], noCountry), merged);
    merged.members.push(b);
    assert.deepEqual(contradictionsOf(merged, names).map((c) => [c.kind, c.a.statement, c.b.statement]), [['date', '2022-02-17', '2022-02-18']]);
    const monthLater = mention({ documentId: 'd3', type: 'RETREAT', subtype: 'withdraw_troops', sources: ['fr'], targets: ['ml'], time: day('2022-04-01') });
    assert.equal(chooseMerge(monthLater, [merged], noCountry), null, 'six weeks apart: another act');
    const attack = mention({ documentId: 'd4', sources: ['g'], targets: ['t'], time: day('2022-02-17') });
    const attack2 = mention({ documentId: 'd5', sources: ['g'], targets: ['t'], time: day('2022-02-20') });
    assert.equal(chooseMerge(attack2, [event(attack)], noCountry), null, 'attacks days apart stay separate');
  });

  it('finds a denied presence against a reported deployment', () => {
    const deployed = mention({ type: 'MOBILIZE', subtype: 'deploy_troops', sources: ['wg'], targets: ['ml'], documentId: 'd1' });
    const denial = mention({ type: 'REJECT', subtype: 'deny', sources: ['ml'], targets: ['wg'], documentId: 'd2', trigger: 'denied' });
    const found = presenceContradictions('wg', [deployed, denial], names, () => true);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.about, 'presence of WG in ML');
    assert.equal(presenceContradictions('wg', [deployed, denial], names, () => false).length, 0, 'a denial that does not name the actor');
  });

  it('finds force figures that cannot both hold at the same time', () => {
    const claim = (id: string, doc: string, value: number, time: string): ForceClaim => ({
      id, documentId: doc, subject: 'wg', value, low: null, high: null, approx: true, unit: 'mercenary',
      time: { value: time, precision: 'month', kind: 'date' }, claimant: null, claimantText: null, sentence: '',
    });
    assert.equal(forceContradictions([claim('c1', 'd1', 300, '2022-01'), claim('c2', 'd2', 1000, '2022-02')], names).length, 1);
    assert.equal(forceContradictions([claim('c1', 'd1', 300, '2022-01'), claim('c2', 'd2', 1000, '2022-09')], names).length, 0, 'months apart: growth, not disagreement');
    assert.deepEqual(quantityRange({ value: 300, low: null, high: null, approx: true }), [255, 345]);
  });

  it('compares force figures only within the window, with the result of comparing every pair', () => {
    // The reference: every pair of groups in key order, as the function did before it swept by middle day.
    const reference = (claims: ForceClaim[], windowDays = 45): string[] => {
      const groups = new Map<string, ForceClaim[]>();
      for (const c of [...claims].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const t = timeInterval(c.time);
        if (!t || !quantityRange(c)) continue;
        const key = `${describeQuantity(c)}@${t[0].slice(0, 7)}`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      const keys = [...groups.keys()].sort();
      const out: string[] = [];
      for (let i = 0; i < keys.length; i++)
        for (let j = i + 1; j < keys.length; j++) {
          const a0 = groups.get(keys[i]!)![0]!;
          const b0 = groups.get(keys[j]!)![0]!;
          if (daysApart(timeInterval(a0.time)!, timeInterval(b0.time)!) > windowDays) continue;
          if (!rangesDisagree(quantityRange(a0)!, quantityRange(b0)!)) continue;
          const pair = groups.get(keys[i]!)!.flatMap((x) => groups.get(keys[j]!)!.filter((y) => y.documentId !== x.documentId).map((y) => `${x.id}/${y.id}`))[0];
          if (pair) out.push(`${keys[i]}|${keys[j]}|${pair}`);
        }
      return out;
    };
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const precisions = ['day', 'month', 'year', 'quarter'] as const;
    let found = 0;
    for (let round = 0; round < 40; round++) {
      const claims: ForceClaim[] = [];
      for (let k = 0; k < 60; k++) {
        const year = 2020 + Math.floor(random() * 3);
        const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
        const precision = precisions[Math.floor(random() * precisions.length)]!;
        const value =
          precision === 'day' ? `${year}-${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}` : precision === 'month' ? `${year}-${month}` : precision === 'year' ? `${year}` : `${year}-Q${1 + Math.floor(random() * 4)}`;
        claims.push({
          id: `c${String(Math.floor(random() * 1e6)).padStart(6, '0')}${k}`, documentId: `d${Math.floor(random() * 8)}`, subject: 'wg',
          value: [300, 400, 1000, 1200, 5000][Math.floor(random() * 5)]!, low: null, high: null, approx: random() < 0.5, unit: 'soldier',
          time: { value, precision, kind: 'date' }, claimant: null, claimantText: null, sentence: '',
        });
      }
      const got = forceContradictions(claims, names).map((c) => `${c.a.mentionId}/${c.b.mentionId}`);
      found += got.length;
      assert.deepEqual(got, reference(claims).map((r) => r.split('|')[2]));
    }
    assert.ok(found > 100, `the random figures disagree often enough to test the sweep (${found})`);
  });
});

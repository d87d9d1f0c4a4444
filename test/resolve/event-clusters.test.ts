import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseMerge, addMember, newMergedEventId, ploverInfo, type EventMention, type MergedEvent } from '../../src/resolve/events.js';
import { candidateBuckets, clusterCanonically, linkKeys, linkLookups, linked } from '../../src/resolve/event-clusters.js';
import { timeBucket } from '../../src/resolve/time-buckets.js';
import type { TimeValue } from '../../src/model/time.js';
import { seededRandom } from '../helpers/random.js';

const noCountry = (): string | null => null;
const day = (d: number) => ({ value: `2022-02-${String(d).padStart(2, '0')}`, precision: 'day' as const, kind: 'date' as const });

/** Reports of withdrawals and clashes among a few actors, days and documents: chains, near misses and disputes. */
function reports(): EventMention[] {
  const out: EventMention[] = [];
  const actors = ['a', 'b', 'c', 'd'];
  for (let i = 0; i < 40; i++) {
    const violent = i % 3 === 0;
    out.push({
      id: `m${String((i * 37) % 101).padStart(3, '0')}`,
      documentId: `d${i % 7}`,
      publisher: null,
      // Documents published in two quarters, and one with no publication date (its undated reports stay its own).
      published: i % 7 === 6 ? null : { value: i % 7 < 3 ? '2022-03-01' : '2022-04-10', precision: 'day', kind: 'date' },
      type: violent ? 'ASSAULT' : 'RETREAT',
      subtype: violent ? 'killing' : 'withdraw_troops',
      trigger: violent ? 'killed' : 'withdrew',
      sources: [actors[i % 4]!],
      targets: [actors[(i + 1) % 4]!],
      location: i % 5 === 0 ? 'place' : null,
      time: i % 4 === 3 ? null : i % 6 === 1 ? { value: '2022-02', precision: 'month', kind: 'date' } : day(1 + (i % 9) * 3),
      quantities: [],
      modality: 'asserted',
      attribution: null,
      sentence: `report ${i}`,
      evidenceStart: (i % 3) * 300,
    });
  }
  return out;
}

/** The reference: one greedy pass over every report in id order, each compared with every happening so far. */
function greedyOverAll(mentions: EventMention[]): MergedEvent[] {
  const events: MergedEvent[] = [];
  for (const m of [...mentions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const chosen = chooseMerge(m, events, noCountry);
    if (chosen) addMember(chosen, m);
    else events.push({ id: newMergedEventId(m), family: ploverInfo(m.type).family, members: [m] });
  }
  return events;
}

const shape = (events: MergedEvent[]): string[] => events.map((e) => `${e.id}:${e.members.map((m) => m.id).join(',')}`).sort();

describe('happenings as components of the link graph', () => {
  it('gives what one greedy pass over every report in id order gives, whatever the input order', () => {
    const all = reports();
    const expected = shape(greedyOverAll(all));
    assert.ok(expected.some((e) => e.includes(',')), 'some reports merge');
    for (const order of [all, [...all].reverse(), [...all].sort((a, b) => a.sentence.localeCompare(b.sentence))]) {
      assert.deepEqual(shape(clusterCanonically(order, noCountry).flatMap((c) => c.events)), expected);
    }
  });

  it('clusters one component on its own as it would be clustered among all reports', () => {
    const all = reports();
    const components = clusterCanonically(all, noCountry);
    assert.ok(components.length > 1);
    for (const c of components) {
      const alone = clusterCanonically(c.events.flatMap((e) => e.members), noCountry);
      assert.equal(alone.length, 1);
      assert.deepEqual(shape(alone[0]!.events), shape(c.events));
      assert.equal(alone[0]!.id, c.id);
    }
  });
});

/** A standing situation reported undated: the same act between the same actors, linked by the act alone. */
function standing(id: string, documentId: string, published: TimeValue | null, time: TimeValue | null = null): EventMention {
  return {
    id,
    documentId,
    publisher: null,
    published,
    type: 'MOBILIZE',
    subtype: 'deploy',
    trigger: 'deployed',
    sources: ['wagner'],
    targets: ['mali'],
    location: null,
    time,
    quantities: [],
    modality: 'asserted',
    attribution: null,
    sentence: `report ${id}`,
    evidenceStart: 0,
  };
}
const on = (value: string): TimeValue => ({ value, precision: value.length === 10 ? 'day' : value.length === 7 ? 'month' : 'year', kind: 'date' });

describe('time buckets bound the link relation', () => {
  it('links undated reports of documents published in the same quarter, as before', () => {
    assert.ok(linked(standing('m1', 'd1', on('2022-01-05')), standing('m2', 'd2', on('2022-03-28')), noCountry));
  });

  it('never links undated reports of documents published in different quarters', () => {
    assert.ok(!linked(standing('m1', 'd1', on('2022-03-28')), standing('m2', 'd2', on('2022-04-02')), noCountry));
    assert.ok(!linked(standing('m1', 'd1', on('2021-02-01')), standing('m2', 'd2', on('2022-02-01')), noCountry));
  });

  it('puts a year-dated report in its publication quarter, and a month-dated one in its own', () => {
    assert.equal(timeBucket(standing('m1', 'd1', on('2022-05-03'), on('2022'))).bucket, '2022-Q2');
    assert.equal(timeBucket(standing('m1', 'd1', on('2022-05-03'), on('2021-11'))).bucket, '2021-Q4');
    assert.ok(!linked(standing('m1', 'd1', on('2022-05-03'), on('2022')), standing('m2', 'd2', on('2022-01-20'), on('2022')), noCountry));
  });

  it('links disputed dates only within a quarter, so an act reported day after day does not chain quarters', () => {
    const a = standing('m1', 'd1', on('2022-04-05'), on('2022-03-30'));
    const b = standing('m2', 'd2', on('2022-04-06'), on('2022-04-02'));
    assert.ok(!linked(a, b, noCountry), 'three days apart, across the end of March');
    assert.ok(linked(a, standing('m3', 'd3', on('2022-04-01'), on('2022-03-20')), noCountry), 'ten days apart within the quarter');
    assert.deepEqual(candidateBuckets(a), ['2022-Q1']);
    // An undated report published in April does not join the March-dated one.
    assert.ok(!linked(standing('m4', 'd4', on('2022-04-20')), a, noCountry));
    // One withdrawal reported every other day from January to June: each report links to the next, and the chain
    // stops at the quarter's end.
    const daily: EventMention[] = [];
    for (let t = Date.parse('2022-01-01'); t < Date.parse('2022-07-01'); t += 2 * 864e5) {
      const date = new Date(t).toISOString().slice(0, 10);
      daily.push(standing(`c${date}`, `doc${date}`, on(date), on(date)));
    }
    const components = clusterCanonically(daily, noCountry);
    assert.deepEqual(
      components.map((c) => [...new Set(c.events.flatMap((e) => e.members.map((m) => m.id.slice(1, 5) + '-' + (Math.floor((Number(m.id.slice(6, 8)) - 1) / 3) + 1))))]),
      [['2022-1'], ['2022-2']],
    );
  });

  it('keeps a report recalling a past quarter apart from its article\'s own moment, so a long story does not grow one component', () => {
    const published = on('2025-02-10');
    const recalled = standing('m1', 'd1', published, on('2021-05'));
    const today = { ...standing('m2', 'd1', published), evidenceStart: 100 };
    assert.ok(!linked(recalled, today, noCountry));
    const then = standing('m3', 'd2', on('2021-05-20'));
    const now = standing('m4', 'd3', on('2025-01-15'));
    assert.ok(linked(recalled, then, noCountry) && linked(today, now, noCountry));
    const components = clusterCanonically([recalled, today, then, now], noCountry);
    assert.deepEqual(components.map((c) => c.events.flatMap((e) => e.members.map((m) => m.id)).sort()), [['m1', 'm3'], ['m2', 'm4']]);
    // Yesterday's report, published across a quarter's end, is still the article's moment.
    const lateMarch = standing('m5', 'd4', on('2022-04-02'), on('2022-03-30'));
    assert.ok(linked(lateMarch, { ...standing('m6', 'd4', on('2022-04-02')), evidenceStart: 100 }, noCountry));
  });

  it('links two reports by their dates only when both are dated to a month or less', () => {
    /** An attack by the army, with no target, place or act that could link it otherwise. */
    const attack = (id: string, documentId: string, published: string, time: string): EventMention => ({
      ...standing(id, documentId, on(published), on(time)),
      type: 'ASSAULT',
      subtype: null,
      sources: ['army'],
      targets: [],
    });
    // Two attacks by the army "in 2022", reported in one quarter, are not thereby one attack ...
    assert.ok(!linked(attack('m1', 'd1', '2022-02-01', '2022'), attack('m2', 'd2', '2022-03-01', '2022'), noCountry));
    assert.ok(!linkKeys(attack('m1', 'd1', '2022-02-01', '2022')).some((k) => k.startsWith('dated')));
    // ... while two on the same day, or one in February and one on a day of February, may be.
    assert.ok(linked(attack('m1', 'd1', '2022-02-18', '2022-02-17'), attack('m2', 'd2', '2022-02-19', '2022-02-17'), noCountry));
    assert.ok(linked(attack('m1', 'd1', '2022-03-02', '2022-02'), attack('m2', 'd2', '2022-02-19', '2022-02-17'), noCountry));
    assert.ok(!linked(attack('m1', 'd1', '2022-03-02', '2022-01'), attack('m2', 'd2', '2022-02-19', '2022-02-17'), noCountry));
  });

  it('links reports with no time and no publication date only within their document', () => {
    assert.ok(!linked(standing('m1', 'd1', null), standing('m2', 'd2', null), noCountry));
    assert.ok(linked(standing('m1', 'd1', null), { ...standing('m2', 'd1', null), evidenceStart: 100 }, noCountry));
    assert.deepEqual(candidateBuckets(standing('m1', 'd1', null)), []);
  });
});

describe('link keys', () => {
  /** Reports over a small space of actors, places, acts, times and documents, so that most pairs meet somehow. */
  function varied(n: number): EventMention[] {
    const next = seededRandom(12345);
    const pick = <T>(xs: readonly T[]): T => xs[next(xs.length)]!;
    const acts = [
      ['RETREAT', 'withdraw_troops'],
      ['MOBILIZE', 'deploy'],
      ['ASSAULT', 'killing'],
      ['ASSAULT', null],
      ['REJECT', 'deny'],
    ] as const;
    // Days a few weeks apart across months and a quarter's end (disputed dates), months, a year, a duration (no interval),
    // and a range of years (looked up by actor alone).
    const times: Array<TimeValue | null> = [
      null,
      null,
      on('2022-02-03'),
      on('2022-02-10'),
      on('2022-02-25'),
      on('2022-03-14'),
      on('2022-02'),
      on('2022'),
      on('2022-03-30'),
      on('2022-04-02'),
      { value: 'P3D', precision: 'day', kind: 'duration' },
      { value: '2020', end: '2023', precision: 'year', kind: 'date' },
    ];
    const out: EventMention[] = [];
    for (let i = 0; i < n; i++) {
      const [type, subtype] = pick(acts);
      const actors = ['a', 'b', 'c'];
      out.push({
        ...standing(`m${String(i).padStart(3, '0')}`, `d${next(6)}`, pick([on('2022-02-15'), on('2022-03-20'), on('2022-04-10'), null])),
        type,
        subtype,
        sources: next(4) === 0 ? [] : [pick(actors)],
        targets: next(4) === 0 ? [] : [pick(actors)],
        location: pick([null, 'p', 'q']),
        time: pick(times),
        evidenceStart: next(3) * 400,
      });
    }
    return out;
  }

  const asComponents = (cs: ReturnType<typeof clusterCanonically>): string[] => cs.map((c) => `${c.id}[${shape(c.events).join(' ')}]`);

  /**
   * Per stored component, the first added report that reaches it as the SQLite store finds it: a report of the
   * component in one of the added report's buckets, of its family, with one of its lookups among its keys (or, here
   * only, of its document: the store writes a document's reports together).
   */
  function firstNewOf(stored: ReturnType<typeof clusterCanonically>, added: readonly EventMention[]): Map<string, string> {
    const from = new Map<string, string>();
    for (const c of stored) {
      for (const s of c.events.flatMap((e) => e.members)) {
        const keys = new Set(linkKeys(s));
        for (const a of added) {
          const sameFamily = ploverInfo(a.type).family === ploverInfo(s.type).family;
          const byKey = sameFamily && candidateBuckets(a).includes(timeBucket(s).bucket) && linkLookups(a).some((k) => keys.has(k));
          if ((byKey || a.documentId === s.documentId) && a.id < (from.get(c.id) ?? '\uffff')) from.set(c.id, a.id);
        }
      }
    }
    return from;
  }

  it('cluster as before when the reports before the first new one keep the happenings they had (reports added)', () => {
    const all = varied(240);
    const expected = clusterCanonically(all, noCountry);
    const ids = all.map((m) => m.id).sort();
    for (const seed of [1, 2, 3, 4, 5]) {
      // Most reports written before, clustered alone; a few added, the first of them after most of the others.
      const addedIds = new Set([ids[200 + seed * 5]!, ids[230 + seed]!]);
      const before = all.filter((m) => !addedIds.has(m.id));
      const first = [...addedIds].sort()[0]!;
      const stored = clusterCanonically(before, noCountry);
      const placement = new Map<string, { merged: string; component: string }>();
      for (const c of stored) for (const e of c.events) for (const m of e.members) placement.set(m.id, { merged: e.id, component: c.id });
      // Every stored component from the first new report of all.
      const from = new Map(stored.map((c) => [c.id, first]));
      // A component of several happenings wholly before the first new report: only the prior says it is one.
      assert.ok(expected.some((c) => c.events.length > 1 && c.events.every((e) => e.members.every((m) => m.id < first))), `split ${seed}: a settled component`);
      assert.deepEqual(asComponents(clusterCanonically(all, noCountry, { from, placement })), asComponents(expected), `split ${seed}`);
    }
  });

  it('cluster as before when stored reports before the first new one that reaches their component keep their happenings', () => {
    const all = varied(240);
    const expected = clusterCanonically(all, noCountry);
    const ids = all.map((m) => m.id).sort();
    let judgedLess = 0;
    let settled = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      // Most reports written before, clustered alone; a few added, from the middle of the ids on.
      const addedIds = new Set([ids[100 + seed * 7]!, ids[150 + seed]!, ids[200 + seed * 5]!, ids[230 + seed]!]);
      const before = all.filter((m) => !addedIds.has(m.id));
      const stored = clusterCanonically(before, noCountry);
      const placement = new Map<string, { merged: string; component: string }>();
      for (const c of stored) for (const e of c.events) for (const m of e.members) placement.set(m.id, { merged: e.id, component: c.id });
      const from = firstNewOf(stored, all.filter((m) => addedIds.has(m.id)));
      const first = [...addedIds].sort()[0]!;
      const kept = (m: EventMention): boolean => m.id < (from.get(placement.get(m.id)!.component) ?? '\uffff');
      // Stored components of several happenings that all keep theirs: only the prior says each is one.
      settled += stored.filter((c) => c.events.length > 1 && c.events.every((e) => e.members.every(kept))).length;
      // Stored reports after the first new report that keep their happenings all the same: their component's first is later.
      judgedLess += before.filter((m) => m.id > first && kept(m)).length;
      assert.deepEqual(asComponents(clusterCanonically(all, noCountry, { from, placement })), asComponents(expected), `split ${seed}`);
    }
    assert.ok(settled > 0, 'a settled component');
    assert.ok(judgedLess > 20, `components reached later keep more of their happenings (${judgedLess} reports)`);
  });

  it('let every report find each report of another document it links to among that one\'s keys', () => {
    const all = varied(240);
    let links = 0;
    for (const a of all) {
      for (const b of all) {
        if (a.documentId === b.documentId || a === b || !linked(b, a, noCountry)) continue;
        links++;
        const stored = new Set(linkKeys(a));
        assert.ok(linkLookups(b).some((k) => stored.has(k)), `${b.id} links to ${a.id} but finds none of its keys`);
      }
    }
    assert.ok(links > 200, `enough links to mean something (${links})`);
  });

  it('keep dated reports months apart from meeting by their dates', () => {
    const feb = { ...standing('m1', 'd1', on('2022-05-01'), on('2022-02-03')), sources: ['a'], targets: [], subtype: null };
    const may = { ...feb, id: 'm2', documentId: 'd2', time: on('2022-05-20') };
    assert.ok(!linkLookups(may).some((k) => linkKeys(feb).includes(k)));
    assert.ok(linkLookups({ ...may, time: on('2022-02-20') }).some((k) => linkKeys(feb).includes(k)));
  });

  it('leave an undated report of an actor in a place to reports of that actor there or of its same act', () => {
    const here = { ...standing('m1', 'd1', on('2022-02-01')), location: 'p' };
    const keys = linkKeys(here);
    assert.ok(!keys.some((k) => k === linkKeys({ ...here, location: 'q', subtype: 'other' })[0]));
    assert.ok(linkKeys({ ...standing('m2', 'd2', on('2022-02-03')), location: 'p', sources: [], targets: ['mali'] }).some((k) => keys.includes(k)));
  });

  it('give the clustering every pair it must compare: the same happenings as a pass over all reports', () => {
    const all = varied(240);
    const expected = shape(greedyOverAll(all));
    assert.ok(expected.some((e) => e.split(',').length > 2), 'some happenings of three reports or more');
    assert.deepEqual(shape(clusterCanonically([...all].reverse(), noCountry).flatMap((c) => c.events)), expected);
  });
});

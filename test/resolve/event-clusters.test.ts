import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseMerge, addMember, newMergedEventId, ploverInfo, type EventMention, type MergedEvent } from '../../src/resolve/events.js';
import { clusterCanonically } from '../../src/resolve/event-clusters.js';

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
      published: null,
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

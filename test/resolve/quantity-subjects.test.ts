import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeItem } from '../../src/pipeline/pipeline.js';

function subjects(text: string): Array<[string, string | null]> {
  const doc = analyzeItem({ source: 't.txt', contentHash: 'h', format: 'text', content: text, declared: {}, repairs: [] });
  const names = new Map(doc.entities.map((e) => [e.id, e.name]));
  return doc.quantities.map((q) => [q.text, q.subject ? names.get(q.subject) ?? '?' : null]);
}

describe('quantity subjects', () => {
  it('takes the clause subject across verbs of having and sending', () => {
    assert.deepEqual(subjects('Ghana currently has 850 soldiers in the mission.'), [['850 soldiers', 'Ghana']]);
    assert.deepEqual(subjects('Kenya sent about 1,000 police officers to Haiti.'), [['about 1,000 police officers', 'Kenya']]);
  });

  it('takes the origin after the counted noun and the owner before it', () => {
    assert.deepEqual(subjects('The convoy carried 300 fighters from the Islamic State.'), [['300 fighters', 'Islamic State']]);
    assert.deepEqual(subjects("Nigeria's 4,000 troops stayed."), [['4,000 troops', 'Nigeria']]);
  });

  it('takes an actor named inside the counted phrase', () => {
    assert.deepEqual(subjects('They found 12,000 UN peacekeepers there.'), [['12,000 UN peacekeepers', 'United Nations']]);
  });

  it('takes an actor opening the sentence with a verb of having for a number in apposition', () => {
    assert.deepEqual(subjects('Chad still has the largest contingent in the region, about 1,400 soldiers.'), [['about 1,400 soldiers', 'Chad']]);
  });

  it('reads "his N troops" of a leader as his country\'s, and "their N" as the group\'s', () => {
    assert.deepEqual(subjects('The crisis with Chad led President Mahamat Deby to say that his 1,100 troops would stay.'), [['1,100 troops', 'Chad']]);
    assert.deepEqual(subjects('The Islamic State said its 300 fighters had regrouped.'), [['300 fighters', 'Islamic State']]);
  });

  it('reads a pronoun as the armed actor named just before', () => {
    assert.deepEqual(subjects('Fighters of the Islamic State crossed the border. According to officials, it is about 400 people.'), [['about 400 people', 'Islamic State']]);
  });

  it('leaves the subject empty when the sentence does not make it clear', () => {
    assert.deepEqual(subjects('Chad, which borders Sudan, said 40 people died.'), [['40 people', null]]);
  });
});

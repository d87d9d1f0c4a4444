import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IngestError } from '../../src/ingest/errors.js';
import { ANALYSIS_VERSION, type Analysis } from '../../src/model/analysis.js';
import type { IngestSummary } from '../../src/pipeline/ingest.js';
import { WAIT_FLUSH_MS, WriteBatch } from '../../src/pipeline/write-batch.js';
import type { PutResult, Store } from '../../src/store/store.js';

function analysis(id: string): Analysis {
  return {
    version: ANALYSIS_VERSION,
    document: { id, source: `${id}.txt`, title: null, publisher: null, authors: [], published: null, language: 'en', text: 'Text.', removed: [], repairs: [], url: null, contentHash: id },
    entities: [], times: [], quantities: [], events: [],
  };
}

/** A store that records the groups it is asked to write (the only call a batch makes). */
function recordingStore(): { store: Store; groups: string[][] } {
  const groups: string[][] = [];
  const putAnalyses = async (batch: readonly Analysis[]): Promise<PutResult[]> => {
    groups.push(batch.map((a) => a.document.id));
    return batch.map((a) => ({ id: a.document.id, status: 'inserted' }));
  };
  return { store: { putAnalyses } as unknown as Store, groups };
}

const summary = (): IngestSummary => ({ files: 0, documents: 0, inserted: 0, updated: 0, unchanged: 0, failures: [], seconds: 0, interrupted: false });

describe('write batch', () => {
  it('writes a group when it is full, and what is left when flushed', async () => {
    const { store, groups } = recordingStore();
    const s = summary();
    const batch = new WriteBatch(store, s, { documents: 3, chars: 1_000_000 });
    for (const id of ['a', 'b', 'c', 'd']) await batch.add(analysis(id));
    assert.deepEqual(groups, [['a', 'b', 'c']]);
    await batch.flush();
    assert.deepEqual(groups, [['a', 'b', 'c'], ['d']]);
    assert.equal(s.inserted, 4);
  });

  it('lets documents wait while the writer waits for analysis, until they have waited long enough', async () => {
    const { store, groups } = recordingStore();
    let clock = 1_000;
    const batch = new WriteBatch(store, summary(), { documents: 64, chars: 1_000_000 }, () => clock);
    await batch.add(analysis('a'));
    clock += WAIT_FLUSH_MS / 2;
    await batch.add(analysis('b'));
    await batch.flushIfWaited();
    assert.deepEqual(groups, [], 'a commit per document whenever the writer catches up costs more than the wait');
    clock += WAIT_FLUSH_MS / 2;
    await batch.flushIfWaited();
    assert.deepEqual(groups, [['a', 'b']], 'the oldest document has waited long enough');
    await batch.flushIfWaited();
    assert.deepEqual(groups, [['a', 'b']]);
  });

  it('records a failure after writing what came before it', async () => {
    const { store, groups } = recordingStore();
    const s = summary();
    const batch = new WriteBatch(store, s);
    await batch.add(analysis('a'));
    await batch.fail(new IngestError('bad.txt', 'not a document'));
    assert.deepEqual(groups, [['a']]);
    assert.equal(s.failures.length, 1);
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { sitrep } from '../helpers/cli.js';
import { POSTGRES, SQLITE, postgresAvailable } from '../helpers/backends.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const inputs = [join(PACKAGE_ROOT, 'samples'), ...(hasShared ? [sharedPath('corpus', 'seeds')] : [])];

/** A command's JSON output, without the one field that records when (not what) was stored. */
function json(args: string[], db: string): unknown {
  const r = sitrep([...args, '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { documents?: Array<{ ingestedAt?: string }> | number };
  if (Array.isArray(out.documents)) for (const d of out.documents) delete d.ingestedAt;
  return out;
}

describe('SQLite and PostgreSQL give the same answers', { skip: !(await postgresAvailable()) && 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {
  it('for the same ingest: document ids, entities, timeline, contradictions, forces (and their summary) and claims', async () => {
    const lite = await SQLITE.fresh(dir, 'agree');
    const post = await POSTGRES.fresh(dir, 'agree');
    for (const db of [lite, post]) {
      const r = sitrep(['ingest', ...inputs, '--db', db, '--quiet']);
      assert.equal(r.code, 0, r.stderr);
    }
    for (const command of [
      ['docs', '--limit', '1000'],
      ['entities', '--limit', '1000'],
      ['timeline', '--limit', '100000'],
      ['contradictions'],
      ['contradictions', '--limit', '3', '--offset', '2'],
      ['forces'],
      ['forces', '--summary', '--limit', '1000'],
      ['forces', '--in', 'Mali', '--limit', '5', '--offset', '1'],
      ['forces', '--actor', 'United Nations'],
      ['entity', 'Mali', '--limit', '3', '--offset', '1'],
      ['claims'],
    ]) {
      const a = json(command, lite);
      assert.ok(JSON.stringify(a).length > 50, `${command[0]} has content`);
      assert.deepEqual(json(command, post), a, `${command.join(' ')} differs`);
    }
    // After an analyst's merge, both replay it the same way.
    for (const db of [lite, post]) assert.equal(sitrep(['entity', 'merge', 'MINUSMA', 'United Nations', '--db', db]).code, 0);
    for (const command of [['entities', '--limit', '1000'], ['timeline', '--limit', '100000'], ['contradictions']]) {
      assert.deepEqual(json(command, post), json(command, lite), `${command.join(' ')} differs after a merge`);
    }
  });
});

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { sitrep } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('sitrep-jobs-');
const samples = join(PACKAGE_ROOT, 'samples');

/** What the query commands print, as JSON, minus ingestion times. */
function picture(db: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const command of ['docs', 'entities', 'timeline', 'contradictions', 'claims', 'forces']) {
    const r = sitrep([command, '--db', db, '--json', ...(command === 'claims' ? ['--all'] : [])]);
    assert.equal(r.code, 0, r.stderr);
    out[command] = JSON.parse(r.stdout.replace(/"ingestedAt":"[^"]*"/g, '"ingestedAt":""'));
  }
  return out;
}

describe('sitrep ingest --jobs', () => {
  it('gives the same store with --jobs 2 as with --jobs 1, and the same JSON summary', () => {
    const one = join(dir, 'one.db');
    const two = join(dir, 'two.db');
    const r1 = sitrep(['ingest', samples, '--jobs', '1', '--quiet', '--json', '--db', one]);
    const r2 = sitrep(['ingest', samples, '--jobs', '2', '--quiet', '--json', '--db', two]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r2.code, 0, r2.stderr);
    const strip = (s: string): unknown => ({ ...(JSON.parse(s) as object), seconds: 0 });
    assert.deepEqual(strip(r2.stdout), strip(r1.stdout));
    assert.deepEqual(picture(two), picture(one));

    const again = sitrep(['ingest', samples, '-j', '2', '--json', '--db', two]);
    assert.deepEqual((JSON.parse(again.stdout) as { unchanged: number; inserted: number }).unchanged, 8);
  });

  it('names failing files on stderr and exits 1 in parallel mode', () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    for (const f of readdirSync(samples)) copyFileSync(join(samples, f), join(mixed, f));
    writeFileSync(join(mixed, 'empty.txt'), '');
    const r = sitrep(['ingest', mixed, '--jobs', '2', '--db', join(dir, 'mixed.db')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `sitrep: ${join(mixed, 'empty.txt')}: empty file`);
    assert.match(r.stdout, /ingested 7 files, 8 documents: 8 new, 0 updated, 0 unchanged, 1 failed/);
  });

  it('rejects a --jobs that is not a whole number from 1 to 64 (usage error, exit 2)', () => {
    for (const bad of ['0', 'x', '65', '-1', '1.5', '']) {
      const r = sitrep(['ingest', samples, '--jobs', bad, '--db', join(dir, 'never.db')]);
      assert.equal(r.code, 2, `--jobs ${bad}`);
      assert.match(r.stderr, /--jobs/);
    }
    const help = sitrep(['ingest', '--help']);
    assert.match(help.stdout, /-j, --jobs <n>/);
  });
});

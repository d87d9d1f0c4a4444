import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EVENT_CSV_COLUMNS } from '../../src/present/export/csv.js';
import { sitrep } from '../helpers/cli.js';
import { buildStore } from '../api/fixture.js';

/**
 * The events CSV is meant for analysts' own tools: it must load cleanly in pandas and in R, with every column
 * and row. Debian's python3-pandas and r-base-core (installed by .ci/run) are used when present.
 */
const { dir, db } = await buildStore('sitrep-pandas-');
const PYTHON = '/usr/bin/python3';
const hasPandas = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
const hasR = spawnSync('Rscript', ['--version'], { encoding: 'utf8' }).status === 0;

function exportCsv(): { file: string; rows: number } {
  const file = join(dir, 'events.csv');
  const r = sitrep(['export', '--format', 'csv', '--db', db, '--out', file]);
  assert.equal(r.code, 0, r.stderr);
  const events = JSON.parse(sitrep(['timeline', '--db', db, '--json', '--limit', '100000']).stdout) as { events: unknown[] };
  return { file, rows: events.events.length };
}

describe('events CSV in analysts\' tools', () => {
  it('loads in pandas with every column and row', { skip: !hasPandas && 'pandas not installed' }, () => {
    const { file, rows } = exportCsv();
    const script = `import pandas as pd, json, sys
df = pd.read_csv(sys.argv[1])
print(json.dumps({"columns": list(df.columns), "rows": len(df), "lat": str(df["latitude"].dtype)}))`;
    const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { columns: string[]; rows: number; lat: string };
    assert.deepEqual(out.columns, [...EVENT_CSV_COLUMNS]);
    assert.equal(out.rows, rows);
    assert.equal(out.lat, 'float64', 'coordinates read as numbers');
  });

  it('loads in R with every column and row', { skip: !hasR && 'R not installed' }, () => {
    const { file, rows } = exportCsv();
    const r = spawnSync('Rscript', ['-e', `d <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE); cat(ncol(d), nrow(d), class(d$latitude), "\\n")`, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [cols, n, latClass] = r.stdout.trim().split(/\s+/);
    assert.equal(Number(cols), EVENT_CSV_COLUMNS.length);
    assert.equal(Number(n), rows);
    assert.equal(latClass, 'numeric');
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EVENT_CSV_COLUMNS, csvField, csvRecord } from '../../src/present/export/csv.js';
import { graphMl, xmlText } from '../../src/present/export/graphml.js';
import { openStore } from '../../src/store/open.js';
import type { Store, StoreStats } from '../../src/store/store.js';
import { sitrep } from '../helpers/cli.js';
import { contractValidator } from '../helpers/schema.js';
import { hasShared } from '../helpers/shared.js';
import { buildStore } from '../api/fixture.js';
import type { Backend } from '../helpers/backends.js';

/** The export suite against one store backend. */
export async function exportSuite(backend: Backend): Promise<void> {
const { dir, db } = await buildStore('sitrep-export-', backend);
let store: Store;
let stats: StoreStats;

before(async () => {
  store = await openStore(db);
  stats = await store.stats();
});

after(async () => {
  await store.close();
});

/** Runs `sitrep export` to a file and to stdout; both must be the same bytes. */
function exportBoth(format: string): string {
  const out = join(dir, `out.${format}`);
  const r = sitrep(['export', '--format', format, '--db', db, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const text = readFileSync(out, 'utf8');
  const piped = sitrep(['export', '--format', format, '--db', db]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, text, 'stdout and --out give the same bytes');
  return text;
}

/** An RFC 4180 parser: quoted fields with doubled quotes, CRLF records, CR or LF inside quotes. Strict about stray quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && !',\r'.includes(text[i]!)) throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = wasQuoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      wasQuoted = false;
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) throw new Error('the last record has no CRLF');
  return rows;
}

describe(`[${backend.name}] events CSV`, () => {
  it('quotes fields as RFC 4180 asks and defuses spreadsheet formulas in text', () => {
    const nasty = ['plain', 'a,b', 'say "no"', 'two\r\nlines', 'lf\nonly', '=HYPERLINK("x")', '+1', '@cmd', '-2 dead'];
    const text = csvRecord(nasty.map((s) => csvField(s))) + csvRecord([csvField(-5.46, true), csvField(null), csvField(3)]);
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['plain', 'a,b', 'say "no"', 'two\r\nlines', 'lf\nonly', '\'=HYPERLINK("x")', "'+1", "'@cmd", "'-2 dead"]);
    assert.deepEqual(rows[1], ['-5.46', '', '3']);
  });

  it('has the ACLED-like columns and one row per merged event, and parses back cleanly', () => {
    const text = exportBoth('csv');
    assert.ok(!text.startsWith('\ufeff'), 'no byte order mark (pandas would keep it in the first column name)');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [...EVENT_CSV_COLUMNS]);
    const body = rows.slice(1);
    assert.equal(body.length, stats.events);
    assert.ok(body.every((r) => r.length === EVENT_CSV_COLUMNS.length));
    const col = (name: (typeof EVENT_CSV_COLUMNS)[number]): string[] => body.map((r) => r[EVENT_CSV_COLUMNS.indexOf(name)]!);
    assert.equal(new Set(col('event_id')).size, body.length, 'event ids are unique');
    assert.ok(col('event_date').every((d) => d === '' || /^\d{4}-\d{2}-\d{2}$/.test(d)));
    assert.ok(col('event_date').some((d) => d !== ''));
    assert.ok(col('plover_type').every((t) => /^[A-Z]+$/.test(t)));
    assert.ok(col('quad').every((q) => /^(verbal|material)_(cooperation|conflict)$|^unknown$/.test(q)));
    const lat = col('latitude');
    const lon = col('longitude');
    assert.ok(lat.some((x) => x !== ''), 'some events have coordinates');
    for (let i = 0; i < body.length; i++) {
      assert.equal(lat[i] === '', lon[i] === '', 'latitude and longitude come together');
      if (lat[i]) {
        assert.ok(Math.abs(Number(lat[i])) <= 90 && Math.abs(Number(lon[i])) <= 180);
        assert.notEqual(col('geo_precision')[i], '');
      }
    }
    assert.ok(col('fatalities').every((f) => f === '' || /^\d+(\.\d+)?$/.test(f)));
    assert.ok(col('sources').every((s) => s.split('; ').every((id) => /^doc_/.test(id))));
    assert.ok(col('evidence').every((s) => s.length > 0));
    if (hasShared) assert.ok(col('fatalities').some((f) => f !== ''), 'the seeds report deaths');
  });

  it("reads the same with Python's csv module (what pandas' parser follows)", { skip: spawnSync('python3', ['--version']).status !== 0 && 'python3 absent' }, () => {
    const file = join(dir, 'out.csv');
    const py = spawnSync('python3', ['-c', 'import csv,sys,json\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8"),strict=True))\nprint(json.dumps([len(rows),sorted(set(len(r) for r in rows))]))', file], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [stats.events + 1, [EVENT_CSV_COLUMNS.length]]);
  });
});

describe(`[${backend.name}] analyses JSON Lines`, () => {
  it('writes one analysis per document per line', () => {
    const lines = exportBoth('jsonl').split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.equal(lines.length, stats.documents);
    const validate = hasShared ? contractValidator() : null;
    const ids = new Set<string>();
    for (const line of lines) {
      const a = JSON.parse(line) as { version: string; document: { id: string } };
      assert.equal(a.version, 'sitrep.analysis/1');
      ids.add(a.document.id);
      if (validate) assert.ok(validate(a), JSON.stringify(validate.errors?.slice(0, 3)));
    }
    assert.equal(ids.size, stats.documents);
  });
});

describe(`[${backend.name}] events GeoJSON`, () => {
  it('is a FeatureCollection of points with numeric coordinates in range: events at their location, and places', async () => {
    const fc = JSON.parse(exportBoth('geojson')) as {
      type: string;
      features: Array<{ type: string; id: string; geometry: { type: string; coordinates: unknown[] }; properties: Record<string, unknown> }>;
    };
    assert.equal(fc.type, 'FeatureCollection');
    assert.ok(fc.features.length > 0);
    for (const f of fc.features) {
      assert.equal(f.type, 'Feature');
      assert.equal(f.geometry.type, 'Point');
      assert.equal(f.geometry.coordinates.length, 2);
      const [lon, lat] = f.geometry.coordinates as [number, number];
      assert.ok(typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat));
      assert.ok(Math.abs(lon) <= 180 && Math.abs(lat) <= 90, `${f.id}: ${lon}, ${lat}`);
      assert.ok(f.properties.feature === 'event' || f.properties.feature === 'place');
    }
    const places = await store.places();
    assert.equal(fc.features.filter((f) => f.properties.feature === 'place').length, places.length);
    const located = new Set(places.map((p) => p.entity.id));
    const events = (await store.eventPage({ limit: -1 })).items.filter((e) => e.location && located.has(e.location.id));
    assert.equal(fc.features.filter((f) => f.properties.feature === 'event').length, events.length);
    assert.equal(new Set(fc.features.map((f) => f.id)).size, fc.features.length, 'feature ids are unique');
  });
});

describe(`[${backend.name}] actor graph GraphML`, () => {
  it('is well-formed XML with every key declared, labelled nodes and weighted edges', async () => {
    const text = exportBoth('graphml');
    assert.equal(XMLValidator.validate(text), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['key', 'node', 'edge', 'data'].includes(name) }).parse(text) as {
      graphml: {
        key: Array<{ id: string; for: string; 'attr.name': string; 'attr.type': string }>;
        graph: {
          edgedefault: string;
          node: Array<{ id: string; data: Array<{ key: string; '#text': string | number }> }>;
          edge: Array<{ id: string; source: string; target: string; data: Array<{ key: string; '#text': string | number }> }>;
        };
      };
    };
    const { key: keys, graph } = parsed.graphml;
    assert.equal(graph.edgedefault, 'directed');
    const declared = new Map(keys.map((k) => [k.id, k.for]));
    assert.equal(declared.get('label'), 'node');
    assert.equal(declared.get('weight'), 'edge');
    assert.equal(keys.find((k) => k.id === 'weight')!['attr.type'], 'double');
    const expected = await store.actorGraph();
    assert.equal(graph.node.length, expected.nodes.length);
    assert.equal(graph.edge.length, expected.edges.length);
    const nodeIds = new Set(graph.node.map((n) => n.id));
    for (const n of graph.node) {
      for (const d of n.data) assert.equal(declared.get(d.key), 'node', `key ${d.key} is declared for nodes`);
      assert.ok(n.data.some((d) => d.key === 'label' && String(d['#text']).length > 0));
    }
    for (const e of graph.edge) {
      assert.ok(nodeIds.has(e.source) && nodeIds.has(e.target));
      for (const d of e.data) assert.equal(declared.get(d.key), 'edge', `key ${d.key} is declared for edges`);
      const weight = Number(e.data.find((d) => d.key === 'weight')!['#text']);
      assert.ok(weight >= 1);
    }
  });

  it('escapes names and drops characters XML forbids', () => {
    assert.equal(xmlText('a & b <c> "d" \'e\'\u0001'), 'a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    const text = [
      ...graphMl({
        nodes: [
          { id: 'a"1', name: 'A & <B>', type: 'ORG', kind: null, events: 1 },
          { id: 'b', name: 'Ctrl\u0007Char', type: null, kind: null, events: 1 },
        ],
        edges: [{ source: 'a"1', target: 'b', count: 1, cooperative: 0, conflictual: 1, types: { FIGHT: 1 } }],
      }),
    ].join('');
    assert.equal(XMLValidator.validate(text), true);
  });
});

describe(`[${backend.name}] sitrep export`, () => {
  it('refuses an unknown format and leaves no partial file when it cannot write', () => {
    const r = sitrep(['export', '--format', 'xlsx', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /csv, jsonl, geojson, graphml/);
    const missing = sitrep(['export', '--db', db]);
    assert.equal(missing.code, 2);
    const target = join(dir, 'no-such-folder', 'x.csv');
    const failed = sitrep(['export', '--format', 'csv', '--db', db, '--out', target]);
    assert.notEqual(failed.code, 0);
    assert.ok(!existsSync(target));
    assert.ok(!readdirSync(dir).some((f) => f.includes('.partial-')));
  });
});
}

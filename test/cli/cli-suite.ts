import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { BIN, sitrep, spawn } from '../helpers/cli.js';
import { contractValidator } from '../helpers/schema.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { tempDir } from '../helpers/tmp.js';
import type { Backend } from '../helpers/backends.js';

const samples = join(PACKAGE_ROOT, 'samples');

/** Documents committed to a store another process is writing, or 0 before it exists; polled many times a second. */
function documentCounter(backend: Backend, db: string): { count(): Promise<number>; close(): Promise<void> } {
  if (backend.name === 'sqlite') {
    return {
      count: async () => {
        try {
          const peek = new Database(db, { readonly: true, fileMustExist: true });
          const n = (peek.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
          peek.close();
          return n;
        } catch {
          return 0; // not created yet
        }
      },
      close: async () => {},
    };
  }
  const client = new pg.Client({ connectionString: db });
  const ready = client.connect();
  return {
    count: async () => {
      await ready;
      try {
        return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM documents')).rows[0]!.n);
      } catch {
        return 0; // not created yet
      }
    },
    close: () => client.end(),
  };
}

/** The end-to-end command line suite, against one store backend (`--db` a file or a postgres:// URL). */
export function cliSuite(backend: Backend): void {
const dir = tempDir();
const fresh = (label: string): Promise<string> => backend.fresh(dir, label);
const sqliteOnly = { skip: backend.name !== 'sqlite' && 'the same for every backend: run once, with SQLite' };

describe(`sitrep CLI end to end (${backend.name})`, () => {
  it('ingests the sample corpus, lists, shows and searches it', async () => {
    const db = await fresh('samples');
    const first = sitrep(['ingest', samples, '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /ingested 6 files, 8 documents: 8 new, 0 updated, 0 unchanged/);
    assert.equal(first.stderr, '', 'piped output has no progress bar');

    const again = sitrep(['ingest', samples, '--db', db, '--json']);
    const summary = JSON.parse(again.stdout) as { unchanged: number; inserted: number };
    assert.deepEqual([summary.inserted, summary.unchanged], [0, 8], 're-ingesting unchanged content is a no-op');

    const docs = JSON.parse(sitrep(['docs', '--db', db, '--json']).stdout) as { total: number; documents: Array<{ id: string; title: string | null }> };
    assert.equal(docs.total, 8);
    const rss = docs.documents.find((d) => d.title === 'Danish special forces ordered out of Mali');
    assert.ok(rss, 'feed items become documents with their titles');

    const shown = sitrep(['show', rss.id.slice(0, 12), '--db', db]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Kofod/);
    const shownJson = JSON.parse(sitrep(['show', rss.id, '--db', db, '--json']).stdout) as { version: string; document: { published: { value: string } } };
    assert.equal(shownJson.version, 'sitrep.analysis/1');
    assert.equal(shownJson.document.published.value, '2022-01-27');

    const search = JSON.parse(sitrep(['search', 'Timbuktu', '--db', db, '--json']).stdout) as { hits: Array<{ snippet: string }> };
    assert.ok(search.hits.length >= 1);
    assert.match(search.hits[0]!.snippet, /\[Timbuktu\]/);

    const bad = sitrep(['search', '"unclosed', '--db', db]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trim(), `sitrep: malformed search query '"unclosed': a quotation mark is not closed`);
    const missing = sitrep(['show', 'doc_nothing', '--db', db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no document with id 'doc_nothing'/);
  });

  it('lists entities, shows one, and merges and splits them from the command line', async () => {
    const db = await fresh('entities');
    assert.equal(sitrep(['ingest', samples, '--db', db, '--quiet']).code, 0);
    const list = JSON.parse(sitrep(['entities', '--db', db, '--json', '--type', 'GPE']).stdout) as { entities: Array<{ name: string; type: string; mentions: number }> };
    assert.equal(list.entities[0]!.name, 'Mali');
    assert.ok(list.entities.every((e) => e.type === 'GPE'));
    const mali = JSON.parse(sitrep(['entity', 'mali', '--db', db, '--json']).stdout) as { name: string; country: string; geo: { lat: number }; byDocument: Array<{ mentions: Array<{ sentence: string }> }> };
    assert.deepEqual([mali.name, mali.country], ['Mali', 'ML']);
    assert.ok(mali.geo.lat > 10 && mali.geo.lat < 25);
    assert.ok(mali.byDocument.length >= 5);
    assert.match(mali.byDocument[0]!.mentions[0]!.sentence, /Mali/);
    // Its documents a page at a time: the text says which page and how many there are.
    const second = JSON.parse(sitrep(['entity', 'mali', '--db', db, '--json', '--limit', '2', '--offset', '1']).stdout) as typeof mali & { documents: number };
    assert.equal(second.byDocument.length, 2);
    assert.deepEqual(second.byDocument, mali.byDocument.slice(1, 3));
    assert.match(sitrep(['entity', 'mali', '--db', db, '--limit', '2']).stdout, new RegExp(`showing documents 1–2 of ${second.documents}`));
    // Force figures summarised per actor, and one actor's figures; contradictions a page at a time.
    const summary = JSON.parse(sitrep(['forces', '--summary', '--db', db, '--json']).stdout) as { total: number; actors: Array<{ actor: { id: string; name: string }; figures: number; withdrawals: number; deployments: number }> };
    // Figures come a page at a time (50 by default); the total counts them all.
    const forces = JSON.parse(sitrep(['forces', '--db', db, '--json']).stdout) as { total: number; forces: Array<{ actor: { id: string } }> };
    assert.equal(forces.forces.length, Math.min(50, forces.total));
    assert.equal(summary.total, summary.actors.length);
    assert.equal(summary.actors.reduce((n, a) => n + a.figures + a.withdrawals + a.deployments, 0), forces.total);
    if (summary.actors.length) {
      const top = summary.actors[0]!;
      const own = JSON.parse(sitrep(['forces', '--actor', top.actor.id, '--db', db, '--json', '--limit', '1000']).stdout) as { total: number; forces: Array<{ actor: { id: string } }> };
      assert.equal(own.forces.length, top.figures + top.withdrawals + top.deployments);
      assert.equal(own.total, own.forces.length);
      assert.match(sitrep(['forces', '--summary', '--db', db]).stdout, new RegExp(`^${top.actor.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    }
    const contradictions = JSON.parse(sitrep(['contradictions', '--db', db, '--json']).stdout) as { total: number; contradictions: unknown[] };
    assert.equal(contradictions.contradictions.length, Math.min(50, contradictions.total));
    const slice = JSON.parse(sitrep(['contradictions', '--db', db, '--json', '--limit', '1', '--offset', '1']).stdout) as { contradictions: unknown[] };
    assert.deepEqual(slice.contradictions, contradictions.contradictions.slice(1, 2));
    const shown = sitrep(['entity', 'Wagner', '--db', db]);
    assert.match(shown.stdout, /^Wagner Group {2}\(ORG/);
    const merge = sitrep(['entity', 'merge', 'MINUSMA', 'United Nations', '--db', db]);
    assert.equal(merge.code, 0, merge.stderr);
    assert.match(merge.stdout, /^merged 'United Nations' into/);
    const missing = sitrep(['entity', 'Atlantis', '--db', db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no entity named 'Atlantis'/);
    const badSplit = sitrep(['entity', 'split', 'Mali', '--db', db]);
    assert.equal(badSplit.code, 1);
    assert.match(badSplit.stderr, /usage: sitrep entity split/);
    assert.equal(sitrep(['entities', '--type', 'PLANET', '--db', db]).code, 2);
  });

  it('takes the store location from SITREP_DB and defaults to ./sitrep.db', async () => {
    const envDb = await fresh('env');
    assert.equal(sitrep(['ingest', join(samples, 'sahel-digest.jsonl')], { env: { SITREP_DB: envDb } }).code, 0);
    assert.equal(JSON.parse(sitrep(['docs', '--json', '--db', envDb]).stdout).total, 2);
    if (backend.name !== 'sqlite') return; // the default is a SQLite file
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    const env = { ...process.env };
    delete env.SITREP_DB;
    assert.equal(sitrep(['ingest', join(samples, 'sahel-digest.jsonl')], { cwd, env }).code, 0);
    assert.equal(JSON.parse(sitrep(['docs', '--json', '--db', join(cwd, 'sitrep.db')]).stdout).total, 2);
  });

  it('reads stdin with -', async () => {
    const db = await fresh('stdin');
    const r = sitrep(['ingest', '-', '--db', db], { input: 'A headline from stdin\n\nThe body of a piped article arrives here.\n' });
    assert.equal(r.code, 0, r.stderr);
    const docs = JSON.parse(sitrep(['docs', '--json', '--db', db]).stdout) as { documents: Array<{ source: string }> };
    assert.equal(docs.documents[0]!.source, '-');
  });

  it('names each bad file in one line, ingests the rest, and exits 1', async () => {
    const inputs = join(dir, 'mixed');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'good.txt'), 'Good headline\n\nA perfectly fine article body about the Sahel.\n');
    writeFileSync(join(inputs, 'empty.txt'), '');
    writeFileSync(join(inputs, 'bad.json'), '{"text": ');
    writeFileSync(join(inputs, 'photo.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const db = await fresh('mixed');
    const r = sitrep(['ingest', inputs, join(dir, 'does-not-exist.txt'), '--db', db]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 4, r.stderr);
    for (const [name, reason] of [['empty.txt', 'empty file'], ['bad.json', 'malformed JSON'], ['photo.html', 'binary file (PNG image)'], ['does-not-exist.txt', 'no such file']]) {
      assert.ok(lines.some((l) => l.startsWith('sitrep: ') && l.includes(name!) && l.includes(reason!)), `${name}: ${reason}`);
    }
    assert.equal(JSON.parse(sitrep(['docs', '--json', '--db', db]).stdout).total, 1);
  });

  it('rejects bad options with a usage error', async () => {
    const x = await fresh('x');
    const r = sitrep(['docs', '--limit', 'many', '--db', x]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /whole number/);
    const big = sitrep(['ingest', join(samples, 'sahel-digest.jsonl'), '--max-size', '100B', '--db', x]);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /too large/);
  });

  it('extract --json prints one contract object per document that validates against the schema', { skip: (!hasShared && 'shared/ absent') || sqliteOnly.skip }, () => {
    const validate = contractValidator();
    const r = sitrep(['extract', samples, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const objects = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { document: { id: string; text: string } });
    assert.equal(objects.length, 8);
    for (const o of objects) assert.ok(validate(o), JSON.stringify(validate.errors));
    const again = sitrep(['extract', samples, '--json']);
    assert.equal(again.stdout, r.stdout, 'the same input gives the same output, ids included');
    const seeds = sitrep(['extract', sharedPath('corpus', 'seeds'), '--json']);
    assert.equal(seeds.code, 0, seeds.stderr);
    for (const line of seeds.stdout.trim().split('\n')) assert.ok(validate(JSON.parse(line)), JSON.stringify(validate.errors));
  });

  it('stops cleanly on Ctrl-C between two documents and says so', async () => {
    const corpus = join(dir, 'interrupt');
    mkdirSync(corpus);
    for (let i = 0; i < 1500; i++) writeFileSync(join(corpus, `b${String(i).padStart(4, '0')}.txt`), `Bulletin ${i}\n\nConvoys crossed sector ${i} at dawn, officials said.\n`);
    const db = await fresh('interrupted');
    const child = spawn(process.execPath, [BIN, 'ingest', corpus, '--db', db, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const counter = documentCounter(backend, db);
    for (;;) {
      const count = await counter.count();
      if (count > 0 || child.exitCode !== null) {
        child.kill('SIGINT');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await counter.close();
    const code = await exited;
    if (code === 0) return; // finished before the signal arrived: nothing to check
    assert.equal(code, 130);
    assert.match(stderr, /interrupted; the store holds every document finished so far/);
    if (backend.name === 'sqlite') {
      const check = new Database(db);
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      check.close();
    }
    const rerun = JSON.parse(sitrep(['ingest', corpus, '--db', db, '--json']).stdout) as { inserted: number; unchanged: number };
    assert.equal(rerun.inserted + rerun.unchanged, 1500);
  });

  it('leaves the store consistent when killed mid-ingest, and a second run finishes the job', async () => {
    const corpus = join(dir, 'many');
    mkdirSync(corpus);
    const n = 1500;
    for (let i = 0; i < n; i++) {
      writeFileSync(join(corpus, `a${String(i).padStart(4, '0')}.txt`), `Report number ${i}\n\nTroops moved through sector ${i} on the fourth day, officials said.\n`);
    }
    copyFileSync(join(samples, 'moura-killings.html'), join(corpus, 'moura.html'));
    const db = await fresh('killed');
    const child = spawn(process.execPath, [BIN, 'ingest', corpus, '--db', db, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Kill as soon as some documents are committed, while the ingest is still writing.
    const counter = documentCounter(backend, db);
    let killedAt = 0;
    for (;;) {
      killedAt = await counter.count();
      if (killedAt > 0 || child.exitCode !== null) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await counter.close();
    await exited;
    let orphans: number;
    let partial: number;
    if (backend.name === 'sqlite') {
      const check = new Database(db);
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      check.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')").run();
      orphans = (check.prepare('SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id)').get() as { n: number }).n;
      partial = (check.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
      check.close();
    } else {
      const check = new pg.Client({ connectionString: db });
      await check.connect();
      orphans = Number((await check.query('SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id)')).rows[0].n);
      const fts = Number((await check.query("SELECT count(*) AS n FROM documents WHERE fts IS NULL OR fts = ''::tsvector")).rows[0].n);
      assert.equal(fts, 0, 'every document is in the full-text index');
      partial = Number((await check.query('SELECT count(*) AS n FROM documents')).rows[0].n);
      await check.end();
    }
    assert.equal(orphans, 0, 'no document without its source');
    assert.ok(partial >= killedAt && partial <= n + 1);
    const rerun = sitrep(['ingest', corpus, '--db', db, '--json']);
    assert.equal(rerun.code, 0, rerun.stderr);
    const s = JSON.parse(rerun.stdout) as { inserted: number; unchanged: number };
    assert.equal(s.inserted + s.unchanged, n + 1);
    assert.equal(s.unchanged, partial, 'what was stored before the kill is kept as is');
    assert.equal(JSON.parse(sitrep(['docs', '--json', '--db', db]).stdout).total, n + 1);
  });
});
}

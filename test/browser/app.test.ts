/**
 * End-to-end tests of the web app in headless Chromium (Debian's, driven by playwright-core): the real
 * `sitrep serve` on a store built from samples/ (and the shared seed corpus when present) plus a hostile article.
 * One server and one browser for the whole file. Screenshots of every view go to test-results/.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import { BIN, sitrep } from '../helpers/cli.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

const CHROMIUM = process.env.SITREP_CHROMIUM ?? '/usr/bin/chromium';
const WEB_INDEX = join(PACKAGE_ROOT, 'dist', 'web', 'index.html');
const SHOTS = join(PACKAGE_ROOT, 'test-results');
const SEEDS = sharedPath('corpus', 'seeds');
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;

/** An article whose text carries markup meant to run: the app must show it as text. */
const HOSTILE = `<img src=x onerror="window.__sitrepPwned='title'"> Wagner convoy attacked near Timbuktu

BAMAKO, 3 March 2022 - Fighters of the Wagner Group attacked a convoy near Timbuktu on Tuesday, killing 12 civilians, witnesses said. <script>window.__sitrepPwned='script'</script>

The Malian army denied the attack. <img src=x onerror="window.__sitrepPwned='img'"> Readers can see the video [here](javascript:window.__sitrepPwned='md') or <a href="javascript:window.__sitrepPwned='a'">on this page</a>. <svg onload="window.__sitrepPwned='svg'"></svg> <iframe srcdoc="<script>parent.__sitrepPwned='iframe'</script>"></iframe>
`;

/**
 * The page's globals, for functions evaluated in the page (serialized, so the cast is written inline): this file
 * compiles without the DOM library, and string expressions would be eval'd, which the app's CSP forbids.
 */
interface PageGlobals {
  document: { querySelector(selector: string): { childElementCount: number } | null };
  location: { hash: string };
  __sitrepPwned?: unknown;
}

describe('web app in Chromium', { skip }, () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let dialogs = 0;

  before(async () => {
    assert.ok(existsSync(WEB_INDEX), `${WEB_INDEX} is missing: run npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'sitrep-browser-'));
    mkdirSync(SHOTS, { recursive: true });
    const hostileDir = join(dir, 'hostile');
    mkdirSync(hostileDir);
    writeFileSync(join(hostileDir, 'hostile-convoy.txt'), HOSTILE);
    const db = join(dir, 'store.db');
    const inputs = [join(PACKAGE_ROOT, 'samples'), hostileDir, ...(hasShared && existsSync(SEEDS) ? [SEEDS] : [])];
    const ingest = sitrep(['ingest', ...inputs, '--db', db, '--quiet']);
    assert.equal(ingest.code, 0, ingest.stderr);

    server = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`sitrep serve printed no URL: ${out}`)), 15_000);
      server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const m = /https?:\/\/[^\s()]+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0].endsWith('/') ? m[0] : `${m[0]}/`);
        }
      });
      server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      server.on('exit', (code) => reject(new Error(`sitrep serve exited (${code}): ${out}`)));
    });

    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
    });
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    // Nothing but the server itself: no CDN, no fonts, no tiles.
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
    });
  });

  after(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a route and waits until the view has loaded (no loading state left). */
  async function open(route: string): Promise<void> {
    await page.goto(`${base}#/${route}`);
    await settle();
  }

  async function settle(): Promise<void> {
    await page.waitForFunction(() => {
      const d = (globalThis as unknown as PageGlobals).document;
      const v = d.querySelector('#main .view');
      return !!v && v.childElementCount > 0 && !d.querySelector('#main .state.loading');
    });
    const err = await page.$('#main .state.error');
    assert.equal(err, null, `error state: ${err ? await err.textContent() : ''}`);
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  }

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(new URL(`api/${path}`, base));
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  it('loads every view, with content, and screenshots it', async () => {
    const mali = await api<{ id: string; name: string }>('entities/Mali');
    const docs = await api<{ items: { id: string; title: string | null }[] }>('documents?limit=50');
    const moura = docs.items.find((d) => /Moura/.test(d.title ?? '')) ?? docs.items[0];
    const views: [string, string, string][] = [
      ['overview', 'overview', '.cards .card'],
      ['timeline', 'timeline', 'svg.timeline-svg g.ev'],
      ['map', 'map', 'svg.map-svg circle.place'],
      ['graph', 'graph', 'svg.graph-svg a.node'],
      ['claims', 'claims', '.contradiction, .claims-table'],
      ['forces', 'forces', 'svg.forces-svg .point'],
      ['entities', 'entities', 'table.table tbody tr'],
      ['entity', `entity/${mali.id}`, '.facts .canonical'],
      ['documents', 'documents', '.docs-table tbody tr'],
      ['document', `doc/${moura.id}`, '.doc-text a.ann.ent'],
      ['search', 'search?q=Wagner', '.hit mark'],
    ];
    for (const [name, route, ready] of views) {
      await open(route);
      await page.waitForSelector(ready);
      assert.match(await page.title(), /sitrep/);
      await shot(name);
    }
  });

  it('goes from the timeline to an evidence sentence, its document and an entity page', async () => {
    await open('timeline');
    // The first event bar that has a source: click it like an analyst.
    const bar = page.locator('svg.timeline-svg g.ev').first();
    await bar.click();
    const quote = page.locator('.detail .evidence blockquote').first();
    await quote.waitFor();
    const sentence = (await quote.textContent())!.trim();
    assert.ok(sentence.length > 20, sentence);
    assert.ok(await page.locator('.detail .evidence .publisher').first().isVisible());
    await shot('timeline-evidence');

    // The evidence opens its document with the sentence in focus.
    await page.locator('.detail .evidence a.doc-link').first().click();
    await settle();
    assert.match(page.url(), /#\/doc\/[^?]+\?event=/);
    const focus = page.locator('.doc-text .focus').first();
    await focus.waitFor();
    assert.ok(sentence.includes((await focus.textContent())!.trim().slice(0, 15)));
    await shot('document-focus');

    // An entity highlighted in the text opens its page.
    const entity = page.locator('.doc-text a.ann.ent').first();
    const name = (await entity.getAttribute('title'))!.replace(/ \([A-Z]+\)$/, '');
    await entity.click();
    await settle();
    assert.match(page.url(), /#\/entity\//);
    assert.equal((await page.textContent('.facts .canonical'))!.trim(), name);
    await page.waitForSelector('.mentions-table tbody tr');
  });

  it('filters the timeline by type and zooms without losing events', async () => {
    await open('timeline?type=RETREAT');
    await page.waitForSelector('svg.timeline-svg g.ev');
    const badges = await page.locator('.events-table .badge').allTextContents();
    assert.ok(badges.length > 0);
    assert.ok(badges.every((b) => b === 'RETREAT'), badges.join());
    const before = await page.locator('svg.timeline-svg g.ev').count();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Show every event' }).click();
    assert.equal(await page.locator('svg.timeline-svg g.ev').count(), before);
  });

  it('shows the events of a place on the map and opens a graph node', async () => {
    await open('map');
    await page.locator('.map-split table tbody tr').first().click();
    await page.waitForSelector('.detail .place-events li');
    await shot('map-place');
    await open('graph');
    const node = page.locator('svg.graph-svg a.node').first();
    const id = await node.getAttribute('data-node');
    await node.click();
    await settle();
    assert.ok(page.url().endsWith(`#/entity/${id}`), page.url());
  });

  it('runs a search from the sidebar and highlights the matches as <mark> elements', async () => {
    await open('overview');
    await page.fill('#quick-q', 'Wagner');
    await page.press('#quick-q', 'Enter');
    await settle();
    await page.waitForSelector('.hit');
    const marks = await page.locator('.snippet mark').allTextContents();
    assert.ok(marks.length > 0);
    assert.ok(marks.every((m) => /wagner/i.test(m)), marks.join());
    // The markers themselves are gone from the text.
    const snippet = (await page.locator('.snippet').first().textContent())!;
    assert.ok(!/\[wagner\]/i.test(snippet), snippet);
    await open('search?q=zzzznotaword');
    await page.waitForSelector('.state.empty');
  });

  it('downloads every export', async () => {
    await open('overview');
    const expected: Record<string, (text: string) => void> = {
      'events.csv': (t) => assert.match(t.split(/\r?\n/)[0], /^event_id,event_date,/),
      'analyses.jsonl': (t) => assert.equal(JSON.parse(t.split('\n')[0]).version, 'sitrep.analysis/1'),
      'events.geojson': (t) => assert.equal(JSON.parse(t).type, 'FeatureCollection'),
      'graph.graphml': (t) => assert.match(t, /<graphml[\s>]/),
    };
    for (const [file, check] of Object.entries(expected)) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`.exports a[download="${file}"]`)]);
      const path = await download.path();
      const text = readFileSync(path, 'utf8');
      assert.ok(text.length > 100, `${file}: ${text.length} bytes`);
      check(text);
    }
  });

  it('shows article markup as text and runs none of it', async () => {
    const hits = await api<{ items: { id: string }[] }>('search?q=convoy');
    assert.ok(hits.items.length > 0);
    const id = hits.items[0].id;
    const analysis = await api<{ document: { text: string } }>(`documents/${id}`);
    assert.match(analysis.document.text, /<script>/, 'the cleaned text keeps the markup as text');

    await open(`doc/${id}`);
    await page.waitForSelector('.doc-text');
    const text = (await page.textContent('.doc-text'))!;
    assert.ok(text.includes("<script>window.__sitrepPwned='script'</script>"), 'markup is shown literally');
    assert.ok(text.includes('<img src=x onerror='));
    await shot('hostile-document');
    // Other places that show article text: search snippets, documents list, timeline evidence.
    await open('search?q=convoy');
    await page.waitForSelector('.hit');
    await open('documents');
    await open('timeline?actor=Wagner%20Group');
    const bars = page.locator('svg.timeline-svg g.ev');
    for (let i = 0; i < Math.min(await bars.count(), 5); i++) await bars.nth(i).click();
    await page.waitForTimeout(200);

    assert.equal(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).__sitrepPwned), 'undefined');
    assert.equal(dialogs, 0, 'no dialog opened');
    assert.equal(await page.locator('#main script, #main iframe, #main img, #main [onerror], #main [onload]').count(), 0);
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
    // The server's policy forbids inline scripts.
    const res = await fetch(base);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  });

  it('splits a form off an entity and merges it back from the entity page', async () => {
    const before = await api<{ id: string; mentions: number }>('entities/Malian%20Armed%20Forces');
    await open(`entity/${before.id}`);
    const split = page.locator('form[data-op="split"]');
    const form = await split.locator('select[name="alias"] option').nth(1).getAttribute('value');
    assert.ok(form, 'a form to split off');
    await split.locator('select[name="alias"]').selectOption(form);
    await split.locator('input[name="name"]').fill('Split test entity');
    await split.locator('button[type="submit"]').click();
    await page.waitForFunction((old) => !(globalThis as unknown as PageGlobals).location.hash.includes(old), before.id);
    await settle();
    assert.equal((await page.textContent('.facts .canonical'))!.trim(), 'Split test entity');
    assert.match((await page.textContent('.notice.ok'))!, /Split the mentions written/);
    await shot('entity-after-split');
    const during = await api<{ mentions: number }>(`entities/${before.id}`);
    assert.ok(during.mentions < before.mentions);

    await open(`entity/${before.id}`);
    const merge = page.locator('form[data-op="merge"]');
    await merge.locator('input[name="from"]').fill('Split test entity');
    await merge.locator('button[type="submit"]').click();
    await merge.locator('button.danger').waitFor(); // asks for confirmation first
    await merge.locator('button[type="submit"]').click();
    await page.waitForSelector('.notice.ok');
    await settle();
    const after = await api<{ mentions: number }>(`entities/${before.id}`);
    assert.equal(after.mentions, before.mentions);
  });

  it('had no console errors, page errors or external requests', () => {
    assert.deepEqual(problems, []);
  });
});

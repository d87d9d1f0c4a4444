// Query latency on a store, through the Store interface (what the CLI and the API call): full-text search,
// timeline by entity, entity page, and the pages of contradictions and forces the API serves; the unpaged
// exports of contradictions and forces are timed apart ("export: …"), as no user list reads them. p50/p95/p99 per query, the SQL statements that take the
// time (timed by wrapping better-sqlite3's Statement), and EXPLAIN QUERY PLAN for the slowest of them.
// usage: node bench/scale-queries.mjs DB [--iterations N] [--dist DIR] → one JSON object on stdout.
import Database from 'better-sqlite3';
import { rng } from './lib/corpus.mjs';

const dbPath = process.argv[2];
const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 60;
// The build to measure: this checkout's dist/ by default, another's (a baseline) with --dist DIR.
const distDir = process.argv.includes('--dist') ? new URL(`file://${process.argv[process.argv.indexOf('--dist') + 1].replace(/\/?$/, '/')}`) : new URL('../dist/', import.meta.url);
const budgetMs = 20_000; // per query kind: stop early when a kind is this slow in total

// Time every statement execution, keyed by SQL text and by the query kind running.
const probe = new Database(':memory:');
const Statement = probe.prepare('SELECT 1').constructor;
probe.close();
let currentKind = null;
const sqlStats = new Map(); // kind → Map(sql → { ms, calls })
for (const method of ['all', 'get', 'run', 'iterate']) {
  const orig = Statement.prototype[method];
  Statement.prototype[method] = function (...args) {
    if (!currentKind) return orig.apply(this, args);
    const t = performance.now();
    const out = orig.apply(this, args);
    const ms = performance.now() - t; // iterate: only the first step; the store uses all/get
    let m = sqlStats.get(currentKind);
    if (!m) sqlStats.set(currentKind, (m = new Map()));
    const s = m.get(this.source) ?? { ms: 0, calls: 0 };
    s.ms += ms;
    s.calls++;
    m.set(this.source, s);
    return out;
  };
}

const { openStore } = await import(new URL('src/store/open.js', distDir));
const store = await openStore(dbPath);
const r = rng(7);
const stats = await store.stats();
// Query subjects: the most mentioned entities and random ones of the long tail; search words from entity names
// and from news vocabulary.
const top = await store.listEntities({ limit: 40 });
const tail = await store.listEntities({ limit: 200, offset: Math.max(0, Math.floor(stats.entities / 2)) });
const names = [...top.map((e) => e.name), ...tail.map((e) => e.name)];
const words = ['troops', 'withdrawal', 'Wagner', 'killed civilians', 'junta', 'peacekeepers', 'Bamako', 'mission mandate', 'attack', 'mercenaries', 'coup', 'drone strike'];
const searchTerms = [...words, ...names.slice(0, 30).map((n) => n.split(/\s+/).at(-1))];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
// The paged calls the API and the dashboard make (absent from stores built before them: skipped there).
const paged = typeof store.forceSummary === 'function';
const kinds = {
  search: () => store.search(r.pick(searchTerms), { limit: 20 }),
  'timeline(entity)': () => store.timeline({ entity: r.pick(names) }),
  'eventPage(entity)': () => store.eventPage({ entity: r.pick(names), limit: 50 }),
  getEntity: () => store.getEntity(r.pick(names)),
  entityProfile: () => store.entityProfile(r.pick(names)),
  ...(paged
    ? {
        // What GET /api/contradictions and GET /api/forces answer by default (50 a page).
        contradictions: () => store.contradictionPage({ limit: 50 }),
        forces: () => store.forcePage({ limit: 50 }),
        'forces(deep page)': () => store.forcePage({ limit: 50, offset: r.int(0, Math.max(0, forceTotal - 50)) }),
        forceSummary: () => store.forceSummary({ limit: 50 }),
        'forcePage(actor)': () => store.forcePage({ actor: r.pick(forceActors), limit: 50 }),
        'forcePage(in)': () => store.forcePage({ in: r.pick(forcePlaces), limit: 50 }),
      }
    : {}),
  // Exports only (every item at once): not what a user's list reads.
  'export: contradictions (unpaged)': () => store.contradictions(),
  'export: forces (unpaged)': () => store.forces(),
};
const forceActors = paged ? (await store.forceSummary({ limit: 200 })).items.map((s) => s.actor.id) : [];
if (paged && forceActors.length === 0) delete kinds['forcePage(actor)'];
const forceTotal = paged ? (await store.forcePage({ limit: 1 })).total : 0;
// Places the entity subjects name that have force figures about them.
const forcePlaces = [];
if (paged) for (const e of top) if (['GPE', 'LOC'].includes(e.type) && (await store.forcePage({ in: e.id, limit: 1 })).total > 0) forcePlaces.push(e.id);
if (paged && forcePlaces.length === 0) delete kinds['forcePage(in)'];
const latency = {};
if (names.length === 0) {
  delete kinds['timeline(entity)'];
  delete kinds['eventPage(entity)'];
  delete kinds.getEntity;
}
for (const [kind, fn] of Object.entries(kinds)) {
  await fn(); // warm (statement cache, page cache)
  currentKind = kind;
  const ms = [];
  const cpuMs = []; // CPU time of this process: on a shared machine wall time also counts the waits for a core
  let results = 0;
  const start = performance.now();
  for (let i = 0; i < iterations && performance.now() - start < budgetMs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const out = await fn();
    const dc = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpuMs.push((dc.user + dc.system) / 1000);
    results += Array.isArray(out) ? out.length : Array.isArray(out?.items) ? out.items.length : out ? 1 : 0;
  }
  currentKind = null;
  latency[kind] = {
    n: ms.length,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    max: Math.max(...ms),
    cpuP50: pct(cpuMs, 50),
    cpuP95: pct(cpuMs, 95),
    cpuP99: pct(cpuMs, 99),
    meanResults: results / ms.length,
  };
}
await store.close();

// The statements behind the time, with their plans.
const db = new Database(dbPath, { readonly: true });
const slowSql = {};
for (const [kind, m] of sqlStats) {
  const total = [...m.values()].reduce((a, s) => a + s.ms, 0);
  slowSql[kind] = [...m.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 3)
    .map(([sql, s]) => {
      let plan = null;
      try {
        const params = (sql.match(/\?/g) ?? []).map(() => null);
        plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((p) => p.detail);
      } catch (err) {
        plan = [`(no plan: ${err.message})`];
      }
      return { sql: sql.replace(/\s+/g, ' ').trim(), share: s.ms / total, msPerCall: s.ms / s.calls, callsPerQuery: s.calls / latency[kind].n, plan };
    });
}
db.close();
process.stdout.write(`${JSON.stringify({ stats, latency, slowSql })}\n`);

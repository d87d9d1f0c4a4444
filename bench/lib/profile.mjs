// Summarises V8 .cpuprofile files (node --cpu-prof): self time per function and per area (pipeline stage, store,
// dependency, GC), from the samples' time deltas.
import { readFileSync } from 'node:fs';

const AREAS = [
  [/\/src\/clean\//, 'clean'],
  [/\/src\/segment\//, 'segment'],
  [/\/src\/extract\/entities\//, 'entities'],
  [/\/src\/extract\/times\//, 'times'],
  [/\/src\/extract\/quantities\//, 'quantities'],
  [/\/src\/extract\/events\//, 'events'],
  [/\/src\/resolve\/quantity-subjects/, 'quantity-subjects'],
  [/\/src\/resolve\//, 'resolve (cross-document)'],
  [/\/src\/store\//, 'store'],
  [/\/src\/ingest\//, 'ingest (read)'],
  [/\/src\/(model|pipeline|data|cli|present)\//, 'model/pipeline'],
  [/node_modules\/chrono-node\//, 'chrono-node'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3'],
  [/node_modules\/linkedom|node_modules\/@mozilla/, 'html (linkedom/readability)'],
  [/node_modules\//, 'other dependencies'],
  [/^node:|^internal\//, 'node internals'],
];

function areaOf(url, name) {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)' || name === '(program)') return name;
  if (!url) return name === '(root)' ? '(root)' : 'native/builtin';
  for (const [re, area] of AREAS) if (re.test(url)) return area;
  return 'other';
}

/** → { totalMs, areas: [{ area, ms, share }], functions: [{ fn, where, area, ms, share }] } */
export function summarise(files, top = 40) {
  const fnMs = new Map();
  const areaMs = new Map();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8'));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map();
    for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    for (const [id, ms] of self) {
      const n = byId.get(id);
      const cf = n.callFrame;
      const area = areaOf(cf.url, cf.functionName);
      if (area === '(idle)') continue;
      total += ms;
      areaMs.set(area, (areaMs.get(area) ?? 0) + ms);
      const where = cf.url ? `${cf.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}` : '';
      const key = `${cf.functionName || '(anonymous)'}\t${where}`;
      const f = fnMs.get(key) ?? { fn: cf.functionName || '(anonymous)', where, area, ms: 0 };
      f.ms += ms;
      fnMs.set(key, f);
    }
  }
  const areas = [...areaMs].map(([area, ms]) => ({ area, ms, share: ms / total })).sort((a, b) => b.ms - a.ms);
  const functions = [...fnMs.values()].sort((a, b) => b.ms - a.ms).slice(0, top).map((f) => ({ ...f, share: f.ms / total }));
  // Top functions within each area.
  const perArea = {};
  for (const f of [...fnMs.values()].sort((a, b) => b.ms - a.ms)) {
    const list = (perArea[f.area] ??= []);
    if (list.length < 6) list.push({ fn: f.fn, where: f.where, ms: f.ms, share: f.ms / total });
  }
  return { totalMs: total, areas, functions, perArea };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = summarise(process.argv.slice(2));
  console.log(`total ${(s.totalMs / 1000).toFixed(2)} s`);
  for (const a of s.areas) console.log(`${(100 * a.share).toFixed(1).padStart(5)} %  ${a.area}`);
  console.log();
  for (const f of s.functions.slice(0, 30)) console.log(`${(100 * f.share).toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}  [${f.area}]`);
}

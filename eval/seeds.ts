import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../src/ingest/read.js';
import { toAnalysis } from '../src/model/doc.js';
import { analyzeItem } from '../src/pipeline/pipeline.js';
import type { Analysis } from '../src/model/analysis.js';
import type { EvalSection } from './report.js';

/** The scorer's figures (shared/tools/score.mjs --json): the same script judges the hidden sets. */
export type SeedScores = Record<string, unknown> & { scores: Record<string, number> };

/** Runs the whole pipeline over a corpus folder, as `sitrep extract --json` does. */
export async function analyzeCorpus(folder: string): Promise<Analysis[]> {
  const out: Analysis[] = [];
  for (const name of readdirSync(folder).sort()) {
    for (const item of await readSource(join(folder, name))) out.push(toAnalysis(analyzeItem(item)));
  }
  return out;
}

export function scoreWithSharedScorer(sharedDir: string, goldDir: string, analyses: Analysis[]): SeedScores {
  const tmp = mkdtempSync(join(tmpdir(), 'sitrep-eval-'));
  try {
    const file = join(tmp, 'analyses.jsonl');
    writeFileSync(file, analyses.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const stdout = execFileSync(process.execPath, [join(sharedDir, 'tools', 'score.mjs'), goldDir, file, '--json'], { encoding: 'utf8' });
    return JSON.parse(stdout) as SeedScores;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const ratio = (s: unknown): number => {
  const m = /\((\d+)\/(\d+)\)/.exec(String(s));
  return m ? Number(m[1]) / Number(m[2]) : 0;
};

/** Document-level figures on the seed gold: cleaning, repairs, publication date, language. */
export async function evaluateSeedDocuments(sharedDir: string): Promise<EvalSection> {
  const goldDir = join(sharedDir, 'gold', 'seeds');
  const analyses = await analyzeCorpus(join(sharedDir, 'corpus', 'seeds'));
  const s = scoreWithSharedScorer(sharedDir, goldDir, analyses);
  let languageOk = 0;
  let languageN = 0;
  let titleOk = 0;
  let titleN = 0;
  const dates: string[] = [];
  for (const name of readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as { file: string; language?: string; title?: string | null; published?: { value: string } };
    const a = analyses.find((x) => x.document.source.endsWith(gold.file));
    if (!a) continue;
    if (gold.language) {
      languageN++;
      if (a.document.language === gold.language) languageOk++;
    }
    if (gold.title !== undefined) {
      titleN++;
      if ((a.document.title ?? null) === (gold.title ?? null)) titleOk++;
    }
    dates.push(`${gold.file.slice(0, 3)}:${a.document.published?.value ?? '-'}${gold.published ? `(gold ${gold.published.value})` : ''}`);
  }
  const published = ratio(s.published);
  return {
    title: 'Seeds gold: document (shared/tools/score.mjs)',
    rows: [
      ['cleaning kept', String(s.cleaning_kept)],
      ['cleaning removed', String(s.cleaning_removed)],
      ['repairs', String(s.repairs)],
      ['published', String(s.published)],
      ['published values', dates.join('  ')],
      ['title exact', `${titleOk}/${titleN}`],
      ['language', `${languageOk}/${languageN}`],
    ],
    targets: [
      { name: 'kept 100%', met: s.scores.kept === 1 },
      { name: 'removed ≥ 95%', met: s.scores.removed >= 0.95 },
      { name: 'published right for ≥ 4 of 5', met: published * 5 >= 4 - 1e-9 },
    ],
  };
}

/** Analysis figures on the seed gold: entities, aliases, demonyms, times, quantities, events. */
export async function evaluateSeedAnalysis(sharedDir: string): Promise<EvalSection> {
  const analyses = await analyzeCorpus(join(sharedDir, 'corpus', 'seeds'));
  const s = scoreWithSharedScorer(sharedDir, join(sharedDir, 'gold', 'seeds'), analyses);
  const keys = ['entities_typed', 'entities_untyped', 'alias_merge', 'demonym_as_entity', 'times_detect', 'times_value', 'quantities_detect', 'quantities_value', 'events_detect', 'events_roles', 'events_time', 'events_modality', 'events_attribution'];
  return {
    title: 'Seeds gold: analysis (shared/tools/score.mjs)',
    rows: keys.map((k) => [k, String(s[k])]),
    targets: [
      { name: 'typed entity F1 ≥ 0.85', met: s.scores.entities_f1 >= 0.85 },
      { name: 'alias_merge ≥ 90%', met: ratio(s.alias_merge) >= 0.9 },
      { name: 'no demonym entities', met: Number(s.demonym_as_entity) === 0 },
      { name: 'time value accuracy ≥ 90%', met: s.scores.times_value >= 0.9 },
      { name: 'quantity value accuracy ≥ 90%', met: s.scores.quantities_value >= 0.9 },
      { name: 'event F1 ≥ 0.70', met: s.scores.events_f1 >= 0.7 },
      { name: 'event roles ≥ 70%', met: ratio(s.events_roles) >= 0.7 },
      { name: 'event time ≥ 70%', met: ratio(s.events_time) >= 0.7 },
      { name: 'event attribution ≥ 80%', met: ratio(s.events_attribution) >= 0.8 },
    ],
  };
}

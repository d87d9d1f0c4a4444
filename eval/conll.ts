/**
 * The statistical NER tagger on CoNLL-2003 `eng.testa` (the development split, never used for training):
 * exact-span precision / recall / F1 per type over PER, ORG and LOC (MISC spans, gold and predicted, are left out),
 * with the committed weights, plus tagging speed.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/data/loader.js';
import { readConll } from '../src/extract/entities/tagger/conll.js';
import { evaluateModel, prf, type SpanScores } from '../src/extract/entities/tagger/evaluate.js';
import { documentStats } from '../src/extract/entities/tagger/features.js';
import { loadNerModel, NER_MODEL_FILE } from '../src/extract/entities/tagger/index.js';
import type { EvalSection } from './report.js';

export const CONLL_F1_TARGET = 0.85;

export interface ConllResult extends SpanScores {
  tokens: number;
  /** Tokens per CPU-second (one core, robust to a busy machine) tagging with span scores (forward-backward), and Viterbi only. */
  tokensPerSecond: number;
  tokensPerSecondNoScores: number;
  bytesPerSecond: number;
  loadSeconds: number;
  modelBytes: number;
}

export function runConll(sharedDir: string): ConllResult {
  const docs = readConll(join(sharedDir, 'data', 'conll2003', 'eng.testa'));
  const l0 = process.hrtime.bigint();
  const model = loadNerModel();
  const loadSeconds = Number(process.hrtime.bigint() - l0) / 1e9;
  const scored = evaluateModel(model, docs);
  // Speed: a warm-up pass, then the CPU time of tagging every sentence (document statistics included), with and without scores.
  const speed = (noScores: boolean): number => {
    let tokens = 0;
    const c0 = process.cpuUsage();
    for (const doc of docs) {
      const stats = documentStats(doc.sentences.map((s) => s.words));
      for (const s of doc.sentences) {
        model.tag(s.words, { doc: stats, noScores });
        tokens += s.words.length;
      }
    }
    const used = process.cpuUsage(c0);
    return tokens / ((used.user + used.system) / 1e6);
  };
  speed(true);
  const tokensPerSecondNoScores = speed(true);
  const tokensPerSecond = speed(false);
  let chars = 0;
  let tokens = 0;
  for (const d of docs) for (const s of d.sentences) for (const w of s.words) {
    chars += w.length + 1;
    tokens++;
  }
  return {
    byType: scored.byType,
    overall: scored.overall,
    tokens: scored.tokens,
    tokensPerSecond,
    tokensPerSecondNoScores,
    bytesPerSecond: tokensPerSecond * (chars / tokens),
    loadSeconds,
    modelBytes: statSync(join(PACKAGE_ROOT, NER_MODEL_FILE)).size,
  };
}

const f = (x: number): string => x.toFixed(3);

export function evaluateConll(sharedDir: string): EvalSection {
  const file = join(sharedDir, 'data', 'conll2003', 'eng.testa');
  if (!existsSync(file)) return { title: 'NER tagger on CoNLL-2003 eng.testa', rows: [['eng.testa', 'not found (skipped)']] };
  const r = runConll(sharedDir);
  const rows: Array<[string, string]> = [];
  for (const type of ['PER', 'ORG', 'LOC']) {
    const c = r.byType[type];
    const { p, r: rec, f1 } = prf(c);
    rows.push([`${type} P / R / F1`, `${f(p)} / ${f(rec)} / ${f(f1)}  (gold ${c.tp + c.fn}, predicted ${c.tp + c.fp})`]);
  }
  const all = prf(r.overall);
  rows.push(['overall P / R / F1', `${f(all.p)} / ${f(all.r)} / ${f(all.f1)}  (micro, exact span, MISC ignored)`]);
  rows.push(['tokens/CPU-s', `${Math.round(r.tokensPerSecond)} with scores (${(r.bytesPerSecond / 1e6).toFixed(2)} MB/s), ${Math.round(r.tokensPerSecondNoScores)} without`]);
  rows.push(['model', `${NER_MODEL_FILE} ${(r.modelBytes / 1e6).toFixed(2)} MB, loaded in ${r.loadSeconds.toFixed(2)} s`]);
  return {
    title: 'NER tagger on CoNLL-2003 eng.testa',
    rows,
    targets: [{ name: `CoNLL eng.testa PER/ORG/LOC F1 ≥ ${CONLL_F1_TARGET}`, met: all.f1 >= CONLL_F1_TARGET }],
  };
}

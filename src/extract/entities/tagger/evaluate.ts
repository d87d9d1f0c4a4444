/** Exact-span precision / recall / F1 (CoNLL scoring), used by training reports and `eval/conll.ts`. */
import type { LabeledDocument } from './conll.js';
import { documentStats } from './features.js';
import type { NerModel } from './model.js';
import type { NerType, TokenSpan } from './tags.js';

export interface TypeCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface SpanScores {
  byType: Record<string, TypeCounts>;
  overall: TypeCounts;
}

export const prf = (c: TypeCounts): { p: number; r: number; f1: number } => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

/** Adds one sentence's gold and predicted spans to the counts; spans of types outside `types` are ignored on both sides. */
export function countSpans(scores: SpanScores, gold: readonly TokenSpan[], pred: ReadonlyArray<{ start: number; end: number; type: NerType }>, types: readonly NerType[]): void {
  const key = (s: { start: number; end: number; type: string }): string => `${s.start}:${s.end}:${s.type}`;
  const g = new Set(gold.filter((s) => types.includes(s.type)).map(key));
  const p = new Set(pred.filter((s) => types.includes(s.type)).map(key));
  for (const t of types) scores.byType[t] ??= { tp: 0, fp: 0, fn: 0 };
  for (const k of p) {
    const t = k.slice(k.lastIndexOf(':') + 1);
    if (g.has(k)) {
      scores.byType[t].tp++;
      scores.overall.tp++;
    } else {
      scores.byType[t].fp++;
      scores.overall.fp++;
    }
  }
  for (const k of g) {
    if (p.has(k)) continue;
    scores.byType[k.slice(k.lastIndexOf(':') + 1)].fn++;
    scores.overall.fn++;
  }
}

export const emptyScores = (): SpanScores => ({ byType: {}, overall: { tp: 0, fp: 0, fn: 0 } });

/** Tags every sentence of the documents (with document casing statistics) and scores against the gold spans. */
export function evaluateModel(model: NerModel, docs: readonly LabeledDocument[], types: readonly NerType[] = ['PER', 'ORG', 'LOC']): SpanScores & { tokens: number; seconds: number } {
  const scores = emptyScores();
  let tokens = 0;
  const t0 = process.hrtime.bigint();
  for (const doc of docs) {
    const stats = documentStats(doc.sentences.map((s) => s.words));
    for (const s of doc.sentences) {
      tokens += s.words.length;
      countSpans(scores, s.spans, model.tag(s.words, { doc: stats, noScores: true }), types);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ...scores, tokens, seconds };
}

export function formatScores(s: SpanScores): string {
  const rows = Object.entries(s.byType).map(([t, c]) => {
    const { p, r, f1 } = prf(c);
    return `${t.padEnd(5)} P ${(100 * p).toFixed(2)}  R ${(100 * r).toFixed(2)}  F1 ${(100 * f1).toFixed(2)}`;
  });
  const { p, r, f1 } = prf(s.overall);
  rows.push(`all   P ${(100 * p).toFixed(2)}  R ${(100 * r).toFixed(2)}  F1 ${(100 * f1).toFixed(2)}`);
  return rows.join('\n');
}

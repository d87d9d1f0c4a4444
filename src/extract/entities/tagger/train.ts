/**
 * Training: a structured averaged perceptron (Collins 2002) over the features of `features.ts`, decoding with the
 * same constrained Viterbi as inference. Deterministic: features are interned in corpus order, sentences are
 * shuffled with a seeded generator, and all arithmetic is in float64.
 */
import type { LabeledDocument } from './conll.js';
import {
  copySentenceFeatures,
  documentStats,
  FeatureExtractor,
  FeatureIndex,
  gazetteerFeatures,
  type GazetteerFeatureSource,
  type SentenceFeatures,
} from './features.js';
import { DecodeBuffers, emissions, forwardBackward, NerModel, sparsify, viterbi, type Transitions } from './model.js';
import { buildTagSet, NER_TYPES, spansToBilou, type TagSet } from './tags.js';

export interface TrainOptions {
  /** Passes over the data (default 16). */
  epochs?: number;
  /** Shuffling seed (default 1). */
  seed?: number;
  /** Features seen fewer times in the training data are dropped before training (default 1: keep all). */
  minCount?: number;
  gazetteers?: readonly GazetteerFeatureSource[];
  log?: (message: string) => void;
  /** Called after each epoch with the averaged model so far. */
  onEpoch?: (epoch: number, model: NerModel) => void;
}

/** mulberry32: a small deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Example {
  feats: SentenceFeatures;
  gold: Int32Array;
}

/** Feature ids and gold tag ids of every training sentence, with the feature index they refer to. */
export function prepareExamples(
  docs: readonly LabeledDocument[],
  tagSet: TagSet,
  gazetteers: readonly GazetteerFeatureSource[] = [],
  minCount = 1,
): { index: FeatureIndex; examples: Example[] } {
  let index = new FeatureIndex();
  const extractor = new FeatureExtractor(index);
  const examples: Example[] = [];
  for (const doc of docs) {
    const stats = documentStats(doc.sentences.map((s) => s.words));
    for (const s of doc.sentences) {
      const gazetteer = gazetteerFeatures(gazetteers, s.words);
      const feats = copySentenceFeatures(extractor.sentence(s.words, { doc: stats, gazetteer }));
      const gold = Int32Array.from(spansToBilou(s.words.length, s.spans), (t) => tagSet.id.get(t)!);
      examples.push({ feats, gold });
    }
  }
  if (minCount > 1) {
    const counts = new Int32Array(index.size);
    for (const e of examples) for (const id of e.feats.ids) counts[id]++;
    const remap = new Int32Array(index.size).fill(-1);
    const kept = new Map<string, number>();
    for (const [key, id] of index.map) {
      if (counts[id] >= minCount) {
        remap[id] = kept.size;
        kept.set(key, kept.size);
      }
    }
    index = new FeatureIndex(kept);
    for (const e of examples) {
      const { ids, offsets, n } = e.feats;
      const out: number[] = [];
      const offs = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) {
        offs[i] = out.length;
        for (let k = offsets[i]; k < offsets[i + 1]; k++) if (remap[ids[k]] >= 0) out.push(remap[ids[k]]);
      }
      offs[n] = out.length;
      e.feats = { ids: Int32Array.from(out), offsets: offs, n };
    }
  }
  return { index, examples };
}

/** Trains a tagger on labelled documents (PER, ORG, LOC, MISC). */
export function trainTagger(docs: readonly LabeledDocument[], options: TrainOptions = {}): NerModel {
  const epochs = options.epochs ?? 16;
  const log = options.log ?? (() => {});
  const gazetteers = options.gazetteers ?? [];
  const tagSet = buildTagSet(NER_TYPES);
  const T = tagSet.tags.length;
  const { index, examples } = prepareExamples(docs, tagSet, gazetteers, options.minCount ?? 1);
  const F = index.size;
  log(`${examples.length} sentences, ${examples.reduce((a, e) => a + e.feats.n, 0)} tokens, ${F} features`);

  const w = new Float64Array(F * T);
  const u = new Float64Array(F * T);
  const tr: Transitions = { trans: new Float64Array(T * T), start: new Float64Array(T), end: new Float64Array(T) };
  const tu: Transitions = { trans: new Float64Array(T * T), start: new Float64Array(T), end: new Float64Array(T) };
  const buf = new DecodeBuffers();
  let pred = new Int32Array(256);
  const random = seededRandom(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  let c = 1;

  const averaged = (): NerModel => {
    const avg = (x: Float64Array, ux: Float64Array): Float32Array => {
      const out = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = x[i] - ux[i] / c;
      return out;
    };
    return new NerModel({
      tags: tagSet.tags,
      index: new FeatureIndex(index.map, true),
      weights: sparsify(avg(w, u), T),
      trans: avg(tr.trans as Float64Array, tu.trans as Float64Array),
      start: avg(tr.start as Float64Array, tu.start as Float64Array),
      end: avg(tr.end as Float64Array, tu.end as Float64Array),
      scale: 1,
      gazetteers: gazetteers.map((g) => g.name),
    });
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = Date.now();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let errors = 0;
    let tokens = 0;
    for (const ei of order) {
      const { feats, gold } = examples[ei];
      const n = feats.n;
      buf.ensure(n, T);
      if (pred.length < n) pred = new Int32Array(n * 2);
      emissions(w, T, feats, buf.em);
      viterbi(tagSet, tr, buf.em, n, buf, pred);
      tokens += n;
      for (let i = 0; i < n; i++) {
        const g = gold[i];
        const p = pred[i];
        if (g !== p) {
          errors++;
          for (let k = feats.offsets[i], e = feats.offsets[i + 1]; k < e; k++) {
            const base = feats.ids[k] * T;
            w[base + g] += 1;
            u[base + g] += c;
            w[base + p] -= 1;
            u[base + p] -= c;
          }
        }
        if (i === 0) {
          if (g !== p) bump(tr.start, tu.start, g, p, c);
        } else if (g !== p || gold[i - 1] !== pred[i - 1]) {
          bump(tr.trans, tu.trans, gold[i - 1] * T + g, pred[i - 1] * T + p, c);
        }
        if (i === n - 1 && g !== p) bump(tr.end, tu.end, g, p, c);
      }
      c++;
    }
    log(`epoch ${epoch}: ${((100 * errors) / tokens).toFixed(2)}% token errors, ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    if (options.onEpoch) options.onEpoch(epoch, averaged());
  }
  return averaged();
}

function bump(x: Transitions['trans'], ux: Transitions['trans'], good: number, bad: number, c: number): void {
  x[good] += 1;
  ux[good] += c;
  x[bad] -= 1;
  ux[bad] -= c;
}

/**
 * Fits the temperature of the span scores: the scale s maximising the likelihood of the gold tag sequences of
 * held-out documents under a CRF with potentials s·score.
 */
export function calibrateScale(model: NerModel, docs: readonly LabeledDocument[]): number {
  const tagSet = model.tagSet;
  const T = model.T;
  const buf = new DecodeBuffers();
  const items: Array<{ em: Float64Array; n: number; gold: number }> = [];
  for (const doc of docs) {
    const stats = documentStats(doc.sentences.map((s) => s.words));
    for (const s of doc.sentences) {
      const n = s.words.length;
      const feats = model.extractor.sentence(s.words, { doc: stats });
      const em = new Float64Array(n * T);
      model.emissions(feats, em);
      const gold = Int32Array.from(spansToBilou(n, s.spans), (t) => tagSet.id.get(t)!);
      const tr = model.transitions;
      let g = tr.start[gold[0]] + tr.end[gold[n - 1]];
      for (let i = 0; i < n; i++) g += em[i * T + gold[i]] + (i ? tr.trans[gold[i - 1] * T + gold[i]] : 0);
      items.push({ em, n, gold: g });
    }
  }
  let best = 1;
  let bestLl = -Infinity;
  for (let k = -16; k <= 4; k++) {
    const s = Math.pow(2, k / 2);
    let ll = 0;
    for (const it of items) {
      buf.ensure(it.n, T);
      ll += s * it.gold - forwardBackward(tagSet, model.transitions, it.em, it.n, s, buf);
    }
    if (ll > bestLl) {
      bestLl = ll;
      best = s;
    }
  }
  return best;
}

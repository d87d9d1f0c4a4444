/**
 * The tagger model: a linear scorer over feature ids (one weight per feature and tag), first-order tag
 * transitions, and an exact Viterbi decoder constrained to well-formed BILOU sequences. Span scores come from
 * forward-backward marginals of the same scores, scaled by a temperature fitted at training time.
 */
import { FeatureExtractor, FeatureIndex, gazetteerFeatures, isUpperSentence, type DocumentStats, type GazetteerFeatureSource, type SentenceFeatures, type WordForms, type WordInfo } from './features.js';
import { buildTagSet, type NerType, type TagSet } from './tags.js';

export type Weights = Float32Array | Float64Array;

/** An entity found by the tagger: token span (end exclusive), type, and a 0..1 confidence. */
export interface NerSpan {
  start: number;
  end: number;
  type: NerType;
  score: number;
}

export interface TagContext {
  /** Casing statistics of the whole document (see `documentStats`); default: of the sentence alone. */
  doc?: DocumentStats;
  /** Gazetteer feature sources; should be the ones the model was trained with (`model.gazetteers`). */
  gazetteers?: readonly GazetteerFeatureSource[];
  /** Skip the marginals (score = 1): about twice as fast. */
  noScores?: boolean;
  /**
   * `tagWindows` only: compute the marginals of a window only when one of its spans passes this test (the others
   * are left for the caller to drop); when none does, its spans keep score 1.
   */
  scoreIf?: (span: NerSpan) => boolean;
  /** `tagWindows` only: whether the sentence is set in capitals (`isUpperSentence(words)`), when the caller knows. */
  upperSentence?: boolean;
  /** `tagWindows` only: numbers of the words' forms (see `WordForms`), which spare looking words up by string. */
  forms?: WordForms;
}

export interface ModelMeta {
  [key: string]: unknown;
}

/** Scratch buffers for decoding, grown on demand. */
export class DecodeBuffers {
  em = new Float64Array(0);
  delta = new Float64Array(0);
  back = new Int32Array(0);
  alpha = new Float64Array(0);
  beta = new Float64Array(0);
  path = new Int32Array(0);
  private et = new Float64Array(0);
  private etKey: { tr: Transitions; scale: number } | null = null;

  /** exp(scale·trans), cached for one transition table and scale. */
  expTrans(tr: Transitions, T: number, scale: number): Float64Array {
    if (this.etKey && this.etKey.tr.trans === tr.trans && this.etKey.scale === scale) return this.et;
    this.et = new Float64Array(T * T);
    for (let i = 0; i < T * T; i++) this.et[i] = Math.exp(scale * tr.trans[i]);
    this.etKey = { tr, scale };
    return this.et;
  }

  private readonly expRows = new Map<Weights, { scale: number; values: Float64Array }>();

  /** exp(scale·w) of a start or end row, cached per row and scale (a window's edges cost no exp then). */
  expRow(w: Weights, scale: number): Float64Array {
    const hit = this.expRows.get(w);
    if (hit && hit.scale === scale) return hit.values;
    const values = new Float64Array(w.length);
    for (let t = 0; t < w.length; t++) values[t] = Math.exp(scale * w[t]);
    this.expRows.set(w, { scale, values });
    return values;
  }

  ensure(n: number, T: number): void {
    if (this.em.length >= n * T) return;
    const size = Math.max(n * T, this.em.length * 2);
    this.em = new Float64Array(size);
    this.delta = new Float64Array(size);
    this.back = new Int32Array(size);
    this.alpha = new Float64Array(size);
    this.beta = new Float64Array(size);
    this.path = new Int32Array(Math.max(n, this.path.length * 2));
  }
}

/** em[i*T + t] = Σ w[f*T + t] over the features f of token i. */
export function emissions(w: Weights, T: number, feats: SentenceFeatures, em: Float64Array): void {
  const { ids, offsets, n } = feats;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let t = 0; t < T; t++) em[row + t] = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const base = ids[k] * T;
      for (let t = 0; t < T; t++) em[row + t] += w[base + t];
    }
  }
}

export interface Transitions {
  trans: Weights;
  start: Weights;
  end: Weights;
}

/**
 * What may come before the first and after the last token decoded: the sentence's edges (the default), or, for a
 * window inside a sentence, an O tag on either side (see `NerModel.tagWindows`).
 */
export interface Boundary {
  start: Weights;
  startOk: Uint8Array;
  end: Weights;
  endOk: Uint8Array;
}

/**
 * The allowed transitions into each tag laid out flat, with their scores gathered in the same order: tag t's
 * predecessors are pred[predStart[t] .. predStart[t+1]), the score of coming from pred[j] is score[j]. The decoders
 * read one contiguous run per tag rather than a row of the T×T table per predecessor.
 */
export interface TransitionPlan {
  predStart: Int32Array;
  pred: Int32Array;
  score: Float64Array;
}

/** The plan of `table` (T×T, [from·T + to]) over the tag set's allowed transitions. */
export function transitionPlan(tagSet: TagSet, table: Weights | Float64Array): TransitionPlan {
  const T = tagSet.tags.length;
  const { preds } = tagSet;
  const predStart = new Int32Array(T + 1);
  for (let t = 0; t < T; t++) predStart[t + 1] = predStart[t] + preds[t].length;
  const pred = new Int32Array(predStart[T]);
  const score = new Float64Array(predStart[T]);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < preds[t].length; k++) {
      pred[predStart[t] + k] = preds[t][k];
      score[predStart[t] + k] = table[preds[t][k] * T + t];
    }
  }
  return { predStart, pred, score };
}

/** Best tag path under emission + transition scores, restricted to allowed transitions. Writes into `out`. */
export function viterbi(tagSet: TagSet, tr: Transitions, em: Float64Array, n: number, buf: DecodeBuffers, out: Int32Array, bound?: Boundary): void {
  plannedViterbi(tagSet, tr, transitionPlan(tagSet, tr.trans), em, n, buf, out, bound);
}

/** `viterbi` with the plan of `tr.trans` given. */
function plannedViterbi(tagSet: TagSet, tr: Transitions, plan: TransitionPlan, em: Float64Array, n: number, buf: DecodeBuffers, out: Int32Array, bound?: Boundary): void {
  const T = tagSet.tags.length;
  const { predStart, pred, score } = plan;
  const startOk = bound ? bound.startOk : tagSet.startOk;
  const endOk = bound ? bound.endOk : tagSet.endOk;
  const startW = bound ? bound.start : tr.start;
  const endW = bound ? bound.end : tr.end;
  const { delta, back } = buf;
  const NEG = -Infinity;
  for (let t = 0; t < T; t++) delta[t] = startOk[t] ? em[t] + startW[t] : NEG;
  for (let i = 1; i < n; i++) {
    const row = i * T;
    const prow = row - T;
    for (let t = 0; t < T; t++) {
      let best = NEG;
      let arg = 0;
      for (let j = predStart[t], je = predStart[t + 1]; j < je; j++) {
        const p = pred[j];
        const s = delta[prow + p] + score[j];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      delta[row + t] = best + em[row + t];
      back[row + t] = arg;
    }
  }
  let best = NEG;
  let arg = 0;
  const last = (n - 1) * T;
  for (let t = 0; t < T; t++) {
    if (!endOk[t]) continue;
    const s = delta[last + t] + endW[t];
    if (s > best) {
      best = s;
      arg = t;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    out[i] = arg;
    arg = back[i * T + arg];
  }
}

/**
 * Forward-backward over exp(scale·score), in scaled probability space (each step normalised; the log of the
 * normalisers is kept). Leaves per-token marginals in `buf.alpha` (n·T) and returns log Z.
 */
export function forwardBackward(tagSet: TagSet, tr: Transitions, em: Float64Array, n: number, scale: number, buf: DecodeBuffers, bound?: Boundary): number {
  const expPlan = transitionPlan(tagSet, buf.expTrans(tr, tagSet.tags.length, scale));
  return scaledForwardBackward(tagSet, tr, expPlan, em, n, scale, buf, bound, 0, n);
}

/**
 * The marginals `forwardBackward` leaves in `buf.alpha` for the positions `from`..`to`-1 only, the same numbers
 * to the bit: the forward pass stops after `to`-1 and the backward pass at `from` (no later or earlier row feeds
 * these), and log Z, which needs both ends, is not formed. Other rows of `buf.alpha` are left as they were.
 */
export function marginalsOf(tagSet: TagSet, tr: Transitions, em: Float64Array, n: number, scale: number, buf: DecodeBuffers, bound: Boundary | undefined, from: number, to: number): void {
  const expPlan = transitionPlan(tagSet, buf.expTrans(tr, tagSet.tags.length, scale));
  scaledForwardBackward(tagSet, tr, expPlan, em, n, scale, buf, bound, from, to);
}

/**
 * Forward-backward as `forwardBackward` describes, its marginals formed for rows [from, to); log Z (NaN unless
 * every row). `expPlan` is the plan of exp(scale·trans).
 */
function scaledForwardBackward(
  tagSet: TagSet, tr: Transitions, expPlan: TransitionPlan, em: Float64Array, n: number, scale: number, buf: DecodeBuffers, bound: Boundary | undefined, from: number, to: number,
): number {
  const whole = from === 0 && to === n;
  const T = tagSet.tags.length;
  const { predStart, pred, score: et } = expPlan;
  const startOk = bound ? bound.startOk : tagSet.startOk;
  const endOk = bound ? bound.endOk : tagSet.endOk;
  const startW = bound ? bound.start : tr.start;
  const endW = bound ? bound.end : tr.end;
  const { alpha, beta, delta: pot } = buf;
  // Emission potentials, each row shifted by its max (the shift is added back to log Z).
  let logZ = 0;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    let max = -Infinity;
    for (let t = 0; t < T; t++) if (em[row + t] > max) max = em[row + t];
    for (let t = 0; t < T; t++) pot[row + t] = Math.exp(scale * (em[row + t] - max));
    logZ += scale * max;
  }
  let norm = 0;
  const expStart = buf.expRow(startW, scale);
  for (let t = 0; t < T; t++) {
    alpha[t] = startOk[t] ? pot[t] * expStart[t] : 0;
    norm += alpha[t];
  }
  for (let t = 0; t < T; t++) alpha[t] /= norm;
  logZ += Math.log(norm);
  for (let i = 1; i < to; i++) {
    const row = i * T;
    const prow = row - T;
    norm = 0;
    for (let t = 0; t < T; t++) {
      let acc = 0;
      for (let j = predStart[t], je = predStart[t + 1]; j < je; j++) acc += alpha[prow + pred[j]] * et[j];
      acc *= pot[row + t];
      alpha[row + t] = acc;
      norm += acc;
    }
    for (let t = 0; t < T; t++) alpha[row + t] /= norm;
    if (whole) logZ += Math.log(norm);
  }
  const last = (n - 1) * T;
  let endNorm = 0;
  const expEnd = buf.expRow(endW, scale);
  for (let t = 0; t < T; t++) {
    beta[last + t] = endOk[t] ? expEnd[t] : 0;
    if (whole) endNorm += alpha[last + t] * beta[last + t];
  }
  logZ = whole ? logZ + Math.log(endNorm) : NaN;
  for (let i = n - 2; i >= from; i--) {
    const row = i * T;
    let bn = 0;
    for (let p = 0; p < T; p++) beta[row + p] = 0;
    for (let t = 0; t < T; t++) {
      const x = beta[row + T + t] * pot[row + T + t];
      if (x === 0) continue;
      for (let j = predStart[t], je = predStart[t + 1]; j < je; j++) beta[row + pred[j]] += et[j] * x;
    }
    for (let p = 0; p < T; p++) bn += beta[row + p];
    for (let p = 0; p < T; p++) beta[row + p] /= bn;
  }
  // Marginals: alpha·beta, normalised per token.
  for (let i = from; i < to; i++) {
    const row = i * T;
    let s = 0;
    for (let t = 0; t < T; t++) s += alpha[row + t] * beta[row + t];
    for (let t = 0; t < T; t++) alpha[row + t] = (alpha[row + t] * beta[row + t]) / s;
  }
  return logZ;
}

/** Emission weights stored by feature row, keeping only the non-zero (tag, weight) pairs. */
export interface SparseWeights {
  /** Row of feature f: entries rowStart[f] .. rowStart[f+1]. */
  rowStart: Int32Array;
  rowTags: Uint8Array;
  rowVals: Float32Array;
}

/** Sparse rows of a dense [feature * T + tag] matrix (exact zeros dropped). */
export function sparsify(dense: Weights, T: number): SparseWeights {
  const F = dense.length / T;
  let nz = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nz++;
  const rowStart = new Int32Array(F + 1);
  const rowTags = new Uint8Array(nz);
  const rowVals = new Float32Array(nz);
  let k = 0;
  for (let f = 0; f < F; f++) {
    rowStart[f] = k;
    for (let t = 0; t < T; t++) {
      const x = dense[f * T + t];
      if (x === 0) continue;
      rowTags[k] = t;
      rowVals[k++] = x;
    }
  }
  rowStart[F] = k;
  return { rowStart, rowTags, rowVals };
}

/** em[i*T + t] = Σ w[f, t] over the features f of token i, from sparse rows. */
export function sparseEmissions(w: SparseWeights, T: number, feats: SentenceFeatures, em: Float64Array): void {
  const { ids, offsets, n } = feats;
  const { rowStart, rowTags, rowVals } = w;
  em.fill(0, 0, n * T);
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const f = ids[k];
      for (let j = rowStart[f], je = rowStart[f + 1]; j < je; j++) em[row + rowTags[j]] += rowVals[j];
    }
  }
}

/** A trained tagger, ready to tag. */
export class NerModel {
  readonly tagSet: TagSet;
  readonly T: number;
  readonly extractor: FeatureExtractor;
  /** Emission weights. */
  readonly weights: SparseWeights;
  readonly transitions: { trans: Float32Array; start: Float32Array; end: Float32Array };
  /** Temperature of the span scores (forward-backward over scale·score). */
  scale: number;
  /** Names of the gazetteer feature sources the model was trained with. */
  readonly gazetteers: string[];
  readonly meta: ModelMeta;
  private readonly buf = new DecodeBuffers();
  private path = new Int32Array(256);
  /** The plan of the transition scores (fixed once the model is built). */
  private readonly plan: TransitionPlan;
  /** The plan of exp(scale·trans), for the scale it was made for (`scale` may be recalibrated). */
  private scaledPlan: { scale: number; plan: TransitionPlan } | null = null;

  constructor(args: {
    tags: string[];
    index: FeatureIndex;
    weights: SparseWeights;
    trans: Float32Array;
    start: Float32Array;
    end: Float32Array;
    scale: number;
    gazetteers?: string[];
    meta?: ModelMeta;
  }) {
    const types = [...new Set(args.tags.filter((t) => t !== 'O').map((t) => t.slice(2)))] as NerType[];
    this.tagSet = buildTagSet(types);
    if (this.tagSet.tags.join(' ') !== args.tags.join(' ')) throw new Error(`sitrep: unexpected NER tag set ${args.tags.join(' ')}`);
    this.T = this.tagSet.tags.length;
    args.index.frozen = true;
    if (args.weights.rowStart.length !== args.index.size + 1) throw new Error('sitrep: NER weights do not match the feature index');
    this.extractor = new FeatureExtractor(args.index);
    this.weights = args.weights;
    this.transitions = { trans: args.trans, start: args.start, end: args.end };
    this.scale = args.scale;
    this.gazetteers = args.gazetteers ?? [];
    this.meta = args.meta ?? {};
    this.plan = transitionPlan(this.tagSet, this.transitions.trans);
  }

  private expPlan(): TransitionPlan {
    if (this.scaledPlan?.scale !== this.scale) {
      this.scaledPlan = { scale: this.scale, plan: transitionPlan(this.tagSet, this.buf.expTrans(this.transitions, this.T, this.scale)) };
    }
    return this.scaledPlan.plan;
  }

  /** Weight of a feature (by name) for a tag (by name); 0 when absent. */
  weight(feature: string, tag: string): number {
    const f = this.extractor.index.map.get(feature);
    const t = this.tagSet.id.get(tag);
    if (f === undefined || t === undefined) return 0;
    const { rowStart, rowTags, rowVals } = this.weights;
    for (let j = rowStart[f]; j < rowStart[f + 1]; j++) if (rowTags[j] === t) return rowVals[j];
    return 0;
  }

  /** Emission scores of a sentence, [token * T + tag]. */
  emissions(feats: SentenceFeatures, em: Float64Array): void {
    sparseEmissions(this.weights, this.T, feats, em);
  }

  /**
   * Scores of a word's own features (row 0), its first-word features (row 1) and the features it lends to the
   * tokens two and one after it and one and two before it (rows 2–5), summed once and kept on the word.
   */
  private wordScores(info: WordInfo): Float64Array {
    if (info.scores) return info.scores;
    const T = this.T;
    const out = new Float64Array(6 * T);
    const { rowStart, rowTags, rowVals } = this.weights;
    const addRow = (row: number, f: number): void => {
      if (f < 0) return;
      for (let j = rowStart[f], je = rowStart[f + 1]; j < je; j++) out[row * T + rowTags[j]] += rowVals[j];
    };
    for (const f of info.own) addRow(0, f);
    for (const f of info.first) addRow(1, f);
    for (let r = 0; r < 4; r++) {
      addRow(2 + r, info.ctx[r]);
      addRow(2 + r, info.ctx[r + 4]);
    }
    info.scores = out;
    return out;
  }

  /**
   * Emission scores of positions `from`.. of a sentence of `infos`: the per-position ids (`feats`, row 0 at
   * `from`), plus each word's cached word-level sums.
   */
  private rangeEmissions(feats: SentenceFeatures, infos: readonly WordInfo[], from: number, em: Float64Array): void {
    // `sparseEmissions` and the word-level sums in one pass over the rows, the same additions in the same order;
    // the five words around a position slide along instead of being looked up again for each.
    const T = this.T;
    const { ids, offsets, n } = feats;
    const { rowStart, rowTags, rowVals } = this.weights;
    const ex = this.extractor;
    let p2 = this.wordScores(ex.infoAt(infos, from - 2));
    let p1 = this.wordScores(ex.infoAt(infos, from - 1));
    let own = this.wordScores(ex.infoAt(infos, from));
    let n1 = this.wordScores(ex.infoAt(infos, from + 1));
    for (let i = 0; i < n; i++) {
      const row = i * T;
      const pos = from + i;
      const n2 = this.wordScores(ex.infoAt(infos, pos + 2));
      for (let t = 0; t < T; t++) em[row + t] = 0;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const f = ids[k];
        for (let j = rowStart[f], je = rowStart[f + 1]; j < je; j++) em[row + rowTags[j]] += rowVals[j];
      }
      for (let t = 0, c2 = 2 * T, c3 = 3 * T, c4 = 4 * T, c5 = 5 * T; t < T; t++) em[row + t] += own[t] + p2[c2 + t] + p1[c3 + t] + n1[c4 + t] + n2[c5 + t];
      if (pos === 0) for (let t = 0; t < T; t++) em[row + t] += own[T + t];
      p2 = p1;
      p1 = own;
      own = n1;
      n1 = n2;
    }
  }

  private boundaries: { sentence: Boundary; afterO: Boundary; beforeO: Boundary; inside: Boundary } | null = null;

  /** The four boundary conditions of a window: at the sentence's edges, or next to an O tag. */
  private boundary(atStart: boolean, atEnd: boolean): Boundary {
    if (!this.boundaries) {
      const T = this.T;
      const { trans, start, end } = this.transitions;
      const { allowed, startOk, endOk } = this.tagSet;
      const O = this.tagSet.id.get('O')!;
      const fromO = new Float32Array(T);
      const fromOk = new Uint8Array(T);
      const toO = new Float32Array(T);
      const toOk = new Uint8Array(T);
      for (let t = 0; t < T; t++) {
        fromO[t] = trans[O * T + t];
        fromOk[t] = allowed[O * T + t];
        toO[t] = trans[t * T + O];
        toOk[t] = allowed[t * T + O];
      }
      this.boundaries = {
        sentence: { start, startOk, end, endOk },
        afterO: { start: fromO, startOk: fromOk, end, endOk },
        beforeO: { start, startOk, end: toO, endOk: toOk },
        inside: { start: fromO, startOk: fromOk, end: toO, endOk: toOk },
      };
    }
    const b = this.boundaries;
    return atStart ? (atEnd ? b.sentence : b.beforeO) : atEnd ? b.afterO : b.inside;
  }

  /** Tags one sentence's tokens. */
  tag(words: readonly string[], context: TagContext = {}): NerSpan[] {
    return words.length ? this.tagWindows(words, [0, words.length], context) : [];
  }

  /**
   * Tags windows of one sentence: `windows` holds [from, to) pairs of token positions, in order and disjoint.
   * Features still see the whole sentence (neighbours, first position, document casing); each window is decoded
   * with an O tag assumed just outside it (unless it touches the sentence's edge), which is exactly the
   * sentence-wide decoding wherever the tokens around the window are O. Spans are in sentence positions.
   */
  tagWindows(words: readonly string[], windows: readonly number[], context: TagContext = {}): NerSpan[] {
    const n = words.length;
    if (!n || !windows.length) return [];
    const ex = this.extractor;
    const infos = ex.sentenceInfos(words, windows, context.forms);
    const ucs = context.upperSentence ?? isUpperSentence(words);
    const gazetteer = context.gazetteers ? gazetteerFeatures(context.gazetteers, words) : undefined;
    const fctx = { doc: context.doc, gazetteer };
    const T = this.T;
    const buf = this.buf;
    const spans: NerSpan[] = [];
    const { prefixOf, typeOf } = this.tagSet;
    for (let w = 0; w + 1 < windows.length; w += 2) {
      const from = windows[w];
      const to = windows[w + 1];
      const len = to - from;
      if (len <= 0) continue;
      buf.ensure(len, T);
      if (this.path.length < len) this.path = new Int32Array(Math.max(len, this.path.length * 2));
      const path = this.path;
      const feats = ex.splitRange(words, infos, from, to, ucs, fctx);
      this.rangeEmissions(feats, infos, from, buf.em);
      const bound = this.boundary(from === 0, to === n);
      plannedViterbi(this.tagSet, this.transitions, this.plan, buf.em, len, buf, path, bound);
      // Spans straight from the tag ids (the decoder only produces well-formed BILOU).
      const first = spans.length;
      let start = -1;
      for (let i = 0; i < len; i++) {
        const p = prefixOf[path[i]];
        if (p === 'O') continue;
        if (p === 'U') spans.push({ start: i, end: i + 1, type: typeOf[path[i]]!, score: 1 });
        else if (p === 'B') start = i;
        else if (p === 'L' && start >= 0) {
          spans.push({ start, end: i + 1, type: typeOf[path[i]]!, score: 1 });
          start = -1;
        }
      }
      let score = spans.length > first && !context.noScores;
      if (score && context.scoreIf) {
        score = false;
        for (let k = first; k < spans.length && !score; k++) {
          const s = spans[k];
          score = context.scoreIf({ start: s.start + from, end: s.end + from, type: s.type, score: 1 });
        }
      }
      if (score) {
        // Only the spans' rows are read: the first span's start to the last one's end.
        scaledForwardBackward(this.tagSet, this.transitions, this.expPlan(), buf.em, len, this.scale, buf, bound, spans[first]!.start, spans[spans.length - 1]!.end);
        const marginal = buf.alpha;
        for (let k = first; k < spans.length; k++) {
          const s = spans[k];
          let min = 1;
          for (let i = s.start; i < s.end; i++) min = Math.min(min, marginal[i * T + path[i]]);
          s.score = Math.round(min * 1000) / 1000;
        }
      }
      for (let k = first; k < spans.length; k++) {
        spans[k].start += from;
        spans[k].end += from;
      }
    }
    return spans;
  }
}

/**
 * Feature extraction for the NER tagger.
 *
 * Features are strings interned into a {@link FeatureIndex}. Everything that depends on one word only (its
 * lower-cased form, shape, affixes, flags, and the features it lends to its neighbours: `w-1=…`, `s+2=…`) is
 * computed once per distinct word and cached as feature ids, so tagging a sentence costs a few map lookups per
 * token rather than one string concatenation per feature.
 */

/** A hook for gazetteer features: per-token feature strings for one sentence (e.g. `country:B`, `org:I`). */
export interface GazetteerFeatureSource {
  /** Stable name, recorded in the model: a model trained with a source expects the same source at run time. */
  readonly name: string;
  /** One list of feature strings per token; the tagger prefixes them with `g:`. */
  features(tokens: readonly string[]): ReadonlyArray<readonly string[]>;
}

/** Interns feature strings to dense ids. When frozen, unknown features map to -1 (and are dropped). */
export class FeatureIndex {
  readonly map: Map<string, number>;
  frozen: boolean;

  constructor(map: Map<string, number> = new Map(), frozen = false) {
    this.map = map;
    this.frozen = frozen;
  }

  get size(): number {
    return this.map.size;
  }

  id(key: string): number {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    if (this.frozen) return -1;
    const id = this.map.size;
    this.map.set(key, id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Word shape

const RE_UPPER = /\p{Lu}|\p{Lt}/u;
const RE_LOWER = /\p{Ll}/u;
const RE_LETTER = /\p{L}|\p{M}/u;
const RE_DIGIT = /\p{N}/u;

/** 'X' upper-case letter, 'x' other letter, 'd' digit, otherwise the character itself. */
function charClass(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 128) {
    if (c >= 65 && c <= 90) return 'X';
    if (c >= 97 && c <= 122) return 'x';
    if (c >= 48 && c <= 57) return 'd';
    return ch;
  }
  if (RE_UPPER.test(ch)) return 'X';
  if (RE_LETTER.test(ch)) return 'x';
  if (RE_DIGIT.test(ch)) return 'd';
  return ch;
}

/** Word shape with runs of one class cut at 4: `Oumarou` → `Xxxxx`, `1996-08-22` → `dddd-dd-dd`, `U.S.` → `X.X.`. */
export function wordShape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const c = charClass(ch);
    if (c === last) {
      if (++run >= 4) continue;
    } else {
      last = c;
      run = 0;
    }
    out += c;
  }
  return out;
}

/** Word shape with every run collapsed: `Oumarou` → `Xx`, `1996-08-22` → `d-d-d`, `McDonald` → `XxXx`. */
export function shortShape(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const c = charClass(ch);
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

export interface WordFlags {
  /** First character is an upper-case letter. */
  cap: boolean;
  /** Has letters and none of them is lower-case. */
  upper: boolean;
  /** Has letters and none of them is upper-case. */
  lower: boolean;
  hasLetter: boolean;
  hasDigit: boolean;
  allDigit: boolean;
  hasHyphen: boolean;
  hasPeriod: boolean;
  hasApostrophe: boolean;
  /** An upper-case letter after a lower-case one: `McDonald`, `iPhone`. */
  innerCap: boolean;
  /** `J.` */
  initial: boolean;
  /** `U.S.`, `U.N.` */
  acronym: boolean;
}

export function wordFlags(word: string): WordFlags {
  let upperN = 0;
  let lowerN = 0;
  let letterN = 0;
  let digitN = 0;
  let innerCap = false;
  let prevLower = false;
  for (const ch of word) {
    const c = charClass(ch);
    if (c === 'X') {
      upperN++;
      letterN++;
      if (prevLower) innerCap = true;
      prevLower = false;
    } else if (c === 'x') {
      letterN++;
      const isLower = ch.charCodeAt(0) < 128 || RE_LOWER.test(ch);
      if (isLower) lowerN++;
      prevLower = isLower;
    } else {
      if (c === 'd') digitN++;
      prevLower = false;
    }
  }
  const first = word.length ? charClass(String.fromCodePoint(word.codePointAt(0)!)) : '';
  return {
    cap: first === 'X',
    upper: letterN > 0 && lowerN === 0,
    lower: letterN > 0 && upperN === 0,
    hasLetter: letterN > 0,
    hasDigit: digitN > 0,
    allDigit: digitN > 0 && digitN === [...word].length,
    hasHyphen: word.includes('-'),
    hasPeriod: word.includes('.'),
    hasApostrophe: word.includes("'") || word.includes('’'),
    innerCap,
    initial: /^\p{Lu}\.$/u.test(word),
    acronym: /^(\p{Lu}\.){2,}$/u.test(word),
  };
}

const flagCache = new Map<string, WordFlags & { letters: number }>();

/** `wordFlags` plus the letter count, memoised (bounded). */
function cachedFlags(word: string): WordFlags & { letters: number } {
  let hit = flagCache.get(word);
  if (hit) return hit;
  let letters = 0;
  for (const ch of word) {
    const c = charClass(ch);
    if (c === 'X' || c === 'x') letters++;
  }
  hit = { ...wordFlags(word), letters };
  if (flagCache.size >= 100_000) flagCache.clear();
  flagCache.set(word, hit);
  return hit;
}

/** Lower-cased with digits folded to 0 (`1996` → `0000`): the word-identity feature value. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/\p{Nd}/gu, '0');
}

/** Whether a sentence is set in capitals (headlines): every token with 2+ letters has no lower-case letter. */
export function isUpperSentence(words: readonly string[]): boolean {
  let n = 0;
  for (const w of words) {
    const f = cachedFlags(w);
    if (f.letters < 2) continue;
    if (!f.upper) return false;
    n++;
  }
  return n > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Document statistics

/** Bits of `casingBits`: first letter upper-case (`WordFlags.cap`), `upper`, `lower`, `hasLetter`, 2+ letters, any upper-case letter. */
export const CASE_CAP = 1;
export const CASE_UPPER = 2;
export const CASE_LOWER = 4;
export const CASE_LETTER = 8;
export const CASE_LETTERS2 = 16;
export const CASE_ANY_UPPER = 32;
/** Not part of the features: the word has a character outside ASCII (the slow path read it). */
export const CASE_NON_ASCII = 64;

/** A word's casing as the features read it (see `wordFlags`), packed in bits: a fast path for ASCII words. */
export function casingBits(word: string): number {
  let up = 0;
  let low = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return slowCasingBits(word);
    if (c >= 65 && c <= 90) up++;
    else if (c >= 97 && c <= 122) low++;
  }
  const letters = up + low;
  const first = word.charCodeAt(0);
  return (first >= 65 && first <= 90 ? CASE_CAP : 0) | (letters && !low ? CASE_UPPER : 0) | (letters && !up ? CASE_LOWER : 0) | (letters ? CASE_LETTER : 0) | (letters >= 2 ? CASE_LETTERS2 : 0) | (up ? CASE_ANY_UPPER : 0);
}

const RE_ANY_UPPER = /\p{Lu}|\p{Lt}/u;

function slowCasingBits(word: string): number {
  const f = cachedFlags(word);
  return (f.cap ? CASE_CAP : 0) | (f.upper ? CASE_UPPER : 0) | (f.lower ? CASE_LOWER : 0) | (f.hasLetter ? CASE_LETTER : 0) | (f.letters >= 2 ? CASE_LETTERS2 : 0) | (RE_ANY_UPPER.test(word) ? CASE_ANY_UPPER : 0) | CASE_NON_ASCII;
}

/** `isUpperSentence` of the tokens from..to, given their `casingBits`. */
export function isUpperRange(casing: Uint8Array, from: number, to: number): boolean {
  let ucs = false;
  for (let i = from; i < to; i++) {
    const b = casing[i];
    if (!(b & CASE_LETTERS2)) continue;
    if (!(b & CASE_UPPER)) return false;
    ucs = true;
  }
  return ucs;
}

/**
 * `documentStats` of a tokenised document given as flat arrays: each token's lower-case form, its `casingBits`
 * and its sentence number (sentences contiguous). The same statistics, without re-reading the words, except that
 * lower-case counts are kept only for words the document also writes with a capital (the only ones the features
 * ask about).
 */
export function documentStatsOf(lower: readonly string[], casing: Uint8Array, sentenceOf: Int32Array, lowerIds?: Int32Array): DocumentStats {
  const capMid = new Map<string, number>();
  const lowerCounts = new Map<string, number>();
  const runs = new Map<string, Int32Array>();
  const n = lower.length;
  const capitalised = lowerIds ? null : new Set<string>();
  if (lowerIds) {
    // Marked by number, this call's stamp, rather than collected in a set of strings.
    capitalisedStamp++;
    for (let i = 0; i < n; i++) {
      if (!(casing[i] & CASE_ANY_UPPER)) continue;
      const id = lowerIds[i];
      if (id >= capitalisedMarks.length) {
        const grown = new Int32Array(Math.max(id + 1, capitalisedMarks.length * 2));
        grown.set(capitalisedMarks);
        capitalisedMarks = grown;
      }
      capitalisedMarks[id] = capitalisedStamp;
    }
  } else for (let i = 0; i < n; i++) if (casing[i] & CASE_ANY_UPPER) capitalised!.add(lower[i]);
  const isCapitalised = (i: number): boolean => (lowerIds ? lowerIds[i] < capitalisedMarks.length && capitalisedMarks[lowerIds[i]] === capitalisedStamp : capitalised!.has(lower[i]));
  for (let from = 0; from < n; ) {
    let to = from + 1;
    while (to < n && sentenceOf[to] === sentenceOf[from]) to++;
    if (!isUpperRange(casing, from, to)) {
      for (let i = from; i < to; i++) {
        const b = casing[i];
        if (!(b & CASE_LETTER)) continue;
        const key = lower[i];
        if (b & CASE_LOWER) {
          if (isCapitalised(i)) lowerCounts.set(key, (lowerCounts.get(key) ?? 0) + 1);
        } else if (b & CASE_CAP && i > from) {
          capMid.set(key, (capMid.get(key) ?? 0) + 1);
          let r = runs.get(key);
          if (!r) runs.set(key, (r = new Int32Array(4)));
          // runRole(caps, i, 1) within the sentence: i > from here.
          const before = casing[i - 1] & CASE_CAP && i - 1 > from;
          const after = i + 1 < to && casing[i + 1] & CASE_CAP;
          r[before ? (after ? 2 : 3) : after ? 1 : 0]++;
        }
      }
    }
    from = to;
  }
  return { capMid, lower: lowerCounts, runs };
}

/** Per lower-case form number: the stamp of the last `documentStatsOf` call that saw it written with a capital. */
let capitalisedMarks = new Int32Array(1024);
let capitalisedStamp = 0;

/**
 * What the rest of the document says about a word (keyed lower-case): how often it was seen capitalised
 * mid-sentence, lower-case, and where in runs of capitalised words (mid-sentence, not in all-caps sentences).
 */
export interface DocumentStats {
  capMid: Map<string, number>;
  lower: Map<string, number>;
  /** Counts [alone, first of a run, inside a run, last of a run] of capitalised words. */
  runs: Map<string, Int32Array>;
}

/** Position of token i in its run of capitalised tokens (tokens before `from` are not counted): 0 alone, 1 first, 2 inside, 3 last; -1 when not capitalised. */
function runRole(caps: readonly boolean[], i: number, from: number): number {
  if (!caps[i] || i < from) return -1;
  const before = i > from && caps[i - 1];
  const after = i + 1 < caps.length && caps[i + 1];
  return before ? (after ? 2 : 3) : after ? 1 : 0;
}

export function documentStats(sentences: ReadonlyArray<readonly string[]>): DocumentStats {
  const capMid = new Map<string, number>();
  const lower = new Map<string, number>();
  const runs = new Map<string, Int32Array>();
  for (const words of sentences) {
    if (isUpperSentence(words)) continue;
    const caps = words.map((w) => cachedFlags(w).cap);
    for (let i = 0; i < words.length; i++) {
      const f = cachedFlags(words[i]);
      if (!f.hasLetter) continue;
      const key = words[i].toLowerCase();
      if (f.lower) lower.set(key, (lower.get(key) ?? 0) + 1);
      else if (f.cap && i > 0) {
        capMid.set(key, (capMid.get(key) ?? 0) + 1);
        let r = runs.get(key);
        if (!r) runs.set(key, (r = new Int32Array(4)));
        r[runRole(caps, i, 1)]++;
      }
    }
  }
  return { capMid, lower, runs };
}

// ---------------------------------------------------------------------------------------------------------------
// The extractor

export interface WordInfo {
  /** Small integer naming this cache entry (keys the bigram cache). */
  vid: number;
  /** Small integer naming the short shape (keys the shape-trigram cache). */
  sid: number;
  /** Plain lower-case (document statistics key). */
  lc: string;
  /** Normalised form (feature value). */
  norm: string;
  short: string;
  flags: WordFlags;
  /** Features of the word at the current position. */
  own: Int32Array;
  /** Extra features when it opens the sentence. */
  first: Int32Array;
  /** Features lent to neighbours: w-2, w-1, w+1, w+2, s-2, s-1, s+1, s+2 (−1 when unknown). */
  ctx: Int32Array;
  /**
   * The emission scores these word-level features add up to, kept by the model that owns the extractor (see
   * `NerModel.tag`): the same for every occurrence of the word, so summed once rather than per token.
   */
  scores?: Float64Array;
}

/** A sentence's features split for scoring: the per-position ids, and the words whose own features are left out. */
export interface SplitSentenceFeatures extends SentenceFeatures {
  /** The words of the sentence with the sentinels around it: infos[0..1] before, infos[n+2..n+3] after. */
  infos: WordInfo[];
}

const CTX = ['w-2=', 'w-1=', 'w+1=', 'w+2=', 's-2=', 's-1=', 's+1=', 's+2='] as const;
/** Word-pair templates: (w-1, w), (w, w+1), (w-2, w-1), (w+1, w+2), (w-1, w+1). */
const PAIR_KINDS = ['b-=', 'b+=', 'c-=', 'c+=', 'c='] as const;
/**
 * Longest prefix feature. Prefixes mostly re-memorise CoNLL's word list (e.g. `ham…` → ORG from sports teams) and
 * did not help on held-out eng.train documents (91.7 F1 with none vs 91.8 with 1–4), so they are off.
 */
const PREFIX_MAX: number = 0;
const LEN_BUCKET = ['0', '1', '2', '3', '4', '5', '5', '7', '7', '7'];

/**
 * Open-addressing hash map from two non-negative int32 keys to an int32 value (memoises pair feature ids). Each
 * slot holds [keyA, keyB, value] side by side, so a probe touches one cache line.
 */
class IntPairMap {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(private bits = 18) {
    this.slots = IntPairMap.empty(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  private static empty(size: number): Int32Array {
    const slots = new Int32Array(size * 3);
    for (let i = 0; i < slots.length; i += 3) slots[i] = -1;
    return slots;
  }

  /** The slot's offset in `slots`: the pair's, or the free one where it would go. */
  private slot(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h ^= h >>> 15;
    let i = h & this.mask;
    const slots = this.slots;
    for (;;) {
      const o = i * 3;
      const k = slots[o];
      if (k === -1 || (k === a && slots[o + 1] === b)) return o;
      i = (i + 1) & this.mask;
    }
  }

  /** The value, or undefined. */
  get(a: number, b: number): number | undefined {
    const o = this.slot(a, b);
    return this.slots[o] === -1 ? undefined : this.slots[o + 2];
  }

  set(a: number, b: number, value: number): void {
    if (this.count * 4 >= (this.mask + 1) * 3) {
      if (this.bits < 22) {
        // Grow once or twice; past that, start over (a bounded cache).
        const old = this.slots;
        this.bits++;
        this.slots = IntPairMap.empty(1 << this.bits);
        this.mask = (1 << this.bits) - 1;
        for (let o = 0; o < old.length; o += 3) {
          if (old[o] === -1) continue;
          const j = this.slot(old[o]!, old[o + 1]!);
          this.slots[j] = old[o]!;
          this.slots[j + 1] = old[o + 1]!;
          this.slots[j + 2] = old[o + 2]!;
        }
      } else this.clear();
    }
    const o = this.slot(a, b);
    if (this.slots[o] === -1) this.count++;
    this.slots[o] = a;
    this.slots[o + 1] = b;
    this.slots[o + 2] = value;
  }

  clear(): void {
    for (let o = 0; o < this.slots.length; o += 3) this.slots[o] = -1;
    this.count = 0;
  }
}

/** Numbers of the words' forms (equal words, equal numbers) while `epoch` stays the same. */
export interface WordForms {
  ids: Int32Array;
  epoch: number;
}

/** Feature ids of one sentence: token i owns ids[offsets[i] .. offsets[i+1]). */
export interface SentenceFeatures {
  ids: Int32Array;
  offsets: Int32Array;
  n: number;
}

export interface FeatureContext {
  /** Casing statistics of the whole document (default: of this sentence alone). */
  doc?: DocumentStats;
  /** Per-token gazetteer features (already gathered from the sources). */
  gazetteer?: ReadonlyArray<readonly string[]>;
}

export class FeatureExtractor {
  readonly index: FeatureIndex;
  private readonly cache = new Map<string, WordInfo>();
  private bos: WordInfo;
  private eos: WordInfo;
  /**
   * Cache bound for long-running processes. Each entry also carries its summed scores once tagged (~0.8 KB), so
   * the bound keeps the cache under ~150 MB however much text goes through.
   */
  maxCache = 100_000;

  private readonly biasId: number;
  private readonly ucsId: number;
  private readonly docIds = new Map<string, number>();
  /** `docIds` by number: position (0 F, 1 M, 2 U) · 4 + (capitalised mid-sentence elsewhere ? 2 : 0) + (lower-case elsewhere ? 1 : 0). */
  private readonly docIdByCode = new Int32Array(12);
  private readonly runIds: number[] = [];
  /** Memoised ids of the pair and triple features, keyed by word / shape numbers (same result as the string lookup). */
  /** Starts small (it doubles up to 2^22 slots as pairs come in), so a small vocabulary's table stays in cache. */
  private readonly pairs = new IntPairMap(12);
  private readonly triples = new IntPairMap(12);
  private readonly shapes = new Map<string, number>();
  private nextVid = 0;
  /** Word infos by the caller's word form numbers (see `sentenceInfos`), dropped whenever the cache starts over. */
  private byForm: (WordInfo | undefined)[] = [];
  private byFormEpoch = -1;
  private buf = new Int32Array(4096);
  private offs = new Int32Array(256);

  constructor(index: FeatureIndex) {
    this.index = index;
    this.biasId = index.id('bias');
    this.ucsId = index.id('UCS');
    for (const pos of ['F', 'M', 'U']) {
      for (const c of ['C', '-']) for (const l of ['L', '-']) this.docIds.set(pos + c + l, index.id(`d:${pos}${c}${l}`));
    }
    ['F', 'M', 'U'].forEach((pos, p) => {
      for (const c of ['C', '-']) for (const l of ['L', '-']) this.docIdByCode[p * 4 + (c === 'C' ? 2 : 0) + (l === 'L' ? 1 : 0)] = this.docIds.get(pos + c + l)!;
    });
    this.bos = this.sentinel('<s>');
    this.eos = this.sentinel('</s>');
    for (let bits = 0; bits < 16; bits++) this.runIds.push(index.id(`dr:${bits.toString(2).padStart(4, '0')}`));
  }

  private sentinel(name: string): WordInfo {
    const ctx = new Int32Array(CTX.length);
    for (let k = 0; k < CTX.length; k++) ctx[k] = this.index.id(CTX[k] + name);
    return { vid: this.nextVid++, sid: this.shapeId(name), lc: name, norm: name, short: name, flags: wordFlags(''), own: new Int32Array(0), first: new Int32Array(0), ctx };
  }

  private shapeId(short: string): number {
    let id = this.shapes.get(short);
    if (id === undefined) {
      id = this.shapes.size;
      this.shapes.set(short, id);
    }
    return id;
  }

  private ids(keys: string[]): Int32Array {
    const out: number[] = [];
    for (const k of keys) {
      const id = this.index.id(k);
      if (id >= 0) out.push(id);
    }
    return Int32Array.from(out);
  }

  /** Word-level features, cached per distinct word form. */
  word(word: string): WordInfo {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const lc = word.toLowerCase();
    const norm = normalizeWord(word);
    const shape = wordShape(word);
    const short = shortShape(word);
    const f = wordFlags(word);
    const chars = [...lc];
    const keys = [`w=${norm}`, `sh=${shape}`, `ss=${short}`];
    for (let k = 1; k <= 4 && k <= chars.length; k++) {
      if (k <= PREFIX_MAX) keys.push(`p${k}=${chars.slice(0, k).join('')}`);
      keys.push(`x${k}=${chars.slice(-k).join('')}`);
    }
    keys.push(`len=${LEN_BUCKET[Math.min(chars.length, 9)]}`);
    if (f.cap) keys.push('f:cap');
    if (f.upper) keys.push('f:upper');
    if (f.lower) keys.push('f:lower');
    if (!f.hasLetter && !f.hasDigit) keys.push('f:punct');
    if (f.hasDigit) keys.push(f.allDigit ? 'f:alldig' : 'f:dig');
    if (f.hasHyphen) keys.push('f:hyph');
    if (f.hasPeriod) keys.push('f:period');
    if (f.hasApostrophe) keys.push('f:apos');
    if (f.innerCap) keys.push('f:inner');
    if (f.initial) keys.push('f:initial');
    if (f.acronym) keys.push('f:acronym');
    const own = this.ids(keys);
    const first = this.ids([`F|w=${norm}`, `F|ss=${short}`]);
    const ctx = new Int32Array(CTX.length);
    for (let k = 0; k < 4; k++) ctx[k] = this.index.id(CTX[k] + norm);
    for (let k = 4; k < 8; k++) ctx[k] = this.index.id(CTX[k] + short);
        const info: WordInfo = { vid: this.nextVid++, sid: this.shapeId(short), lc, norm, short, flags: f, own, first, ctx };
    this.cache.set(word, info);
    return info;
  }

  private reset(): void {
    this.cache.clear();
    this.byForm = [];
    this.pairs.clear();
    this.triples.clear();
    this.shapes.clear();
    this.nextVid = 0;
    // The sentinels keep their numbers: re-register them first.
    this.bos = this.sentinel('<s>');
    this.eos = this.sentinel('</s>');
  }

  private pair(kind: number, a: WordInfo, b: WordInfo): number {
    if (a.vid >= 0x400000 || b.vid >= 0x400000) return this.index.id(`${PAIR_KINDS[kind]}${a.norm}|${b.norm}`);
    const kb = b.vid * 8 + kind;
    let id = this.pairs.get(a.vid, kb);
    if (id === undefined) {
      id = this.index.id(`${PAIR_KINDS[kind]}${a.norm}|${b.norm}`);
      this.pairs.set(a.vid, kb, id);
    }
    return id;
  }

  private triple(a: WordInfo, b: WordInfo, c: WordInfo): number {
    if (a.sid >= 0x8000 || b.sid >= 0x8000 || c.sid >= 0x8000) return this.index.id(`t=${a.short}|${b.short}|${c.short}`);
    const ka = a.sid * 0x8000 + b.sid;
    let id = this.triples.get(ka, c.sid);
    if (id === undefined) {
      id = this.index.id(`t=${a.short}|${b.short}|${c.short}`);
      this.triples.set(ka, c.sid, id);
    }
    return id;
  }

  private push(n: number, id: number): number {
    if (id < 0) return n;
    if (n >= this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[n] = id;
    return n + 1;
  }

  /**
   * Feature ids of every token of a sentence. The returned arrays are views into buffers reused by the next call:
   * copy them (`copySentenceFeatures`) to keep them.
   */
  sentence(words: readonly string[], context: FeatureContext = {}): SentenceFeatures {
    return this.extract(words, context, true);
  }

  /**
   * Like `sentence`, but without the features that depend on one word only (its own, its first-word and the
   * ones it lends to neighbours): the caller adds their scores from `infos`. Same reuse rule as `sentence`.
   */
  splitSentence(words: readonly string[], context: FeatureContext = {}): SplitSentenceFeatures {
    const feats = this.extract(words, context, false);
    const infos = [this.bos, this.bos, ...this.infos, this.eos, this.eos];
    return { ...feats, infos };
  }

  private infos: WordInfo[] = [];

  /**
   * The word-level features of every token of a sentence (bounding the caches first: never inside a sentence,
   * since word numbers must stay unique while it is tagged), or only of those `splitRange` reads for the given
   * windows ([from, to) pairs). Pass the result to `splitRange`.
   */
  sentenceInfos(words: readonly string[], windows?: readonly number[], forms?: WordForms): WordInfo[] {
    const n = words.length;
    if (this.cache.size + n > this.maxCache || this.shapes.size + n > 0x7fff) this.reset();
    const infos = new Array<WordInfo>(n);
    if (!windows) {
      for (let i = 0; i < n; i++) infos[i] = this.word(words[i]);
      return infos;
    }
    if (forms && forms.ids.length === n) {
      // The same word form has the same info: kept by form number, so no lookup by string.
      if (forms.epoch !== this.byFormEpoch) {
        this.byForm = [];
        this.byFormEpoch = forms.epoch;
      }
      const byForm = this.byForm;
      for (let w = 0; w + 1 < windows.length; w += 2) {
        for (let i = Math.max(0, windows[w] - 2), e = Math.min(n, windows[w + 1] + 2); i < e; i++) {
          if (infos[i]) continue;
          const id = forms.ids[i];
          // Filled densely, so the array never turns into a dictionary.
          while (byForm.length <= id) byForm.push(undefined);
          infos[i] = byForm[id] ??= this.word(words[i]);
        }
      }
      return infos;
    }
    // Only what the windows' features read: their tokens and two on each side.
    for (let w = 0; w + 1 < windows.length; w += 2) {
      for (let i = Math.max(0, windows[w] - 2), e = Math.min(n, windows[w + 1] + 2); i < e; i++) infos[i] ??= this.word(words[i]);
    }
    return infos;
  }

  /** The word information of position j of a sentence of `infos`, the sentinels outside it. */
  infoAt(infos: readonly WordInfo[], j: number): WordInfo {
    return j < 0 ? this.bos : j >= infos.length ? this.eos : infos[j];
  }

  /**
   * Like `splitSentence`, but for positions `from`..`to` of the sentence only (token `from` is row 0 of the
   * result); features still look at the whole sentence (neighbours, casing, first position). `infos` comes from
   * `sentenceInfos(words)`, `ucs` from `isUpperSentence(words)`. Same reuse rule as `sentence`.
   */
  splitRange(words: readonly string[], infos: readonly WordInfo[], from: number, to: number, ucs: boolean, context: FeatureContext = {}): SentenceFeatures {
    if (this.offs.length < to - from + 1) this.offs = new Int32Array(Math.max(to - from + 1, this.offs.length * 2));
    return this.extractRange(words, infos, from, to, ucs, context, false);
  }

  private extract(words: readonly string[], context: FeatureContext, lexical: boolean): SentenceFeatures {
    const n = words.length;
    if (this.offs.length < n + 1) this.offs = new Int32Array(Math.max(n + 1, this.offs.length * 2));
    const infos = this.sentenceInfos(words);
    this.infos = infos;
    return this.extractRange(words, infos, 0, n, isUpperSentence(words), context, lexical);
  }

  private extractRange(words: readonly string[], infos: readonly WordInfo[], from: number, to: number, ucs: boolean, context: FeatureContext, lexical: boolean): SentenceFeatures {
    const n = words.length;
    const doc = context.doc ?? documentStats([words]);
    const gaz = context.gazetteer;
    const index = this.index;
    const bos = this.bos;
    const eos = this.eos;
    let m = 0;
    for (let i = from; i < to; i++) {
      this.offs[i - from] = m;
      const cur = infos[i];
      const p1 = i > 0 ? infos[i - 1] : bos;
      const p2 = i > 1 ? infos[i - 2] : bos;
      const n1 = i + 1 < n ? infos[i + 1] : eos;
      const n2 = i + 2 < n ? infos[i + 2] : eos;
      m = this.push(m, this.biasId);
      if (lexical) {
        for (let k = 0; k < cur.own.length; k++) m = this.push(m, cur.own[k]);
        if (i === 0) for (let k = 0; k < cur.first.length; k++) m = this.push(m, cur.first[k]);
        m = this.push(m, p2.ctx[0]);
        m = this.push(m, p1.ctx[1]);
        m = this.push(m, n1.ctx[2]);
        m = this.push(m, n2.ctx[3]);
        m = this.push(m, p2.ctx[4]);
        m = this.push(m, p1.ctx[5]);
        m = this.push(m, n1.ctx[6]);
        m = this.push(m, n2.ctx[7]);
      }
      m = this.push(m, this.pair(0, p1, cur));
      m = this.push(m, this.pair(1, cur, n1));
      m = this.push(m, this.pair(2, p2, p1));
      m = this.push(m, this.pair(3, n1, n2));
      m = this.push(m, this.pair(4, p1, n1));
      m = this.push(m, this.triple(p1, cur, n1));
      if (ucs) m = this.push(m, this.ucsId);
      const f = cur.flags;
      if (f.cap) {
        const pos = ucs ? 2 : i === 0 ? 0 : 1; // U, F, M
        let cm = doc.capMid.get(cur.lc) ?? 0;
        if (pos === 1) cm--;
        const lc = doc.lower.get(cur.lc) ?? 0;
        m = this.push(m, this.docIdByCode[pos * 4 + (cm > 0 ? 2 : 0) + (lc > 0 ? 1 : 0)]!);
        const r = doc.runs.get(cur.lc);
        if (r) {
          const self = pos === 1 ? infoRunRole(infos, i, 1) : -1;
          let bits = 0;
          for (let k = 0; k < 4; k++) if (r[k] - (k === self ? 1 : 0) > 0) bits |= 1 << k;
          if (bits) m = this.push(m, this.runIds[bits]);
        }
      }
      const g = gaz?.[i];
      if (g) for (const key of g) m = this.push(m, index.id(`g:${key}`));
    }
    this.offs[to - from] = m;
    return { ids: this.buf.subarray(0, m), offsets: this.offs.subarray(0, to - from + 1), n: to - from };
  }
}

/** `runRole` over word infos (their `flags.cap`). */
function infoRunRole(infos: readonly WordInfo[], i: number, from: number): number {
  if (!infos[i].flags.cap || i < from) return -1;
  const before = i > from && infos[i - 1].flags.cap;
  const after = i + 1 < infos.length && infos[i + 1].flags.cap;
  return before ? (after ? 2 : 3) : after ? 1 : 0;
}

export function copySentenceFeatures(s: SentenceFeatures): SentenceFeatures {
  return { ids: s.ids.slice(), offsets: s.offsets.slice(), n: s.n };
}

/** Gathers the per-token features of several gazetteer sources for one sentence. */
export function gazetteerFeatures(sources: readonly GazetteerFeatureSource[], words: readonly string[]): string[][] | undefined {
  if (!sources.length) return undefined;
  const out: string[][] = words.map(() => []);
  for (const src of sources) {
    const feats = src.features(words);
    for (let i = 0; i < words.length; i++) for (const f of feats[i] ?? []) out[i].push(`${src.name}:${f}`);
  }
  return out;
}

import type { Span } from '../../model/span.js';
import { CASE_ANY_UPPER, CASE_NON_ASCII, casingBits } from './tagger/features.js';

/** Token texts and casing of a document, computed once and shared by every entity recogniser. */
export interface TokenView {
  text: string;
  spans: readonly Span[];
  words: string[];
  /** Number of each token's word form in `wordForms` (valid while `wordForms.epoch` is `formsEpoch`). */
  formIds: Int32Array;
  formsEpoch: number;
  lower: string[];
  /** Number of each token's lower case (equal lower-case words, equal numbers; valid like `formIds`). */
  lowerIds: Int32Array;
  /** 1 when the word starts with an upper-case letter, else 0. */
  cap: Uint8Array;
  /** `casingBits` of each word (the casing the tagger's features read). */
  casing: Uint8Array;
  /** Index of the sentence holding each token. */
  sentenceOf: Int32Array;
  /** Index of each sentence's first token. */
  sentenceStart: number[];
}

const TRAIT_CASING = 0x7f;
const TRAIT_CAP = 0x80;
const TRAIT_LOWER_SHIFT = 8;

/** Distinct forms the table holds before it starts over (between documents, so ids stay valid within one). */
const MAX_FORMS = 200_000;
/** Hash slots to start with (a power of two); the table doubles to stay at most half full. */
const FIRST_SLOTS = 1 << 12;

/**
 * Word forms seen so far, numbered in order of first sight, with what the recognisers read off a form alone
 * (lower case, casing bits, initial capital). News repeats its vocabulary, so each token costs one lookup
 * instead of re-reading its characters; recognisers can key their own per-form memos on the number (see
 * `epoch`). The lookup hashes the token's characters in the text itself: a form already seen needs no new
 * string.
 */
class WordForms {
  /** Form number + 1 per hash slot (0: empty); kept small while the vocabulary is, so it stays in cache. */
  private slots = new Int32Array(FIRST_SLOTS);
  private hashes = new Int32Array(1024);
  readonly forms: string[] = [];
  readonly lower: string[] = [];
  /**
   * Per form, packed in one number so that a token reads one entry: its casing bits (`casingBits`, bits 0–6), whether
   * it starts with an upper-case letter (bit 7) and the number of its lower case (equal lower cases, equal numbers;
   * bits 8 and up).
   */
  traits = new Int32Array(1024);
  private readonly lowerIds = new Map<string, number>();
  /** Changes whenever the numbering starts over: memos keyed by form number must be dropped then. */
  epoch = 0;

  /** Starts over when the table is full; call only between documents. */
  bound(): void {
    if (this.forms.length < MAX_FORMS) return;
    this.slots = new Int32Array(FIRST_SLOTS);
    this.forms.length = 0;
    this.lower.length = 0;
    this.lowerIds.clear();
    this.epoch++;
  }

  /** The number of the form `text.slice(start, end)`. */
  id(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = (h ^ (h >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[slot]!;
      if (stored === 0) {
        const id = this.add(detached(text.slice(start, end)), h);
        slots[slot] = id + 1;
        if (this.forms.length * 2 > slots.length) this.grow();
        return id;
      }
      const id = stored - 1;
      if (this.hashes[id] !== h) continue;
      const form = this.forms[id]!;
      if (form.length !== length) continue;
      let same = true;
      for (let k = 0; k < length && same; k++) same = form.charCodeAt(k) === text.charCodeAt(start + k);
      if (same) return id;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.forms.length; id++) {
      const h = this.hashes[id]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }

  private add(w: string, hash: number): number {
    const id = this.forms.length;
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.forms.push(w);
    const b = casingBits(w);
    // An ASCII word without capitals is its own lower case.
    const lower = b & (CASE_ANY_UPPER | CASE_NON_ASCII) ? w.toLowerCase() : w;
    this.lower.push(lower);
    let lowerId = this.lowerIds.get(lower);
    if (lowerId === undefined) this.lowerIds.set(lower, (lowerId = this.lowerIds.size));
    const c = w.charCodeAt(0);
    const cap = c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w);
    if (id === this.traits.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.traits);
      this.traits = grown;
    }
    this.traits[id] = b | (cap ? TRAIT_CAP : 0) | (lowerId << TRAIT_LOWER_SHIFT);
    return id;
  }
}

/**
 * A copy of a slice that does not keep its whole document alive: V8 makes a long slice (13 characters and more) a
 * view into the parent string, and the table outlives documents.
 */
function detached(slice: string): string {
  return slice.length < 13 ? slice : (' ' + slice).slice(1);
}

export const wordForms = new WordForms();

export function tokenView(text: string, tokens: readonly Span[], sentences: readonly Span[]): TokenView {
  const n = tokens.length;
  const forms = wordForms;
  forms.bound();
  const words = new Array<string>(n);
  const formIds = new Int32Array(n);
  const lower = new Array<string>(n);
  const lowerIds = new Int32Array(n);
  const cap = new Uint8Array(n);
  const casing = new Uint8Array(n);
  const sentenceOf = new Int32Array(n);
  const sentenceStart: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++;
    sentenceOf[i] = s;
    if (sentenceStart[s] === undefined) sentenceStart[s] = i;
    const id = forms.id(text, t.start, t.end);
    words[i] = forms.forms[id]!;
    formIds[i] = id;
    const traits = forms.traits[id]!;
    casing[i] = traits & TRAIT_CASING;
    lower[i] = forms.lower[id]!;
    lowerIds[i] = traits >>> TRAIT_LOWER_SHIFT;
    cap[i] = (traits & TRAIT_CAP) >>> 7;
  }
  return { text, spans: tokens, words, formIds, formsEpoch: forms.epoch, lower, lowerIds, cap, casing, sentenceOf, sentenceStart };
}

/** True when tokens i and j are in the same sentence with nothing but spaces between them. */
export function joined(view: TokenView, i: number, j: number): boolean {
  if (view.sentenceOf[i] !== view.sentenceOf[j]) return false;
  const from = view.spans[i]!.end;
  const gap = view.spans[j]!.start - from;
  return gap <= 0 || (gap === 1 && view.text.charCodeAt(from) !== 10);
}

/** Marks after which a word opens a sentence as well ("“The"). */
const OPENING_MARKS = '"“‘\'(';

export function isSentenceInitial(view: TokenView, i: number): boolean {
  if (view.sentenceStart[view.sentenceOf[i]!] === i) return true;
  const before = view.words[i - 1];
  return before !== undefined && before.length === 1 && OPENING_MARKS.includes(before);
}

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
  /** Starts with an upper-case letter. */
  cap: boolean[];
  /** `casingBits` of each word (the casing the tagger's features read). */
  casing: Uint8Array;
  /** Index of the sentence holding each token. */
  sentenceOf: Int32Array;
  /** Index of each sentence's first token. */
  sentenceStart: number[];
}

/** Distinct forms the table holds before it starts over (between documents, so ids stay valid within one). */
const MAX_FORMS = 200_000;

/**
 * Word forms seen so far, numbered in order of first sight, with what the recognisers read off a form alone
 * (lower case, casing bits, initial capital). News repeats its vocabulary, so each token costs one lookup
 * instead of re-reading its characters; recognisers can key their own per-form memos on the number (see
 * `epoch`).
 */
class WordForms {
  private readonly ids = new Map<string, number>();
  readonly lower: string[] = [];
  readonly casing: number[] = [];
  readonly cap: boolean[] = [];
  /** Changes whenever the numbering starts over: memos keyed by form number must be dropped then. */
  epoch = 0;

  /** Starts over when the table is full; call only between documents. */
  bound(): void {
    if (this.ids.size < MAX_FORMS) return;
    this.ids.clear();
    this.lower.length = 0;
    this.casing.length = 0;
    this.cap.length = 0;
    this.epoch++;
  }

  id(w: string): number {
    let id = this.ids.get(w);
    if (id !== undefined) return id;
    id = this.lower.length;
    this.ids.set(w, id);
    const b = casingBits(w);
    this.casing.push(b);
    // An ASCII word without capitals is its own lower case.
    this.lower.push(b & (CASE_ANY_UPPER | CASE_NON_ASCII) ? w.toLowerCase() : w);
    const c = w.charCodeAt(0);
    this.cap.push(c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w));
    return id;
  }
}

export const wordForms = new WordForms();

export function tokenView(text: string, tokens: readonly Span[], sentences: readonly Span[]): TokenView {
  const n = tokens.length;
  const forms = wordForms;
  forms.bound();
  const words = new Array<string>(n);
  const formIds = new Int32Array(n);
  const lower = new Array<string>(n);
  const cap = new Array<boolean>(n);
  const casing = new Uint8Array(n);
  const sentenceOf = new Int32Array(n);
  const sentenceStart: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++;
    sentenceOf[i] = s;
    if (sentenceStart[s] === undefined) sentenceStart[s] = i;
    const w = text.slice(t.start, t.end);
    words[i] = w;
    const id = forms.id(w);
    formIds[i] = id;
    casing[i] = forms.casing[id]!;
    lower[i] = forms.lower[id]!;
    cap[i] = forms.cap[id]!;
  }
  return { text, spans: tokens, words, formIds, formsEpoch: forms.epoch, lower, cap, casing, sentenceOf, sentenceStart };
}

/** True when tokens i and j are in the same sentence with nothing but spaces between them. */
export function joined(view: TokenView, i: number, j: number): boolean {
  if (view.sentenceOf[i] !== view.sentenceOf[j]) return false;
  const from = view.spans[i]!.end;
  const gap = view.spans[j]!.start - from;
  return gap <= 0 || (gap === 1 && view.text.charCodeAt(from) !== 10);
}

export function isSentenceInitial(view: TokenView, i: number): boolean {
  return view.sentenceStart[view.sentenceOf[i]!] === i || /^["“‘'(]$/.test(view.words[i - 1] ?? '');
}

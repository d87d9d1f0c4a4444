import type { Span } from '../../model/span.js';
import { CASE_ANY_UPPER, CASE_NON_ASCII, casingBits } from './tagger/features.js';

/** Token texts and casing of a document, computed once and shared by every entity recogniser. */
export interface TokenView {
  text: string;
  spans: readonly Span[];
  words: string[];
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

export function tokenView(text: string, tokens: readonly Span[], sentences: readonly Span[]): TokenView {
  const n = tokens.length;
  const words = new Array<string>(n);
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
    const b = casingBits(w);
    casing[i] = b;
    // An ASCII word without capitals is its own lower case.
    lower[i] = b & (CASE_ANY_UPPER | CASE_NON_ASCII) ? w.toLowerCase() : w;
    const c = w.charCodeAt(0);
    cap[i] = c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w);
  }
  return { text, spans: tokens, words, lower, cap, casing, sentenceOf, sentenceStart };
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

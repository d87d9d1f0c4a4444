import type { Span } from '../../model/span.js';

/** Token texts and casing of a document, computed once and shared by every entity recogniser. */
export interface TokenView {
  text: string;
  spans: readonly Span[];
  words: string[];
  lower: string[];
  /** Starts with an upper-case letter or a digit followed by letters (G5). */
  cap: boolean[];
  /** Index of the sentence holding each token. */
  sentenceOf: Int32Array;
  /** Index of each sentence's first token. */
  sentenceStart: number[];
}

export function tokenView(text: string, tokens: readonly Span[], sentences: readonly Span[]): TokenView {
  const words = tokens.map((t) => text.slice(t.start, t.end));
  const sentenceOf = new Int32Array(tokens.length);
  const sentenceStart: number[] = [];
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (s < sentences.length - 1 && tokens[i]!.start >= sentences[s]!.end) s++;
    sentenceOf[i] = s;
    if (sentenceStart[s] === undefined) sentenceStart[s] = i;
  }
  return {
    text,
    spans: tokens,
    words,
    lower: words.map((w) => w.toLowerCase()),
    cap: words.map((w) => /^\p{Lu}/u.test(w)),
    sentenceOf,
    sentenceStart,
  };
}

/** True when tokens i and j are in the same sentence with nothing but spaces between them. */
export function joined(view: TokenView, i: number, j: number): boolean {
  if (view.sentenceOf[i] !== view.sentenceOf[j]) return false;
  const gap = view.text.slice(view.spans[i]!.end, view.spans[j]!.start);
  return gap.length <= 1 && !gap.includes('\n');
}

export function isSentenceInitial(view: TokenView, i: number): boolean {
  return view.sentenceStart[view.sentenceOf[i]!] === i || /^["“‘'(]$/.test(view.words[i - 1] ?? '');
}

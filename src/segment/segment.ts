import type { Span } from '../model/span.js';

export interface Segmentation {
  /** Sentences, offsets into the text, in order, not overlapping. */
  sentences: Span[];
  /** Tokens (words, numbers, punctuation), offsets into the text, in order. */
  tokens: Span[];
}

/** Splits text into sentences and tokens. (Stub: replaced by the segmentation work.) */
export function segment(text: string, language = 'en'): Segmentation {
  void language;
  const tokens: Span[] = [];
  for (const m of text.matchAll(/\w+|[^\w\s]/gu)) tokens.push({ start: m.index, end: m.index + m[0].length });
  const sentences: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]+(?=\s|$)|\n{2,}/g)) {
    const end = m.index + m[0].length;
    if (text.slice(start, end).trim()) sentences.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) sentences.push({ start, end: text.length });
  return { sentences, tokens };
}

import type { Span } from '../model/span.js';
import { sentenceBounds } from './sentences.js';
import { segmentRules, tokenize, type TokenBuffer } from './tokenize.js';

export { isSpaceCode, segmentRules, tokenize, type TokenBuffer } from './tokenize.js';
export { sentenceBounds } from './sentences.js';

let scratch: TokenBuffer | null = null;

export interface Segmentation {
  /** Sentences, offsets into the text, in order, not overlapping. */
  sentences: Span[];
  /** Tokens (words, numbers, punctuation), offsets into the text, in order. */
  tokens: Span[];
}

/**
 * Splits text into sentences and tokens (UTF-16 offsets, `end` exclusive). Every non-whitespace character lies in
 * exactly one token and every token in exactly one sentence; sentences start and end on a token, so they carry no
 * surrounding whitespace. The token scheme is described in `tokenize.ts`, the sentence rules in `sentences.ts`.
 */
export function segment(text: string, language = 'en'): Segmentation {
  const rules = segmentRules(language);
  const buf = tokenize(text, rules, scratch ?? undefined);
  // Keep the typed arrays for the next document unless they grew large (over 1M tokens).
  scratch = buf.starts.length <= 1 << 20 ? buf : null;
  const n = buf.count;
  const tokens: Span[] = new Array<Span>(n);
  const starts = buf.starts;
  const ends = buf.ends;
  for (let i = 0; i < n; i++) tokens[i] = { start: starts[i], end: ends[i] };
  const bounds = sentenceBounds(text, buf, rules);
  const sentences: Span[] = new Array<Span>(bounds.length >> 1);
  for (let i = 0, k = 0; k < bounds.length; i++, k += 2) sentences[i] = { start: bounds[k], end: bounds[k + 1] };
  return { sentences, tokens };
}

/** The text of each span, e.g. `tokenTexts(text, segment(text).tokens)`. */
export function tokenTexts(text: string, spans: readonly Span[]): string[] {
  return spans.map((s) => text.slice(s.start, s.end));
}

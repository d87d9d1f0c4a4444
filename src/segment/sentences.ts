import {
  F_DIGIT, F_LOWER, F_NUMBER, KIND_MASK, K_ABBR_AMBIGUOUS, K_ABBR_FINAL, K_ABBR_NONFINAL, K_CLOSE, K_OPEN, K_PUNCT, K_QUOTE,
  K_SYMBOL, K_TERM, K_URL, K_WORD, type SegmentRules, type TokenBuffer,
} from './tokenize.js';

/**
 * Sentence boundaries over a token buffer. A boundary falls before a token when
 * - a blank line precedes it (always);
 * - whitespace precedes it, the previous token is sentence-final punctuation (. ! ? … or a run of them) possibly
 *   followed by closing quotes/brackets (`.”`, `?"`, `.)`, `. »`), and it can begin a sentence (not lowercase, not
 *   closing or continuing punctuation);
 * - the previous token is an abbreviation: never after titles (Col., Mr.); after ambiguous ones (U.S., Jan., initials)
 *   only before a sentence starter ("The", "He"…) or, for acronyms, across a line break; after "etc." like after a
 *   full stop;
 * - a single line break precedes it and the previous line ends without sentence-final punctuation (a heading), unless
 *   the paragraph is hard-wrapped: the next line starts lowercase, or the previous line ends with a comma, a hyphen,
 *   an opening bracket or a function word ("and", "of"…).
 */

function canStart(flags: number): boolean {
  if (flags & F_LOWER) return false;
  const kind = flags & KIND_MASK;
  return kind !== K_TERM && kind !== K_CLOSE && kind !== K_PUNCT;
}

const OPENING_QUOTES = new Set<number>([...'“‘«„‚‹'].map((c) => c.charCodeAt(0)));

/** A capitalised sentence starter or an opening quote, after an ambiguous abbreviation. */
function isStarter(text: string, buf: TokenBuffer, j: number, rules: SegmentRules): boolean {
  const kind = buf.flags[j] & KIND_MASK;
  if (kind === K_OPEN) return OPENING_QUOTES.has(text.charCodeAt(buf.starts[j]));
  if (kind !== 0) return false;
  const len = buf.ends[j] - buf.starts[j];
  if (len > 16) return false;
  return rules.sentenceStarters.has(text.slice(buf.starts[j], buf.ends[j]));
}

/** Whether a single line break between tokens i and j = i + 1 continues a sentence (hard-wrapped paragraph). */
function continuesAcrossLine(text: string, buf: TokenBuffer, i: number, j: number, rules: SegmentRules): boolean {
  if (buf.flags[j] & F_LOWER) return true;
  const kind = buf.flags[i] & KIND_MASK;
  const c = text.charCodeAt(buf.ends[i] - 1);
  if (kind === K_OPEN) return true;
  if (kind === K_PUNCT) return c !== 58; // , ; - – — continue; a colon ends a lead-in line
  if (kind === 0 && (buf.flags[i] & F_LOWER) && buf.ends[i] - buf.starts[i] <= 12) {
    return rules.lineContinuations.has(text.slice(buf.starts[i], buf.ends[i]).toLowerCase());
  }
  return c === 38; // &
}

/** Whether a sentence boundary falls before token j (j ≥ 1) in a sentence that began at token s. */
function boundaryBefore(text: string, buf: TokenBuffer, j: number, s: number, rules: SegmentRules): boolean {
  const breaks = buf.breaks[j];
  if (breaks >= 2) return true;
  const starts = buf.starts;
  const ends = buf.ends;
  const flags = buf.flags;
  if (starts[j] === ends[j - 1]) return false; // no whitespace, no boundary
  // Step back over closing quotes and brackets to the punctuation they follow.
  let p = j - 1;
  const stop = Math.max(s, j - 5);
  while (p > stop) {
    const kind = flags[p] & KIND_MASK;
    if (kind === K_CLOSE || (kind === K_QUOTE && starts[p] === ends[p - 1])) p--;
    else break;
  }
  const kind = flags[p] & KIND_MASK;
  switch (kind) {
    case K_TERM:
      if (!canStart(flags[j])) return false;
      // A list number ("1. Introduction") is not a sentence of its own.
      if (p === s + 1 && (flags[s] & F_NUMBER) && ends[s] - starts[s] <= 2 && text.charCodeAt(starts[p]) === 46
        && ends[p] - starts[p] === 1 && breaks === 0) return false;
      return true;
    case K_ABBR_FINAL:
      return canStart(flags[j]);
    case K_ABBR_AMBIGUOUS:
      if (isStarter(text, buf, j, rules)) return true;
      // "…reached the U.S.⏎Russia objected": a line break after an acronym more likely ends a paragraph than
      // wraps one; not after an initial ("George W.⏎Bush") or before a number ("Jan.⏎5").
      return breaks === 1 && ends[p] - starts[p] > 2 && canStart(flags[j]) && !(flags[j] & F_DIGIT);
    case K_ABBR_NONFINAL:
      return false;
    default:
      return breaks === 1 && !continuesAcrossLine(text, buf, j - 1, j, rules);
  }
}

/**
 * Sentences of a tokenized text as [start, end) offset pairs (`2 * count` entries): in order, not overlapping,
 * each from its first token's start to its last token's end, so without surrounding whitespace.
 */
export function sentenceBounds(text: string, buf: TokenBuffer, rules: SegmentRules): Int32Array {
  const n = buf.count;
  if (n === 0) return new Int32Array(0);
  let out = new Int32Array(64);
  let m = 0;
  let s = 0;
  const flags = buf.flags;
  const breaks = buf.breaks;
  for (let j = 1; j < n; j++) {
    // Fast exit: on the same line, only sentence-final punctuation, closers and abbreviations can end a sentence.
    if (breaks[j] === 0) {
      const kind = flags[j - 1] & KIND_MASK;
      if (kind === K_WORD || kind === K_PUNCT || kind === K_OPEN || kind === K_SYMBOL || kind === K_URL) continue;
    }
    if (boundaryBefore(text, buf, j, s, rules)) {
      if (m + 2 > out.length) {
        const bigger = new Int32Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[m++] = buf.starts[s];
      out[m++] = buf.ends[j - 1];
      s = j;
    }
  }
  if (m + 2 > out.length) {
    const bigger = new Int32Array(out.length + 2);
    bigger.set(out);
    out = bigger;
  }
  out[m++] = buf.starts[s];
  out[m++] = buf.ends[n - 1];
  return out.subarray(0, m);
}

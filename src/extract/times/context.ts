/** Small look-around helpers: the words just before or after a span, checked against the lexicon's context lists. */
import { normWord, type Lexicon } from './lexicon.js';

/** A word: a letter or digit, then letters, digits and inner marks; or a dash or currency sign on its own. */
const LETTER_OR_DIGIT = '\\p{L}\\p{N}';
const INNER_MARKS = "'’.\\-‑";
const ALONE = '-–—$€£%';
const WORD = new RegExp(`[${LETTER_OR_DIGIT}][${LETTER_OR_DIGIT}${INNER_MARKS}]*|[${ALONE}]`, 'gu');

/** Classes of UTF-16 code units for reading WORD by hand; `SURROGATE` ones need the regex (it reads code points). */
const STARTS_WORD = 1;
const INSIDE_WORD = 2;
const WORD_ALONE = 4;
const SURROGATE = 8;
const UNREAD = 255;
const wordClasses = new Uint8Array(0x10000).fill(UNREAD);
const startClass = new RegExp(`^[${LETTER_OR_DIGIT}]$`, 'u');
const insideClass = new RegExp(`^[${LETTER_OR_DIGIT}${INNER_MARKS}]$`, 'u');
const aloneClass = new RegExp(`^[${ALONE}]$`, 'u');

function wordClass(c: number): number {
  let k = wordClasses[c]!;
  if (k === UNREAD) {
    const ch = String.fromCharCode(c);
    k = c >= 0xd800 && c <= 0xdfff ? SURROGATE : (startClass.test(ch) ? STARTS_WORD : 0) | (insideClass.test(ch) ? INSIDE_WORD : 0) | (aloneClass.test(ch) ? WORD_ALONE : 0);
    wordClasses[c] = k;
  }
  return k;
}

/**
 * The WORD matches of text[from, to) as [start, end] pairs, read by hand, up to `most` words; stops at a line break
 * when `stopAtLineBreak`. Null when a surrogate is met (the regex must read it).
 */
function wordSpans(text: string, from: number, to: number, most: number, stopAtLineBreak: boolean): number[] | null {
  const spans: number[] = [];
  let i = from;
  while (i < to && spans.length < 2 * most) {
    const c = text.charCodeAt(i);
    if (c === 10 && stopAtLineBreak) break;
    const k = wordClass(c);
    if (k & SURROGATE) return null;
    if (k & STARTS_WORD) {
      let j = i + 1;
      for (; j < to; j++) {
        const kj = wordClass(text.charCodeAt(j));
        if (kj & SURROGATE) return null;
        if (!(kj & INSIDE_WORD)) break;
      }
      spans.push(i, j);
      i = j;
    } else {
      if (k & WORD_ALONE) spans.push(i, i + 1);
      i++;
    }
  }
  return spans;
}

/** `wordsBefore` as defined, with the regex. For the equivalence tests. */
export function wordsBeforeByDefinition(text: string, pos: number, n: number): string[] {
  const from = Math.max(0, pos - 12 * n - 8);
  let chunk = text.slice(from, pos);
  const nl = chunk.lastIndexOf('\n');
  if (nl >= 0) chunk = chunk.slice(nl + 1);
  const words = chunk.match(WORD) ?? [];
  // a word cut at the chunk's start is unreliable
  if (from > 0 && nl < 0 && words.length > n) words.shift();
  return words.slice(-n).map(normWord);
}

/** Up to `n` words (normalised) ending right before `pos`, nearest last; stops at a line break. */
export function wordsBefore(text: string, pos: number, n: number): string[] {
  if (pos < 0 || pos > text.length) return wordsBeforeByDefinition(text, pos, n);
  const from = Math.max(0, pos - 12 * n - 8);
  let start = from;
  for (let k = pos - 1; k >= from; k--) {
    if (text.charCodeAt(k) === 10) {
      start = k + 1;
      break;
    }
  }
  const spans = wordSpans(text, start, pos, Infinity, false);
  if (spans === null) return wordsBeforeByDefinition(text, pos, n);
  // (the definition drops a word cut at the chunk's start only when more than n remain: the last n are the same)
  const out: string[] = [];
  for (let w = Math.max(0, spans.length / 2 - n); w < spans.length / 2; w++) out.push(normWord(text.slice(spans[2 * w]!, spans[2 * w + 1]!)));
  return out;
}

/** `wordsAfter` as defined, with the regex. For the equivalence tests. */
export function wordsAfterByDefinition(text: string, pos: number, n: number): string[] {
  let chunk = text.slice(pos, pos + 12 * n + 8);
  const nl = chunk.indexOf('\n');
  if (nl >= 0) chunk = chunk.slice(0, nl);
  return (chunk.match(WORD) ?? []).slice(0, n).map(normWord);
}

/** Up to `n` words (normalised) starting right after `pos`; stops at a line break. */
export function wordsAfter(text: string, pos: number, n: number): string[] {
  if (pos < 0 || pos > text.length) return wordsAfterByDefinition(text, pos, n);
  const spans = wordSpans(text, pos, Math.min(text.length, pos + 12 * n + 8), n, true);
  if (spans === null) return wordsAfterByDefinition(text, pos, n);
  const out: string[] = [];
  for (let w = 0; w < spans.length; w += 2) out.push(normWord(text.slice(spans[w]!, spans[w + 1]!)));
  return out;
}

/** Does the text right before `pos` end with one of the words or phrases of context list `key`? */
export function endsWithContext(lex: Lexicon, key: string, text: string, pos: number): string | null {
  const set = lex.ctx.get(key);
  if (!set) return null;
  const k = lex.ctxWords.get(key) ?? 1;
  const words = wordsBefore(text, pos, k);
  for (let i = 0; i < words.length; i++) {
    const phrase = words.slice(i).join(' ');
    if (set.has(phrase)) return phrase;
    // "jusqu'en", "l'année": try the part after an elided article too
    const el = phrase.indexOf("'") > 0 ? /^[a-z]+'(.+)$/.exec(phrase) : null;
    if (el && set.has(el[1])) return el[1];
  }
  // glued elision before the span: "d'" "l'" "qu'"
  const end = Math.min(pos, text.length);
  const last = end > 0 ? text.charCodeAt(end - 1) : 0;
  const glued = last === 39 || last === 8217 ? /([\p{L}]+['’])$/u.exec(text.slice(Math.max(0, pos - 8), pos)) : null;
  if (glued && set.has(normWord(glued[1]))) return normWord(glued[1]);
  return null;
}

/** Does the text right after `pos` start with one of the words or phrases of context list `key`? */
export function startsWithContext(lex: Lexicon, key: string, text: string, pos: number): string | null {
  const set = lex.ctx.get(key);
  if (!set) return null;
  const k = lex.ctxWords.get(key) ?? 1;
  const words = wordsAfter(text, pos, k);
  for (let i = words.length; i > 0; i--) {
    const phrase = words.slice(0, i).join(' ');
    if (set.has(phrase)) return phrase;
  }
  return null;
}

const codesOf = (chars: string): Set<number> => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const OPENING_MARKS = codesOf(' \t"“«(‘\'\u00a0');
const CLAUSE_ENDS = codesOf('\n.!?:;—–');

/** Is `pos` at the start of a sentence or line (only spaces, quotes or brackets in between)? */
export function atClauseStart(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && OPENING_MARKS.has(text.charCodeAt(i))) i--;
  return i < 0 || CLAUSE_ENDS.has(text.charCodeAt(i));
}

/** The previous word's first character is upper case (and it is not at a sentence start). */
export function previousWordCapitalised(text: string, pos: number): boolean {
  const m = /([\p{L}][\p{L}'’.-]*)[ \t]+$/u.exec(text.slice(Math.max(0, pos - 40), pos));
  if (!m) return false;
  const start = pos - m[0].length;
  return /\p{Lu}/u.test(m[1][0]) && !atClauseStart(text, start);
}

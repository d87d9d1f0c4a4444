/** Small look-around helpers: the words just before or after a span, checked against the lexicon's context lists. */
import { normWord, type Lexicon } from './lexicon.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.\-‑]*|[-–—$€£%]/gu;

/** Up to `n` words (normalised) ending right before `pos`, nearest last; stops at a line break. */
export function wordsBefore(text: string, pos: number, n: number): string[] {
  const from = Math.max(0, pos - 12 * n - 8);
  let chunk = text.slice(from, pos);
  const nl = chunk.lastIndexOf('\n');
  if (nl >= 0) chunk = chunk.slice(nl + 1);
  const words = chunk.match(WORD) ?? [];
  // a word cut at the chunk's start is unreliable
  if (from > 0 && nl < 0 && words.length > n) words.shift();
  return words.slice(-n).map(normWord);
}

/** Up to `n` words (normalised) starting right after `pos`; stops at a line break. */
export function wordsAfter(text: string, pos: number, n: number): string[] {
  let chunk = text.slice(pos, pos + 12 * n + 8);
  const nl = chunk.indexOf('\n');
  if (nl >= 0) chunk = chunk.slice(0, nl);
  return (chunk.match(WORD) ?? []).slice(0, n).map(normWord);
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
    const el = /^[a-z]+'(.+)$/.exec(phrase);
    if (el && set.has(el[1])) return el[1];
  }
  // glued elision before the span: "d'" "l'" "qu'"
  const glued = /([\p{L}]+['’])$/u.exec(text.slice(Math.max(0, pos - 8), pos));
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

/** Is `pos` at the start of a sentence or line (only spaces, quotes or brackets in between)? */
export function atClauseStart(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && /[ \t"“«(‘'\u00a0]/.test(text[i])) i--;
  return i < 0 || /[\n.!?:;—–]/.test(text[i]);
}

/** The previous word's first character is upper case (and it is not at a sentence start). */
export function previousWordCapitalised(text: string, pos: number): boolean {
  const m = /([\p{L}][\p{L}'’.-]*)[ \t]+$/u.exec(text.slice(Math.max(0, pos - 40), pos));
  if (!m) return false;
  const start = pos - m[0].length;
  return /\p{Lu}/u.test(m[1][0]) && !atClauseStart(text, start);
}

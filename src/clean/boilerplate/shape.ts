/**
 * The language-independent shape of a block: how long it is and whether it reads as running prose. Boilerplate
 * is mostly recognisable by shape (short label lines, headline lists, credits) before any word is read.
 */
import { isSpace } from '../chars.js';

/** How a block ends, closing quotes and brackets aside. */
export type Terminal = 'period' | 'exclaim' | 'question' | 'colon' | 'other' | 'none';

export interface BlockShape {
  /** The text with curly quotes made straight, dashes made `-` and runs of space collapsed: what rules match. */
  probe: string;
  words: number;
  terminal: Terminal;
  /** A line made only of rule characters (`-`, `•`, `|`, `***`), as used between items of a list. */
  separator: boolean;
  /** Short and not closed by a full stop: a heading, a headline, a label, a list item. */
  headlineLike: boolean;
  /** Everything else: running text that reads as sentences. */
  prose: boolean;
}

/** Longest headline or list item, in words, that still counts as headline-like when it has no end punctuation. */
export const HEADLINE_MAX_WORDS = 25;
/** A question or exclamation this short reads as a headline ("Is a deal within reach?") rather than prose. */
export const SHORT_QUESTION_MAX_WORDS = 20;

/** The probe character for a code unit: straight quotes, `-` for dashes; -1 when it stays as it is. */
function probeChar(c: number): number {
  if (c < 0x60) return -1;
  if (c === 0x60 || c === 0xb4 || c === 0x2018 || c === 0x2019 || c === 0x02bc) return 0x27; // '
  if (c === 0x201c || c === 0x201d || c === 0x201e) return 0x22; // "
  if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212) return 0x2d; // -
  return -1;
}

/** What an ASCII code unit is to the probe: 0 stays as it is, 1 white space, 2 a quote made straight (`). */
const ASCII_PROBE = new Uint8Array(128);
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) ASCII_PROBE[c] = 1;
ASCII_PROBE[0x60] = 2;

/**
 * Curly quotes made straight, dashes made `-`, runs of white space made one space, trimmed: one pass, and the
 * text itself when nothing changes (a line of plain ASCII prose). ASCII, most of any line, is read from a table.
 */
export function probeOf(text: string): string {
  const n = text.length;
  let i = 0;
  // Fast scan: nothing to change so far.
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const k = ASCII_PROBE[c]!;
      if (k === 0) continue;
      if (k === 2) break;
      if (c !== 0x20 || i === 0 || i === n - 1 || isSpace(text.charCodeAt(i + 1))) break;
      continue;
    }
    if (probeChar(c) >= 0 || isSpace(c)) break;
  }
  if (i === n) return text;
  // Copy unchanged stretches whole: a stretch ends only at a changed character or at white space other than one
  // plain space (most lines change a quote or two, and cutting at every space would rebuild them word by word).
  let lead = 0;
  while (lead < n && isSpace(text.charCodeAt(lead))) lead++;
  let end = n;
  while (end > lead && isSpace(text.charCodeAt(end - 1))) end--;
  let out = '';
  let from = lead;
  for (i = Math.max(i, lead); i < end; i++) {
    const c = text.charCodeAt(i);
    // -2: white space; -1: stays; else the probe character.
    let p: number;
    if (c < 128) {
      const k = ASCII_PROBE[c]!;
      if (k === 0) continue;
      p = k === 2 ? 0x27 : -2;
    } else p = isSpace(c) ? -2 : probeChar(c);
    if (p === -1) continue;
    if (p === -2) {
      // A run of white space inside the trimmed text: always followed by a non-space, so always one space.
      let j = i + 1;
      while (j < end && isSpace(text.charCodeAt(j))) j++;
      if (c !== 0x20 || j > i + 1) {
        out += text.slice(from, i) + ' ';
        from = j;
      }
      i = j - 1;
      continue;
    }
    out += text.slice(from, i) + String.fromCharCode(p);
    from = i + 1;
  }
  return out + text.slice(from, end);
}

/** Scripts written without spaces between words: a word is counted per two characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;

/** Whether a word holds a letter or a digit (ASCII answered without a regular expression). */
const WORDY = /[\p{L}\p{N}]/u;

export function countWords(probe: string): number {
  let n = 0;
  let unspacedPossible = false;
  const len = probe.length;
  let start = 0;
  let wordy = false;
  let ascii = true;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? probe.charCodeAt(i) : 0x20;
    if (c === 0x20) {
      if (i > start && (wordy || (!ascii && WORDY.test(probe.slice(start, i))))) n++;
      start = i + 1;
      wordy = false;
      ascii = true;
      continue;
    }
    if (c < 0x80) {
      if (!wordy && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) wordy = true;
    } else {
      ascii = false;
      // Thai is U+0E00–U+0E7F; kana and Han start at U+2E80 (astral ones are surrogate pairs, above it too).
      if ((c >= 0x0e00 && c <= 0x0e7f) || c >= 0x2e80) unspacedPossible = true;
    }
  }
  const unspaced = unspacedPossible ? probe.match(UNSPACED)?.length ?? 0 : 0;
  return unspaced > 0 ? n + Math.ceil(unspaced / 2) : n;
}

/** Characters a terminal check looks through at the end: white space, closing quotes and brackets, emphasis. */
function isTrailer(c: number): boolean {
  switch (c) {
    case 0x22: case 0x27: case 0xbb: case 0x29: case 0x5d: case 0x2a: case 0x5f:
    case 0x300d: case 0x300f: case 0xff09: case 0x3011:
      return true;
    default:
      return isSpace(c);
  }
}

export function terminalOf(probe: string): Terminal {
  let end = probe.length;
  while (end > 0 && isTrailer(probe.charCodeAt(end - 1))) end--;
  const last = end > 0 ? probe[end - 1] : '';
  if (last === '.' || last === '…' || last === '。' || last === '．') return 'period';
  if (last === '!' || last === '！') return 'exclaim';
  if (last === '?' || last === '？') return 'question';
  if (last === ':' || last === '：') return 'colon';
  if (last === ';' || last === ',' || last === '-' || last === '；' || last === '，' || last === '、') return 'other';
  return 'none';
}

const SEPARATOR = /^[\s\-_=~*•·|+#.…/\\◆◇■□▪●○]+$/u;

export function shapeOf(text: string): BlockShape {
  const probe = probeOf(text);
  const words = countWords(probe);
  const terminal = terminalOf(probe);
  const separator = probe.length > 0 && probe.length <= 40 && SEPARATOR.test(probe);
  const open = terminal === 'none' || terminal === 'colon' || terminal === 'other';
  const headlineLike =
    !separator &&
    words > 0 &&
    ((open && words <= HEADLINE_MAX_WORDS) ||
      ((terminal === 'question' || terminal === 'exclaim') && words <= SHORT_QUESTION_MAX_WORDS));
  return { probe, words, terminal, separator, headlineLike, prose: !separator && !headlineLike };
}

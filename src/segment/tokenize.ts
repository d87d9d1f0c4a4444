import { langData } from '../data/loader.js';

/**
 * A fast tokenizer: one pass over the UTF-16 char codes, no regular expressions on the hot path and no
 * allocation per token (tokens go into growing typed arrays; `segment()` turns them into Span objects).
 *
 * Token scheme (see docs/decisions.md):
 * - Words are runs of letters, digits and combining marks, so "1bn", "MI-24P", "Gbagbo", "Dvořák" are one token.
 *   Inside a word, a hyphen joins ("al-Qaeda", "counter-terrorism", "COVID-19") unless everything before it is a
 *   number: "300-400" and "2013-14" are three tokens, "11-year-old" is "11" "-" "year-old".
 * - Numbers keep their separators: "14,000" (comma before exactly three digits; any digits in languages with a
 *   decimal comma), "3.5", "1.000.000", "10:30", French "14 000" with a no-break or thin space.
 *   Currency signs and "%" are separate tokens: "$" "10", "€" "1bn", "5" "%".
 * - Apostrophes: English clitics split like the Penn Treebank ("Russia" "'s", "do" "n't"); French elisions split
 *   after the apostrophe ("l'" "armée", "qu'" "il"); other internal apostrophes join ("N'Djamena", "d'état",
 *   "O'Brien", "aujourd'hui").
 * - Periods: kept with known abbreviations ("Col.", "Jan.", "etc."), single capital initials ("W."), dotted
 *   acronyms ("U.S.", "e.g.", "p.m."); a period between digits is part of the number; a period followed by a
 *   lowercase letter joins (domains, "john.doe@example.org"); otherwise a period is its own token.
 * - URLs (http://, https://, ftp://, www.) and e-mail addresses are one token, minus trailing punctuation.
 * - Punctuation is one token per character, except runs of periods ("..."), of "!"/"?" ("?!") and of "-" ("--").
 */

// ---------------------------------------------------------------------------------------------------------------
// Character classes

const C_UNKNOWN = 0;
export const C_SPACE = 1;
const C_UPPER = 2;
const C_LOWER = 3;
const C_LETTER = 4; // uncased letters, modifier letters, non-decimal numbers (², ½)
const C_MARK = 5; // combining marks and joiners (soft hyphen, ZWJ, ZWNJ): continue a word
const C_DIGIT = 6;
const C_PUNCT = 7;
const C_HIGH = 8; // high surrogate: look at the code point

/** Class of every BMP code unit, filled lazily (Latin ranges eagerly). */
const CLASS = new Uint8Array(0x10000);

const RE_SPACE = /\s/u;
const RE_UPPER = /[\p{Lu}\p{Lt}]/u;
const RE_LOWER = /\p{Ll}/u;
const RE_LETTER = /[\p{Lo}\p{Lm}\p{Nl}\p{No}]/u;
const RE_MARK = /\p{M}/u;
const RE_DIGIT = /\p{Nd}/u;

function computeClass(c: number): number {
  if (c >= 0xd800 && c <= 0xdbff) return C_HIGH;
  if (c >= 0xdc00 && c <= 0xdfff) return C_PUNCT; // lone low surrogate
  if (c === 0x200b || c === 0x2060 || c === 0xfeff) return C_SPACE; // zero-width space, word joiner, BOM
  if (c === 0x00ad || c === 0x200c || c === 0x200d) return C_MARK;
  const ch = String.fromCharCode(c);
  if (RE_SPACE.test(ch)) return C_SPACE;
  if (RE_LOWER.test(ch)) return C_LOWER;
  if (RE_UPPER.test(ch)) return C_UPPER;
  if (RE_DIGIT.test(ch)) return C_DIGIT;
  if (RE_LETTER.test(ch)) return C_LETTER;
  if (RE_MARK.test(ch)) return C_MARK;
  return C_PUNCT;
}

for (let c = 0; c < 0x250; c++) CLASS[c] = computeClass(c);

function classOf(c: number): number {
  const k = CLASS[c];
  if (k) return k;
  if (!(c >= 0)) return C_SPACE; // NaN: past the end of the text
  return (CLASS[c] = computeClass(c));
}

const astralCache = new Map<number, number>();

/** Class of the astral code point starting at `pos` (a high surrogate); C_PUNCT for symbols and emoji. */
function astralClass(text: string, pos: number): number {
  const cp = text.codePointAt(pos)!;
  if (cp < 0x10000) return C_PUNCT; // lone high surrogate
  let k = astralCache.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = RE_LOWER.test(ch) ? C_LOWER : RE_UPPER.test(ch) ? C_UPPER : RE_DIGIT.test(ch) ? C_DIGIT
      : RE_LETTER.test(ch) ? C_LETTER : RE_MARK.test(ch) ? C_MARK : C_PUNCT;
    astralCache.set(cp, k);
  }
  return k;
}

/** Whether a UTF-16 code unit is whitespace for the segmenter (JavaScript `\s` plus zero-width space and word joiner). */
export function isSpaceCode(c: number): boolean {
  return classOf(c) === C_SPACE;
}

function isWordClass(k: number): boolean {
  return k >= C_UPPER && k <= C_DIGIT;
}

function isLetterClass(k: number): boolean {
  return k >= C_UPPER && k <= C_LETTER;
}

/** Class of the unit at `pos`, resolving surrogate pairs; C_SPACE past the end. */
function classAt(text: string, pos: number): number {
  const k = classOf(text.charCodeAt(pos));
  return k === C_HIGH ? astralClass(text, pos) : k;
}

function isDigitCode(c: number): boolean {
  return classOf(c) === C_DIGIT;
}

// ---------------------------------------------------------------------------------------------------------------
// Token kinds and flags (one byte per token)

export const K_WORD = 0;
/** Sentence-final punctuation: . ! ? … and runs of them. */
export const K_TERM = 1;
/** Closing brackets and quotes: ) ] } ” ’ » ›. */
export const K_CLOSE = 2;
/** Straight quotes " ' ` (opening or closing). */
export const K_QUOTE = 3;
/** Opening brackets and quotes: ( [ { “ ‘ « ‹ „ ¿ ¡. */
export const K_OPEN = 4;
/** Punctuation that cannot begin a sentence: , ; : % dashes. */
export const K_PUNCT = 5;
/** Other symbols ($ € # @ • …) that may begin a sentence. */
export const K_SYMBOL = 6;
/** Word with a period that never ends a sentence (Col., Mr., e.g.). */
export const K_ABBR_NONFINAL = 7;
/** Word with a period that ends a sentence only before a sentence starter (U.S., Jan., initials). */
export const K_ABBR_AMBIGUOUS = 8;
/** Word with a period that ends a sentence like a full stop (etc.). */
export const K_ABBR_FINAL = 9;
export const K_URL = 10;

export const KIND_MASK = 0x0f;
/** The token begins with a lowercase letter. */
export const F_LOWER = 0x10;
/** The token begins with a digit. */
export const F_DIGIT = 0x20;
/** The token is a number (digits and separators only). */
export const F_NUMBER = 0x40;

/** Kind of a single punctuation/symbol code unit (default K_SYMBOL). */
const PUNCT_KIND = new Map<number, number>();
for (const ch of '.!?…。！？‼⁇⁈⁉') PUNCT_KIND.set(ch.charCodeAt(0), K_TERM);
for (const ch of ')]}”’»›〉」』）') PUNCT_KIND.set(ch.charCodeAt(0), K_CLOSE);
for (const ch of '([{“‘«‹„‚¿¡「『（') PUNCT_KIND.set(ch.charCodeAt(0), K_OPEN);
for (const ch of '"\'`') PUNCT_KIND.set(ch.charCodeAt(0), K_QUOTE);
for (const ch of ',;:%‰-‐‑‒–—―、，；：') PUNCT_KIND.set(ch.charCodeAt(0), K_PUNCT);
const PUNCT_KIND_ASCII = new Uint8Array(128).fill(K_SYMBOL);
for (const [c, k] of PUNCT_KIND) if (c < 128) PUNCT_KIND_ASCII[c] = k;

function punctKind(c: number): number {
  if (c < 128) return PUNCT_KIND_ASCII[c];
  return PUNCT_KIND.get(c) ?? K_SYMBOL;
}

// ---------------------------------------------------------------------------------------------------------------
// Language data

const A_NONFINAL = 1;
const A_AMBIGUOUS = 2;
const A_FINAL = 3;
const A_BEFORE_NUMBER = 4;

interface AbbreviationFile {
  nonFinal?: string[];
  ambiguous?: string[];
  final?: string[];
  beforeNumber?: string[];
  sentenceStarters?: string[];
  lineContinuations?: string[];
  clitics?: string[];
  splitNt?: boolean;
  elisions?: string[];
  elisionKeepBeforeCapital?: string[];
  decimalComma?: boolean;
}

/** Compiled per-language segmentation rules. */
export interface SegmentRules {
  language: string;
  abbreviations: Map<string, number>;
  maxAbbreviationLength: number;
  sentenceStarters: Set<string>;
  lineContinuations: Set<string>;
  clitics: Set<string>;
  splitNt: boolean;
  elisions: Set<string>;
  maxElisionLength: number;
  elisionKeepBeforeCapital: Set<string>;
  decimalComma: boolean;
}

const rulesCache = new Map<string, SegmentRules>();

/** Segmentation rules for a language code (`en`, `fr`, `en-GB`…); languages without data use English. */
export function segmentRules(language = 'en'): SegmentRules {
  const code = (language || 'en').toLowerCase().slice(0, 2);
  const hit = rulesCache.get(code);
  if (hit) return hit;
  let data = langData<AbbreviationFile>(code, 'abbreviations');
  let lang = code;
  if (!data) {
    lang = 'en';
    data = langData<AbbreviationFile>('en', 'abbreviations') ?? {};
  }
  const abbreviations = new Map<string, number>();
  const add = (list: string[] | undefined, cat: number): void => {
    for (const w of list ?? []) abbreviations.set(w, cat);
  };
  add(data.nonFinal, A_NONFINAL);
  add(data.ambiguous, A_AMBIGUOUS);
  add(data.final, A_FINAL);
  add(data.beforeNumber, A_BEFORE_NUMBER);
  let maxAbbreviationLength = 0;
  for (const w of abbreviations.keys()) maxAbbreviationLength = Math.max(maxAbbreviationLength, w.length);
  const elisions = new Set((data.elisions ?? []).map((w) => w.toLowerCase()));
  let maxElisionLength = 0;
  for (const w of elisions) maxElisionLength = Math.max(maxElisionLength, w.length);
  const rules: SegmentRules = {
    language: lang,
    abbreviations,
    maxAbbreviationLength,
    sentenceStarters: new Set(data.sentenceStarters ?? []),
    lineContinuations: new Set((data.lineContinuations ?? []).map((w) => w.toLowerCase())),
    clitics: new Set((data.clitics ?? []).map((w) => w.toLowerCase())),
    splitNt: data.splitNt === true,
    elisions,
    maxElisionLength,
    elisionKeepBeforeCapital: new Set(data.elisionKeepBeforeCapital ?? []),
    decimalComma: data.decimalComma === true,
  };
  rulesCache.set(code, rules);
  return rules;
}

// ---------------------------------------------------------------------------------------------------------------
// Token buffer

/** Tokens in compact form: parallel typed arrays, `count` entries used. */
export interface TokenBuffer {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Kind (low four bits, K_*) and F_* flags. */
  flags: Uint8Array;
  /** Line breaks in the whitespace before the token (capped at 255; a blank line counts 2). */
  breaks: Uint8Array;
}

function grow(buf: TokenBuffer): void {
  const cap = buf.starts.length * 2;
  const starts = new Int32Array(cap);
  starts.set(buf.starts);
  const ends = new Int32Array(cap);
  ends.set(buf.ends);
  const flags = new Uint8Array(cap);
  flags.set(buf.flags);
  const breaks = new Uint8Array(cap);
  breaks.set(buf.breaks);
  buf.starts = starts;
  buf.ends = ends;
  buf.flags = flags;
  buf.breaks = breaks;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanners. They return the end of the token and leave its kind/flags in `scanKind`.

let scanKind = 0;

const APOS = 39;
const RSQUO = 0x2019;

/** Length (1 or 2) of an English clitic ("s", "ll"…) starting at `p` and ending a word, or 0. */
function cliticLength(text: string, p: number, rules: SegmentRules): number {
  if (rules.clitics.size === 0) return 0;
  if (!isLetterClass(classAt(text, p))) return 0;
  let q = p + 1;
  if (isWordClass(classAt(text, q))) {
    q++;
    if (isWordClass(classAt(text, q))) return 0;
  }
  return rules.clitics.has(text.slice(p, q).toLowerCase()) ? q - p : 0;
}

/** Dotted acronym at `start` ("U.S.", "e.g.", "U.S"), or -1. The caller checked: a letter followed by '.'. */
function scanAcronym(text: string, start: number): number {
  let p = start;
  let groups = 0;
  for (;;) {
    const q = p + 1; // after the letter
    if (text.charCodeAt(q) !== 46) {
      return groups >= 1 && !isWordClass(classAt(text, q)) ? q : -1;
    }
    groups++;
    const r = q + 1;
    const kr = classOf(text.charCodeAt(r));
    if (kr >= C_UPPER && kr <= C_LETTER && !isWordClass(classAt(text, r + 1))) {
      p = r;
      continue;
    }
    if (groups < 2) return -1;
    // "U.S..." : leave an ellipsis alone.
    if (text.charCodeAt(q + 1) === 46) return q;
    return q + 1;
  }
}

const URL_STOP = new Set<number>([...'<>"“”‘’«»`{}|\\^'].map((c) => c.charCodeAt(0)));
const URL_TRAILING = new Set<number>([...'.,;:!?\'")]}'].map((c) => c.charCodeAt(0)));

/** A URL from `start` to the next whitespace, minus trailing punctuation (a ")" stays when it closes a "("). */
function scanUrl(text: string, start: number): number {
  const n = text.length;
  let pos = start;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (classOf(c) === C_SPACE || URL_STOP.has(c)) break;
    pos++;
  }
  let open = 0; // "(" minus ")"
  for (let i = start; i < pos; i++) {
    const d = text.charCodeAt(i);
    if (d === 40) open++;
    else if (d === 41) open--;
  }
  while (pos > start + 1) {
    const c = text.charCodeAt(pos - 1);
    if (!URL_TRAILING.has(c)) break;
    if (c === 41) {
      if (open >= 0) break; // closes a "(" inside the URL
      open++;
    }
    pos--;
  }
  scanKind = K_URL | (classOf(text.charCodeAt(start)) === C_LOWER ? F_LOWER : 0);
  return pos;
}

function isUrlScheme(text: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 3 || len > 5) return false;
  const s = text.slice(start, end).toLowerCase();
  return s === 'http' || s === 'https' || s === 'ftp';
}

function isWww(text: string, start: number, end: number): boolean {
  return end - start === 3 && (text.charCodeAt(start) | 32) === 119 && (text.charCodeAt(start + 1) | 32) === 119
    && (text.charCodeAt(start + 2) | 32) === 119;
}

/** Whether the next non-space character after `pos` on the same line is a digit. */
function digitFollows(text: string, pos: number): boolean {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13) return false;
    const k = classOf(c);
    if (k !== C_SPACE) return k === C_DIGIT;
    pos++;
  }
  return false;
}

/** Exactly three digits from `p`, then no digit. */
function threeDigits(text: string, p: number): boolean {
  return isDigitCode(text.charCodeAt(p)) && isDigitCode(text.charCodeAt(p + 1)) && isDigitCode(text.charCodeAt(p + 2))
    && !isDigitCode(text.charCodeAt(p + 3));
}

/** A word, number, abbreviation, e-mail address or URL starting at `start` (a word character). */
function scanWord(text: string, start: number, rules: SegmentRules): number {
  const n = text.length;
  const k0 = classAt(text, start);
  const flag0 = k0 === C_LOWER ? F_LOWER : k0 === C_DIGIT ? F_DIGIT : 0;

  if (k0 !== C_DIGIT && k0 !== C_MARK && text.charCodeAt(start + 1) === 46) {
    const end = scanAcronym(text, start);
    if (end > 0) {
      const key = text.charCodeAt(end - 1) === 46 ? text.slice(start, end - 1) : text.slice(start, end);
      const cat = rules.abbreviations.get(key);
      scanKind = (cat === A_NONFINAL ? K_ABBR_NONFINAL : cat === A_FINAL ? K_ABBR_FINAL : K_ABBR_AMBIGUOUS) | flag0;
      return end;
    }
  }

  let pos = start;
  let pureNumber = k0 === C_DIGIT;
  for (;;) {
    // A run of word characters.
    while (pos < n) {
      const c = text.charCodeAt(pos);
      const k = CLASS[c];
      if (k === C_DIGIT) {
        pos++;
        continue;
      }
      if (k >= C_UPPER && k <= C_MARK) {
        pureNumber = false;
        pos++;
        continue;
      }
      if (k === C_UNKNOWN || k === C_HIGH) {
        const kk = classOf(c) === C_HIGH ? astralClass(text, pos) : classOf(c);
        if (kk === C_DIGIT || (kk >= C_UPPER && kk <= C_MARK)) {
          if (kk !== C_DIGIT) pureNumber = false;
          pos += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
          continue;
        }
      }
      break;
    }
    if (pos >= n) break;
    const c = text.charCodeAt(pos);
    const next = text.charCodeAt(pos + 1);
    // Joiners: decide whether the word continues past `c`.
    if (c === 46) {
      // '.'
      if (isDigitCode(next) && isDigitCode(text.charCodeAt(pos - 1))) {
        pos++;
        continue;
      }
      if (!pureNumber && classOf(next) === C_LOWER) {
        if (isWww(text, start, pos)) return scanUrl(text, start);
        pos++;
        continue;
      }
    } else if (c === 44) {
      // ','
      if (pureNumber && isDigitCode(next) && (rules.decimalComma || threeDigits(text, pos + 1))) {
        pos++;
        continue;
      }
    } else if (c === 58) {
      // ':'
      if (pureNumber && isDigitCode(next)) {
        pos++;
        continue;
      }
      if (next === 47 && text.charCodeAt(pos + 2) === 47 && isUrlScheme(text, start, pos)) return scanUrl(text, start);
    } else if (c === 45 || c === 0x2010 || c === 0x2011) {
      // hyphen: joins words, not ranges of numbers
      if (!pureNumber && isWordClass(classAt(text, pos + 1)) && classAt(text, pos + 1) !== C_MARK) {
        pos++;
        continue;
      }
    } else if (c === APOS || c === RSQUO) {
      const kn = classAt(text, pos + 1);
      if (kn >= C_UPPER && kn <= C_LETTER) {
        if (cliticLength(text, pos + 1, rules) > 0) break; // Russia|'s
        if (rules.splitNt && (next | 32) === 116 && !isWordClass(classAt(text, pos + 2))
          && (text.charCodeAt(pos - 1) | 32) === 110 && pos - 1 > start) {
          pos--; // do|n't
          break;
        }
        if (rules.elisions.size > 0 && pos - start <= rules.maxElisionLength) {
          const prefix = text.slice(start, pos);
          if (rules.elisions.has(prefix.toLowerCase())
            && !(kn === C_UPPER && rules.elisionKeepBeforeCapital.has(prefix))) {
            scanKind = K_WORD | flag0;
            return pos + 1; // l'|armée
          }
        }
        pureNumber = false;
        pos++;
        continue;
      }
    } else if (c === 95 || c === 64) {
      // '_' and '@' (e-mail) between word characters
      if (!pureNumber && isWordClass(classAt(text, pos + 1))) {
        pos++;
        continue;
      }
    } else if (c === 38) {
      // AT&T, S&P
      if (classOf(text.charCodeAt(pos - 1)) === C_UPPER && classOf(next) === C_UPPER) {
        pos++;
        continue;
      }
    } else if (c === 0x202f || c === 0x2009 || (c === 0xa0 && rules.decimalComma)) {
      // 14 000 with a narrow/thin (or, in French, no-break) space
      if (pureNumber && isDigitCode(text.charCodeAt(pos - 1)) && threeDigits(text, pos + 1)) {
        pos++;
        continue;
      }
    }
    break;
  }

  // A period after the word: abbreviation or initial?
  let end = pos;
  let kind = K_WORD;
  if (text.charCodeAt(end) === 46 && !pureNumber && text.charCodeAt(end + 1) !== 46) {
    const len = end - start;
    let cat = 0;
    if (len <= rules.maxAbbreviationLength) cat = rules.abbreviations.get(text.slice(start, end)) ?? 0;
    if (cat === 0 && len === 1 && k0 === C_UPPER) cat = A_AMBIGUOUS; // initial
    if (cat === A_BEFORE_NUMBER) cat = digitFollows(text, end + 1) ? A_NONFINAL : 0;
    if (cat !== 0) {
      end++;
      kind = cat === A_NONFINAL ? K_ABBR_NONFINAL : cat === A_FINAL ? K_ABBR_FINAL : K_ABBR_AMBIGUOUS;
    }
  }
  scanKind = kind | flag0 | (pureNumber ? F_NUMBER : 0);
  return end;
}

/** A punctuation or symbol token starting at `start`. */
function scanPunct(text: string, start: number, rules: SegmentRules): number {
  const n = text.length;
  const c = text.charCodeAt(start);
  let pos = start + 1;
  let kind: number;
  if (c === 46 || c === 0x2026) {
    while (pos < n && (text.charCodeAt(pos) === 46 || text.charCodeAt(pos) === 0x2026)) pos++;
    kind = K_TERM;
  } else if (c === 33 || c === 63) {
    while (pos < n && (text.charCodeAt(pos) === 33 || text.charCodeAt(pos) === 63)) pos++;
    kind = K_TERM;
  } else if (c === 45) {
    while (pos < n && text.charCodeAt(pos) === 45) pos++;
    kind = K_PUNCT;
  } else if (c === APOS || c === RSQUO) {
    // Clitic after a word or an acronym: Russia|'s, U.N.|'s
    const len = start > 0 && classOf(text.charCodeAt(start - 1)) !== C_SPACE ? cliticLength(text, start + 1, rules) : 0;
    if (len > 0) {
      scanKind = K_WORD | (classOf(text.charCodeAt(start + 1)) === C_LOWER ? F_LOWER : 0);
      return start + 1 + len;
    }
    kind = punctKind(c);
  } else if (c >= 0xd800 && c <= 0xdbff && pos < n) {
    const d = text.charCodeAt(pos);
    if (d >= 0xdc00 && d <= 0xdfff) pos++;
    kind = K_SYMBOL;
  } else {
    kind = punctKind(c);
  }
  // Variation selectors, combining marks and ZWJ stay with a symbol (emoji).
  while (pos < n && classOf(text.charCodeAt(pos)) === C_MARK) pos++;
  scanKind = kind;
  return pos;
}

/** ASCII characters that end a word starting with a letter outright (no joining, no abbreviation period). */
const ASCII_ENDS_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_ENDS_WORD[c] = CLASS[c] === C_SPACE || CLASS[c] === C_PUNCT ? 1 : 0;
for (const ch of ".:-'_@&") ASCII_ENDS_WORD[ch.charCodeAt(0)] = 0;
/** Non-ASCII characters that may join a word. */
const JOINERS = new Set<number>([RSQUO, 0x2010, 0x2011, 0xa0, 0x202f, 0x2009]);

/**
 * Tokenizes `text` into a compact buffer: a new one, or `reuse` (overwritten, grown when needed) so that callers
 * segmenting many documents need not allocate typed arrays per document.
 */
export function tokenize(text: string, language: string | SegmentRules = 'en', reuse?: TokenBuffer): TokenBuffer {
  const rules = typeof language === 'string' ? segmentRules(language) : language;
  const n = text.length;
  const cap = Math.max(16, (n >> 2) + 16);
  const buf: TokenBuffer = reuse ?? {
    count: 0,
    starts: new Int32Array(cap),
    ends: new Int32Array(cap),
    flags: new Uint8Array(cap),
    breaks: new Uint8Array(cap),
  };
  let count = 0;
  let breaks = 0;
  let pos = 0;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 32) {
      pos++;
      continue;
    }
    let k = CLASS[c];
    if (k === C_UNKNOWN) k = classOf(c);
    if (k === C_SPACE) {
      if (c === 10) breaks++;
      else if (c === 13) {
        if (text.charCodeAt(pos + 1) !== 10) breaks++;
      } else if (c === 0x2029 || c === 12) breaks += 2;
      else if (c === 0x2028 || c === 11 || c === 0x85) breaks++;
      pos++;
      continue;
    }
    const start = pos;
    if (k >= C_UPPER && k <= C_LETTER && text.charCodeAt(pos + 1) !== 46) {
      // Fast path: a run of letters and digits ending at a character that cannot join or follow as a period.
      let p = pos + 1;
      let kk = CLASS[text.charCodeAt(p)];
      while (kk >= C_UPPER && kk <= C_DIGIT) kk = CLASS[text.charCodeAt(++p)];
      const stop = text.charCodeAt(p);
      if (p >= n || (stop < 128 ? ASCII_ENDS_WORD[stop] === 1 : (kk === C_SPACE || kk === C_PUNCT) && !JOINERS.has(stop))) {
        pos = p;
        scanKind = k === C_LOWER ? F_LOWER : 0;
      } else {
        pos = scanWord(text, start, rules);
      }
    } else {
      if (k === C_HIGH) k = astralClass(text, pos);
      pos = isWordClass(k) ? scanWord(text, start, rules) : scanPunct(text, start, rules);
    }
    if (count === buf.starts.length) grow(buf);
    buf.starts[count] = start;
    buf.ends[count] = pos;
    buf.flags[count] = scanKind;
    buf.breaks[count] = breaks > 255 ? 255 : breaks;
    count++;
    breaks = 0;
  }
  buf.count = count;
  return buf;
}

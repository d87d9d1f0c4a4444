import { quantityLexicon, type QuantityLexicon } from './lexicon.js';
import type { Quantity } from '../../model/analysis.js';
import type { Span } from '../../model/span.js';

/** Words that only join the words of a number or an amount phrase ("a dozen", "tens of thousands"). */
const JOINING_WORDS = new Set(['a', 'an', 'of', 'the', 'and', 'half', 'few', 'several', 'tens', 'de', 'des', 'du', 'et', 'un', 'une', 'quelques', 'plusieurs', 'dizaines', 'centaines']);

interface Cues {
  /** Lower-cased words, by which any number or amount phrase can be recognised. */
  words: Set<string>;
  minLength: number;
  maxLength: number;
  /** Length and first two letters (`shapeKey`) of every cue word: an all-ASCII word outside it is no cue. */
  asciiShapes: Uint8Array;
}

/** The key of a word's length (up to `maxLength`) and first two lower-case ASCII characters (0 for a 1-letter word). */
const shapeKey = (length: number, c0: number, c1: number): number => (length << 14) | (c0 << 7) | c1;

const cueWords = new WeakMap<QuantityLexicon, Cues>();

/**
 * The words a quantity can be recognised by: a word of each number phrase or vague amount ("seven", "dozen",
 * "thousands"). Every phrase keeps at least one of its words here (its joining words only when it has nothing
 * else), so a sentence with no digit and none of these words has no quantity.
 */
function cuesOf(lex: QuantityLexicon): Cues {
  let cues = cueWords.get(lex);
  if (!cues) {
    const words = new Set<string>();
    for (const phrase of [...lex.numberWords.keys(), ...lex.vague.keys()]) {
      const ws = phrase.split(/\s+/).filter(Boolean);
      const content = ws.filter((w) => !JOINING_WORDS.has(w));
      for (const w of content.length ? content : ws) for (const part of w.split(/['’-]/)) if (part) words.add(part);
    }
    const lengths = [...words].map((w) => w.length);
    const maxLength = Math.max(...lengths);
    const asciiShapes = new Uint8Array((maxLength + 1) << 14);
    for (const w of words) {
      const c0 = w.charCodeAt(0);
      const c1 = w.length > 1 ? w.charCodeAt(1) : 0;
      if (c0 < 128 && c1 < 128) asciiShapes[shapeKey(w.length, c0, c1)] = 1;
    }
    cues = { words, minLength: Math.min(...lengths), maxLength, asciiShapes };
    cueWords.set(lex, cues);
  }
  return cues;
}

/**
 * How many tokens before the number (or the word of an amount phrase that is a cue) a quantity can start: a hedge
 * (3 words), a range word, a currency symbol, and the words of an amount phrase before its cue word (3).
 */
const CUE_REACH = 9;

/** A token a number or an amount can be read at: digits, or a word with a cue word among its parts. */
function isCueToken(t: Tok, cues: Cues): boolean {
  if (t.kind === 'num') return true;
  if (t.kind !== 'word') return false;
  if (cues.words.has(t.low)) return true;
  if (!/['’-]/.test(t.low)) return false;
  for (const part of t.low.split(/['’-]/)) if (cues.words.has(part)) return true;
  return false;
}

/** 1 for letters (\p{L}), 2 for marks and numbers (\p{M}, \p{N}) among code units from 128 (surrogates: 0). */
let unicodeClass: Uint8Array | null = null;

function classOf(c: number): number {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c >= 48 && c <= 57 ? 2 : 0;
  if (!unicodeClass) {
    unicodeClass = new Uint8Array(65536);
    for (let k = 128; k < 65536; k++) {
      if (k >= 0xd800 && k <= 0xdfff) continue;
      const ch = String.fromCharCode(k);
      unicodeClass[k] = /\p{L}/u.test(ch) ? 1 : /[\p{M}\p{N}]/u.test(ch) ? 2 : 0;
    }
  }
  return unicodeClass[c]!;
}

/** Whether text[from, to) has a digit or a cue word (a whole run of letters, not followed by a mark or a number). */
function hasCue(text: string, from: number, to: number, cues: Cues): boolean {
  let run = -1;
  let ascii = true;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) return true;
    const k = classOf(c);
    if (k === 1) {
      if (run < 0) {
        run = i;
        ascii = true;
      }
      if (c >= 128) ascii = false;
      continue;
    }
    if (run >= 0 && k === 0 && i - run >= cues.minLength && i - run <= cues.maxLength) {
      // An ASCII run's lower case is `| 32` per letter: its shape rules most words out without a string.
      const shapeOk = !ascii || cues.asciiShapes[shapeKey(i - run, text.charCodeAt(run) | 32, i - run > 1 ? text.charCodeAt(run + 1) | 32 : 0)] === 1;
      if (shapeOk && cues.words.has(text.slice(run, i).toLowerCase())) return true;
    }
    run = -1;
  }
  return false;
}

/** A quantity as the contract has it, plus `vague` for "thousands of", "dozens" (detected, value not exact). */
export interface QuantityMention extends Quantity {
  vague?: boolean;
}

interface Tok {
  start: number;
  end: number;
  /** Lower-cased text. */
  low: string;
  raw: string;
  kind: 'num' | 'word' | 'sym' | 'punct';
  /** Parsed value of a `num` token. */
  value?: number;
}

const CURRENCY_SYMBOL = /^(?:US\$|[$€£¥₽₹₦])/;

interface TokenPatterns {
  token: RegExp;
  groupSeparator: RegExp;
  /** 1 for the ASCII group separators (the others send the scanner to `token`). */
  asciiGroup: Uint8Array;
  /** The decimal separator's code. */
  decimal: number;
}

/** The tokenizer's expressions, compiled once per lexicon (not per sentence and number). */
const tokenPatterns = new WeakMap<QuantityLexicon, TokenPatterns>();

function patternsOf(lex: QuantityLexicon): TokenPatterns {
  let hit = tokenPatterns.get(lex);
  if (!hit) {
    const groups = lex.data.groupSeparators.map((s) => s.replace(/[.\\^$*+?()[\]{}|-]/g, '\\$&').replace(' ', ' ')).join('');
    const dec = lex.data.decimalSeparator === ',' ? ',' : '\\.';
    hit = {
      token: new RegExp(
        `(US\\$|[$€£¥₽₹₦])|(\\d{1,3}(?:[${groups}]\\d{3})+(?:${dec}\\d+)?|\\d+(?:${dec}\\d+)?)|([\\p{L}][\\p{L}\\p{M}\\p{N}'’-]*)|(%)|([^\\s])`,
        'gu',
      ),
      groupSeparator: new RegExp(`[${groups}](?=\\d{3}(?!\\d))`, 'g'),
      asciiGroup: new Uint8Array(128),
      decimal: lex.data.decimalSeparator === ',' ? 44 : 46,
    };
    for (const sep of lex.data.groupSeparators) {
      for (const ch of sep.replace(' ', ' ')) if (ch.charCodeAt(0) < 128) hit.asciiGroup[ch.charCodeAt(0)] = 1;
    }
    tokenPatterns.set(lex, hit);
  }
  return hit;
}

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** \s among ASCII characters. */
const isAsciiSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
/** What ends a token the ASCII scanner could not read: the token pattern decides it. */
const UNREAD = -1;

/** The token pattern's match at `start` for a token of kind `kind`, pushed onto `out`. */
function pushToken(out: Tok[], text: string, start: number, end: number, kind: number, patterns: TokenPatterns): void {
  const raw = text.slice(start, end);
  if (kind === 1) out.push({ start, end, raw, low: raw, kind: 'sym' });
  else if (kind === 2) {
    const normalized = raw.replace(patterns.groupSeparator, '').replace(',', '.');
    out.push({ start, end, raw, low: raw, kind: 'num', value: Number(normalized) });
  } else if (kind === 3) out.push({ start, end, raw, low: raw.toLowerCase(), kind: 'word' });
  else out.push({ start, end, raw, low: raw, kind: kind === 4 ? 'sym' : 'punct' });
}

/**
 * End of the number the token pattern reads at `p` (`\d{1,3}(?:[group]\d{3})+(?:dec\d+)?|\d+(?:dec\d+)?`), or
 * UNREAD when a character from 128 up could change the reading.
 */
function scanNumber(text: string, p: number, to: number, patterns: TokenPatterns): number {
  const at = (i: number): number => (i < to ? text.charCodeAt(i) : -1);
  let q = p;
  while (isAsciiDigit(at(q))) q++;
  let end = q;
  // Grouped thousands need a lead of at most three digits directly before the first separator.
  if (q - p <= 3) {
    let g = q;
    for (;;) {
      const c = at(g);
      if (c >= 128) return UNREAD;
      if (!patterns.asciiGroup[c] || !isAsciiDigit(at(g + 1)) || !isAsciiDigit(at(g + 2)) || !isAsciiDigit(at(g + 3))) break;
      g += 4;
    }
    end = g;
  } else if (at(q) >= 128) return UNREAD;
  if (at(end) === patterns.decimal && isAsciiDigit(at(end + 1))) {
    end += 2;
    while (isAsciiDigit(at(end))) end++;
  }
  return end;
}

/** Tokens of one sentence, numbers kept whole with the language's separators ("14,000", "5 000", "1,5"). */
function tokenize(text: string, from: number, to: number, lex: QuantityLexicon): Tok[] {
  const patterns = patternsOf(lex);
  const out: Tok[] = [];
  let slice: string | null = null;
  let p = from;
  // ASCII tokens are read by hand, exactly as the token pattern reads them; at anything else the pattern
  // itself reads the next token.
  while (p < to) {
    const c = text.charCodeAt(p);
    if (isAsciiSpace(c)) {
      p++;
      continue;
    }
    let end = UNREAD;
    let kind = 0;
    if (c < 128) {
      if (c === 85 && text.startsWith('US$', p) && p + 3 <= to) {
        end = p + 3;
        kind = 1;
      } else if (c === 36) {
        end = p + 1;
        kind = 1;
      } else if (isAsciiDigit(c)) {
        end = scanNumber(text, p, to, patterns);
        kind = 2;
      } else if (isAsciiLetter(c)) {
        let q = p + 1;
        for (; q < to; q++) {
          const d = text.charCodeAt(q);
          if (isAsciiLetter(d) || isAsciiDigit(d) || d === 39 || d === 45) continue;
          if (d >= 128) q = UNREAD;
          break;
        }
        end = q;
        kind = 3;
      } else if (c === 37) {
        end = p + 1;
        kind = 4;
      } else {
        end = p + 1;
        kind = 5;
      }
    }
    if (end !== UNREAD) {
      pushToken(out, text, p, end, kind, patterns);
      p = end;
      continue;
    }
    const re = patterns.token;
    re.lastIndex = p;
    slice ??= text.slice(0, to);
    const m = re.exec(slice);
    if (!m) break;
    kind = m[1] ? 1 : m[2] ? 2 : m[3] ? 3 : m[4] ? 4 : 5;
    pushToken(out, text, m.index, m.index + m[0].length, kind, patterns);
    p = m.index + m[0].length;
  }
  return out;
}

/** The tokens of `tokenize`, read by the token pattern alone (its definition; for tests). */
export function patternTokens(text: string, from: number, to: number, language = 'en'): Array<{ start: number; end: number; kind: string; low: string }> {
  const patterns = patternsOf(quantityLexicon(language));
  const re = patterns.token;
  re.lastIndex = from;
  const out: Tok[] = [];
  const slice = text.slice(0, to);
  let m: RegExpExecArray | null;
  while ((m = re.exec(slice))) pushToken(out, text, m.index, m.index + m[0].length, m[1] ? 1 : m[2] ? 2 : m[3] ? 3 : m[4] ? 4 : 5, patterns);
  return out.map(({ start, end, kind, low }) => ({ start, end, kind, low }));
}

/** The tokens `extractQuantities` reads a sentence as (for tests). */
export function quantityTokens(text: string, from: number, to: number, language = 'en'): Array<{ start: number; end: number; kind: string; low: string }> {
  return tokenize(text, from, to, quantityLexicon(language)).map(({ start, end, kind, low }) => ({ start, end, kind, low }));
}

/** First words of the phrases of each table: most tokens start no phrase, and need no phrase built. */
const firstWordsOf = new WeakMap<ReadonlyMap<string, unknown> | ReadonlySet<string>, Set<string>>();

function startsPhrase(table: ReadonlyMap<string, unknown> | ReadonlySet<string>, word: string): boolean {
  let firsts = firstWordsOf.get(table);
  if (!firsts) {
    firsts = new Set([...table.keys()].map((k) => k.split(' ')[0]!));
    firstWordsOf.set(table, firsts);
  }
  return firsts.has(word);
}

/** The longest phrase of `table` starting at token i: [value, number of tokens] or null. */
function phraseAt<T>(toks: Tok[], i: number, table: Map<string, T>, maxWords: number): [T, number] | null {
  if (i >= toks.length || !startsPhrase(table, toks[i]!.low)) return null;
  let phrase = '';
  let best: [T, number] | null = null;
  for (let n = 0; n < maxWords && i + n < toks.length; n++) {
    const t = toks[i + n]!;
    if (t.kind === 'punct' && t.raw !== '-') break;
    phrase = n === 0 ? t.low : `${phrase} ${t.low}`;
    const hit = table.get(phrase);
    if (hit !== undefined) best = [hit, n + 1];
  }
  return best;
}

function phraseSetAt(toks: Tok[], i: number, set: Set<string>, maxWords: number): number {
  if (i >= toks.length || !startsPhrase(set, toks[i]!.low)) return 0;
  let phrase = '';
  let best = 0;
  for (let n = 0; n < maxWords && i + n < toks.length; n++) {
    phrase = n === 0 ? toks[i + n]!.low : `${phrase} ${toks[i + n]!.low}`;
    if (set.has(phrase)) best = n + 1;
  }
  return best;
}

/** Adjacent tokens only: "one thousand" but not across a line break or punctuation. */
const adjacent = (text: string, a: Tok, b: Tok): boolean => /^[ \t\u00a0\u202f-]*$/.test(text.slice(a.end, b.start));

interface NumberRead {
  value: number;
  next: number;
  /** Read from number words ("fifteen", "eight thousand"). */
  words: boolean;
  weakOnly: boolean;
}

/** Reads a number at token i: digits with an optional scale ("10 million", "1bn"), or number words. */
function readNumber(text: string, toks: Tok[], i: number, lex: QuantityLexicon): NumberRead | null {
  const t = toks[i];
  if (!t) return null;
  if (t.kind === 'num') {
    // Digits glued to letters belong to names and models (G5, MI-24P, Covid-19), not to quantities.
    const before = text[t.start - 1] ?? ' ';
    const before2 = text[t.start - 2] ?? ' ';
    if (/[\p{L}\p{N}]/u.test(before) || (before === '-' && /[\p{L}]/u.test(before2))) return null;
    let value = t.value!;
    let next = i + 1;
    const after = text.slice(t.end, t.end + 3);
    const suffix = /^(bn|mn|tn|m|k)\b/i.exec(after);
    if (suffix) {
      value *= lex.scales.get(suffix[1]!.toLowerCase()) ?? 1;
      // The scale was glued to the digits: skip the word token that holds it.
      if (toks[next] && toks[next]!.start === t.end) next++;
    } else if (/^[\p{L}]/u.test(after)) return null;
    const scale = toks[next] && adjacent(text, t, toks[next]!) ? lex.scales.get(toks[next]!.low) : undefined;
    if (scale && toks[next]!.low.length > 1) {
      value *= scale;
      next++;
    }
    return { value, next, words: false, weakOnly: false };
  }
  if (t.kind !== 'word') return null;
  let value = 0;
  let current = 0;
  let j = i;
  let any = false;
  let weakOnly = true;
  while (j < toks.length) {
    const tok = toks[j]!;
    if (any && !adjacent(text, toks[j - 1]!, tok)) break;
    const hit = phraseAt(toks, j, lex.numberWords, 3);
    // Hyphenated tens and units ("twenty-five").
    const hyphen = !hit && tok.kind === 'word' && tok.low.includes('-') ? tok.low.split('-') : null;
    if (hit) {
      current += hit[0];
      const phrase = toks.slice(j, j + hit[1]).map((x) => x.low).join(' ');
      if (!lex.weak.has(phrase)) weakOnly = false;
      j += hit[1];
      any = true;
    } else if (hyphen && hyphen.length === 2 && lex.numberWords.has(hyphen[0]!) && lex.numberWords.has(hyphen[1]!)) {
      current += lex.numberWords.get(hyphen[0]!)! + lex.numberWords.get(hyphen[1]!)!;
      weakOnly = false;
      j++;
      any = true;
    } else if (any && lex.scales.has(tok.low) && tok.low.length > 2) {
      const scale = lex.scales.get(tok.low)!;
      current = (current || 1) * scale;
      if (scale >= 1000) {
        value += current;
        current = 0;
      }
      weakOnly = false;
      j++;
    } else if (any && tok.low === 'and' && toks[j + 1] && lex.numberWords.has(toks[j + 1]!.low)) {
      j++;
    } else break;
  }
  if (!any) return null;
  return { value: value + current, next: j, words: true, weakOnly };
}

const isPlural = (w: string, lex: QuantityLexicon): boolean =>
  lex.irregular.has(w) || (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w));

function singular(w: string, lex: QuantityLexicon): string {
  const irregular = lex.irregular.get(w);
  if (irregular) return irregular;
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function stripElision(w: string, lex: QuantityLexicon): string {
  for (const e of lex.elisions) if (w.startsWith(e) && w.length > e.length) return w.slice(e.length);
  return w;
}

interface UnitRead {
  unit: string | null;
  /** Token index after the unit phrase. */
  next: number;
  timeUnit: boolean;
  anaphoric: boolean;
  currency: string | null;
}

/** The counted noun after a number: the head of the noun phrase ("14,000 blue helmet-wearing UN peacekeepers"). */
function readUnit(toks: Tok[], i: number, lex: QuantityLexicon, plural: boolean): UnitRead {
  const none: UnitRead = { unit: null, next: i, timeUnit: false, anaphoric: false, currency: null };
  const linker = phraseSetAt(toks, i, lex.ofLinkers, 3);
  if (linker) return { ...none, next: i + linker, anaphoric: true };
  const possessive = phraseSetAt(toks, i, lex.possessiveOf, 2);
  if (possessive) {
    const inner = readUnit(toks, i + possessive, lex, true);
    if (inner.unit) return inner;
  }
  for (let j = i; j < Math.min(toks.length, i + 6); j++) {
    const t = toks[j]!;
    if (t.kind !== 'word') break;
    const w = stripElision(t.low, lex);
    const currency = phraseAt(toks, j, lex.currencyWords, 3);
    if (currency) return { unit: 'currency', next: j + currency[1], timeUnit: false, anaphoric: false, currency: currency[0] };
    const elidedCurrency = w !== t.low ? lex.currencyWords.get(w) : undefined;
    if (elidedCurrency) return { unit: 'currency', next: j + 1, timeUnit: false, anaphoric: false, currency: elidedCurrency };
    if (lex.determiners.has(w)) break;
    const hyphenTail = w.includes('-') ? w.slice(w.lastIndexOf('-') + 1) : w;
    if (lex.timeUnits.has(w) || lex.timeUnits.has(hyphenTail) || (w.includes('-') && lex.timeUnits.has(w.split('-')[1] ?? ''))) {
      return { ...none, next: j + 1, timeUnit: true };
    }
    if (j > i && lex.stop.has(w)) break;
    if (j === i && lex.stop.has(w)) break;
    if (plural ? isPlural(w, lex) : /^[\p{Ll}]/u.test(t.raw) && !lex.stop.has(w)) {
      // Noun compounds take their last noun as head: "police officers", "aid workers".
      let head = j;
      while (plural && toks[head + 1]?.kind === 'word' && isPlural(toks[head + 1]!.low, lex) && !lex.stop.has(toks[head + 1]!.low)) head++;
      return { unit: singular(stripElision(toks[head]!.low, lex), lex), next: head + 1, timeUnit: false, anaphoric: false, currency: null };
    }
  }
  return none;
}

/**
 * A four-digit number from 1800 to 2100 written without separators is a year ("in 2013", "Serval's 2013
 * successes", "the 2021 Mali coups") unless a plural noun follows it directly ("2000 soldiers").
 */
function looksLikeYear(text: string, toks: Tok[], i: number, lex: QuantityLexicon): boolean {
  const t = toks[i]!;
  if (t.kind !== 'num' || !/^\d{4}$/.test(t.raw) || t.value! < 1800 || t.value! > 2100) return false;
  const prev = toks[i - 1];
  if (prev && (lex.yearContext.has(prev.low) || prev.low === "'s" || /['’]s$/.test(prev.low) || prev.raw === '’' || prev.raw === "'")) return true;
  const next = toks[i + 1];
  if (!next || next.kind !== 'word' || /^\p{Lu}/u.test(next.raw)) return true;
  return !isPlural(next.low, lex) || lex.timeUnits.has(next.low);
}

function rateAt(toks: Tok[], i: number, lex: QuantityLexicon): [string, number] | null {
  return phraseAt(toks, i, lex.rates, 3);
}

/**
 * Quantities in the text, sentence by sentence: numbers in digits or words with their hedge, range, scale,
 * currency, percentage, rate and counted unit. Years, dates, ordinals, durations and numbers inside names are left
 * out (durations are time expressions).
 */
export function extractQuantities(text: string, sentences: readonly Span[], language = 'en'): QuantityMention[] {
  const lex = quantityLexicon(language);
  const spans = sentences.length ? sentences : [{ start: 0, end: text.length }];
  const out: QuantityMention[] = [];
  const cues = cuesOf(lex);
  for (const sentence of spans) {
    // A quantity needs a digit, a number word or a vague amount word: sentences with none are skipped.
    if (!hasCue(text, sentence.start, sentence.end, cues)) continue;
    const toks = tokenize(text, sentence.start, sentence.end, lex);
    const hasDeathWord = toks.some((t) => t.kind === 'word' && lex.death.has(t.low));
    // Tokens a number can be read at (a digit or a cue word): a quantity starts at most CUE_REACH tokens before one.
    const cueTokens: number[] = [];
    for (let k = 0; k < toks.length; k++) if (isCueToken(toks[k]!, cues)) cueTokens.push(k);
    let lastUnit: string | null = null;
    let i = 0;
    let c = 0;
    while (i < toks.length) {
      while (c < cueTokens.length && cueTokens[c]! < i) c++;
      if (c === cueTokens.length) break;
      if (cueTokens[c]! > i + CUE_REACH) i = cueTokens[c]! - CUE_REACH;
      const q = readQuantity(text, toks, i, lex, lastUnit, hasDeathWord);
      if (!q) {
        i++;
        continue;
      }
      out.push(q.quantity);
      if (q.quantity.unit && q.quantity.unit !== 'percent' && q.quantity.unit !== 'currency') lastUnit = q.quantity.unit;
      i = q.next;
    }
  }
  return out;
}

function readQuantity(
  text: string,
  toks: Tok[],
  i: number,
  lex: QuantityLexicon,
  lastUnit: string | null,
  deathContext: boolean,
): { quantity: QuantityMention; next: number } | null {
  const first = toks[i]!;
  let j = i;
  let hedge: 'approx' | 'low' | 'high' | null = null;
  const h = phraseAt(toks, j, lex.hedges, 3);
  if (h) {
    hedge = h[0];
    j += h[1];
  }
  let rangeCloser: string | null = null;
  const rangeWord = lex.data.rangeWords[toks[j]?.low ?? ''];
  if (rangeWord && toks[j + 1] && (toks[j + 1]!.kind === 'num' || lex.numberWords.has(toks[j + 1]!.low))) {
    rangeCloser = rangeWord;
    j++;
  }
  let currency: string | null = null;
  if (toks[j]?.kind === 'sym' && CURRENCY_SYMBOL.test(toks[j]!.raw)) {
    currency = lex.data.currencySymbols[toks[j]!.raw] ?? 'USD';
    j++;
  }

  let value: number | null = null;
  let low: number | null = null;
  let high: number | null = null;
  let vague = false;
  let words = false;
  const vagueHit = phraseAt(toks, j, lex.vague, 4);
  const num = readNumber(text, toks, j, lex);
  if (vagueHit && (!num || vagueHit[1] >= num.next - j)) {
    low = vagueHit[0].low ?? null;
    high = vagueHit[0].high ?? null;
    vague = true;
    j += vagueHit[1];
    // "thousands of troops": the unit follows "of"; "a few thousand troops": it follows directly.
    if (toks[j]?.low === 'of' || toks[j]?.low === 'de' || toks[j]?.low === "d'" ) j++;
  } else if (num) {
    if (looksLikeYear(text, toks, j, lex)) return null;
    value = num.value;
    words = num.words;
    j = num.next;
  } else return null;
  if (!vague && !currency && i === j) return null;

  // A range: "between 300 and 400", "300-400", "300 to 400".
  if (!vague && toks[j] && (rangeCloser ? toks[j]!.low === rangeCloser : lex.data.rangeJoiners.includes(toks[j]!.low) && toks[j]!.low !== 'and')) {
    const second = readNumber(text, toks, j + 1, lex);
    if (second && second.value > value!) {
      low = value;
      high = second.value;
      value = null;
      j = second.next;
    }
  } else if (rangeCloser) return null;

  let unit: string | null = null;
  let percent = false;
  const pct = phraseSetAt(toks, j, lex.percent, 3);
  if (pct) {
    percent = true;
    unit = 'percent';
    j += pct;
  } else {
    if (toks[j] && toks[j]!.kind === 'word' && lex.scales.has(toks[j]!.low) && toks[j]!.low.length > 2 && value !== null) {
      value *= lex.scales.get(toks[j]!.low)!;
      j++;
    }
    const count = value ?? high ?? low ?? 2;
    const u = readUnit(toks, j, lex, count !== 1);
    if (u.timeUnit) return null;
    if (u.currency) currency = u.currency;
    if (u.unit) unit = u.unit;
    else if (u.anaphoric) unit = lastUnit;
    j = u.next;
  }
  if (currency) unit = 'currency';

  const isNumber = !vague;
  if (!unit) {
    // A bare number counts only when hedged or a range in a sentence that says what it counts.
    if (words) return null;
    if (hedge === null && low === null) return null;
    if (lastUnit) unit = lastUnit;
    else if (deathContext) unit = 'person';
    else return null;
  }
  if (isNumber && words && value !== null && !unit) return null;
  const numberRead = num && !vague ? num : null;
  if (numberRead?.weakOnly && !(unit === 'currency' || unit === 'percent') && value === 1) return null;

  let per: string | null = null;
  const rate = rateAt(toks, j, lex);
  if (rate && (currency || unit)) {
    per = rate[0];
    j += rate[1];
  }

  if (hedge === 'low') {
    low = value ?? low;
    value = null;
  } else if (hedge === 'high') {
    high = value ?? high;
    value = null;
  }
  // A stated range ("between 300 and 400") is itself an estimate.
  const approx = hedge === 'approx' || vague || (low !== null && high !== null);
  const end = toks[j - 1]!.end;
  const start = first.start;
  return {
    quantity: {
      start,
      end,
      text: text.slice(start, end),
      value,
      low,
      high,
      approx,
      unit,
      currency,
      per,
      subject: null,
      attribution: null,
      ...(vague ? { vague: true } : {}),
    },
    next: j,
  };
}

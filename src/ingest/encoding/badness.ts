/**
 * A "badness" cost for short stretches of text: how unlikely the sequence of
 * characters is as real writing. Mojibake repair and byte-level detection both
 * compare the cost of two readings of the same bytes and keep the cheaper one.
 *
 * The idea follows python-ftfy (character classes, weird adjacent pairs), but
 * the rules and weights here are our own and are expressed as costs so that
 * two candidate readings can be compared directly.
 */
import { CP1252, MOJIBAKE_PAGES } from './codepages.js';

/** Character classes (small ints so they fit a Uint8Array cache). */
export const enum Cls {
  Other = 0, // ASCII punctuation and anything harmless
  Space = 1,
  Digit = 2,
  LatinLower = 3,
  LatinUpper = 4,
  OtherLower = 5,
  OtherUpper = 6,
  Uncased = 7, // Lo: Thai, Arabic, Hebrew, CJK ...
  Mark = 8,
  ModLetter = 9,
  NumOther = 10,
  SymMath = 11, // Sm, Sc
  SymMod = 12, // Sk
  SymOther = 13, // So
  Control = 14,
  Unassigned = 15, // Cn, Co, Cs
  Punct = 16, // non-ASCII P*
  Format = 17, // Cf
}

const UNKNOWN = 255;
const clsCache = new Uint8Array(0x10000).fill(UNKNOWN);

const RE = {
  space: /^\s$/u,
  nd: /^\p{Nd}$/u,
  lu: /^[\p{Lu}\p{Lt}]$/u,
  ll: /^\p{Ll}$/u,
  lm: /^\p{Lm}$/u,
  lo: /^\p{Lo}$/u,
  m: /^\p{M}$/u,
  no: /^[\p{Nl}\p{No}]$/u,
  smsc: /^[\p{Sm}\p{Sc}]$/u,
  sk: /^\p{Sk}$/u,
  so: /^\p{So}$/u,
  cc: /^\p{Cc}$/u,
  cf: /^\p{Cf}$/u,
  bad: /^[\p{Cn}\p{Co}\p{Cs}]$/u,
  latin: /^\p{Script=Latin}$/u,
};

function computeCls(cp: number): Cls {
  if (cp >= 0xd800 && cp <= 0xdfff) return Cls.Unassigned;
  const ch = String.fromCodePoint(cp);
  if (RE.space.test(ch)) return Cls.Space;
  if (cp < 0x80) {
    if (cp >= 0x30 && cp <= 0x39) return Cls.Digit;
    if (cp >= 0x61 && cp <= 0x7a) return Cls.LatinLower;
    if (cp >= 0x41 && cp <= 0x5a) return Cls.LatinUpper;
    if (cp < 0x20 || cp === 0x7f) return Cls.Control;
    return Cls.Other;
  }
  if (RE.nd.test(ch)) return Cls.Digit;
  if (RE.ll.test(ch)) return RE.latin.test(ch) ? Cls.LatinLower : Cls.OtherLower;
  if (RE.lu.test(ch)) return RE.latin.test(ch) ? Cls.LatinUpper : Cls.OtherUpper;
  if (RE.lo.test(ch)) return Cls.Uncased;
  if (RE.lm.test(ch)) return Cls.ModLetter;
  if (RE.m.test(ch)) return Cls.Mark;
  if (RE.no.test(ch)) return Cls.NumOther;
  if (RE.smsc.test(ch)) return Cls.SymMath;
  if (RE.sk.test(ch)) return Cls.SymMod;
  if (RE.so.test(ch)) return Cls.SymOther;
  if (RE.cc.test(ch)) return Cls.Control;
  if (RE.cf.test(ch)) return Cls.Format;
  if (RE.bad.test(ch)) return Cls.Unassigned;
  return Cls.Punct;
}

export function cls(cp: number): Cls {
  if (cp < 0x10000) {
    let c = clsCache[cp];
    if (c === UNKNOWN) {
      c = computeCls(cp);
      clsCache[cp] = c;
    }
    return c as Cls;
  }
  return computeCls(cp);
}

const isLetter = (c: Cls): boolean => c >= Cls.LatinLower && c <= Cls.Uncased;
const isLower = (c: Cls): boolean => c === Cls.LatinLower || c === Cls.OtherLower;
const isUpper = (c: Cls): boolean => c === Cls.LatinUpper || c === Cls.OtherUpper;
const isSymbolish = (c: Cls): boolean => c >= Cls.ModLetter && c <= Cls.SymOther;

/**
 * A coarse script id from code-point ranges: only used to notice letters of
 * two different scripts glued together, which real words almost never do.
 * Han and kana share an id so Japanese is not penalised.
 */
export function script(cp: number): number {
  if (cp < 0x0250 || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0x2c60 && cp <= 0x2c7f) || (cp >= 0xa720 && cp <= 0xa7ff) || (cp >= 0xfb00 && cp <= 0xfb06) || (cp >= 0xff21 && cp <= 0xff5a)) return 1; // Latin
  if (cp >= 0x0250 && cp <= 0x02af) return 2; // IPA
  if ((cp >= 0x0370 && cp <= 0x03ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 3; // Greek
  if (cp >= 0x0400 && cp <= 0x052f) return 4; // Cyrillic
  if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfeff)) return 5; // Arabic
  if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0x20000 && cp <= 0x3ffff)) return 6; // CJK
  if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f)) return 7; // Hangul
  return 100 + (cp >> 7); // one id per 128-block elsewhere
}

/**
 * Letters from blocks that ordinary prose hardly uses, but that UTF-8 bytes
 * decode to when the bytes were really something else (IPA, Cyrillic
 * supplement, Syriac/Thaana/N'Ko/Samaritan/Mandaic, Mongolian ...).
 */
function rareLetterCost(cp: number): number {
  if (cp >= 0x0250 && cp <= 0x02af) return 2;
  if (cp >= 0x0180 && cp <= 0x024f) {
    // Latin Extended-B: keep the parts real languages use (Vietnamese ơ/ư,
    // Croatian digraphs, Pinyin, Romanian ș/ț).
    if (cp === 0x01a0 || cp === 0x01a1 || cp === 0x01af || cp === 0x01b0) return 0;
    if (cp >= 0x01c4 && cp <= 0x01dc) return 0;
    if (cp >= 0x0218 && cp <= 0x021b) return 0;
    return 1;
  }
  if (cp >= 0x0500 && cp <= 0x052f) return 2;
  if (cp >= 0x0700 && cp <= 0x08ff && !(cp >= 0x0750 && cp <= 0x077f)) return 2;
  if (cp >= 0x1680 && cp <= 0x1cff) return 2;
  if (cp >= 0x2c00 && cp <= 0x2c5f) return 2;
  if (cp >= 0x2d00 && cp <= 0x2dff) return 2;
  if (cp >= 0xa500 && cp <= 0xabff) return 2;
  return 0;
}

const set = (s: string): Set<number> => new Set(Array.from(s, (c) => c.codePointAt(0) as number));

/** Symbols and punctuation that are fine right after a word (when the word ends there). */
const WORD_FINAL_OK = set('’”»›…–—®™°²³¹´·\u00a0');
/** Punctuation that is fine right before a word. */
const WORD_INITIAL_OK = set('‘“„«‹¡¿–—');
/** Apostrophe-like characters: fine between letters ("l’Ukraine", "scars´"). */
const APOSTROPHES = set('’´·');
/** Non-ASCII punctuation that mojibake is full of and prose rarely glues to letters. */
const GLUE_PUNCT = set('¡¿§¶«»‹›†‡‰•‚„“”‘…–—');
/** Symbols with almost no use in prose on their own. */
const ODD_SYMBOLS = set('¤¦¨¬¯¸ƒˆˇ˘˛˜˝†‡‰◊ª');

/**
 * Letters that are rare in real text but are the Windows-1252 images of the
 * most frequent UTF-8 lead bytes (0xC2, 0xC3): "Â", "Ã". Derived from the table.
 */
const LEAD_IMAGES = new Set<number>(
  MOJIBAKE_PAGES.filter((p) => ['latin1', 'cp1252', 'cp1250', 'macroman'].includes(p.name)).flatMap((p) => [p.decode[0xc2].charCodeAt(0), p.decode[0xc3].charCodeAt(0)]),
);

/**
 * Two-character signatures of the single most common mojibake: a UTF-8
 * General Punctuation character (E2 80 xx) read through a single-byte page
 * ("â€", "вЂ", "โ€", "β€", ...). Derived from the tables, one per page.
 */
const PUNCT_SIGNATURES = new Set<string>(
  MOJIBAKE_PAGES.map((p) => p.decode[0xe2] + p.decode[0x80]).filter((s) => s.charCodeAt(1) >= 0xa0 || s.charCodeAt(1) < 0x80 || s.charCodeAt(1) > 0x9f),
);

/** The replacement character U+FFFD (EF BF BD) read through a page: "ï¿½". */
const REPLACEMENT_SIGNATURES = new Set<string>(MOJIBAKE_PAGES.map((p) => p.decode[0xef] + p.decode[0xbf] + p.decode[0xbd]));

/** "Â", "Ã": Windows-1252 images of C2/C3, whose next character is a continuation byte's image. */
const CP1252_LEADS = new Set<number>([CP1252.decode[0xc2].charCodeAt(0), CP1252.decode[0xc3].charCodeAt(0)]);
/** Number-like symbols that do not follow accented capitals in real text ("Å³", "Ã±"). */
const NUMERIC_SYMBOLS = set('¹²³±¼½¾µ§¶');

const isBox = (cp: number): boolean => cp >= 0x2500 && cp <= 0x259f;
const isGreek = (cp: number): boolean => (cp >= 0x0370 && cp <= 0x03ff) || (cp >= 0x1f00 && cp <= 0x1fff);
const isLatinLetter = (c: Cls): boolean => c === Cls.LatinLower || c === Cls.LatinUpper;

function charCost(cp: number, c: Cls): number {
  switch (c) {
    case Cls.Control:
      return cp === 9 || cp === 10 || cp === 13 || cp === 12 ? 0 : 3;
    case Cls.Unassigned:
      return 3;
    case Cls.SymMod:
      return cp < 0x80 || cp === 0xb4 ? 0 : 1;
    default:
      break;
  }
  if (cp === 0xfffd) return 1;
  if (ODD_SYMBOLS.has(cp)) return 1;
  if (LEAD_IMAGES.has(cp)) return 1;
  if ((c >= Cls.LatinLower && c <= Cls.Uncased) || c === Cls.Mark) return rareLetterCost(cp);
  return 0;
}

/** Is `cp` a non-ASCII character that looks out of place glued to a letter? */
function isGlue(cp: number, c: Cls): boolean {
  if (cp < 0x80 || cp === 0xa5) return false; // ¥ is written after letters: "JP¥", "CN¥"
  return isSymbolish(c) || GLUE_PUNCT.has(cp);
}

function pairCost(a: number, ca: Cls, b: number, cb: Cls, next: Cls): number {
  let cost = 0;
  const la = isLetter(ca);
  const lb = isLetter(cb);
  // "cafÃ", "РґР": a lowercase letter followed by a non-ASCII capital.
  if (isLower(ca) && isUpper(cb) && b >= 0x80) cost += 1;
  // Letters of two scripts glued together ("signiп¬Ѓcantly", "d‘รฉtat");
  // Greek next to Latin is common in science ("IL2Rγ"), so only half as odd.
  if (la && lb && (a >= 0x80 || b >= 0x80) && script(a) !== script(b)) {
    cost += (isGreek(a) && isLatinLetter(cb)) || (isGreek(b) && isLatinLetter(ca)) ? 1 : 2;
  }
  // Two non-ASCII Latin letters in a row are uncommon outside mojibake ("ÄÆ").
  if (a >= 0x80 && b >= 0x80 && isLatinLetter(ca) && isLatinLetter(cb)) cost += 1;
  // A combining mark on something that is not a letter (except the
  // strike-through/underline overlays people put on digits and symbols).
  if (cb === Cls.Mark && !la && ca !== Cls.Mark && !(b >= 0x0332 && b <= 0x0338)) cost += 2;
  // A combining accent on a cased letter: real text would use the precomposed
  // letter (the overlays U+0334–U+0338 are used for strike-through effects).
  if (cb === Cls.Mark && (isLower(ca) || isUpper(ca)) && b >= 0x0300 && b <= 0x036f && !(b >= 0x0334 && b <= 0x0338)) cost += 1;
  // Two different kinds of symbol side by side ("¬´", "√©").
  if (isSymbolish(ca) && isSymbolish(cb) && ca !== cb && (a >= 0x80 || b >= 0x80)) cost += 1;
  // A symbol followed by mojibake punctuation ("™«"), unless it closes something.
  if (a >= 0x80 && (isSymbolish(ca) || GLUE_PUNCT.has(a)) && GLUE_PUNCT.has(b) && a !== b && !WORD_FINAL_OK.has(b)) cost += 1;
  // "Ã´", "Ã\u00a0", "Ã™": a C2/C3 image followed by something that is not a
  // letter (the image of a continuation byte). "Ã’s" (a plural) and "Ã¥" stay ambiguous.
  if (CP1252_LEADS.has(a) && b >= 0x80 && !lb && b !== 0x2019 && b !== 0xa5) cost += 1;
  // An accented capital followed by a number-like symbol ("Å³").
  if (isUpper(ca) && a >= 0x80 && NUMERIC_SYMBOLS.has(b)) cost += 1;
  // Currency signs follow words only in codes like "JP¥"/"UK£": count them only mid-word.
  const currencyEnd = b !== 0xa4 && isLatinLetter(ca) && cb === Cls.SymMath && /^\p{Sc}$/u.test(String.fromCodePoint(b)) && !isLetter(next);
  if (la && isGlue(b, cb) && !APOSTROPHES.has(b) && !(isBox(b) && a < 0x80) && !currencyEnd) {
    // Letter followed by a symbol, unless it is punctuation ending the word;
    // a symbol in the middle of a word is odder still.
    if (!(WORD_FINAL_OK.has(b) && !isLetter(next))) cost += 1;
    if (isLetter(next)) cost += 1;
  }
  // Symbol followed by a letter, unless it is opening punctuation (or maths on Greek).
  if (lb && isGlue(a, ca) && !WORD_INITIAL_OK.has(a) && !APOSTROPHES.has(a) && !(isBox(a) && b < 0x80) && !(ca === Cls.SymMath && isGreek(b))) cost += 1;
  // Grave ì/ò/ù are word-final in the languages that use them.
  if ((a === 0xec || a === 0xf2 || a === 0xf9) && lb) cost += 1;
  // The ligature œ only occurs inside words.
  if ((a === 0x153 || a === 0x152) && !isLatinLetter(cb)) cost += 1;
  return cost;
}

/**
 * Cost of `text[start, end)`, including the pairs it forms with one character
 * of context on either side (`left`/`right`, code points or -1).
 */
export function textCost(text: string, left = -1, right = -1): number {
  let cost = 0;
  const cps: number[] = [];
  if (left >= 0) cps.push(left);
  for (const ch of text) cps.push(ch.codePointAt(0) as number);
  if (right >= 0) cps.push(right);
  const classes = cps.map(cls);
  const first = left >= 0 ? 1 : 0;
  const last = right >= 0 ? cps.length - 1 : cps.length;
  for (let i = first; i < last; i++) cost += charCost(cps[i], classes[i]);
  for (let i = 0; i + 1 < cps.length; i++) {
    const a = cps[i];
    const b = cps[i + 1];
    if (a < 0x80 && b < 0x80) continue;
    cost += pairCost(a, classes[i], b, classes[i + 1], i + 2 < cps.length ? classes[i + 2] : Cls.Space);
    if (PUNCT_SIGNATURES.has(String.fromCharCode(a) + String.fromCharCode(b))) cost += 2;
    if (i + 2 < cps.length && REPLACEMENT_SIGNATURES.has(String.fromCharCode(a, b, cps[i + 2]))) cost += 3;
  }
  // A non-ASCII letter followed by two non-letter symbols ("â™«"), unless both close the word.
  for (let i = first; i + 2 < cps.length; i++) {
    const a = cps[i];
    if (a < 0x80 || !isLetter(classes[i])) continue;
    const b = cps[i + 1];
    const c = cps[i + 2];
    if (isGlue(b, classes[i + 1]) && isGlue(c, classes[i + 2]) && !(WORD_FINAL_OK.has(b) && WORD_FINAL_OK.has(c))) cost += 1;
  }
  // A trailing œ with nothing after it.
  if (right < 0 && cps.length && (cps[cps.length - 1] === 0x153 || cps[cps.length - 1] === 0x152)) cost += 1;
  return cost;
}

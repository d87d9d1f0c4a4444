import { dataFile } from '../data/loader.js';

/**
 * Language detection: the writing system first (Cyrillic, Arabic, Greek, CJK… decide by themselves), then, for
 * Latin script, the share of each language's frequent function words (`lang/common/stopwords.json`). Only the
 * first SAMPLE_CHARS characters are read. Too little text to tell: the declared language when valid, else 'en'.
 */

const SAMPLE_CHARS = 5000;
/** Fewer words or stop-word hits than this: too short to tell. */
const MIN_WORDS = 6;
const MIN_HITS = 3;

interface LanguageCodes {
  codes: string[];
  aliases: Record<string, string>;
}

type StopwordData = Record<string, string[] | string>;

let stopSets: Array<[string, Set<string>]> | null = null;
function stopwords(): Array<[string, Set<string>]> {
  if (!stopSets) {
    const raw = dataFile<StopwordData>('lang/common/stopwords.json');
    stopSets = Object.entries(raw)
      .filter((e): e is [string, string[]] => Array.isArray(e[1]) && /^[a-z]{2}$/.test(e[0]))
      .map(([code, words]) => [code, new Set(words.map((w) => w.toLowerCase()))]);
  }
  return stopSets;
}

let codeSet: Set<string> | null = null;
/** A declared language (`en`, `en-GB`, `fr_FR`, `fra`, `French`) as an ISO 639-1 code, or null when not recognisable. */
export function normalizeLanguageCode(declared: string | null | undefined): string | null {
  if (!declared) return null;
  const data = dataFile<LanguageCodes>('lang/common/languages.json');
  codeSet ??= new Set(data.codes);
  const head = declared.trim().toLowerCase().split(/[-_;,\s]/)[0] ?? '';
  const code = data.aliases[head] ?? head;
  return /^[a-z]{2}$/.test(code) && codeSet.has(code) ? code : null;
}

/** Non-Latin writing systems and the language each one indicates by default. */
const SCRIPTS: Array<{ name: string; re: RegExp }> = [
  { name: 'cyrillic', re: /\p{Script=Cyrillic}/u },
  { name: 'arabic', re: /\p{Script=Arabic}/u },
  { name: 'greek', re: /\p{Script=Greek}/u },
  { name: 'hebrew', re: /\p{Script=Hebrew}/u },
  { name: 'kana', re: /[\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { name: 'han', re: /\p{Script=Han}/u },
  { name: 'hangul', re: /\p{Script=Hangul}/u },
  { name: 'devanagari', re: /\p{Script=Devanagari}/u },
  { name: 'bengali', re: /\p{Script=Bengali}/u },
  { name: 'thai', re: /\p{Script=Thai}/u },
  { name: 'armenian', re: /\p{Script=Armenian}/u },
  { name: 'georgian', re: /\p{Script=Georgian}/u },
  { name: 'ethiopic', re: /\p{Script=Ethiopic}/u },
];

function count(text: string, re: RegExp): number {
  return text.match(new RegExp(re.source, 'gu'))?.length ?? 0;
}

/** The language a non-Latin script indicates, with the usual in-script distinctions. */
function byScript(script: string, sample: string, letters: number): string {
  switch (script) {
    case 'cyrillic': {
      if (count(sample, /[ієїґ]/iu) > letters * 0.005) return 'uk';
      if (count(sample, /[ђћџљњј]/iu) > letters * 0.003) return 'sr';
      if (count(sample, /[ыэё]/iu) === 0 && count(sample, /ъ/iu) > letters * 0.005) return 'bg';
      return 'ru';
    }
    case 'arabic': {
      if (count(sample, /[ےٹڈڑںھ]/u) > letters * 0.003) return 'ur';
      // Persian writes keheh and farsi yeh (ک ی) where Arabic has kaf and yeh (ك ي), and has پ چ ژ گ
      const persian = count(sample, /[پچژگکی]/u), arabic = count(sample, /[كيةى]/u);
      return persian > arabic ? 'fa' : 'ar';
    }
    case 'greek': return 'el';
    case 'hebrew': return 'he';
    case 'kana': return 'ja';
    case 'han': return 'zh';
    case 'hangul': return 'ko';
    case 'devanagari': return 'hi';
    case 'bengali': return 'bn';
    case 'thai': return 'th';
    case 'armenian': return 'hy';
    case 'georgian': return 'ka';
    case 'ethiopic': return 'am';
    default: return 'en';
  }
}

/**
 * What one code point counts towards: a letter, Latin script, and which of SCRIPTS (-1: none); and its lower case
 * as `toLowerCase` gives it in any context (-1 when that is not one code point, or depends on the context: "İ"
 * becomes two, "Σ" depends on its place in the word), with whether that is a letter.
 */
interface CharClass {
  letter: boolean;
  latin: boolean;
  script: number;
  lower: number;
  lowerLetter: boolean;
}

const RE_LETTER = /\p{L}/u;
const RE_LATIN = /\p{Script=Latin}/u;
const ASCII_LETTER: CharClass = { letter: true, latin: true, script: -1, lower: -1, lowerLetter: true };
const ASCII_OTHER: CharClass = { letter: false, latin: false, script: -1, lower: -1, lowerLetter: false };
/** Classes of the non-ASCII code points seen so far (bounded by the code points a corpus uses). */
const charClasses = new Map<number, CharClass>();

function classOf(cp: number): CharClass {
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) ? ASCII_LETTER : ASCII_OTHER;
  let hit = charClasses.get(cp);
  if (!hit) {
    const ch = String.fromCodePoint(cp);
    const low = ch.toLowerCase();
    const lcp = low.codePointAt(0)!;
    const simple = cp !== 0x03a3 && low === String.fromCodePoint(lcp);
    // A code point has one Script value, so at most one of SCRIPTS matches it.
    hit = {
      letter: RE_LETTER.test(ch),
      latin: RE_LATIN.test(ch),
      script: SCRIPTS.findIndex((s) => s.re.test(ch)),
      lower: simple ? lcp : -1,
      lowerLetter: simple && RE_LETTER.test(low),
    };
    if (charClasses.size >= 65_536) charClasses.clear();
    charClasses.set(cp, hit);
  }
  return hit;
}

/**
 * Per language: the stop words as a trie to their languages (a word is looked up while it is read, without cutting
 * it out of the text), and the distinctive letters (see `letters.json`) by code point. The trie is flat: node 0 is
 * the root; `next[node * 26 + letter]` is the child for a–z plus one (0: none), other code points go through
 * `otherNext` (key `node * 0x110000 + code point`), and `langs[node]` are the languages of the word ending there.
 */
interface StopIndex {
  codes: string[];
  next: Int32Array;
  otherNext: Map<number, number>;
  langs: Array<number[] | null>;
  marks: Map<number, number[]>;
  asciiMarks: boolean;
}

let stopIndex: StopIndex | null = null;
function stopwordIndex(): StopIndex {
  if (!stopIndex) {
    const sets = stopwords();
    const letters = dataFile<Record<string, string>>('lang/common/letters.json');
    const nodes = 1 + sets.reduce((a, [, set]) => a + [...set].reduce((b, w) => b + [...w].length, 0), 0);
    const next = new Int32Array(nodes * 26);
    const otherNext = new Map<number, number>();
    const langs: Array<number[] | null> = [null];
    const marks = new Map<number, number[]>();
    sets.forEach(([code, set], k) => {
      for (const w of set) {
        let node = 0;
        for (const ch of w) {
          const cp = ch.codePointAt(0)!;
          let child = cp >= 97 && cp <= 122 ? next[node * 26 + cp - 97]! - 1 : (otherNext.get(node * 0x110000 + cp) ?? -1);
          if (child < 0) {
            child = langs.length;
            langs.push(null);
            if (cp >= 97 && cp <= 122) next[node * 26 + cp - 97] = child + 1;
            else otherNext.set(node * 0x110000 + cp, child);
          }
          node = child;
        }
        const list = langs[node];
        if (list) list.push(k);
        else langs[node] = [k];
      }
      // A mark is compared with one code point of the text at a time.
      for (const ch of new Set(letters[code] ?? '')) {
        const cp = ch.codePointAt(0)!;
        const list = marks.get(cp);
        if (list) list.push(k);
        else marks.set(cp, [k]);
      }
    });
    stopIndex = { codes: sets.map(([code]) => code), next, otherNext, langs, marks, asciiMarks: [...marks.keys()].some((cp) => cp < 128) };
  }
  return stopIndex;
}

let unitBuffer = new Uint16Array(SAMPLE_CHARS);
/** The UTF-16 code units of a string in a reused buffer (valid until the next call). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function codeUnits(s: string): Uint16Array {
  if (unitBuffer.length < s.length) unitBuffer = new Uint16Array(s.length);
  if (LITTLE_ENDIAN) Buffer.from(unitBuffer.buffer, unitBuffer.byteOffset, s.length * 2).write(s, 'utf16le');
  else for (let i = 0; i < s.length; i++) unitBuffer[i] = s.charCodeAt(i);
  return unitBuffer;
}

/** The trie node after `node` (-1: no stop word goes on) for the lower-case code point `lc`. */
function step(index: StopIndex, node: number, lc: number): number {
  if (node < 0) return -1;
  return lc >= 97 && lc <= 122 ? index.next[node * 26 + lc - 97]! - 1 : (index.otherNext.get(node * 0x110000 + lc) ?? -1);
}

/**
 * ISO 639-1 code of the text's language (always two lowercase letters). One pass over the sample counts letters
 * and scripts, and each distinct word is looked up once: the figures are the same as counting script by script
 * and language by language, at a fraction of the cost (this runs twice per document).
 */
export function detectLanguage(text: string, declared?: string | null): string {
  const fallback = normalizeLanguageCode(declared) ?? 'en';
  const sample = (text ?? '').slice(0, SAMPLE_CHARS);

  // 1. Writing system: a non-Latin script that outweighs Latin letters decides. The same pass already reads the
  // words for step 2, on the lower case of each code point (what `sample.toLowerCase()` holds), unless some code
  // point lower-cases to several or by context: then step 2 makes its own pass over `sample.toLowerCase()`.
  let letters = 0;
  let latin = 0;
  const perScript = new Array<number>(SCRIPTS.length).fill(0);
  const index = stopwordIndex();
  const hits = new Array<number>(index.codes.length).fill(0);
  const n = sample.length;
  // The code units as a typed array: the loop below reads each once, and typed-array reads are cheaper than
  // `charCodeAt` on the sliced and concatenated strings the sample usually is.
  const units = codeUnits(sample);
  let simple = true;
  let words = 0;
  let inWord = false;
  let node = 0;
  for (let i = 0; i < n; i++) {
    const c = units[i]!;
    let lc: number;
    let letter: boolean;
    if (c < 128) {
      if (c >= 97 && c <= 122) {
        letters++;
        latin++;
        lc = c;
        letter = true;
      } else if (c >= 65 && c <= 90) {
        letters++;
        latin++;
        lc = c + 32;
        letter = true;
      } else {
        lc = c;
        letter = false;
      }
    } else {
      // One code point, as `codePointAt` reads it (a lone surrogate stands for itself).
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = units[i + 1]!;
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      const k = classOf(cp);
      if (k.letter) letters++;
      if (k.latin) latin++;
      if (k.script >= 0) perScript[k.script]!++;
      lc = k.lower;
      letter = k.lowerLetter;
      if (lc < 0) simple = false;
    }
    if (!simple) continue;
    if (letter) {
      if (!inWord) {
        inWord = true;
        words++;
        node = 0;
      }
      node = step(index, node, lc);
    } else if (inWord) {
      inWord = false;
      const ls = node >= 0 ? index.langs[node] : null;
      if (ls) for (const k of ls) hits[k]!++;
    }
    if (lc >= 128 || index.asciiMarks) {
      const ms = index.marks.get(lc);
      if (ms) for (const k of ms) hits[k]! += 0.5;
    }
  }
  if (letters < 4) return fallback;
  const scriptCounts = SCRIPTS.map((s, k) => ({ name: s.name, n: perScript[k]! }));
  // Japanese mixes kanji and kana: any real share of kana makes it Japanese.
  const kana = scriptCounts.find((s) => s.name === 'kana')!;
  const han = scriptCounts.find((s) => s.name === 'han')!;
  if (kana.n > 0 && kana.n + han.n > latin && kana.n >= (kana.n + han.n) * 0.1) return 'ja';
  const top = scriptCounts.filter((s) => s.name !== 'kana').sort((a, b) => b.n - a.n)[0]!;
  if (top.n > latin && top.n >= 2) {
    const lang = byScript(top.name, sample, letters);
    // With very little text, a declared language written in the same script is the better guess.
    if (top.n < 20 && fallback !== 'en' && declaredMatchesScript(fallback, top.name)) return fallback;
    return lang;
  }

  // 2. Latin script: share of each language's function words, read through the stop-word trie, and of the
  // distinctive letters.
  const endWord = (): void => {
    const ls = node >= 0 ? index.langs[node] : null;
    if (ls) for (const k of ls) hits[k]!++;
  };
  if (simple) {
    if (inWord) endWord();
  } else {
    hits.fill(0);
    words = 0;
    inWord = false;
    node = 0;
    const lower = sample.toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      const cp = lower.codePointAt(i)!;
      if (cp > 0xffff) i++;
      const letter = cp < 128 ? (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) : classOf(cp).letter;
      if (letter) {
        if (!inWord) {
          inWord = true;
          words++;
          node = 0;
        }
        node = step(index, node, cp);
      } else if (inWord) {
        inWord = false;
        endWord();
      }
      if (cp >= 128 || index.asciiMarks) {
        const ms = index.marks.get(cp);
        if (ms) for (const k of ms) hits[k]! += 0.5;
      }
    }
    if (inWord) endWord();
  }
  if (words < MIN_WORDS) return fallback;
  const scores = index.codes.map((code, k) => ({ code, hits: hits[k]! })).sort((a, b) => b.hits - a.hits);
  const best = scores[0];
  if (!best || best.hits < MIN_HITS) return fallback;
  const second = scores[1];
  // Close call: a declared language among the two leaders settles it.
  if (second && best.hits - second.hits < Math.max(2, best.hits * 0.1) && (fallback === best.code || fallback === second.code)) {
    return fallback;
  }
  return best.code;
}

function declaredMatchesScript(code: string, script: string): boolean {
  const byScriptCodes: Record<string, string[]> = {
    cyrillic: ['ru', 'uk', 'bg', 'sr', 'mk', 'be', 'kk', 'ky', 'mn', 'tg'],
    arabic: ['ar', 'fa', 'ur', 'ps', 'ku', 'sd', 'ug'],
    han: ['zh', 'ja'],
    devanagari: ['hi', 'mr', 'ne', 'sa'],
  };
  return (byScriptCodes[script] ?? []).includes(code);
}

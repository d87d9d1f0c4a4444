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

/** What one code point counts towards: a letter, Latin script, and which of SCRIPTS (-1: none). */
interface CharClass {
  letter: boolean;
  latin: boolean;
  script: number;
}

const RE_LETTER = /\p{L}/u;
const RE_LATIN = /\p{Script=Latin}/u;
const ASCII_LETTER: CharClass = { letter: true, latin: true, script: -1 };
const ASCII_OTHER: CharClass = { letter: false, latin: false, script: -1 };
/** Classes of the non-ASCII code points seen so far (bounded by the code points a corpus uses). */
const charClasses = new Map<number, CharClass>();

function classOf(cp: number): CharClass {
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) ? ASCII_LETTER : ASCII_OTHER;
  let hit = charClasses.get(cp);
  if (!hit) {
    const ch = String.fromCodePoint(cp);
    // A code point has one Script value, so at most one of SCRIPTS matches it.
    hit = { letter: RE_LETTER.test(ch), latin: RE_LATIN.test(ch), script: SCRIPTS.findIndex((s) => s.re.test(ch)) };
    if (charClasses.size >= 65_536) charClasses.clear();
    charClasses.set(cp, hit);
  }
  return hit;
}

/** Per language: the stop words as a map to their languages, and the distinctive letters (see `letters.json`). */
let stopIndex: { codes: string[]; byWord: Map<string, number[]>; marks: Map<string, number[]>; asciiMarks: boolean } | null = null;
function stopwordIndex(): NonNullable<typeof stopIndex> {
  if (!stopIndex) {
    const sets = stopwords();
    const letters = dataFile<Record<string, string>>('lang/common/letters.json');
    const byWord = new Map<string, number[]>();
    const marks = new Map<string, number[]>();
    sets.forEach(([code, set], k) => {
      for (const w of set) {
        const list = byWord.get(w);
        if (list) list.push(k);
        else byWord.set(w, [k]);
      }
      for (const ch of new Set(letters[code] ?? '')) {
        const list = marks.get(ch);
        if (list) list.push(k);
        else marks.set(ch, [k]);
      }
    });
    stopIndex = { codes: sets.map(([code]) => code), byWord, marks, asciiMarks: [...marks.keys()].some((ch) => ch.charCodeAt(0) < 128) };
  }
  return stopIndex;
}

/**
 * ISO 639-1 code of the text's language (always two lowercase letters). One pass over the sample counts letters
 * and scripts, and each distinct word is looked up once: the figures are the same as counting script by script
 * and language by language, at a fraction of the cost (this runs twice per document).
 */
export function detectLanguage(text: string, declared?: string | null): string {
  const fallback = normalizeLanguageCode(declared) ?? 'en';
  const sample = (text ?? '').slice(0, SAMPLE_CHARS);

  // 1. Writing system: a non-Latin script that outweighs Latin letters decides.
  let letters = 0;
  let latin = 0;
  const perScript = new Array<number>(SCRIPTS.length).fill(0);
  for (let i = 0; i < sample.length; i++) {
    const cp = sample.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const c = classOf(cp);
    if (c.letter) letters++;
    if (c.latin) latin++;
    if (c.script >= 0) perScript[c.script]!++;
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

  // 2. Latin script: share of each language's function words.
  const lower = sample.toLowerCase();
  const words = lower.match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return fallback;
  const index = stopwordIndex();
  const hits = new Array<number>(index.codes.length).fill(0);
  for (const w of words) {
    const langs = index.byWord.get(w);
    if (langs) for (const k of langs) hits[k]!++;
  }
  for (const ch of lower) {
    if (ch.charCodeAt(0) < 128 && !index.asciiMarks) continue;
    const langs = index.marks.get(ch);
    if (langs) for (const k of langs) hits[k]! += 0.5;
  }
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

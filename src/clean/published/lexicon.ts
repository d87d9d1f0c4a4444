import { langData } from '../../data/loader.js';
import { topLevelAlternatives } from '../boilerplate/literals.js';
import { anyOf } from '../boilerplate/literals.js';

/** The words of a list that hold no other word of it ("january" holds "jan"): a string holds one of the list iff it holds one of these. */
const withoutImplied = (words: string[]): string[] => {
  const sorted = [...new Set(words)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const w of sorted) if (!kept.some((k) => w.includes(k))) kept.push(w);
  return kept;
};

/** The date vocabulary of one language, as stored in `lang/<code>/dates.json`. */
export interface DatesData {
  months: string[][];
  monthCase: 'capitalized' | 'any';
  abbreviationDot: 'optional' | 'required';
  weekdays: string[];
  ordinal: string;
  dayMonthJoin: string;
  monthYearJoin: string;
  seasons: Record<Season, string[]>;
  parts: Record<Part, string[]>;
  leads: string[];
  completedLeads: string[];
  sinceLeads: string[];
  untilLeads: string[];
  relativeBefore: { last: string[]; next: string[]; this: string[] };
  relativeAfter: { last: string[]; next: string[] };
  yearRelative: { last: string[]; this: string[]; next: string[] };
  numbers: Record<string, number>;
  durationUnits: Record<string, number>;
  durationNouns: string[];
  durations: string[];
  ago: string[];
  counted: string[];
  yearExcludedBefore: string[];
  clauseBreaks: string;
  future: string[];
  past: string[];
  datelineKeywords: string[];
}

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
export type Part = 'early' | 'mid' | 'late';

/** Compiled patterns of one language. Every RegExp is global + Unicode; reset `lastIndex` or use matchAll. */
export interface Lexicon {
  code: string;
  data: DatesData;
  /** Month name or abbreviation → 1..12 (lowercase, no dot). */
  monthOf(name: string): number | null;
  seasonOf(name: string): Season | null;
  partOf(phrase: string): Part | null;
  numberOf(word: string): number | null;
  iso: RegExp;
  mdy: RegExp;
  dmy: RegExp;
  my: RegExp;
  bareMonth: RegExp;
  season: RegExp;
  year: RegExp;
  durations: RegExp[];
  ago: RegExp[];
  yearRelative: Array<{ re: RegExp; shift: number }>;
  /**
   * Lower-cased month names and season words: a string holding none of them (and no digit) cannot hold a date,
   * which spares the date expressions on most sentences.
   */
  dateWords: string[];
  /** `dateWords` as one plain alternation, tested on the lower-cased text (null when there are none). */
  dateWordsAny: RegExp | null;
  /** The same, global, for a scan of a whole text; null when some date word holds white space. */
  dateWordsAll: RegExp | null;
  relBefore: Array<{ re: RegExp; rel: 'last' | 'next' | 'this' }>;
  relAfter: Array<{ re: RegExp; rel: 'last' | 'next' }>;
  future: RegExp[];
  past: RegExp[];
  clauseBreaks: RegExp;
  weekday: string;
  keywords: RegExp;
  counted: Set<string>;
  yearExcludedBefore: Set<string>;
  durationNouns: Set<string>;
  completedLeads: Set<string>;
  sinceLeads: Set<string>;
  untilLeads: Set<string>;
}

/**
 * `(?<![cls])`, the "not right after one of these characters" test most date patterns open on, preceded by the
 * same test on the ASCII letters and digits of the class. Both together accept exactly what the one does (the ASCII
 * class is a subset, also under case folding), but the engine tries the pattern at every position of a sentence,
 * and a plain ASCII class rejects the positions inside a word much faster than a Unicode property does.
 */
export function notAfter(cls: string): string {
  const ascii = (cls.includes('\\p{L}') ? 'a-zA-Z' : '') + (cls.includes('\\p{N}') ? '0-9' : '');
  return ascii ? `(?<![${ascii}])(?<![${cls}])` : `(?<![${cls}])`;
}

/** A Unicode-aware word boundary (JavaScript's \b only knows ASCII letters). */
export const B = '(?:(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}]))';
/**
 * Replaces `\b` by a Unicode-aware test: a lookbehind where a word starts (start of pattern, after `(`, `|`, `:`),
 * a lookahead where it ends (after a letter or a group). Cheaper than the two-sided B.
 */
const WORD_START = notAfter('\\p{L}\\p{N}');
const unicodeBoundaries = (src: string): string =>
  src.replace(/\\b/g, (_m, i: number) => {
    const prev = i > 0 ? src[i - 1]! : '';
    return prev === '' || '(|:'.includes(prev) ? WORD_START : '(?![\\p{L}\\p{N}])';
  });


/**
 * Several cue patterns as one alternation (one scan per sentence). When every pattern opens on a word start, the
 * test is made once, before the alternation: the same matches, but positions inside words fail at once instead
 * of once per pattern.
 */
const oneOf = (list: string[]): RegExp[] => {
  if (!list.length) return [];
  const sources = list.map(unicodeBoundaries);
  if (sources.every((x) => x.startsWith(WORD_START) && topLevelAlternatives(x).length === 1)) {
    return [new RegExp(`${WORD_START}(?:${sources.map((x) => `(?:${x.slice(WORD_START.length)})`).join('|')})`, 'giu')];
  }
  return [new RegExp(sources.map((x) => `(?:${x})`).join('|'), 'giu')];
};

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** A phrase with flexible spacing and either apostrophe. */
const phrase = (s: string): string => escapeRe(s).replace(/\s+/g, '\\s+').replace(/'/g, "['’]");
const alternation = (items: string[]): string =>
  [...new Set(items)].sort((a, b) => b.length - a.length).join('|');

const cache = new Map<string, Lexicon | null>();

/** The compiled lexicon of a language, or null when it has no `lang/<code>/dates.json`. */
export function lexicon(code: string): Lexicon | null {
  if (cache.has(code)) return cache.get(code)!;
  const data = /^[a-z]{2}$/.test(code) ? langData<DatesData>(code, 'dates') : null;
  const lex = data ? compile(code, data) : null;
  cache.set(code, lex);
  return lex;
}

/** Lexicons to read a text of `language` with: its own, else English (years and ISO dates read the same). */
export function lexiconsFor(language: string | null | undefined): Lexicon[] {
  const lex = lexicon(language ?? 'en') ?? lexicon('en');
  return lex ? [lex] : [];
}

function compile(code: string, data: DatesData): Lexicon {
  const monthIndex = new Map<string, number>();
  const dateWords = new Set<string>();
  const monthForms: string[] = [];
  const fullForms: string[] = [];
  data.months.forEach((forms, i) => {
    forms.forEach((f, j) => {
      const bare = f.replace(/\.$/, '');
      monthIndex.set(bare, i + 1);
      const variants = data.monthCase === 'capitalized' ? [cap(bare), bare.toUpperCase()] : [bare, cap(bare), bare.toUpperCase()];
      for (const v of variants) {
        dateWords.add(v.toLowerCase());
        const isAbbrev = j > 0 && f !== forms[0] && bare.length < forms[0]!.replace(/\.$/, '').length;
        let src = escapeRe(v);
        if (isAbbrev) src += data.abbreviationDot === 'required' ? '\\.' : '\\.?';
        monthForms.push(src);
        if (j === 0 || !isAbbrev) fullForms.push(escapeRe(v));
      }
    });
  });
  const MONTH = `(?<mon>${alternation(monthForms)})`;
  const MONTH_FULL = `(?<mon>${alternation(fullForms)})`;
  const ORD = data.ordinal ? `(?:${data.ordinal})?` : '';
  const DAY = `(?<d>3[01]|[12]\\d|0?[1-9])${ORD}(?![\\p{L}\\p{N}]|[:.]\\d)`;
  const YEAR = `(?<y>(?:19|20)\\d{2})(?![\\p{N}])`;
  const weekday = `(?:${alternation(data.weekdays.flatMap((w) => [escapeRe(w), escapeRe(cap(w)), escapeRe(w.toUpperCase())]))})\\.?`;
  const dmJoin = data.dayMonthJoin ? `(?:${phrase(data.dayMonthJoin)}\\s+)?` : '';
  const myJoin = data.monthYearJoin ? `(?:\\s+${phrase(data.monthYearJoin)})?` : '';

  const partEntries = (Object.entries(data.parts) as Array<[Part, string[]]>).flatMap(([p, list]) => list.map((s) => [s, p] as const));
  const partIndex = new Map(partEntries.map(([s, p]) => [s.toLowerCase().replace(/['’]/g, "'"), p]));
  const PART = `(?<part>${alternation(partEntries.flatMap(([s]) => [phrase(s), phrase(cap(s))]))})`;
  const LEAD = `(?<lead>${alternation(data.leads.flatMap((s) => [phrase(s), phrase(cap(s))]))})`;
  const THE = `(?:(?:the|The|l'|l’)\\s*)?`;
  const seasonIndex = new Map<string, Season>();
  for (const [s, list] of Object.entries(data.seasons) as Array<[Season, string[]]>) for (const w of list) seasonIndex.set(w, s);
  for (const w of seasonIndex.keys()) for (const v of [w, cap(w)]) dateWords.add(v.toLowerCase());
  const SEASON = `(?<season>${alternation([...seasonIndex.keys()].flatMap((w) => [escapeRe(w), escapeRe(cap(w))]))})`;
  const link = `(?:\\s+(?:of|in|de|du|d'|d’))?[\\s-]*`;

  const numbers = new Map(Object.entries(data.numbers).map(([k, v]) => [k.toLowerCase(), v]));
  const N = `\\d{1,2}|${alternation([...numbers.keys()].flatMap((w) => [escapeRe(w), escapeRe(cap(w))]))}`;
  const withN = (src: string): RegExp =>
    new RegExp(unicodeBoundaries(src.replace(/\{N\}/g, `${WORD_START}(?:${N})(?![\\p{L}\\p{N}])`)), 'giu');

  const rels = (list: string[], rel: 'last' | 'next' | 'this') =>
    list.length ? [{ re: new RegExp(`(?:^|[^\\p{L}])(?:${alternation(list.map(phrase))})\\s+$`, 'iu'), rel }] : [];
  const relsAfter = (list: string[], rel: 'last' | 'next') =>
    list.length ? [{ re: new RegExp(`^\\s+(?:${alternation(list.map(phrase))})(?![\\p{L}])`, 'iu'), rel }] : [];

  const g = (src: string, flags = 'gu'): RegExp => new RegExp(src, flags);
  return {
    code,
    data,
    monthOf: (name) => monthIndex.get(name.toLowerCase().replace(/\.$/, '')) ?? null,
    seasonOf: (name) => seasonIndex.get(name.toLowerCase()) ?? null,
    partOf: (p) => partIndex.get(p.toLowerCase().replace(/['’]/g, "'").replace(/\s+/g, ' ').trim()) ?? null,
    numberOf: (w) => (/^\d+$/.test(w) ? Number(w) : numbers.get(w.toLowerCase()) ?? null),
    iso: g(`${notAfter('\\p{N}')}(?<y>(?:19|20)\\d{2})-(?<m>0[1-9]|1[0-2])-(?<d>0[1-9]|[12]\\d|3[01])(?![\\p{N}])`),
    mdy: g(`${notAfter('\\p{L}\\p{N}')}(?:${weekday},?\\s+)?${MONTH}\\s+${DAY}(?:,?\\s+${YEAR})?`),
    dmy: g(`${notAfter('\\p{L}\\p{N},.')}(?:${weekday},?\\s+)?${DAY}\\s+${dmJoin}${MONTH}(?![\\p{L}])(?:,?\\s+${YEAR})?`),
    my: g(`${notAfter('\\p{L}')}${MONTH}${myJoin},?\\s+${YEAR}`),
    bareMonth: g(`${notAfter("\\p{L}'’")}(?:${LEAD}\\s+)?${THE}(?:${PART}${link})?${MONTH_FULL}(?![\\p{L}])(?!\\.?\\s*\\d)`),
    season: g(`${notAfter("\\p{L}'’")}(?:${LEAD}\\s+)?${THE}(?:${PART}${link})?${THE}${SEASON}(?![\\p{L}-])(?!\\s+(?:of|de)\\s+(?!(?:19|20)\\d\\d))(?:\\s+(?:(?:of|de)\\s+)?${YEAR})?`),
    year: g(`${notAfter('\\p{L}\\p{N}$€£#.,/')}(?:${THE}${PART}${link})?${YEAR}(?!%|[.,/]\\p{N}|s(?![\\p{L}]))`),
    dateWords: [...dateWords],
    dateWordsAny: dateWords.size ? anyOf(withoutImplied([...dateWords])) : null,
    dateWordsAll:
      dateWords.size && ![...dateWords].some((w) => /\s/.test(w) || w === '')
        ? new RegExp(anyOf(withoutImplied([...dateWords])).source, 'g')
        : null,
    durations: data.durations.map(withN),
    ago: data.ago.map(withN),
    yearRelative: (
      [['last', -1], ['this', 0], ['next', 1]] as Array<['last' | 'this' | 'next', number]>
    ).filter(([k]) => data.yearRelative[k].length).map(([k, shift]) => ({
      re: new RegExp(`${notAfter('\\p{L}')}(?:${alternation(data.yearRelative[k].map(phrase))})(?![\\p{L}])`, 'giu'),
      shift,
    })),
    relBefore: [...rels(data.relativeBefore.last, 'last'), ...rels(data.relativeBefore.next, 'next'), ...rels(data.relativeBefore.this, 'this')],
    relAfter: [...relsAfter(data.relativeAfter.last, 'last'), ...relsAfter(data.relativeAfter.next, 'next')],
    future: oneOf(data.future),
    past: oneOf(data.past),
    clauseBreaks: new RegExp(unicodeBoundaries(data.clauseBreaks), 'giu'),
    weekday,
    keywords: new RegExp(`^[\\s*_#>\\[(|-]*(?:${alternation(data.datelineKeywords.map(phrase))})(?:\\s+\\d{1,2})?(?![\\p{L}])`, 'iu'),
    counted: new Set(data.counted.map((w) => w.toLowerCase())),
    yearExcludedBefore: new Set(data.yearExcludedBefore.map((w) => w.toLowerCase())),
    durationNouns: new Set(data.durationNouns.map((w) => w.toLowerCase())),
    completedLeads: new Set(data.completedLeads.map((w) => w.toLowerCase())),
    sinceLeads: new Set(data.sinceLeads.map((w) => w.toLowerCase())),
    untilLeads: new Set(data.untilLeads.map((w) => w.toLowerCase())),
  };
}

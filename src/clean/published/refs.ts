import { validDay } from './calendar.js';
import type { Lexicon, Part, Season } from './lexicon.js';
import { lowerOf, matchAllFast, testFast } from '../boilerplate/literals.js';
import { isSpace } from '../chars.js';

/**
 * Dated references in a text: full dates, month + year, month-day and bare months without a year, seasons, bare
 * years ("in 2012", "since 2015", "mid-2021"), each with the tense of its clause; and "present" years deduced
 * from a duration anchored on a start year ("in 2013 … a nine-year struggle" → 2022).
 */

export type Tense = 'past' | 'future' | 'neutral';

export interface DateRef {
  text: string;
  /** Offsets in the analysed text. */
  start: number;
  end: number;
  /** Explicit year, or null when the text leaves it out ("March 27", "in January"). */
  y: number | null;
  m: number | null;
  d: number | null;
  part: Part | null;
  season: Season | null;
  /** A bare month spoken of as a whole ("in January", "last March"): the month is over. */
  completed: boolean;
  rel: 'last' | 'next' | 'this' | null;
  lead: 'since' | 'until' | null;
  tense: Tense;
  /** The year the text is written in, deduced from a duration or a relative year next to an explicit one. */
  present: boolean;
  paragraph: number;
  sentence: number;
}

export interface Sentence {
  text: string;
  start: number;
  paragraph: number;
  index: number;
}

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof col gen lt sgt capt cpt maj st mt jr sr vs no inc ltd co corp gov sen rep fig approx ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec m mme mlle pr gal gén av bd dept est').split(' '),
);

const LETTER = /\p{L}/u;

/** Whether the code point at `i` (a whole surrogate pair, when `i` is its low half) is a letter or a period. */
function letterOrPeriodBefore(s: string, i: number, from: number): number {
  // Returns the width (1 or 2) of the letter or period ending at i, or 0.
  const c = s.charCodeAt(i);
  if (c === 0x2e) return 1;
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && i - 1 >= from) {
    const h = s.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return LETTER.test(s.slice(i - 1, i + 1)) ? 2 : 0;
  }
  return LETTER.test(s[i]!) ? 1 : 0;
}

/**
 * The width (1, or 2 for a surrogate pair) of the letter that ends at `i` (inclusive) without reaching before
 * `from`, or 0 when there is none. `extra`: characters that count as letters too.
 */
function letterEndingAt(s: string, i: number, from: number, extra: string): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 1 : extra.includes(s[i]!) ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && i - 1 >= from) {
    const h = s.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return LETTER.test(s.slice(i - 1, i + 1)) ? 2 : 0;
  }
  return LETTER.test(s[i]!) || extra.includes(s[i]!) ? 1 : 0;
}

/** The start of the run of letters (or `extra` characters) that ends at `to`, not before `from`. */
function runStart(s: string, from: number, to: number, extra: string): number {
  let i = to;
  while (i > from) {
    const w = letterEndingAt(s, i - 1, from, extra);
    if (w === 0) break;
    i -= w;
  }
  return i;
}

/** `/([\p{L}'’]+)\s+$/u.exec(s.slice(from, to))?.[1]`: the word right before the white space that ends the range. */
function wordBeforeTrailingSpace(s: string, from: number, to: number): string | undefined {
  let e = to;
  while (e > from && isSpace(s.charCodeAt(e - 1))) e--;
  if (e === to) return undefined;
  const p = runStart(s, from, e, "'’");
  return p < e ? s.slice(p, e) : undefined;
}

/** `/([\p{L}°]+)\.?\s*$/u.exec(s.slice(from, to))?.[1]`: the word that ends the range, before a period and space. */
function lastWordOf(s: string, from: number, to: number): string | undefined {
  let q = to;
  while (q > from && isSpace(s.charCodeAt(q - 1))) q--;
  if (q > from && s.charCodeAt(q - 1) === 0x2e) q--;
  const p = runStart(s, from, q, '°');
  return p < q ? s.slice(p, q) : undefined;
}

/** `/^\s+([\p{L}]+)/u.exec(s.slice(from))?.[1]`: the word after the white space that opens the range. */
function wordAfterSpace(s: string, from: number): string | undefined {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === from) return undefined;
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) { j++; continue; }
      break;
    }
    if (c >= 0xd800 && c <= 0xdbff && j + 1 < s.length && (s.charCodeAt(j + 1) & 0xfc00) === 0xdc00) {
      if (LETTER.test(s.slice(j, j + 2))) { j += 2; continue; }
      break;
    }
    if (LETTER.test(s[j]!)) { j++; continue; }
    break;
  }
  return j > i ? s.slice(i, j) : undefined;
}

/** `/([\p{L}.]+)$/u.exec(s.slice(from, to))?.[1] ?? ''`: the run of letters and periods that ends at `to`. */
function trailingWord(s: string, from: number, to: number): string {
  let i = to;
  while (i > from) {
    const w = letterOrPeriodBefore(s, i - 1, from);
    if (w === 0) break;
    i -= w;
  }
  return s.slice(i, to);
}

const SENTENCE_END_RE = /[.!?…]+["'”’»)]*\s+(?=["“'‘«(\p{Lu}\p{N}])/gu;

/** Whether a period ends on an abbreviation, an initial or a dotted acronym rather than a sentence. */
export function endsOnAbbreviation(lineText: string, from: number, at: number): boolean {
  // A word of ASCII letters alone (most words before a period): the tests below come down to a set lookup and a
  // length, without the lower-case copies and the regular expressions.
  let i = at;
  while (i > from) {
    const c = lineText.charCodeAt(i - 1) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    i--;
  }
  if (i < at && (i === from || !isLetterOrPeriodUnit(lineText.charCodeAt(i - 1)))) {
    return at - i === 1 || ABBREVIATIONS.has(lineText.slice(i, at).toLowerCase());
  }
  return endsOnAbbreviationByDefinition(lineText, from, at);
}

/** Whether a code unit may continue a run of letters and periods leftwards (anything but ASCII that is neither). */
function isLetterOrPeriodUnit(c: number): boolean {
  return c >= 0x80 || c === 0x2e || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

/** The definition `endsOnAbbreviation` follows. */
export function endsOnAbbreviationByDefinition(lineText: string, from: number, at: number): boolean {
  const lastWord = trailingWord(lineText, from, at).toLowerCase().replace(/\.$/, '');
  return ABBREVIATIONS.has(lastWord.replace(/\./g, '')) || /^\p{L}$/u.test(lastWord) || /\p{L}\.\p{L}/u.test(lastWord);
}

/** Whether s[from, to) holds something other than white space. */
function hasNonSpace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return true;
  return false;
}

/** Paragraphs (lines) split into sentences, with offsets. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  // The lines are the runs of LINE_RE (`[^\n]+`), found with `indexOf`: no match object per line.
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const at = lineStart;
    lineStart = lineEnd + 1;
    if (!hasNonSpace(text, at, lineEnd)) continue;
    const lineText = text.slice(at, lineEnd);
    let from = 0;
    for (const m of matchAllFast(SENTENCE_END_RE, lineText)) {
      const cut = m.index + m[0].length;
      if (m[0].charCodeAt(0) === 0x2e && endsOnAbbreviation(lineText, from, m.index)) continue;
      out.push({ text: lineText.slice(from, cut), start: at + from, paragraph, index: out.length });
      from = cut;
    }
    if (from < lineText.length) out.push({ text: lineText.slice(from), start: at + from, paragraph, index: out.length });
    paragraph++;
  }
  return out;
}

/** A date expression found in a string, before tense and context. */
export interface RawDate {
  start: number;
  end: number;
  text: string;
  kind: 'iso' | 'mdy' | 'dmy' | 'my' | 'season' | 'month' | 'year';
  y: number | null;
  m: number | null;
  d: number | null;
  part: Part | null;
  season: Season | null;
  lead: string | null;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

/** Date expressions in `s` for one language, longest and most precise first, without overlaps. */
export function findDates(s: string, lex: Lexicon, taken: Array<[number, number]> = [], hasDateWord?: boolean): RawDate[] {
  return findDatesWith(s, lex, taken, hasDateWord, /[0-9]/.test(s));
}

/** `findDates` told whether `s` holds an ASCII digit. */
function findDatesWith(s: string, lex: Lexicon, taken: Array<[number, number]>, hasDateWord: boolean | undefined, digits: boolean): RawDate[] {
  // Every expression but seasons and bare months needs a digit (ASCII: the patterns use \d and [0-9] ranges);
  // those two need a month name or a season word.
  // `hasDateWord`: the caller's answer to the same question, when it has one (see `dateWordSentences`).
  const words = hasDateWord ?? (lex.dateWordsAny !== null && lex.dateWordsAny.test(lowerOf(s)));
  if (!digits && !words) return [];
  const out: RawDate[] = [];
  const free = (a: number, b: number): boolean => !taken.some(([x, y]) => a < y && x < b);
  const add = (r: RawDate): void => {
    if (!free(r.start, r.end)) return;
    taken.push([r.start, r.end]);
    out.push(r);
  };
  const base = (m: RegExpMatchArray, kind: RawDate['kind']): RawDate => ({
    start: m.index!, end: m.index! + m[0].length, text: m[0], kind,
    y: num(m.groups?.y), m: null, d: num(m.groups?.d), part: null, season: null, lead: null,
  });
  if (digits) for (const m of matchAllFast(lex.iso, s)) {
    const r = base(m, 'iso');
    r.m = Number(m.groups!.m);
    if (validDay(r.y!, r.m, r.d!)) add(r);
  }
  // A month name is a date word: without one, neither a day-month nor a month-year expression can match.
  for (const kind of ['mdy', 'dmy'] as const) {
    if (digits && words) for (const m of matchAllFast(lex[kind], s)) {
      const r = base(m, kind);
      r.m = lex.monthOf(m.groups!.mon!);
      if (r.m && validDay(r.y ?? 2000, r.m, r.d!)) add(r);
    }
  }
  if (digits && words) for (const m of matchAllFast(lex.my, s)) {
    const r = base(m, 'my');
    r.m = lex.monthOf(m.groups!.mon!);
    if (r.m) add(r);
  }
  if (words) for (const m of matchAllFast(lex.season, s)) {
    const r = base(m, 'season');
    r.season = lex.seasonOf(m.groups!.season!);
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    r.lead = m.groups?.lead?.toLowerCase() ?? null;
    if (r.season && (r.lead || r.part || r.y)) add(r);
  }
  if (words) for (const m of matchAllFast(lex.bareMonth, s)) {
    const r = base(m, 'month');
    r.m = lex.monthOf(m.groups!.mon!);
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    r.lead = m.groups?.lead?.toLowerCase().replace(/’/g, "'") ?? null;
    if (r.m && (r.lead || r.part)) add(r);
  }
  if (digits) for (const m of matchAllFast(lex.year, s)) {
    const r = base(m, 'year');
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    const next = wordAfterSpace(s, r.end)?.toLowerCase();
    const prev = lastWordOf(s, Math.max(0, r.start - 20), r.start)?.toLowerCase();
    if (next && lex.counted.has(next)) continue;
    if (prev && lex.yearExcludedBefore.has(prev)) continue;
    add(r);
  }
  // The word before each expression (a lead such as "since" or "until").
  for (const r of out) {
    if (r.lead) continue;
    r.lead = wordBeforeTrailingSpace(s, Math.max(0, r.start - 20), r.start)?.toLowerCase().replace(/’/g, "'") ?? null;
  }
  return out.sort((a, b) => a.start - b.start);
}

type Span = [number, number];

function spans(s: string, res: RegExp[]): Span[] {
  const out: Span[] = [];
  for (const re of res) for (const m of matchAllFast(re, s)) if (m[0]) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/** Tense cues of a sentence: future phrases win over past words inside them ("will be held"). */
export function tenseCues(s: string, lex: Lexicon): { future: Span[]; past: Span[]; breaks: number[] } {
  const future = spans(s, lex.future);
  const past = spans(s, lex.past).filter(([a, b]) => !future.some(([x, y]) => a < y && x < b));
  const breaks = [...matchAllFast(lex.clauseBreaks, s)].map((m) => m.index!);
  return { future, past, breaks };
}

/** The tense of the clause around [start, end): the nearest cue in the clause, else in the sentence. */
export function tenseAt(start: number, end: number, cues: { future: Span[]; past: Span[]; breaks: number[] }): Tense {
  const lo = Math.max(-1, ...cues.breaks.filter((b) => b < start));
  const hiList = cues.breaks.filter((b) => b >= end);
  const hi = hiList.length ? Math.min(...hiList) : Infinity;
  const dist = ([a, b]: Span): number => (a >= end ? a - end : b <= start ? start - b : 0);
  const pick = (inClause: boolean): Tense | null => {
    let best: { t: Tense; d: number } | null = null;
    for (const [t, list] of [['past', cues.past], ['future', cues.future]] as Array<[Tense, Span[]]>) {
      for (const sp of list) {
        if (inClause && (sp[0] < lo || sp[1] > hi)) continue;
        const d = dist(sp);
        if (!best || d < best.d || (d === best.d && t === 'future')) best = { t, d };
      }
    }
    return best?.t ?? null;
  };
  return pick(true) ?? pick(false) ?? 'neutral';
}

/**
 * For each sentence, whether its lower case holds one of the lexicon's date words (what `findDates` asks), from
 * one scan of the whole text; null when that shortcut does not hold. A date word has no white space, so it never
 * straddles two sentences (they are cut after white space), and the lower case of a sentence is the same stretch
 * of the text's lower case unless the text holds İ (two characters in lower case) or Σ (lower case by context).
 */
function dateWordSentences(norm: string, sentences: readonly Sentence[], lex: Lexicon): boolean[] | null {
  if (!lex.dateWordsAll || /[\u0130\u03a3]/.test(norm)) return null;
  const flags = new Array<boolean>(sentences.length).fill(false);
  const lower = norm.toLowerCase();
  const re = lex.dateWordsAll;
  let k = 0;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(lower);
    if (!m) break;
    const a = m.index;
    const b = a + m[0].length;
    while (k < sentences.length && sentences[k]!.start + sentences[k]!.text.length <= a) k++;
    if (k >= sentences.length) break;
    const sent = sentences[k]!;
    const end = sent.start + sent.text.length;
    if (sent.start <= a && b <= end) {
      flags[k] = true;
      // One word is enough: go on from the next sentence.
      if (re.lastIndex < end) re.lastIndex = end;
    }
    // (Date words are never empty, so the scan always moves on.)
  }
  re.lastIndex = 0;
  return flags;
}

/** Every dated reference in `text`, read with the given lexicons (the first one also gives the tense cues). */
export function extractRefs(text: string, lexicons: Lexicon[]): DateRef[] {
  if (!lexicons.length) return [];
  const main = lexicons[0]!;
  const norm = text.replace(/[’ʼ]/g, "'");
  const sentences = splitSentences(norm);
  const wordHints = lexicons.map((lex) => dateWordSentences(norm, sentences, lex));
  const refs: DateRef[] = [];
  const bySentence = new Map<number, DateRef[]>();
  for (const sent of sentences) {
    const s = sent.text;
    const digits = /[0-9]/.test(s);
    let taken: Span[] | null = null;
    let raws: Array<{ r: RawDate; lex: Lexicon }> | null = null;
    for (let k = 0; k < lexicons.length; k++) {
      const hint = wordHints[k]?.[sent.index];
      // Neither a digit nor a date word: no date in this lexicon (what `findDates` would answer, without its lists).
      if (!digits && hint === false) continue;
      const lex = lexicons[k]!;
      for (const r of findDatesWith(s, lex, (taken ??= []), hint, digits)) (raws ??= []).push({ r, lex });
    }
    if (raws === null) {
      if (!digits) continue;
      raws = [];
    }
    // Tense cues only matter for the sentence's own references whose words do not settle the tense: read them
    // once, and only then.
    let cueCache: ReturnType<typeof tenseCues> | null = null;
    const list: DateRef[] = [];
    for (const { r, lex } of raws) {
      let rel: DateRef['rel'] = null;
      const before = s.slice(0, r.start);
      // The patterns end on `\s+$`: a text not ending on white space cannot match.
      const beforeEndsInSpace = /\s/.test(before.slice(-1));
      for (const x of lex.relBefore) if ((beforeEndsInSpace && testFast(x.re, before)) || (r.lead && x.re.test(` ${r.lead} `))) rel = x.rel;
      for (const x of lex.relAfter) if (x.re.test(s.slice(r.end))) rel = x.rel;
      const lead: DateRef['lead'] = r.lead && lex.sinceLeads.has(r.lead) ? 'since' : r.lead && lex.untilLeads.has(r.lead) ? 'until' : null;
      let tense: Tense;
      if (rel === 'last' || lead === 'since') tense = 'past';
      else if (rel === 'next') tense = 'future';
      else {
        tense = tenseAt(r.start, r.end, (cueCache ??= tenseCues(s, main)));
        if (lead === 'until' && tense === 'neutral') tense = 'future';
      }
      const completed = r.kind === 'month' && r.y === null && r.part === null &&
        (rel === 'last' || (r.lead !== null && lex.completedLeads.has(r.lead)));
      const ref: DateRef = {
        text: r.text, start: sent.start + r.start, end: sent.start + r.end,
        y: r.y, m: r.m, d: r.d, part: r.part, season: r.season, completed, rel, lead, tense,
        present: false, paragraph: sent.paragraph, sentence: sent.index,
      };
      list.push(ref);
    }
    bySentence.set(sent.index, list);
    refs.push(...list);
  }

  // Present years: a duration counted from a start year, "N years ago" after a year, "last year (2021)".
  const yearsCache: Array<number[] | undefined> = [];
  const explicitYears = (i: number): number[] =>
    (yearsCache[i] ??= [...new Set((bySentence.get(i) ?? []).filter((r) => r.y !== null && !r.present).map((r) => r.y!))]);
  const present: DateRef[] = [];
  for (const sent of sentences) {
    const s = sent.text;
    if (!/\d|\p{L}/u.test(s)) continue;
    let cueCache: ReturnType<typeof tenseCues> | null = null;
    const cues = (): ReturnType<typeof tenseCues> => (cueCache ??= tenseCues(s, main));
    const anchorYears = (): number[] => {
      const own = explicitYears(sent.index);
      if (own.length) return own;
      const prev = sentences[sent.index - 1];
      return prev && prev.paragraph === sent.paragraph ? explicitYears(prev.index) : [];
    };
    const addPresent = (y: number, start: number, end: number, text: string): void => {
      present.push({
        text, start: sent.start + start, end: sent.start + end, y, m: null, d: null, part: null, season: null,
        completed: false, rel: null, lead: null, tense: 'neutral', present: true, paragraph: sent.paragraph, sentence: sent.index,
      });
    };
    const anchors = anchorYears();
    if (!anchors.length) continue;
    for (const lex of lexicons) {
      for (const res of [lex.durations, lex.ago]) {
        for (const re of res) {
          for (const m of matchAllFast(re, s)) {
            const n = lex.numberOf(m.groups?.n ?? '');
            const unit = lex.data.durationUnits[(m.groups?.unit ?? '').toLowerCase()] ?? 1;
            if (n === null) continue;
            const years = n * unit;
            if (years < 2 || years > 60) continue;
            const noun = m.groups?.noun?.toLowerCase();
            if (noun !== undefined && !lex.durationNouns.has(noun)) continue;
            if (tenseAt(m.index!, m.index! + m[0].length, cues()) === 'future') continue;
            if (anchors.length !== 1) continue;
            addPresent(anchors[0]! + years, m.index!, m.index! + m[0].length, m[0]);
          }
        }
      }
      for (const { re, shift } of lex.yearRelative) {
        for (const m of matchAllFast(re, s)) {
          const a = m.index!, b = a + m[0].length;
          for (const r of bySentence.get(sent.index) ?? []) {
            if (r.y === null || r.m !== null || r.season !== null) continue;
            const ls = r.start - sent.start, le = r.end - sent.start;
            const gap = le <= a ? s.slice(le, a) : b <= ls ? s.slice(b, ls) : null;
            if (gap !== null && /^[\s,()–—-]*(?:(?:in|en)\s+)?$/iu.test(gap)) addPresent(r.y - shift, Math.min(a, ls), Math.max(b, le), s.slice(Math.min(a, ls), Math.max(b, le)));
          }
        }
      }
    }
  }
  // A present year must not precede what the text already tells of the past, nor run far beyond it.
  const pastYears = refs.filter((r) => r.y !== null && r.tense !== 'future').map((r) => r.y!);
  const latestPast = pastYears.length ? Math.max(...pastYears) : null;
  for (const p of present) if (latestPast !== null && p.y! >= latestPast && p.y! <= latestPast + 10) refs.push(p);
  return refs.sort((a, b) => a.start - b.start);
}

import { validDay } from './calendar.js';
import type { Lexicon, Part, Season } from './lexicon.js';

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

/** Paragraphs (lines) split into sentences, with offsets. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  const lineRe = /[^\n]+/g;
  for (const line of text.matchAll(lineRe)) {
    const lineText = line[0];
    if (!lineText.trim()) continue;
    let from = 0;
    const endRe = /[.!?…]+["'”’»)]*\s+(?=["“'‘«(\p{Lu}\p{N}])/gu;
    for (const m of lineText.matchAll(endRe)) {
      const cut = m.index! + m[0].length;
      const before = lineText.slice(from, m.index!);
      const lastWord = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase().replace(/\.$/, '') ?? '';
      if (m[0].startsWith('.') && (ABBREVIATIONS.has(lastWord.replace(/\./g, '')) || /^\p{L}$/u.test(lastWord) || /\p{L}\.\p{L}/u.test(lastWord))) continue;
      out.push({ text: lineText.slice(from, cut), start: line.index! + from, paragraph, index: out.length });
      from = cut;
    }
    if (from < lineText.length) out.push({ text: lineText.slice(from), start: line.index! + from, paragraph, index: out.length });
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
export function findDates(s: string, lex: Lexicon, taken: Array<[number, number]> = []): RawDate[] {
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

  // Every expression but seasons and bare months needs a digit (ASCII: the patterns use \d and [0-9] ranges);
  // those two need a month name or a season word.
  const digits = /[0-9]/.test(s);
  let lower: string | null = null;
  const words = lex.dateWords.some((w) => (lower ??= s.toLowerCase()).includes(w));
  if (!digits && !words) return out;
  if (digits) for (const m of s.matchAll(lex.iso)) {
    const r = base(m, 'iso');
    r.m = Number(m.groups!.m);
    if (validDay(r.y!, r.m, r.d!)) add(r);
  }
  for (const kind of ['mdy', 'dmy'] as const) {
    if (digits) for (const m of s.matchAll(lex[kind])) {
      const r = base(m, kind);
      r.m = lex.monthOf(m.groups!.mon!);
      if (r.m && validDay(r.y ?? 2000, r.m, r.d!)) add(r);
    }
  }
  if (digits) for (const m of s.matchAll(lex.my)) {
    const r = base(m, 'my');
    r.m = lex.monthOf(m.groups!.mon!);
    if (r.m) add(r);
  }
  if (words) for (const m of s.matchAll(lex.season)) {
    const r = base(m, 'season');
    r.season = lex.seasonOf(m.groups!.season!);
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    r.lead = m.groups?.lead?.toLowerCase() ?? null;
    if (r.season && (r.lead || r.part || r.y)) add(r);
  }
  if (words) for (const m of s.matchAll(lex.bareMonth)) {
    const r = base(m, 'month');
    r.m = lex.monthOf(m.groups!.mon!);
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    r.lead = m.groups?.lead?.toLowerCase().replace(/’/g, "'") ?? null;
    if (r.m && (r.lead || r.part)) add(r);
  }
  if (digits) for (const m of s.matchAll(lex.year)) {
    const r = base(m, 'year');
    r.part = m.groups?.part ? lex.partOf(m.groups.part) : null;
    const next = /^\s+([\p{L}]+)/u.exec(s.slice(r.end))?.[1]?.toLowerCase();
    const prev = /([\p{L}°]+)\.?\s*$/u.exec(s.slice(Math.max(0, r.start - 20), r.start))?.[1]?.toLowerCase();
    if (next && lex.counted.has(next)) continue;
    if (prev && lex.yearExcludedBefore.has(prev)) continue;
    add(r);
  }
  // The word before each expression (a lead such as "since" or "until").
  for (const r of out) {
    if (r.lead) continue;
    r.lead = /([\p{L}'’]+)\s+$/u.exec(s.slice(Math.max(0, r.start - 20), r.start))?.[1]?.toLowerCase().replace(/’/g, "'") ?? null;
  }
  return out.sort((a, b) => a.start - b.start);
}

type Span = [number, number];

function spans(s: string, res: RegExp[]): Span[] {
  const out: Span[] = [];
  for (const re of res) for (const m of s.matchAll(re)) if (m[0]) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

/** Tense cues of a sentence: future phrases win over past words inside them ("will be held"). */
export function tenseCues(s: string, lex: Lexicon): { future: Span[]; past: Span[]; breaks: number[] } {
  const future = spans(s, lex.future);
  const past = spans(s, lex.past).filter(([a, b]) => !future.some(([x, y]) => a < y && x < b));
  const breaks = [...s.matchAll(lex.clauseBreaks)].map((m) => m.index!);
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

/** Every dated reference in `text`, read with the given lexicons (the first one also gives the tense cues). */
export function extractRefs(text: string, lexicons: Lexicon[]): DateRef[] {
  if (!lexicons.length) return [];
  const main = lexicons[0]!;
  const norm = text.replace(/[’ʼ]/g, "'");
  const sentences = splitSentences(norm);
  const refs: DateRef[] = [];
  const bySentence = new Map<number, DateRef[]>();
  for (const sent of sentences) {
    const s = sent.text;
    const taken: Span[] = [];
    const raws = lexicons.flatMap((lex) => findDates(s, lex, taken).map((r) => ({ r, lex })));
    if (!raws.length && !/\d/.test(s)) continue;
    // Tense cues only matter for the sentence's own references.
    const cues = raws.length ? tenseCues(s, main) : null;
    const list: DateRef[] = [];
    for (const { r, lex } of raws) {
      let rel: DateRef['rel'] = null;
      const before = s.slice(0, r.start);
      for (const x of lex.relBefore) if (x.re.test(before) || (r.lead && x.re.test(` ${r.lead} `))) rel = x.rel;
      for (const x of lex.relAfter) if (x.re.test(s.slice(r.end))) rel = x.rel;
      const lead: DateRef['lead'] = r.lead && lex.sinceLeads.has(r.lead) ? 'since' : r.lead && lex.untilLeads.has(r.lead) ? 'until' : null;
      let tense = tenseAt(r.start, r.end, cues!);
      if (rel === 'last' || lead === 'since') tense = 'past';
      else if (rel === 'next') tense = 'future';
      else if (lead === 'until' && tense === 'neutral') tense = 'future';
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
  const explicitYears = (i: number): number[] => [...new Set((bySentence.get(i) ?? []).filter((r) => r.y !== null && !r.present).map((r) => r.y!))];
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
          for (const m of s.matchAll(re)) {
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
        for (const m of s.matchAll(re)) {
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

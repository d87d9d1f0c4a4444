/**
 * Recognisers: each owns one family of templates (lang/<lang>/times.json → patterns.<family>) and reads a
 * match into a TimeSpec, or rejects it by context (the modal "may", counts that are not years, "a year of …").
 * They cannot see each other; the refiners (refiners.ts) choose among overlapping candidates.
 */
import { daysInMonth } from './calendar.js';
import {
  atClauseStart, endsWithContext, previousWordCapitalised, startsWithContext, wordsAfter, wordsBefore,
} from './context.js';
import { normWord, readNumber, type Lexicon } from './lexicon.js';
import type { Direction, Part, Season, TimeSpec, Unit } from './spec.js';

export interface Reading {
  spec: TimeSpec;
  /** Adjusted span, when the recogniser trims or widens its match. */
  start?: number;
  end?: number;
  approx?: boolean;
  /** A second point closing a range inside the same match ("May 17-19", "2012–2014"). */
  rangeTo?: TimeSpec;
}

export interface ReadContext {
  text: string;
  lex: Lexicon;
}

export interface Recogniser {
  /** The pattern family in the language file. */
  family: string;
  /** Tie-break among overlapping candidates of equal length (higher wins). */
  priority: number;
  read(m: RegExpExecArray, c: ReadContext): Reading | null;
}

const g = (m: RegExpExecArray, name: string): string | undefined => m.groups?.[name];

/** Start offset of a named group inside the text (groups are unique, so a search from the match start works). */
function groupStart(m: RegExpExecArray, name: string): number {
  const s = g(m, name);
  if (s === undefined) return m.index;
  const i = m[0].indexOf(s);
  return m.index + (i < 0 ? 0 : i);
}

const lookup = <V>(map: Map<string, V>, s: string | undefined): V | undefined =>
  s === undefined ? undefined : map.get(normWord(s).replace(/‑/g, '-'));

function part(c: ReadContext, s: string | undefined): Part | undefined {
  if (!s) return undefined;
  const v = c.lex.data.parts[normWord(s)] ?? c.lex.data.parts[normWord(s).replace(/^the /, '')];
  return (v as Part | undefined) ?? undefined;
}

function direction(c: ReadContext, pre: string | undefined, post: string | undefined): Direction {
  if (pre) {
    const v = c.lex.data.relative[normWord(pre)];
    if (v !== undefined) return v as Direction;
  }
  if (post) {
    const v = c.lex.data.relativePost[normWord(post)];
    if (v !== undefined) return v as Direction;
  }
  return null;
}

const isUpper = (ch: string | undefined): boolean => !!ch && ch !== ch.toLowerCase();

/** A month word is acceptable here: capitalised where the language wants it, and not the modal "may". */
function monthOk(c: ReadContext, m: RegExpExecArray, attached: boolean): boolean {
  const word = g(m, 'month');
  if (!word) return false;
  if (c.lex.data.monthsCapitalized && !isUpper(word[0])) return false;
  if (attached) return true;
  const w = normWord(word);
  const bareAbbrev = !w.endsWith('.') && w.length <= 4 && w !== 'may' && w !== 'june' && w !== 'july';
  if (bareAbbrev) return false;
  const start = groupStart(m, 'month');
  const hasPrefix = start > m.index; // a part or relative word was matched before it
  if (!c.lex.data.ambiguousMonths.includes(w.replace(/\.$/, ''))) return true;
  if (hasPrefix) return true;
  if (endsWithContext(c.lex, 'monthBefore', c.text, start)) return true;
  const after = c.text.slice(m.index + m[0].length, m.index + m[0].length + 3);
  // "… in May." "… May, when"; but not "May I", "May be"
  if (/^\s*(?:[.,;:)!?'’"”]|$)/.test(after) && !atClauseStart(c.text, start)) return true;
  return false;
}

/** Is this four-digit number a year here? Refuses counts ("2,400 troops", "2000 soldiers"), money, measures, ids. */
function yearOk(c: ReadContext, year: number, start: number, end: number, prefixed: boolean): boolean {
  const { text, lex } = c;
  const before = text.slice(Math.max(0, start - 2), start);
  if (/[$€£¥#\d]|[\d][.,]$|[$€£]\s$/.test(before)) return false;
  const after = text.slice(end, end + 3);
  if (/^(?:[.,]\d|\s?%|\s?(?:bn|m|k)\b|[-‑](?:year|month|day|strong|member|page|km)|\d)/i.test(after)) return false;
  if (endsWithContext(lex, 'yearBlockersBefore', text, start)) return false;
  const next = wordsAfter(text, end, 1)[0];
  const determiner = !!endsWithContext(lex, 'yearDeterminers', text, start);
  if (next && lex.ctx.get('countNouns')?.has(next) && !/^(?:in|since|by|until|from|during|before|after|en|depuis|dès)$/.test(wordsBefore(text, start, 1)[0] ?? '')) return false;
  if (next && /^[a-zé]+s$/.test(next) && !determiner && !prefixed && !atClauseStart(text, start)) {
    // "2000 soldiers", "1500 people": a plural noun straight after a bare number counts it
    const prev = wordsBefore(text, start, 1)[0];
    if (!prev || /^(?:some|about|nearly|over|than|around|almost|least|and|with|of|to)$/.test(prev)) return false;
  }
  if (year >= 1900 && year <= 2099) return true;
  if (prefixed) return true;
  // a year outside the usual range needs a temporal cue: "in 1789", "since 1848"
  return !!endsWithContext(lex, 'yearBefore', text, start);
}

function dayOk(month: number, day: number, year?: number): boolean {
  return day >= 1 && day <= daysInMonth(year ?? 2000, month);
}

const unitOf = (c: ReadContext, s: string | undefined) => lookup(c.lex.units, s);

// ---------------------------------------------------------------------------------------------------------------

const date: Recogniser = {
  family: 'date',
  priority: 10,
  read(m, c) {
    if (!monthOk(c, m, true)) return null;
    const month = lookup(c.lex.months, g(m, 'month'));
    const day = parseInt(g(m, 'day') ?? '', 10);
    if (!month || !Number.isFinite(day)) return null;
    const yearS = g(m, 'year');
    const year = yearS ? Number(yearS) : undefined;
    if (!dayOk(month, day, year)) return null;
    const dir = direction(c, g(m, 'rel'), g(m, 'relpost'));
    const spec: TimeSpec = { t: 'point', year, month, day, dir: year ? null : dir };
    const d2 = g(m, 'day2') ?? g(m, 'day3');
    if (d2) {
      const day2 = parseInt(d2, 10);
      if (!(day2 > day) || !dayOk(month, day2, year)) return null;
      return { spec, rangeTo: { t: 'point', year, month, day: day2, dir: spec.dir } };
    }
    return { spec };
  },
};

const numericDate: Recogniser = {
  family: 'numericDate',
  priority: 9,
  read(m, c) {
    if (g(m, 'iy')) {
      const y = +g(m, 'iy')!, mo = +g(m, 'im')!, d = +g(m, 'id')!;
      return dayOk(mo, d, y) ? { spec: { t: 'point', year: y, month: mo, day: d } } : null;
    }
    const mo = +(g(m, 'na') ?? 0), d = +(g(m, 'nb') ?? 0), ys = g(m, 'nc') ?? '';
    if (mo < 1 || mo > 12 || !dayOk(mo, d)) return null;
    // not a fraction or a score inside a longer number run
    if (/[\d/.]$/.test(c.text.slice(Math.max(0, m.index - 1), m.index))) return null;
    const spec: TimeSpec = ys.length === 4 ? { t: 'point', year: +ys, month: mo, day: d } : { t: 'point', shortYear: +ys, month: mo, day: d };
    return { spec };
  },
};

const monthYear: Recogniser = {
  family: 'monthYear',
  priority: 8,
  read(m, c) {
    if (!monthOk(c, m, true)) return null;
    const month = lookup(c.lex.months, g(m, 'month'));
    const year = Number(g(m, 'year'));
    if (!month || !year) return null;
    const p = part(c, g(m, 'part'));
    const m2 = g(m, 'month2');
    if (m2) {
      const month2 = lookup(c.lex.months, m2);
      if (!month2 || month2 <= month) return null;
      return { spec: { t: 'point', year, month }, rangeTo: { t: 'point', year, month: month2 } };
    }
    return { spec: { t: 'point', year, month, part: p } };
  },
};

const month: Recogniser = {
  family: 'month',
  priority: 5,
  read(m, c) {
    if (!monthOk(c, m, false)) return null;
    const mo = lookup(c.lex.months, g(m, 'month'));
    if (!mo) return null;
    // "end May 18": the day belongs to the date recogniser
    if (/^[ \t]+\d{1,2}(?!\d)/.test(c.text.slice(m.index + m[0].length, m.index + m[0].length + 4))) return null;
    return { spec: { t: 'point', month: mo, dir: direction(c, g(m, 'rel'), g(m, 'relpost')), part: part(c, g(m, 'part')) } };
  },
};

const year: Recogniser = {
  family: 'year',
  priority: 6,
  read(m, c) {
    const y = Number(g(m, 'year'));
    const ys = groupStart(m, 'year');
    const prefixed = ys > m.index;
    const end = m.index + m[0].length;
    if (!yearOk(c, y, ys, end, prefixed)) return null;
    const p = part(c, g(m, 'part'));
    const spec: TimeSpec = { t: 'point', year: y, part: p };
    let y2 = g(m, 'year2') ? Number(g(m, 'year2')) : undefined;
    const yy = g(m, 'yy');
    if (yy !== undefined) y2 = Math.floor(y / 100) * 100 + Number(yy);
    if (y2 !== undefined) {
      if (!(y2 > y && y2 - y <= 50)) return { spec, end: ys + 4 };
      return { spec, rangeTo: { t: 'point', year: y2 } };
    }
    return { spec };
  },
};

const decade: Recogniser = {
  family: 'decade',
  priority: 7,
  read(m, c) {
    let d: number | undefined;
    if (g(m, 'decade')) d = Number(g(m, 'decade'));
    else if (g(m, 'sdecade')) {
      const s = Number(g(m, 'sdecade'));
      d = (s >= 30 ? 1900 : 2000) + s;
    } else if (g(m, 'decadeword')) {
      const k = c.lex.data.decadeWords[normWord(g(m, 'decadeword')!)];
      if (k !== undefined) d = 1900 + 10 * k;
    }
    if (d === undefined) return null;
    return { spec: { t: 'point', decade: d, part: part(c, g(m, 'part')) } };
  },
};

const century: Recogniser = {
  family: 'century',
  priority: 7,
  read(m, c) {
    const n = c.lex.data.centuryOrdinals[g(m, 'centord') ?? ''] ?? lookup(new Map(Object.entries(c.lex.data.centuryOrdinals).map(([k, v]) => [normWord(k), v])), g(m, 'centord'));
    if (!n) return null;
    const spec: TimeSpec = { t: 'point', century: n, part: part(c, g(m, 'part')) };
    const n2s = g(m, 'centord2');
    if (n2s) {
      const n2 = lookup(new Map(Object.entries(c.lex.data.centuryOrdinals).map(([k, v]) => [normWord(k), v])), n2s);
      if (n2 && n2 > n) return { spec, rangeTo: { t: 'point', century: n2 } };
    }
    return { spec };
  },
};

const season: Recogniser = {
  family: 'season',
  priority: 6,
  read(m, c) {
    const word = g(m, 'season')!;
    const code = c.lex.data.seasons[normWord(word)] as Season | undefined;
    if (!code) return null;
    const yearS = g(m, 'year');
    const ss = groupStart(m, 'season');
    const determined = ss > m.index || !!yearS || !!g(m, 'relpost');
    const end = m.index + m[0].length;
    // "Arab Spring", "Winter Olympics": a capitalised season inside a name
    if (isUpper(word[0]) && !atClauseStart(c.text, ss) && !yearS) return null;
    if (isUpper(word[0]) && /^[ \t]+\p{Lu}/u.test(c.text.slice(end, end + 3)) && !yearS) return null;
    if (!determined && !endsWithContext(c.lex, 'monthBefore', c.text, ss)) return null;
    // "the fall of Kabul": an event noun, not a season
    const after = wordsAfter(c.text, end, 2);
    if (!yearS && after[0] === 'of' && !/^\d{4}$/.test(after[1] ?? '')) return null;
    const dir = direction(c, g(m, 'rel'), g(m, 'relpost'));
    const thisWord = /^(?:this|that|cet|cette|ce)\b/i.test(m[0]);
    return { spec: { t: 'point', season: code, year: yearS ? Number(yearS) : undefined, dir: yearS ? null : thisWord ? 0 : dir, part: part(c, g(m, 'part')) } };
  },
};

const quarter: Recogniser = {
  family: 'quarter',
  priority: 9,
  read(m, c) {
    const text = m[0].toLowerCase();
    const qrel = g(m, 'qrel');
    if (qrel) {
      const r = qrel.toLowerCase();
      if (r === 'same') return null;
      if (r === 'year-ago' || r === 'year-earlier') return { spec: { t: 'shift', unit: 'Y', n: -1, from: 'previous', grain: 'quarter' } };
      const n = /^(?:latest|last|past|previous)$/.test(r) ? -1 : /^(?:next|coming)$/.test(r) ? 1 : 0;
      return { spec: { t: 'shift', unit: 'Q', n, from: 'anchor', grain: 'quarter' } };
    }
    let q = g(m, 'q') ? Number(g(m, 'q')) : lookup(new Map(Object.entries(c.lex.data.ordinals).map(([k, v]) => [normWord(k), v])), g(m, 'ord'));
    if (!q) return null;
    const yearS = g(m, 'year');
    const ordWord = normWord(g(m, 'ord') ?? '');
    const relYear = /(?:this|last|next) year$|the year$/.exec(text)?.[0];
    if ((ordWord === 'last' || ordWord === 'final') && !yearS && !relYear) {
      if (ordWord === 'final') q = 4;
      else return { spec: { t: 'shift', unit: 'Q', n: -1, from: 'anchor', grain: 'quarter' } };
    }
    if (g(m, 'q') && !/^Q/.test(c.text.slice(groupStart(m, 'q') - 1, groupStart(m, 'q')))) return null;
    const dir = direction(c, g(m, 'rel'), undefined);
    let yearShift: Direction | undefined;
    if (relYear) yearShift = relYear.startsWith('last') ? -1 : relYear.startsWith('next') ? 1 : 0;
    return { spec: { t: 'point', quarter: q, year: yearS ? Number(yearS) : undefined, dir: yearShift ?? (yearS ? null : dir) } };
  },
};

const half: Recogniser = {
  family: 'half',
  priority: 9,
  read(m, c) {
    const h = /^(?:first|premier)$/i.test(g(m, 'half') ?? '') ? 1 : 2;
    const yearS = g(m, 'year');
    const text = m[0].toLowerCase();
    const dir: Direction = /last year$/.test(text) ? -1 : /next year$/.test(text) ? 1 : /(?:this|the) year$/.test(text) ? 0 : null;
    if (!yearS && dir === null && c.lex.language === 'en') return null;
    return { spec: { t: 'point', half: h, year: yearS ? Number(yearS) : undefined, dir } };
  },
};

const UNIT_GRAIN: Record<string, 'year' | 'month' | 'week' | 'decade' | 'century'> = {
  year: 'year', an: 'year', année: 'year', month: 'month', mois: 'month', week: 'week', semaine: 'week',
  weekend: 'week', 'week-end': 'week', decade: 'decade', décennie: 'decade', century: 'century', siècle: 'century',
};
const GRAIN_UNIT: Record<string, Unit> = { year: 'Y', month: 'M', week: 'W', decade: 'DE', century: 'CE' };

const relativeUnit: Recogniser = {
  family: 'relativeUnit',
  priority: 8,
  read(m, c) {
    const u = normWord(g(m, 'runit') ?? g(m, 'runit2') ?? '');
    const grain = UNIT_GRAIN[u];
    if (!grain) return null;
    const rel = g(m, 'rel');
    let n: Direction = direction(c, rel, g(m, 'relpost'));
    if (n === null && /^(?:this|ce|cet|cette)\b/i.test(m[0].replace(/^(?:earlier|later) /i, ''))) n = 0;
    if (n === null) return null;
    // "the past year" belongs to the duration recogniser; "last year" is a date
    return { spec: { t: 'shift', unit: GRAIN_UNIT[grain], n, from: 'anchor', grain } };
  },
};

const deictic: Recogniser = {
  family: 'deictic',
  priority: 8,
  read(m, c) {
    const w = g(m, 'deictic');
    if (w) {
      const n = c.lex.data.deictic[normWord(w)];
      if (n === undefined) return null;
      return { spec: { t: 'shift', unit: 'D', n, from: 'anchor', grain: 'day' } };
    }
    const dp = (g(m, 'dp') ?? '').toLowerCase();
    const n = /^last\b/i.test(m[0]) ? -1 : 0;
    if (!dp) return null;
    return { spec: { t: 'shift', unit: 'D', n: dp === 'night' ? n : n === -1 ? -1 : 0, from: 'anchor', grain: 'day' } };
  },
};

const weekday: Recogniser = {
  family: 'weekday',
  priority: 6,
  read(m, c) {
    const word = g(m, 'weekday')!;
    if (c.lex.data.monthsCapitalized && !isUpper(word[0])) return null;
    const wd = lookup(c.lex.weekdays, word);
    if (!wd) return null;
    let start = m.index;
    let dir: Direction = direction(c, g(m, 'rel'), g(m, 'relpost'));
    if (/^on\s/i.test(m[0])) start = groupStart(m, 'weekday');
    if (/^(?:on)$/i.test(g(m, 'rel') ?? '')) dir = null;
    // "Black Friday", "Good Friday", "Super Tuesday": a name
    if (start === groupStart(m, 'weekday') && previousWordCapitalised(c.text, start) && /(?:Good|Black|Holy|Super|Ash|Easter|Cyber|Bloody)\s+$/.test(c.text.slice(Math.max(0, start - 10), start))) return null;
    return { spec: { t: 'weekday', weekday: wd, dir }, start };
  },
};

/** Reads "NUM UNIT" into a number of units (fortnight = 2 weeks); n null for an unknown amount. */
function amount(c: ReadContext, m: RegExpExecArray, numGroup = 'num'): { n: number | null; unit: Unit; plural: boolean; word: string } | null {
  const uw = unitOf(c, g(m, 'unit'));
  if (!uw) return null;
  const ns = g(m, numGroup);
  let n: number | null = 1;
  if (ns !== undefined) {
    const v = readNumber(c.lex, ns);
    if (v === null) return null;
    n = v === 'X' ? null : v;
  } else if (uw.plural) n = null;
  if (n !== null) n *= uw.factor;
  return { n, unit: uw.unit, plural: uw.plural, word: normWord(ns ?? '') };
}

const GRAIN_OF_SHIFT: Record<Unit, 'day' | 'month' | 'year' | 'quarter'> = {
  D: 'day', W: 'day', H: 'day', MIN: 'day', S: 'day', M: 'month', Q: 'quarter', Y: 'year', DE: 'year', CE: 'year',
};

const ago: Recogniser = {
  family: 'ago',
  priority: 9,
  read(m, c) {
    const a = amount(c, m);
    if (!a) return null;
    const approx = !!g(m, 'approx');
    const chain = g(m, 'chain');
    const end = m.index + m[0].length;
    if (!chain) {
      if (a.n === null) return { spec: { t: 'ref', ref: 'PAST' } };
      return { spec: { t: 'shift', unit: a.unit, n: -a.n, from: 'anchor', grain: GRAIN_OF_SHIFT[a.unit] }, approx };
    }
    const ch = normWord(chain);
    const later = c.lex.ctx.get('chainLater')?.has(ch) ?? false;
    // "two weeks before the vote": anchored on an event we cannot date; keep the period
    if (!later && !/^\s*(?:[,.;:!?)]|$)/.test(c.text.slice(end, end + 2))) {
      return a.n === null ? null : { spec: { t: 'duration', n: a.n, unit: a.unit }, end: groupStart(m, 'chain') - 1 };
    }
    // an approximate offset ("over a decade later", "less than two weeks later") cannot be placed: report the period
    if (approx || a.n === null) return { spec: { t: 'duration', n: a.n, unit: a.unit }, approx: true };
    const grain = GRAIN_OF_SHIFT[a.unit];
    return { spec: { t: 'shift', unit: a.unit, n: later ? a.n : -a.n, from: 'previous', grain } };
  },
};

const anaphoric: Recogniser = {
  family: 'anaphoric',
  priority: 8,
  read(m) {
    const t = m[0].toLowerCase();
    const end = m.index + m[0].length;
    if (/lendemain/.test(t)) return { spec: { t: 'shift', unit: 'D', n: 1, from: 'previous', grain: 'day' } };
    if (/veille/.test(t)) return { spec: { t: 'shift', unit: 'D', n: -1, from: 'previous', grain: 'day' } };
    const dba = g(m, 'dba');
    if (dba) return { spec: { t: 'shift', unit: 'D', n: dba === 'before' ? -1 : 1, from: 'previous', grain: 'day' } };
    const u = (g(m, 'aunit') ?? g(m, 'aunit2') ?? '').toLowerCase();
    const rel = (g(m, 'arel') ?? (g(m, 'aunit2') ? 'same' : '')).toLowerCase();
    const unit: Unit = /^(?:day|morning|evening|night|jour)$/.test(u) ? 'D' : u === 'week' ? 'W' : /^(?:month|mois)$/.test(u) ? 'M' : 'Y';
    const n = /^(?:next|following|suivant)$/.test(rel) ? 1 : /^(?:previous|preceding|précédent)$/.test(rel) ? -1 : 0;
    // "over the next month" is a period (duration recogniser); only days chain forward with "next"
    if (rel === 'next' && unit !== 'D') return null;
    void end;
    const grain = unit === 'D' ? 'day' : unit === 'W' ? 'week' : unit === 'M' ? 'month' : 'year';
    return { spec: { t: 'shift', unit, n, from: 'previous', grain } };
  },
};

const RATE_NUMBER = /(?:\d|million|billion|bn|thousand|hundred|dollars?|euros?|pounds?|francs?|[$€£%])/i;

const duration: Recogniser = {
  family: 'duration',
  priority: 4,
  read(m, c) {
    const { text, lex } = c;
    const a = amount(c, m, g(m, 'dnum') !== undefined ? 'dnum' : 'num');
    if (!a) return null;
    const end = m.index + m[0].length;
    const approx = !!g(m, 'approx');
    const adjectival = /[-‑]/.test(m[0].slice(0, end - m.index)) && (g(m, 'num') !== undefined || g(m, 'dnum') !== undefined) && /[\d\p{L}][-‑]\p{L}/u.test(m[0]);
    const hasNum = g(m, 'num') !== undefined || g(m, 'dnum') !== undefined;
    const rel = g(m, 'drel') ?? g(m, 'drel2') ?? g(m, 'drelfr') ?? g(m, 'drelfr2');
    const unitStart = groupStart(m, 'unit');
    // "over the last two years": "over" is a preposition there, not an approximation
    if (approx && /^\S+(?:\s+\S+)?\s+the\s/i.test(m[0]) && /^the\b/i.test(m[0].slice(m[0].toLowerCase().indexOf('the')))) {
      const i = m[0].toLowerCase().indexOf('the ');
      const approxWord = normWord(g(m, 'approx') ?? '');
      if (i > 0 && !/^(?:about|around|nearly|almost|roughly|approximately)$/.test(approxWord)) {
        const r = this.read({ ...m, index: m.index + i, 0: m[0].slice(i), groups: { ...m.groups, approx: undefined } } as unknown as RegExpExecArray, c);
        return r ? { ...r, start: r.start ?? m.index + i } : null;
      }
    }
    if (adjectival) {
      if (a.n === null) return null;
      return { spec: { t: 'duration', n: a.n, unit: a.unit }, approx };
    }
    const singularOne = hasNum && a.n === 1 && !a.plural && /^(?:a|an|one|un|une)$/.test(a.word);
    if (hasNum) {
      if (a.unit === 'Q' && (singularOne || startsWithContext(lex, 'durationAfter', text, end) === 'of')) return null;
      if (a.unit === 'S' && !a.plural && !rel) return null;
      if (singularOne && !rel && !approx) {
        if (startsWithContext(lex, 'durationAfter', text, end) === 'of' && a.unit !== 'DE' && a.unit !== 'CE') return null;
        const before = endsWithContext(lex, 'durationBefore', text, m.index);
        const after = startsWithContext(lex, 'durationAfter', text, end);
        if (a.unit !== 'DE' && a.unit !== 'CE' && !before && !after) return null;
        // "€1bn a year" is a rate (set recogniser)
        const prev = wordsBefore(text, m.index, 1)[0] ?? '';
        if (!before && RATE_NUMBER.test(prev)) return null;
      }
      return { spec: { t: 'duration', n: a.n, unit: a.unit }, approx };
    }
    // no number: "the past year", "recent years", or a bare plural "for decades", "after weeks of"
    if (rel) {
      if (!a.plural) {
        if (!/^the\b/i.test(m[0].replace(/^\S+ (?=the\b)/i, '')) && !approx) return null; // "last year" is a date
        if (a.unit === 'D' && /^(?:next|coming|following)$/i.test(rel)) return null;
        return { spec: { t: 'duration', n: 1 * (unitOf(c, g(m, 'unit'))?.factor ?? 1), unit: a.unit }, approx };
      }
      return { spec: { t: 'duration', n: null, unit: a.unit }, approx };
    }
    if (!a.plural || a.unit === 'Q' || a.unit === 'S') return null;
    const word = g(m, 'unit')!;
    if (isUpper(word[0]) && !atClauseStart(text, unitStart)) return null;
    const before = endsWithContext(lex, 'durationBefore', text, m.index);
    const after = startsWithContext(lex, 'durationAfter', text, end);
    // "the first months of 2013": a part of a date, not a period
    if (after === 'of' && /^[ \t]+of[ \t]+(?:\d{4}|\p{Lu})/u.test(text.slice(end, end + 12))) return null;
    if (after === 'ago') return { spec: { t: 'ref', ref: 'PAST' }, end: end + text.slice(end).indexOf('ago') + 3 };
    const weakBefore = before === null || /^(?:the|a|those|these|of|un|une|les|des|de)$/.test(before);
    if (weakBefore && !after) return null;
    return { spec: { t: 'duration', n: null, unit: a.unit }, approx };
  },
};

const set: Recogniser = {
  family: 'set',
  priority: 7,
  read(m, c) {
    const { text } = c;
    const wd = g(m, 'weekday');
    if (wd) {
      const d = lookup(c.lex.weekdays, wd);
      if (!d) return null;
      return { spec: { t: 'set', n: 1, unit: 'W', weekday: d } };
    }
    const adv = g(m, 'setadv');
    if (adv) {
      const u = c.lex.data.setAdverbs[normWord(adv)];
      if (!u) return null;
      // "the Daily Mail": a name
      if (isUpper(adv[0]) && !atClauseStart(text, m.index)) return null;
      return { spec: { t: 'set', n: 1, unit: u as Unit } };
    }
    const uw = unitOf(c, g(m, 'unit'));
    if (!uw) return null;
    const rate = g(m, 'rate');
    if (rate !== undefined && !/^(?:per|par)$/i.test(rate)) {
      // "a year" is a rate only after an amount: "€1bn a year", "four flights a week", "twice a day"
      const prevWords = wordsBefore(text, m.index, 3);
      const prev = prevWords[prevWords.length - 1] ?? '';
      const freq = c.lex.ctx.get('rateBefore')?.has(prev);
      if (!freq) {
        if (c.lex.ctx.get('durationBefore')?.has(prev) || /^(?:be|is|was|been|are|were|est|sera|été)$/.test(prev)) return null;
        if (!prevWords.some((w) => RATE_NUMBER.test(w) || readNumber(c.lex, w) !== null && !/^(?:a|an|un|une|some|des)$/.test(w))) return null;
      }
      const after = startsWithContext(c.lex, 'durationAfter', text, m.index + m[0].length);
      if (after) return null;
      if (uw.plural) return null;
      return { spec: { t: 'set', n: uw.factor, unit: uw.unit } };
    }
    let n: number = uw.factor;
    const ns = g(m, 'num');
    if (ns) {
      const v = readNumber(c.lex, ns);
      if (v === null || v === 'X') return null;
      n *= v;
    } else if (uw.plural && !/^(?:tous|toutes)\b/i.test(m[0])) return null;
    if (/\bother\b/i.test(m[0])) n *= 2;
    return { spec: { t: 'set', n, unit: uw.unit } };
  },
};

const ref: Recogniser = {
  family: 'ref',
  priority: 3,
  read(m, c) {
    const r = c.lex.data.refs[normWord(m[0])] ?? lookup(new Map(Object.entries(c.lex.data.refs).map(([k, v]) => [normWord(k), v])), m[0]);
    if (!r) return null;
    // "now" as a discourse marker or in "right now" still refers to the present
    return { spec: { t: 'ref', ref: r as 'PRESENT' | 'PAST' | 'FUTURE' } };
  },
};

/** All recognisers, in no particular order (the refiners arbitrate). */
export const RECOGNISERS: Recogniser[] = [
  date, numericDate, monthYear, month, year, decade, century, season, quarter, half, relativeUnit, deictic,
  weekday, ago, anaphoric, duration, set, ref,
];

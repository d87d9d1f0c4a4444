/**
 * A language's time vocabulary (lang/<lang>/times.json) and its recogniser templates compiled to regular
 * expressions. A template is regex source with {PLACEHOLDERS}: each expands to a named group over a word list
 * of the language file ({MONTH} → (?<month>january|…)); a trailing digit names a second group ({MONTH2}).
 * A literal space in a template matches any run of horizontal white space; an apostrophe matches ' or ’.
 */
import { langData } from '../../data/loader.js';
import type { Unit } from './spec.js';

export interface TimesLangData {
  monthsCapitalized: boolean;
  months: Record<string, number>;
  ambiguousMonths: string[];
  weekdays: Record<string, number>;
  ordinalSuffix: string;
  numbers: Record<string, number | 'X'>;
  numberTens: Record<string, number>;
  numberOnes: Record<string, number>;
  units: Record<string, string>;
  seasons: Record<string, string>;
  parts: Record<string, string>;
  relative: Record<string, number>;
  relativePost: Record<string, number>;
  deictic: Record<string, number>;
  dayparts: Record<string, string>;
  ordinals: Record<string, number>;
  centuryOrdinals: Record<string, number>;
  decadeWords: Record<string, number>;
  refs: Record<string, string>;
  setAdverbs: Record<string, string>;
  every: string[];
  approx: string[];
  context: Record<string, string[]>;
  tense: { past: string; future: string };
  patterns: Record<string, string[]>;
}

export interface UnitWord {
  unit: Unit;
  /** Multiplier carried by the word itself ("fortnight" = 2 weeks). */
  factor: number;
  plural: boolean;
}

export interface Lexicon {
  language: string;
  data: TimesLangData;
  /** Compiled templates per recogniser family. */
  patterns: Map<string, RegExp[]>;
  tensePast: RegExp;
  tenseFuture: RegExp;
  /** Lower-cased lookup tables (keys normalised: lower case, ’ → ', runs of space → one space). */
  months: Map<string, number>;
  weekdays: Map<string, number>;
  numbers: Map<string, number | 'X'>;
  units: Map<string, UnitWord>;
  /** Word sets of `context`, normalised. */
  ctx: Map<string, Set<string>>;
  /** Longest entry (in words) of each context list, to know how far back to look. */
  ctxWords: Map<string, number>;
  /** Trigger words (lower case, without a final dot) → the recogniser families that need them. */
  triggers: Map<string, Set<string>>;
}

/** `normWord` as defined: lower case, ’ ` ´ → ', runs of white space → one space, trimmed. */
export const normWordByDefinition = (s: string): string => s.toLowerCase().replace(/[’`´]/g, "'").replace(/\s+/g, ' ').trim();

/**
 * Lower case, ’ ` ´ → ', runs of white space → one space, trimmed (`normWordByDefinition`). Most words the
 * recognisers read are printable ASCII without a backquote, with at most single spaces inside: the quote marks, runs
 * of white space and case mapping outside ASCII cannot occur in them, so lower-casing is all the definition does
 * (nothing when no capital is present).
 */
export function normWord(s: string): string {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a single space between two other characters stays as it is ("the past", "more than")
    if (c === 32 && i > 0 && i < s.length - 1 && s.charCodeAt(i - 1) !== 32 && s.charCodeAt(i + 1) > 32) continue;
    if (c <= 32 || c >= 127 || c === 96) return normWordByDefinition(s);
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper ? s.toLowerCase() : s;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word (or several) as regex source: apostrophes match both forms, spaces any horizontal white space. */
function wordSource(w: string): string {
  return escapeRe(w).replace(/'/g, "['’]").replace(/ +/g, '[^\\S\\n]+').replace(/-/g, '[-‑]');
}

function alternation(words: Iterable<string>): string {
  const list = [...new Set(words)].sort((a, b) => b.length - a.length);
  return list.map(wordSource).join('|');
}

/** Rewrites template spaces and apostrophes outside character classes. */
function templateSource(t: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '\\') {
      out += c + (t[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    if (!inClass && c === ' ') out += '[^\\S\\n]+';
    else if (!inClass && (c === "'" || c === '’')) out += "['’]";
    else if (inClass && c === "'") out += "'’";
    else out += c;
  }
  return out;
}

function numberSource(d: TimesLangData): string {
  const tens = alternation(Object.keys(d.numberTens));
  const ones = alternation(Object.keys(d.numberOnes));
  const compound = tens && ones ? `(?:${tens})[-‑ ](?:${ones})|` : '';
  return `${compound}${alternation(Object.keys(d.numbers))}|\\d{1,3}(?:[.,]\\d+)?`;
}

function placeholderSources(d: TimesLangData): Record<string, string> {
  return {
    MONTH: alternation(Object.keys(d.months)),
    WEEKDAY: alternation(Object.keys(d.weekdays)),
    DAY: `(?:[12]\\d|3[01]|0?[1-9])(?:${d.ordinalSuffix})?`,
    YEAR: `1[0-9]\\d\\d|20\\d\\d|21\\d\\d`,
    NUM: numberSource(d),
    UNIT: alternation(Object.keys(d.units)),
    SEASON: alternation(Object.keys(d.seasons)),
    PART: alternation(Object.keys(d.parts)),
    REL: alternation(Object.keys(d.relative)),
    RELPOST: alternation(Object.keys(d.relativePost)),
    ORD: alternation(Object.keys(d.ordinals)),
    CENTORD: alternation(Object.keys(d.centuryOrdinals)),
    DEICTIC: alternation(Object.keys(d.deictic)),
    DAYPART: alternation(Object.keys(d.dayparts)),
    REF: alternation(Object.keys(d.refs)),
    SETADV: alternation(Object.keys(d.setAdverbs)),
    DECADEWORD: alternation(Object.keys(d.decadeWords)),
    APPROX: alternation(d.approx),
    EVERY: alternation(d.every),
  };
}

/**
 * Compiles a family's templates to one sticky, case-insensitive regex bounded by non-letters (run at token
 * starts): the templates become alternatives, tried in order, their groups suffixed `__<k>` (see `groupsOf`).
 */
export function compileTemplates(templates: string[], d: TimesLangData): RegExp {
  const sources = placeholderSources(d);
  const alts = templates.map((template, k) =>
    '(?:' +
    templateSource(template)
      .replace(/\(\?<([a-z][a-z0-9]*)>/g, (_, name: string) => `(?<${name}__${k}>`)
      .replace(/\{([A-Z]+)(\d?)\}/g, (_, name: string, n: string) => {
        const src = sources[name];
        if (src === undefined) throw new Error(`sitrep times: unknown placeholder {${name}}`);
        if (!src) return '(?!)';
        return `(?<${name.toLowerCase()}${n}__${k}>${src})`;
      }) +
    ')');
  const body = alts.join('|');
  return new RegExp(`(?<![A-Za-z0-9_\\u00C0-\\u024F])(?:${body})(?![A-Za-z0-9_\\u00C0-\\u024F])`, 'iy');
}

const cache = new Map<string, Lexicon | null>();

/** The lexicon for a language, or null when the language has no time data. */
export function lexicon(language: string): Lexicon | null {
  if (cache.has(language)) return cache.get(language) ?? null;
  const d = langData<TimesLangData>(language, 'times');
  if (!d) {
    cache.set(language, null);
    return null;
  }
  const patterns = new Map<string, RegExp[]>();
  for (const [k, list] of Object.entries(d.patterns)) patterns.set(k, [compileTemplates(list, d)]);
  const lower = <V>(o: Record<string, V>): Map<string, V> => new Map(Object.entries(o).map(([k, v]) => [normWord(k), v]));
  const units = new Map<string, UnitWord>();
  for (const [w, code] of Object.entries(d.units)) {
    const m = /^(\d*)([A-Z]+)(\+?)$/.exec(code);
    if (!m) continue;
    units.set(normWord(w), { unit: m[2] as Unit, factor: m[1] ? Number(m[1]) : 1, plural: m[3] === '+' });
  }
  const ctx = new Map<string, Set<string>>();
  const ctxWords = new Map<string, number>();
  for (const [k, list] of Object.entries(d.context)) {
    ctx.set(k, new Set(list.map(normWord)));
    ctxWords.set(k, Math.max(1, ...list.map((w) => normWord(w).split(' ').length)));
  }
  const triggers = new Map<string, Set<string>>();
  const STOP = new Set(['the', 'a', 'an', 'of', 'in', 'at', 'on', 'to', 'de', 'la', 'le', 'les', 'du', 'des', 'à', 'au', 'et', 'and', 'ce', 'cet', 'cette', 'these', 'this', 'that', 'par', 'il', 'y', 'a']);
  const addTrigger = (phrases: Iterable<string>, ...families: string[]) => {
    for (const ph of phrases) {
      for (const raw of normWord(ph).split(/[\s-]+/)) {
        const w = raw.replace(/\.$/, '').replace(/^[a-z]{1,2}'/, '');
        if (!w || STOP.has(w) || /^\d/.test(w)) continue;
        let set = triggers.get(w);
        if (!set) triggers.set(w, (set = new Set()));
        for (const f of families) set.add(f);
      }
    }
  };
  addTrigger(Object.keys(d.months), 'date', 'monthYear', 'month');
  addTrigger(Object.keys(d.weekdays), 'weekday', 'date', 'set');
  addTrigger(Object.keys(d.units), 'duration', 'ago', 'set', 'relativeUnit', 'anaphoric');
  addTrigger(['week-end', 'weekend', 'lendemain', 'veille'], 'relativeUnit', 'anaphoric');
  addTrigger(['quarter', 'quarters', 'trimestre', 'half', 'semestre'], 'quarter', 'half');
  addTrigger(Object.keys(d.seasons), 'season');
  addTrigger(Object.keys(d.deictic), 'deictic');
  addTrigger(Object.keys(d.dayparts), 'deictic', 'anaphoric');
  addTrigger(Object.keys(d.refs), 'ref');
  addTrigger(Object.keys(d.setAdverbs), 'set');
  addTrigger(Object.keys(d.decadeWords), 'decade');
  addTrigger(Object.keys(d.centuryOrdinals), 'century');
  addTrigger(['century', 'centuries', 'siècle', 'siècles'], 'century');
  const lex: Lexicon = {
    language,
    data: d,
    patterns,
    tensePast: new RegExp(d.tense.past, 'iu'),
    tenseFuture: new RegExp(d.tense.future, 'iu'),
    months: lower(d.months),
    weekdays: lower(d.weekdays),
    numbers: lower(d.numbers),
    units,
    ctx,
    ctxWords,
    triggers,
  };
  cache.set(language, lex);
  return lex;
}

/** The group names of a compiled template regex, in match order, with their template names (`month__2` → `month`). */
export interface GroupNames {
  names: string[];
  bases: string[];
}

const groupNamesByRegex = new WeakMap<RegExp, GroupNames>();

/** The group names of `re`, read from one of its matches `m` (every match of a regex has the same names). */
export function groupNamesOf(re: RegExp, m: RegExpExecArray): GroupNames {
  let hit = groupNamesByRegex.get(re);
  if (!hit) {
    const names = m.groups ? Object.keys(m.groups) : [];
    hit = { names, bases: names.map((k) => k.slice(0, k.lastIndexOf('__'))) };
    groupNamesByRegex.set(re, hit);
  }
  return hit;
}

/**
 * A match's groups under their template names (`month__2` → `month`), defined ones only. `names` (from
 * `groupNamesOf`) spares re-reading the names of every group of the regex on each match.
 */
export function groupsOf(m: RegExpExecArray, names?: GroupNames): Record<string, string> {
  const out: Record<string, string> = {};
  const gs = m.groups;
  if (!gs) return out;
  if (names) {
    const { names: keys, bases } = names;
    for (let j = 0; j < keys.length; j++) {
      const v = gs[keys[j]!];
      if (v !== undefined) out[bases[j]!] = v;
    }
    return out;
  }
  for (const k in gs) if (gs[k] !== undefined) out[k.slice(0, k.lastIndexOf('__'))] = gs[k];
  return out;
}

/**
 * A template regex with its named groups made plain capturing groups, and the template name of each capture
 * (null for a group that had no name). The engine builds a `groups` object with every name of the regex on each
 * match, dozens for a family; the twin matches exactly the same (numbering and matching ignore names) without it.
 */
export interface UnnamedTwin {
  re: RegExp;
  bases: Array<string | null>;
}

const twins = new WeakMap<RegExp, UnnamedTwin | null>();

/** The unnamed twin of `re`, or null when its source is one this reading does not follow (named back-references). */
export function unnamedTwinOf(re: RegExp): UnnamedTwin | null {
  let twin = twins.get(re);
  if (twin === undefined) twins.set(re, (twin = unnamedTwin(re)));
  return twin;
}

function unnamedTwin(re: RegExp): UnnamedTwin | null {
  const src = re.source;
  if (src.includes('\\k<')) return null;
  const bases: Array<string | null> = [];
  let out = '';
  let from = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c !== '(') continue;
    if (src[i + 1] !== '?') { bases.push(null); continue; }
    if (src[i + 2] !== '<' || src[i + 3] === '=' || src[i + 3] === '!') continue;
    const close = src.indexOf('>', i + 3);
    if (close < 0) return null;
    const name = src.slice(i + 3, close);
    const cut = name.lastIndexOf('__');
    bases.push(cut < 0 ? name : name.slice(0, cut));
    out += src.slice(from, i + 1);
    from = close + 1;
    i = close;
  }
  out += src.slice(from);
  return { re: new RegExp(out, re.flags), bases };
}

/** `groupsOf` for a match of an unnamed twin: the defined captures under their template names, in capture order. */
export function groupsOfTwin(m: RegExpExecArray, bases: ReadonlyArray<string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let j = 0; j < bases.length; j++) {
    const base = bases[j];
    if (base === null || base === undefined) continue;
    const v = m[j + 1];
    if (v !== undefined) out[base] = v;
  }
  return out;
}

/** Reads a number word or digits ("eleven", "twenty-five", "18", "a few" → 'X'). */
export function readNumber(lex: Lexicon, s: string): number | 'X' | null {
  const w = normWord(s).replace(/‑/g, '-');
  if (/^\d+(?:[.,]\d+)?$/.test(w)) return Number(w.replace(',', '.'));
  const hit = lex.numbers.get(w);
  if (hit !== undefined) return hit;
  const parts = w.split(/[- ]+/);
  if (parts.length >= 2) {
    const tens = lex.data.numberTens[parts[0]];
    const onesKey = parts.slice(1).join(' ');
    const ones = lex.data.numberOnes[onesKey];
    if (tens !== undefined && ones !== undefined) return tens + ones;
  }
  return null;
}

/** What can open a match of (part of) a regex: ASCII characters, and whether the part can match nothing. */
interface Opening {
  /** Per ASCII character: 1 when a match may start with it. */
  ascii: Uint8Array;
  /** Anything may open it (a negated class, a wildcard, a construct this reading does not follow). */
  any: boolean;
  nullable: boolean;
}

const opening = (nullable: boolean): Opening => ({ ascii: new Uint8Array(128), any: false, nullable });

function addOpening(to: Opening, from: Opening): void {
  for (let c = 0; c < 128; c++) to.ascii[c] |= from.ascii[c]!;
  to.any ||= from.any;
}

/**
 * Reads regex source (the syntax the templates compile to, without the `u` flag) for the characters that can open
 * a match. Over-approximates: lookarounds are read as matching nothing (they consume no character), anything not
 * followed (back-references, unknown escapes, unclosed groups) as `any`.
 */
class OpeningReader {
  private i = 0;
  constructor(private readonly src: string, private readonly ignoreCase: boolean) {}

  read(): Opening {
    const o = this.alternation();
    if (this.i < this.src.length) o.any = true;
    return o;
  }

  private alternation(): Opening {
    const out = this.sequence();
    while (this.src[this.i] === '|') {
      this.i++;
      const next = this.sequence();
      addOpening(out, next);
      out.nullable ||= next.nullable;
    }
    return out;
  }

  private sequence(): Opening {
    const out = opening(true);
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const item = this.quantified();
      if (out.nullable) addOpening(out, item);
      out.nullable &&= item.nullable;
    }
    return out;
  }

  private quantified(): Opening {
    const atom = this.atom();
    const s = this.src;
    const q = s[this.i];
    if (q === '?' || q === '*') {
      this.i++;
      atom.nullable = true;
    } else if (q === '+') this.i++;
    else if (q === '{') {
      const bounds = /\{(\d+)(?:,\d*)?\}/y;
      bounds.lastIndex = this.i;
      const m = bounds.exec(s);
      if (m) {
        this.i += m[0].length;
        if (Number(m[1]) === 0) atom.nullable = true;
      }
    } else return atom;
    if (s[this.i] === '?') this.i++;
    return atom;
  }

  private char(code: number, out: Opening): void {
    if (code >= 128) {
      if (this.ignoreCase) out.any = true;
      return;
    }
    out.ascii[code] = 1;
    if (this.ignoreCase && ((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) out.ascii[code ^ 32] = 1;
  }

  private range(lo: number, hi: number, out: Opening): void {
    if (hi >= 128 && this.ignoreCase) out.any = true;
    for (let c = lo; c <= Math.min(hi, 127); c++) this.char(c, out);
  }

  /**
   * The escape after a `\\`: a character's code, or -1 once a class escape (\\d, \\s…) or an unknown one has been
   * added to `out`, or null for an assertion (\\b, \\B).
   */
  private escape(out: Opening, inClass: boolean): number | null {
    const s = this.src;
    const e = s[this.i++]!;
    const codes: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };
    if (e === 'd' || e === 'w') {
      this.range(48, 57, out);
      if (e === 'w') {
        this.range(65, 90, out);
        this.range(97, 122, out);
        this.char(95, out);
      }
      return -1;
    }
    if (e in codes) return codes[e]!;
    const hex = e === 'u' ? 4 : e === 'x' ? 2 : 0;
    if (hex && /^[0-9a-fA-F]+$/.test(s.slice(this.i, this.i + hex)) && this.i + hex <= s.length) {
      this.i += hex;
      return parseInt(s.slice(this.i - hex, this.i), 16);
    }
    if (!inClass && (e === 'b' || e === 'B')) return null;
    if (!inClass && (e === 'k' || /\d/.test(e))) {
      // a back-reference: what it matches may have been captured inside a lookaround
      if (e === 'k') this.i = s.indexOf('>', this.i) + 1;
      else while (/\d/.test(s[this.i] ?? '')) this.i++;
      out.any = true;
      return -1;
    }
    if (/[A-Za-z0-9]/.test(e)) {
      out.any = true;
      return -1;
    }
    return e.charCodeAt(0);
  }

  private atom(): Opening {
    const s = this.src;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      if (s[this.i] === '?') {
        const kind = s.slice(this.i, this.i + 3);
        if (kind.startsWith('?:')) this.i += 2;
        else if (kind === '?<=' || kind === '?<!' || kind.startsWith('?=') || kind.startsWith('?!')) {
          look = true;
          this.i += kind.startsWith('?<') ? 3 : 2;
        } else if (kind.startsWith('?<')) this.i = s.indexOf('>', this.i) + 1;
        else {
          this.i = s.length;
          return { ...opening(true), any: true };
        }
      }
      const inner = this.alternation();
      if (s[this.i] === ')') this.i++;
      else inner.any = true;
      return look ? opening(true) : inner;
    }
    this.i++;
    if (c === '[') return this.charClass();
    const out = opening(false);
    if (c === '\\') {
      const code = this.escape(out, false);
      if (code === null) return opening(true);
      if (code >= 0) this.char(code, out);
    } else if (c === '^' || c === '$') return opening(true);
    else if (c === '.') out.any = true;
    else this.char(c.charCodeAt(0), out);
    return out;
  }

  private charClass(): Opening {
    const s = this.src;
    const out = opening(false);
    if (s[this.i] === '^') {
      out.any = true;
      this.i++;
    }
    const element = (): number => {
      if (s[this.i] !== '\\') return s.charCodeAt(this.i++);
      this.i++;
      return this.escape(out, true) ?? -1;
    };
    let first = true;
    while (this.i < s.length && (s[this.i] !== ']' || first)) {
      first = false;
      const lo = element();
      if (lo < 0) continue;
      if (s[this.i] === '-' && this.i + 1 < s.length && s[this.i + 1] !== ']') {
        this.i++;
        const hi = element();
        if (hi < 0) {
          // "[a-\\d]": not a range; read as the three members, widened
          out.any = true;
          continue;
        }
        this.range(lo, hi, out);
      } else this.range(lo, lo, out);
    }
    if (this.i >= s.length) out.any = true;
    this.i++;
    return out;
  }
}

/**
 * The ASCII characters that can open a non-empty match of `re`, as a 128-entry table; null when the reading cannot
 * tell (a match may open with anything). A start whose character is ASCII and not in the table gives no match, or an
 * empty one.
 */
export function openingChars(re: RegExp): Uint8Array | null {
  if (/[uv]/.test(re.flags)) return null;
  const o = new OpeningReader(re.source, re.ignoreCase).read();
  return o.any ? null : o.ascii;
}

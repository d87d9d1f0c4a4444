/**
 * Refiners: passes over the recognisers' candidates that choose among overlaps, widen approximations
 * ("around 2020"), merge ranges ("from 2012 to 2014", "between March and May"), mark open ranges
 * ("since 2015") and datelines ("UPDATE, JUNE 2:") that re-anchor the text after them.
 */
import { endsWithContext } from './context.js';
import { groupNamesOf, groupsOf, groupsOfTwin, normWord, openingChars, unnamedTwinOf, type Lexicon } from './lexicon.js';
import { RECOGNISERS, type ReadContext } from './parsers.js';
import type { Candidate, TimeSpec } from './spec.js';

const BY_FAMILY = new Map(RECOGNISERS.map((r) => [r.family, r]));
/** Characters of the tokens trigger words are looked up in: [A-Za-z0-9\u00C0-\u024F'’]. */
const isTokenChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f) || c === 39 || c === 8217;
/** Tokens a recogniser window reaches either side of its trigger. */
const LEFT = 6;
const RIGHT = 8;

interface Window {
  start: number;
  end: number;
  /** Per family, the token starts where one of its templates may begin (a few tokens before a trigger). */
  starts: Map<string, number[]>;
}

/** Below this code unit, a table says whether a character is a token character; above, only ’ is one. */
const TABLE_SIZE = 0x250;
/** What a token character tells the scanner: it is one, it has a lower case form to fold, it is not ASCII, a quote. */
const TOKEN = 1;
const FOLDS = 2;
const WIDE = 4;
const QUOTE = 8;
const charBits = (c: number): number =>
  !isTokenChar(c) ? 0 : TOKEN | ((c >= 65 && c <= 90) || c >= 0xc0 ? FOLDS : 0) | (c >= 128 ? WIDE : 0) | (c === 39 || c === 8217 ? QUOTE : 0);
const TOKEN_CHARS = Uint8Array.from({ length: TABLE_SIZE }, (_, c) => charBits(c));
const CURLY_QUOTE_BITS = charBits(8217);

const firstChars = new WeakMap<Lexicon, Uint8Array>();

/**
 * Per token character (the first of a token is one, and not a quote there): 1 when its lower case starts a trigger
 * word (they are lower case) or is the "q" of "q1"…"q4".
 */
function firstCharsOf(lex: Lexicon): Uint8Array {
  let table = firstChars.get(lex);
  if (!table) {
    const firsts = new Set([...lex.triggers.keys()].map((w) => w.charCodeAt(0)));
    firsts.add(113);
    table = Uint8Array.from({ length: TABLE_SIZE }, (_, c) => (firsts.has(String.fromCharCode(c).toLowerCase().charCodeAt(0)) ? 1 : 0));
    firstChars.set(lex, table);
  }
  return table;
}

const asciiHashes = new WeakMap<Lexicon, Int32Array>();
/**
 * Bits of the word hash the table keeps (65,536 entries: a few hundred trigger words leave it nearly empty). One
 * bit per entry (8 KB), not one byte (64 KB): the other stages run between two documents' times and evict what
 * they can; a small table stays in cache.
 */
const HASH_MASK = (1 << 16) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Hashes (FNV-1a over the lower-case characters) of every trigger word and of "q1"…"q4", for all-ASCII tokens:
 * a token whose hash is not marked cannot be a trigger, so it needs no string, lower-casing or lookup.
 */
function asciiHashesOf(lex: Lexicon): Int32Array {
  let table = asciiHashes.get(lex);
  if (!table) {
    table = new Int32Array((HASH_MASK + 1) >>> 5);
    for (const w of [...lex.triggers.keys(), 'q1', 'q2', 'q3', 'q4']) {
      let h = FNV_OFFSET;
      for (let i = 0; i < w.length; i++) h = Math.imul(h ^ (w.charCodeAt(i) | 32), FNV_PRIME);
      const entry = (h ^ (h >>> 16)) & HASH_MASK;
      table[entry >>> 5] |= 1 << (entry & 31);
    }
    asciiHashes.set(lex, table);
  }
  return table;
}

/** How many tokens before its trigger word a family's templates can begin ("the end of March": 3). */
const FAMILY_LEFT: Record<string, number> = {
  date: 3, numericDate: 2, monthYear: 4, month: 4, year: 5, decade: 4, century: 5, season: 4, quarter: 5, half: 2,
  relativeUnit: 2, deictic: 3, weekday: 1, ago: 5, anaphoric: 2, duration: 6, set: 3, ref: 2,
};

const YEAR_FAMILIES: readonly string[] = ['year', 'decade', 'numericDate', 'quarter', 'half', 'monthYear'];
const DECADE_FAMILIES: readonly string[] = ['decade'];
const CENTURY_FAMILIES: readonly string[] = ['century'];
const NUMERIC_DATE_FAMILIES: readonly string[] = ['numericDate'];
const QUARTER_FAMILIES: readonly string[] = ['quarter'];

function digitFamilies(tok: string, text: string, end: number): readonly string[] | null {
  if (/^\d{4}s?$/.test(tok) || /^\d{4}['’]s$/.test(tok)) return YEAR_FAMILIES;
  if (/^\d0['’]?s$/.test(tok)) return DECADE_FAMILIES;
  if (/^\d{1,2}(?:st|nd|rd|th|e|er|ème)$/i.test(tok)) return CENTURY_FAMILIES;
  if (/^\d{1,2}$/.test(tok) && /^[/.]\d/.test(text.slice(end, end + 2))) return NUMERIC_DATE_FAMILIES;
  return null;
}

/** A recogniser family a trigger opens: its name, a small number standing for it, how far left its templates begin. */
interface FamilyReach {
  family: string;
  ordinal: number;
  left: number;
}

const familyOrdinals = new Map<string, number>();
const reaches = new WeakMap<object, FamilyReach[]>();

/** The families of a trigger (a set of the trigger table, or one of the constant lists) with their reach, kept. */
function reachOf(fams: readonly string[] | Set<string>): FamilyReach[] {
  let list = reaches.get(fams);
  if (!list) {
    list = [...fams].map((family) => {
      let ordinal = familyOrdinals.get(family);
      if (ordinal === undefined) familyOrdinals.set(family, (ordinal = familyOrdinals.size));
      return { family, ordinal, left: FAMILY_LEFT[family] ?? LEFT };
    });
    reaches.set(fams, list);
  }
  return list;
}

/** Token spans of the running `triggerWindows` call, [start, end] pairs; kept between calls (they do not nest). */
let tokenSpans = new Int32Array(4096);

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}

/**
 * Where recognisers need to look: a window of a few tokens around every trigger word (month, weekday, unit,
 * season, year-like number…), with the families that trigger can start. Text without triggers is skipped, which
 * keeps the dozens of templates from scanning the whole text.
 */
export function triggerWindows(text: string, lex: Lexicon, from = 0, to = text.length): Window[] {
  // Token spans, flat; `count` numbers used.
  let toks = tokenSpans;
  let count = 0;
  const hits: Array<[number, readonly string[] | Set<string>]> = [];
  const firsts = firstCharsOf(lex);
  const hashes = asciiHashesOf(lex);
  // The tokens of [A-Za-z0-9\u00C0-\u024F'’]+, read by hand: no match objects, and no string at all for a
  // word no trigger can start with (it has no apostrophe, and its first letter starts no trigger word).
  const n = text.length;
  let p = from;
  for (;;) {
    for (; p < n; p++) {
      const c = text.charCodeAt(p);
      if (c < TABLE_SIZE ? TOKEN_CHARS[c] !== 0 : c === 8217) break;
    }
    if (p >= n || p >= to) break;
    let start = p;
    let bits = 0;
    let h = FNV_OFFSET;
    for (; p < n; p++) {
      const c = text.charCodeAt(p);
      const k = c < TABLE_SIZE ? TOKEN_CHARS[c]! : c === 8217 ? CURLY_QUOTE_BITS : 0;
      if (k === 0) break;
      bits |= k;
      h = Math.imul(h ^ (c | 32), FNV_PRIME);
    }
    const end = p;
    const folded = (bits & FOLDS) !== 0;
    const apostrophe = (bits & QUOTE) !== 0;
    const nonAscii = (bits & WIDE) !== 0;
    if (count + 2 > toks.length) {
      const grown = new Int32Array(2 * toks.length);
      grown.set(toks);
      toks = tokenSpans = grown;
    }
    const first = text.charCodeAt(start);
    if (!apostrophe && !(first >= 48 && first <= 57)) {
      // `first` is a token character and not a quote, so the table covers it
      if (firsts[first] === 0) {
        toks[count++] = start;
        toks[count++] = end;
        continue;
      }
      // An all-ASCII word (letters and digits): its lower case is `| 32` per character, as the hash reads it.
      const entry = (h ^ (h >>> 16)) & HASH_MASK;
      if (!nonAscii && (end - start < 2 || !(hashes[entry >>> 5]! & (1 << (entry & 31))))) {
        toks[count++] = start;
        toks[count++] = end;
        continue;
      }
    }
    let tok = text.slice(start, end);
    let c0 = tok.charCodeAt(0);
    if (c0 === 39 || c0 === 8217) {
      // a leading quote: "'90s" keeps it for the decade, otherwise it is dropped
      if (tok.length > 1 && tok.charCodeAt(1) >= 48 && tok.charCodeAt(1) <= 57) {
        toks[count++] = start;
        toks[count++] = end;
        const f = digitFamilies(tok.slice(1), text, end);
        if (f) hits.push([count / 2 - 1, f]);
        continue;
      }
      let k = 1;
      while (k < tok.length && (tok.charCodeAt(k) === 39 || tok.charCodeAt(k) === 8217)) k++;
      tok = tok.slice(k);
      start += k;
      if (!tok) continue;
      c0 = tok.charCodeAt(0);
    }
    toks[count++] = start;
    toks[count++] = end;
    let fams: readonly string[] | Set<string> | null | undefined;
    if (c0 >= 48 && c0 <= 57) {
      if (tok.length >= 2) fams = digitFamilies(tok, text, end);
    } else if (tok.length > 1 || c0 === 224 /* à */) {
      let w = folded ? tok.toLowerCase() : tok;
      if (apostrophe) {
        if (w.indexOf('’') >= 0) w = w.replace(/’/g, "'");
        if (w.endsWith("'s")) w = w.slice(0, -2);
      }
      fams = lex.triggers.get(w);
      if (!fams) {
        const q = apostrophe ? w.indexOf("'") : -1;
        if (q === 1 || q === 2) fams = lex.triggers.get(w.slice(q + 1));
        else if (w.length === 2 && w.charCodeAt(0) === 113 && w.charCodeAt(1) >= 49 && w.charCodeAt(1) <= 52) fams = QUARTER_FAMILIES;
      }
    }
    if (fams) hits.push([count / 2 - 1, fams]);
  }
  const out: Window[] = [];
  const lastToken = count / 2 - 1;
  // per family ordinal, in the current window: the last trigger token its starts reach, and its list of starts
  let lastAdded: number[] = [];
  let lists: Array<number[] | undefined> = [];
  for (const [i, fams] of hits) {
    let a = Math.max(0, i - LEFT);
    let b = Math.min(lastToken, i + RIGHT);
    // stay on the trigger's line
    while (a < i && hasLineBreak(text, toks[2 * a + 1]!, toks[2 * i]!)) a++;
    while (b > i && hasLineBreak(text, toks[2 * i + 1]!, toks[2 * b]!)) b--;
    const start = toks[2 * a]!;
    const end = toks[2 * b + 1]!;
    const last = out[out.length - 1];
    let w: Window;
    if (last && start <= last.end) {
      w = last;
      w.end = Math.max(last.end, end);
    } else {
      out.push((w = { start, end, starts: new Map() }));
      lastAdded = [];
      lists = [];
    }
    for (const { family, ordinal, left } of reachOf(fams)) {
      let list = lists[ordinal];
      if (!list) w.starts.set(family, (list = lists[ordinal] = []));
      const previous = lastAdded[ordinal] ?? -1;
      for (let k = Math.max(a, i - left, previous + 1); k <= i; k++) list.push(toks[2 * k]!);
      lastAdded[ordinal] = Math.max(i, previous);
    }
  }
  return out;
}

/**
 * `triggerWindows` as defined, without its shortcuts (hash and first-letter skips, token buffer, table look-ups):
 * every token through the regex and the trigger table. For the equivalence tests.
 */
export function triggerWindowsByDefinition(text: string, lex: Lexicon, from = 0, to = text.length): Window[] {
  const toks: number[] = [];
  const hits: Array<[number, readonly string[] | Set<string>]> = [];
  const re = /[A-Za-z0-9\u00C0-\u024F'’]+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < to) {
    let tok = m[0];
    let start = m.index;
    const end = start + tok.length;
    if (/^['’]\d/.test(tok)) {
      toks.push(start, end);
      const f = digitFamilies(tok.slice(1), text, end);
      if (f) hits.push([toks.length / 2 - 1, f]);
      continue;
    }
    const quotes = /^['’]*/.exec(tok)![0].length;
    tok = tok.slice(quotes);
    start += quotes;
    if (!tok) continue;
    toks.push(start, end);
    let fams: readonly string[] | Set<string> | null | undefined;
    if (/^\d/.test(tok)) {
      if (tok.length >= 2) fams = digitFamilies(tok, text, end);
    } else if (tok.length > 1 || tok === 'à') {
      const w = tok.toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
      const q = w.indexOf("'");
      fams = lex.triggers.get(w) ?? (q === 1 || q === 2 ? lex.triggers.get(w.slice(q + 1)) : /^q[1-4]$/.test(w) ? QUARTER_FAMILIES : undefined);
    }
    if (fams) hits.push([toks.length / 2 - 1, fams]);
  }
  const out: Window[] = [];
  const lastAdded = new Map<string, number>();
  for (const [i, fams] of hits) {
    let a = Math.max(0, i - LEFT);
    let b = Math.min(toks.length / 2 - 1, i + RIGHT);
    while (a < i && text.slice(toks[2 * a + 1], toks[2 * i]).includes('\n')) a++;
    while (b > i && text.slice(toks[2 * i + 1], toks[2 * b]).includes('\n')) b--;
    const start = toks[2 * a]!;
    const end = toks[2 * b + 1]!;
    const last = out[out.length - 1];
    let w: Window;
    if (last && start <= last.end) {
      w = last;
      w.end = Math.max(last.end, end);
    } else {
      out.push((w = { start, end, starts: new Map() }));
      lastAdded.clear();
    }
    for (const f of fams) {
      let list = w.starts.get(f);
      if (!list) w.starts.set(f, (list = []));
      for (let k = Math.max(a, i - (FAMILY_LEFT[f] ?? LEFT), (lastAdded.get(f) ?? -1) + 1); k <= i; k++) list.push(toks[2 * k]!);
      lastAdded.set(f, Math.max(i, lastAdded.get(f) ?? -1));
    }
  }
  return out;
}

const openings = new WeakMap<RegExp, Uint8Array | null>();

/** `openingChars`, read once per template regex. */
function openingsOf(re: RegExp): Uint8Array | null {
  let table = openings.get(re);
  if (table === undefined) openings.set(re, (table = openingChars(re)));
  return table;
}

/** Runs the recognisers over the trigger windows of `text` between `from` and `to` (offsets stay document offsets). */
export function collect(text: string, lex: Lexicon, from = 0, to = text.length): Candidate[] {
  const out: Candidate[] = [];
  const c: ReadContext = { text, lex };
  for (const w of triggerWindows(text, lex, from, to)) {
    for (const [family, starts] of w.starts) {
      const r = BY_FAMILY.get(family);
      const res = lex.patterns.get(family);
      if (!r || !res) continue;
      for (const re of res) {
        const open = openingsOf(re);
        const twin = unnamedTwinOf(re);
        const run = twin === null ? re : twin.re;
        for (const s of starts) {
          // no match can open with this character: the regex would find none, or an empty one (skipped below)
          const first = text.charCodeAt(s);
          if (open !== null && first < 128 && open[first] === 0) continue;
          run.lastIndex = s;
          const m = run.exec(text);
          if (m === null || m[0].length === 0) continue;
          (m as { groups?: Record<string, string> }).groups = twin === null ? groupsOf(m, groupNamesOf(re, m)) : groupsOfTwin(m, twin.bases);
          const reading = r.read(m, c);
          if (!reading) continue;
          const cand: Candidate = {
            start: reading.start ?? m.index,
            end: reading.end ?? m.index + m[0].length,
            spec: reading.spec,
            parser: r.family,
            priority: r.priority,
          };
          if (reading.approx) cand.approx = true;
          if (reading.rangeTo) {
            cand.rangeEnd = { start: cand.start, end: cand.end, spec: reading.rangeTo, parser: r.family, priority: r.priority };
          }
          if (cand.end > cand.start) out.push(cand);
        }
      }
    }
  }
  return out;
}

/** Keeps the longest of overlapping candidates (then the higher priority, then the earlier). */
export function chooseLongest(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const APPROX_POINT = /(?:^|[^\p{L}])(around|about|circa|c\.|roughly|approximately|vers|environ|autour de)[ \t]+$/iu;

/** "around 2020": an approximate point; the modifier joins the expression. */
export function widenApprox(cands: Candidate[], text: string): void {
  for (const c of cands) {
    if (c.spec.t !== 'point') continue;
    const s0 = Math.max(0, c.start - 20);
    const before = text.slice(s0, c.start);
    const m = APPROX_POINT.exec(before);
    if (!m) continue;
    c.approx = true;
    c.start = s0 + before.toLowerCase().lastIndexOf(m[1].toLowerCase());
  }
}

const isPointLike = (s: TimeSpec): boolean => s.t === 'point' || s.t === 'weekday';

function joinWord(lex: Lexicon, gap: string): string | null {
  const w = normWord(gap);
  if (w === '') return null;
  return lex.ctx.get('rangeJoin')?.has(w) ? w : null;
}

/** Merges "from A to B", "between A and B", "A – B" into one range candidate (A keeps B in `rangeEnd`). */
export function mergeRanges(cands: Candidate[], text: string, lex: Lexicon): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < cands.length; i++) {
    const a = cands[i];
    const b = cands[i + 1];
    if (b && !a.rangeEnd && !b.rangeEnd && isPointLike(a.spec) && isPointLike(b.spec) && a.spec.t === b.spec.t) {
      const gap = text.slice(a.end, b.start);
      const join = gap.length <= 16 && !gap.includes('\n') ? joinWord(lex, gap) : null;
      const starter = endsWithContext(lex, 'rangeStart', text, a.start);
      const dash = join !== null && /^[-–—]$/.test(join);
      const pairOk = join !== null && (starter !== null || dash) && !(join === 'and' && starter !== 'between') && !(join === 'et' && starter !== 'entre');
      if (pairOk) {
        inheritYear(a.spec, b.spec);
        a.rangeEnd = b;
        if (starter) {
          const idx = text.slice(0, a.start).toLowerCase().lastIndexOf(starter.replace(/'$/, ''));
          if (idx >= 0 && a.start - idx <= starter.length + 3) a.outerStart = idx;
        }
        out.push(a);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** "from March to May 2022": the first point takes the year of the second (the year before if it wraps). */
function inheritYear(a: TimeSpec, b: TimeSpec): void {
  if (a.t !== 'point' || b.t !== 'point') return;
  if (a.year === undefined && b.year !== undefined && a.month !== undefined && a.decade === undefined) {
    a.year = b.month !== undefined && a.month > b.month ? b.year - 1 : b.year;
  }
}

/** "since 2015", "depuis 2015": an open range from the point to the anchor. */
export function markSince(cands: Candidate[], text: string, lex: Lexicon): void {
  for (const c of cands) {
    if (c.spec.t !== 'point' || c.rangeEnd) continue;
    const w = endsWithContext(lex, 'since', text, c.start);
    if (!w) continue;
    c.openRange = true;
    const idx = text.slice(0, c.start).toLowerCase().lastIndexOf(w);
    if (idx >= 0 && c.start - idx <= w.length + 3) c.outerStart = idx;
  }
}

const DATELINE_BEFORE = /(?:^|\n)[ \t]*(?:[\p{Lu}][\p{L}'’. ()-]{0,40},[ \t]*)?$/u;
const DATELINE_AFTER = /^[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?[:—–-]/;

/** A date opening a paragraph and followed by ":" or a dash ("UPDATE, JUNE 2:", "PARIS, May 26 (AFP) —"). */
export function markDatelines(cands: Candidate[], text: string): void {
  for (const c of cands) {
    if (c.spec.t !== 'point' || c.spec.day === undefined || c.rangeEnd) continue;
    if (!DATELINE_BEFORE.test(text.slice(Math.max(0, c.start - 60), c.start))) continue;
    if (!DATELINE_AFTER.test(text.slice(c.end, c.end + 40))) continue;
    c.dateline = true;
  }
}

/**
 * Gazetteer lookup: finds the names of known countries, cities, regions and organisations in a text, with their
 * acronyms, demonyms ("Malian") and metonyms ("the Kremlin", "Bamako" for a government).
 *
 * Data: data/gazetteer/{countries,cities,regions,orgs}.json (see scripts/build-gazetteer.mjs).
 * Matching: one character trie over folded forms (lower case, no diacritics, curly apostrophes → ', hyphens →
 * space, white space collapsed), walked from every word start (or every token start when token spans are
 * given); leftmost-longest wins. Each candidate match is then checked against the capitalisation of the form:
 *   - acronym-like words (two leading capitals: "US", "FAMa", "MINUSMA") and one-word forms of at most three
 *     letters ("Gao") must match letter case exactly (diacritics still folded);
 *   - other capitalised forms need at least one of their capitalised words capitalised in the text
 *     ("Takuba task force", "west African" match; "chad", "islamic state" do not);
 *   - forms with no capital at all (French demonyms "malien") match in any case.
 * A form written "the X" in the data ("the Kremlin", "the West") only matches when "the" precedes, and the span
 * then includes "the". Possessive 's is never part of a name (the apostrophe ends a word).
 */
import type { Span, TextSpan } from '../../model/span.js';
import type { EntityCandidate } from './candidate.js';
import { FOLD, UPPER, WORD, accentFold, keyOf } from './gazetteer/fold.js';
import { CharTrie } from './gazetteer/trie.js';
import { cityEntry, readEntries, type GazetteerEntry } from './gazetteer/data.js';

export type { GazetteerEntry } from './gazetteer/data.js';
export type GazetteerForm = 'name' | 'alias' | 'acronym' | 'demonym' | 'metonym';

/** One reading of a matched span: which entry, through which form, how sure. */
export interface GazetteerSense {
  id: string;
  entry: GazetteerEntry;
  form: GazetteerForm;
  /** 0..1 */
  confidence: number;
}

/** A gazetteer mention: its span and its readings, the preferred one first. */
export interface GazetteerMatch extends TextSpan {
  senses: GazetteerSense[];
}

export interface GazetteerMatchOptions {
  /** ISO 639-1 language of the text; when given, forms tagged with another language (French demonyms) are skipped. */
  language?: string;
  /** Senses below this confidence are dropped (default 0). */
  minConfidence?: number;
  /** The text of each token (`text.slice(start, end)`), when the caller has them already. */
  words?: readonly string[];
  /**
   * With `words`: a number per distinct word form (equal words, equal numbers), valid while `formsEpoch` stays
   * the same. The walk from a token's start depends on its word alone, so it is kept per number.
   */
  formIds?: Int32Array;
  formsEpoch?: number;
}

/** A candidate for the entity stage, with the gazetteer's extra knowledge. */
export interface GazetteerCandidate extends EntityCandidate {
  form: GazetteerForm;
  /** Other readings of the same span (e.g. the country for which a capital is a metonym). */
  alternatives: { key: string; type: string; kind: string | null; form: GazetteerForm; confidence: number }[];
}

const MODE_ANY = 0; // no capital in the form: any case
const MODE_CASED = 1; // checked word by word (see header)

interface FormRecord {
  entry: number;
  form: GazetteerForm;
  mode: number;
  /** Per word of the form: 0 lower-case word, 1 capitalised, 2 exact (acronym-like). */
  words: number[];
  /** Accent-folded words of the form, for exact comparison (null when no word is exact). */
  exact: string[] | null;
  needsThe: boolean;
  lang: string | null;
  short: boolean;
  confidence: number;
  rank: number;
}

export interface Gazetteer {
  /** The entry at an internal index (used by matches). */
  entry(index: number): GazetteerEntry;
  /** The entry with this id (`country:ML`, `city:2460596`, `org:ecowas`…), or undefined. */
  get(id: string): GazetteerEntry | undefined;
  /** Every entry (cities are materialised on the way: slow, for tools and tests). */
  all(): Iterable<GazetteerEntry>;
  /** Number of indexed forms and trie nodes. */
  stats: { entries: number; forms: number; nodes: number };
  match(text: string, tokens?: Span[] | null, options?: GazetteerMatchOptions): GazetteerMatch[];
}

/** Splits a form into words on spaces and hyphens (table-driven: no regex on the load path). */
function splitWords(s: string): string[] {
  const out: string[] = [];
  let from = -1;
  for (let i = 0; i <= s.length; i++) {
    const sep = i === s.length || FOLD[s.charCodeAt(i)] === 32;
    if (sep) {
      if (from >= 0) out.push(s.slice(from, i));
      from = -1;
    } else if (from < 0) from = i;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function letterCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (WORD[c] && !isDigit(c)) n++;
  }
  return n;
}

function isCapitalised(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (WORD[c] && !isDigit(c)) return UPPER[c] === 1;
  }
  return false;
}

function isCapitalisedAt(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (WORD[c] && !isDigit(c)) return UPPER[c] === 1;
  }
  return false;
}

function isAcronymWord(w: string): boolean {
  // Apostrophes split the word, so that "N'Djamena" counts as "N" + "Djamena".
  let seen = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (FOLD[c] === 39) {
      seen = 0;
      continue;
    }
    if (!WORD[c] || isDigit(c)) continue;
    if (!UPPER[c]) {
      seen = -1000; // a lower-case letter among the first two: not acronym-like for this part
      continue;
    }
    if (seen >= 0 && ++seen === 2) return true;
  }
  return false;
}

interface EntryTraits {
  kind: string;
  population: number;
  isCapital: boolean;
  isCity: boolean;
  weak: boolean;
}

function baseConfidence(t: EntryTraits, form: GazetteerForm, words: number, letters: number, fromIso3: boolean): number {
  let c: number;
  if (t.isCity) {
    const p = t.population;
    c = t.isCapital || p >= 1_000_000 ? 0.85 : p >= 100_000 ? 0.75 : p >= 15_000 ? 0.6 : 0.4;
    if (words > 1) c = Math.min(0.95, c + 0.1);
  } else if (form === 'acronym') c = fromIso3 ? 0.5 : letters <= 2 ? 0.75 : 0.85;
  else if (form === 'metonym') c = 0.5;
  else if (form === 'demonym') c = 0.85;
  else c = words > 1 ? 0.95 : 0.9;
  if (t.weak) c = Math.min(c, 0.3);
  return c;
}

function rankOf(t: EntryTraits, form: GazetteerForm): number {
  // Lower ranks first: direct names before metonyms; countries, then curated entries, then cities by size.
  const formRank = form === 'metonym' ? 1000 : 0;
  if (t.kind === 'country') return formRank;
  if (!t.isCity) return formRank + 100 + (t.weak ? 50 : 0);
  return formRank + 200 + (t.isCapital ? 0 : 50) + (t.weak ? 100 : 0) + Math.max(0, 40 - Math.log2(t.population + 1));
}

function build(): Gazetteer {
  const { entries: curated, cities } = readEntries();
  const nCurated = curated.length;
  const cityCache: (GazetteerEntry | undefined)[] = new Array(cities.length);
  const entryAt = (idx: number): GazetteerEntry => {
    if (idx < nCurated) return curated[idx];
    const k = idx - nCurated;
    return (cityCache[k] ??= cityEntry(cities[k]));
  };
  const trie = new CharTrie<FormRecord>(1 << 19);
  let forms = 0;

  const add = (idx: number, traits: EntryTraits, raw: string, form: GazetteerForm, lang: string | null, iso3 = false): void => {
    let surface = raw;
    let needsThe = false;
    if (surface.startsWith('the ') || surface.startsWith('The ')) {
      needsThe = true;
      surface = surface.slice(4);
    }
    for (let v = 0; v < 2; v++) {
      let f = surface;
      if (v === 1) {
        // Apostrophe-less variant: "N'Djamena" → "NDjamena" (matches "Ndjamena").
        if (f.indexOf("'") < 0 && f.indexOf('’') < 0) break;
        f = f.replace(/['’]/g, '');
      }
      const key = keyOf(f);
      if (!key) continue;
      const ws = splitWords(f);
      const letters = letterCount(f);
      const short = ws.length === 1 && letters <= 3;
      const words: number[] = [];
      let anyUpper = false;
      let anyExact = false;
      for (const w of ws) {
        const kind = (short && isCapitalised(w)) || isAcronymWord(w) ? 2 : isCapitalised(w) ? 1 : 0;
        words.push(kind);
        if (kind) anyUpper = true;
        if (kind === 2) anyExact = true;
      }
      trie.add(key, {
        entry: idx, form, mode: anyUpper ? MODE_CASED : MODE_ANY, words, exact: anyExact ? ws.map(accentFold) : null, needsThe, lang,
        short, confidence: baseConfidence(traits, form, ws.length, letters, iso3), rank: rankOf(traits, form),
      });
      forms++;
    }
  };

  curated.forEach((e, idx) => {
    const traits: EntryTraits = { kind: e.kind, population: e.population ?? 0, isCapital: false, isCity: false, weak: !!e.weak };
    add(idx, traits, e.name, 'name', null);
    for (const a of e.aliases) add(idx, traits, a, 'alias', null);
    for (const a of e.acronyms) add(idx, traits, a, 'acronym', null, e.kind === 'country' && a === e.iso3);
    for (const d of e.demonyms) add(idx, traits, d, 'demonym', null);
    for (const d of e.demonymsFr) add(idx, traits, d, 'demonym', 'fr');
    for (const m of e.metonyms) add(idx, traits, m, 'metonym', null);
  });
  cities.forEach((row, k) => {
    const flags = row[6];
    const traits: EntryTraits = { kind: 'city', population: row[5], isCapital: flags.includes('C'), isCity: true, weak: flags.includes('w') };
    add(nCurated + k, traits, row[1], 'name', null);
    for (const a of row[7]) add(nCurated + k, traits, a, 'alias', null);
  });

  let byId: Map<string, number> | null = null;
  const gaz: Gazetteer = {
    entry: entryAt,
    get(id: string): GazetteerEntry | undefined {
      if (!byId) {
        byId = new Map();
        curated.forEach((e, i) => byId!.set(e.id, i));
        cities.forEach((r, k) => byId!.set(`city:${r[0]}`, nCurated + k));
      }
      const i = byId.get(id);
      return i === undefined ? undefined : entryAt(i);
    },
    *all(): Iterable<GazetteerEntry> {
      for (let i = 0; i < nCurated + cities.length; i++) yield entryAt(i);
    },
    stats: { entries: nCurated + cities.length, forms, nodes: trie.size },
    match: (text, tokens, options) => matchText(gaz, trie, text, tokens ?? null, options ?? {}),
  };
  return gaz;
}

let cached: Gazetteer | null = null;

/** Loads (once) and returns the gazetteer. */
export function loadGazetteer(): Gazetteer {
  if (!cached) cached = build();
  return cached;
}

/** Is the word before `start` "the"/"The"? Returns its start, or -1. */
function precedingThe(text: string, start: number): number {
  let p = start - 1;
  while (p >= 0 && FOLD[text.charCodeAt(p)] === 32) p--;
  if (p < 2 || p === start - 1) return -1;
  if (FOLD[text.charCodeAt(p)] !== 101 || FOLD[text.charCodeAt(p - 1)] !== 104 || FOLD[text.charCodeAt(p - 2)] !== 116) return -1;
  if (p - 3 >= 0 && WORD[text.charCodeAt(p - 3)]) return -1;
  return p - 2;
}

/** Splits a matched text span into words the way forms are split. */
function spanWords(text: string, start: number, end: number): string[] {
  return splitWords(text.slice(start, end));
}

/** Classifies the word next to a span: -1 none within 3 characters on the line, 1 all capitals (2+ letters), 0 other. */
function neighbourWord(text: string, from: number, step: number): number {
  let p = from;
  let gap = 0;
  while (p >= 0 && p < text.length && !WORD[text.charCodeAt(p)]) {
    if (text.charCodeAt(p) === 10 || ++gap > 3) return -1;
    p += step;
  }
  if (p < 0 || p >= text.length) return -1;
  let letters = 0;
  while (p >= 0 && p < text.length && WORD[text.charCodeAt(p)]) {
    const c = text.charCodeAt(p);
    if (!isDigit(c)) {
      if (!UPPER[c]) return 0;
      letters++;
    }
    p += step;
  }
  return letters >= 2 ? 1 : 0;
}

/** A short exact form ("US", "IS", "AP") inside a run of all-caps words is a headline word, not an acronym. */
function inCapsRun(text: string, start: number, end: number): boolean {
  const b = neighbourWord(text, start - 1, -1);
  const a = neighbourWord(text, end, 1);
  return (b === 1 && a === 1) || (b === 1 && a === -1) || (a === 1 && b === -1);
}

/** Is the word span [start, end) preceded or followed (one space apart) by another capitalised word that does not
 * start a sentence? Multi-word spans are never "inside" (they are names on their own). */
function insideProperName(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!WORD[text.charCodeAt(i)] && FOLD[text.charCodeAt(i)] !== 39) return false;
  // next word
  if (end + 1 < text.length && text.charCodeAt(end) === 32 && UPPER[text.charCodeAt(end + 1)]) return true;
  // previous word
  if (start >= 2 && text.charCodeAt(start - 1) === 32 && WORD[text.charCodeAt(start - 2)]) {
    let p = start - 2;
    while (p > 0 && WORD[text.charCodeAt(p - 1)]) p--;
    if (!UPPER[text.charCodeAt(p)]) return false;
    let q = p - 1;
    while (q >= 0 && FOLD[text.charCodeAt(q)] === 32 && text.charCodeAt(q) !== 10) q--;
    if (q < 0) return false; // text start: sentence-initial
    const c = text.charCodeAt(q);
    return !(c === 46 || c === 33 || c === 63 || c === 10 || c === 58 || c === 34 || c === 0x201c);
  }
  return false;
}

function caseOk(rec: FormRecord, text: string, start: number, end: number): boolean {
  if (rec.mode === MODE_ANY) return true;
  if (rec.words.length === 1) {
    // One-word forms (most of them): no splitting needed.
    if (rec.words[0] === 2) {
      if (accentFold(text.slice(start, end)) !== rec.exact![0]) return false;
      return !(rec.short && inCapsRun(text, start, end));
    }
    return rec.words[0] === 0 || isCapitalisedAt(text, start, end);
  }
  const tw = spanWords(text, start, end);
  if (tw.length !== rec.words.length) {
    // Word counts differ only with odd spacing inside a word; fall back to the first-letter test.
    return UPPER[text.charCodeAt(start)] === 1;
  }
  let needCap = false;
  let hasCap = false;
  for (let k = 0; k < tw.length; k++) {
    const kind = rec.words[k];
    if (kind === 2) {
      if (accentFold(tw[k]) !== rec.exact![k]) return false;
    } else if (kind === 1) {
      needCap = true;
      if (isCapitalised(tw[k])) hasCap = true;
    }
  }
  if (needCap && !hasCap) return false;
  if (rec.short && inCapsRun(text, start, end)) return false;
  return true;
}

/** The trie walk through one token's characters from a trie state. */
interface WordWalk {
  /** Offsets (in the token) just after each form ending inside it on a word boundary, and the nodes there. */
  ends: number[];
  nodes: number[];
  /** The node of a form ending with the token's last character (whether it is a boundary depends on what follows), or -1. */
  lastNode: number;
  /** The state after the whole token: its node (-1: the walk stopped inside it) and whether it ended on a space. */
  node: number;
  prevSpace: boolean;
  /** The node after `node` and one space (-1: none), once asked for; -2 until then. */
  spaceNode: number;
}

const DEAD_WALK: WordWalk = { ends: [], nodes: [], lastNode: -1, node: -1, prevSpace: false, spaceNode: -1 };

/** Walks by starting state (node · 2 + prevSpace), then token text. */
const walks = new Map<number, Map<string, WordWalk>>();
let walkCount = 0;
const WALKS_MAX = 200_000;

function walkOf(trie: CharTrie<FormRecord>, text: string, start: number, end: number, node0: number, prevSpace0: boolean, known?: string): WordWalk {
  // Most tokens start no form at all: their first character leads nowhere from the root.
  if (node0 === 0 && !prevSpace0 && trie.next(0, FOLD[text.charCodeAt(start)]) < 0) return DEAD_WALK;
  const word = known ?? text.slice(start, end);
  const state = node0 * 2 + (prevSpace0 ? 1 : 0);
  let byWord = walks.get(state);
  let walk = byWord?.get(word);
  if (walk) return walk;
  walk = { ends: [], nodes: [], lastNode: -1, node: 0, prevSpace: false, spaceNode: -2 };
  const len = word.length;
  let node = node0;
  let prevSpace = prevSpace0;
  for (let k = 0; k < len; k++) {
    const c = FOLD[word.charCodeAt(k)];
    if (c === 32) {
      if (prevSpace) continue;
      prevSpace = true;
    } else prevSpace = false;
    node = trie.next(node, c);
    if (node < 0) break;
    if (trie.values(node) === undefined) continue;
    if (k + 1 === len) walk.lastNode = node;
    else if (!WORD[word.charCodeAt(k + 1)] || !WORD[word.charCodeAt(k)]) {
      walk.ends.push(k + 1);
      walk.nodes.push(node);
    }
  }
  walk.node = node;
  walk.prevSpace = prevSpace;
  if (walkCount >= WALKS_MAX) {
    walks.clear();
    walkCount = 0;
    byWord = undefined;
  }
  if (!byWord) walks.set(state, (byWord = new Map()));
  byWord.set(word, walk);
  walkCount++;
  return walk;
}

/**
 * A walk that ends no form and dies inside its token, as the one shared DEAD_WALK (what follows reads nothing
 * else from it): about half of all tokens, and one object stays in cache where thousands would not.
 */
function deadAsShared(walk: WordWalk): WordWalk {
  return walk.node < 0 && walk.lastNode < 0 && walk.ends.length === 0 ? DEAD_WALK : walk;
}

/** Walks from the trie's root through whole tokens, by word form number (see `GazetteerMatchOptions.formIds`). */
let rootWalks: (WordWalk | undefined)[] = [];
let rootWalksEpoch = -1;

/** What a walk from the root through a whole token comes to, by form number (0: not walked yet). */
const FATE_DEAD = 1; // it ends no form and stops inside the token
const FATE_DEAD_AT_SPACE = 2; // it ends no form in the token and stops at a space after it
const FATE_OTHER = 3;
let rootFates = new Uint8Array(1024);

function fateOf(trie: CharTrie<FormRecord>, walk: WordWalk): number {
  if (walk === DEAD_WALK) return FATE_DEAD;
  if (walk.ends.length > 0 || walk.lastNode >= 0 || walk.node < 0 || walk.prevSpace) return FATE_OTHER;
  if (walk.spaceNode === -2) walk.spaceNode = trie.next(walk.node, 32);
  return walk.spaceNode < 0 ? FATE_DEAD_AT_SPACE : FATE_OTHER;
}

/** Whether text[from, to) is all white space (as the fold reads it). */
function allSpace(text: string, from: number, to: number): boolean {
  for (let g = from; g < to; g++) if (FOLD[text.charCodeAt(g)] !== 32) return false;
  return true;
}

function grow(ends: Int32Array<ArrayBuffer>, nodes: Int32Array<ArrayBuffer>): [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>] {
  const e2 = new Int32Array(ends.length * 2);
  e2.set(ends);
  const n2 = new Int32Array(nodes.length * 2);
  n2.set(nodes);
  return [e2, n2];
}

function matchText(gaz: Gazetteer, trie: CharTrie<FormRecord>, text: string, tokens: Span[] | null, options: GazetteerMatchOptions): GazetteerMatch[] {
  const out: GazetteerMatch[] = [];
  const n = text.length;
  const minConf = options.minConfidence ?? 0;
  const lang = options.language ?? null;
  const words = options.words && tokens && options.words.length === tokens.length ? options.words : undefined;
  const formIds = words && options.formIds && options.formIds.length === tokens!.length ? options.formIds : undefined;
  if (formIds && options.formsEpoch !== rootWalksEpoch) {
    rootWalks = [];
    rootFates.fill(0);
    rootWalksEpoch = options.formsEpoch ?? -1;
  }
  let ends = new Int32Array(64);
  let nodes = new Int32Array(64);
  let count = 0;
  let nextFree = 0; // no match may start before this offset
  let t = 0; // token cursor
  let s = -1;

  for (;;) {
    // Next candidate start: next token start, or next word start when no tokens are given.
    if (tokens) {
      if (t >= tokens.length) break;
      s = tokens[t++].start;
      if (s < nextFree) continue;
      if (s > 0 && WORD[text.charCodeAt(s - 1)] && WORD[text.charCodeAt(s)]) continue;
      // Most tokens start no form (about half of them), and many more start only forms longer than themselves
      // that no form goes on from with a space ("the", "said"): known from their form number alone (and the white
      // space after them).
      if (formIds) {
        const id = formIds[t - 1];
        const fate = id < rootFates.length ? rootFates[id] : 0;
        if (fate === FATE_DEAD) continue;
        if (fate === FATE_DEAD_AT_SPACE && t < tokens.length) {
          const te = tokens[t - 1].end;
          const next = tokens[t].start;
          if (next > te && allSpace(text, te, next)) continue;
        }
      }
    } else {
      s++;
      if (s < nextFree) s = nextFree;
      while (s < n && !(WORD[text.charCodeAt(s)] && (s === 0 || !WORD[text.charCodeAt(s - 1)]))) s++;
      if (s >= n) break;
    }

    // Walk the trie, remembering every position where a form ends on a word boundary.
    count = 0;
    let node = 0;
    let prevSpace = false;
    let j = s;
    if (tokens) {
      // Token by token: the walk through a token's characters from a given trie state is the same wherever the
      // token occurs, so it is kept (per state and word); white space between tokens folds to one space.
      let k = t - 1;
      let pos = s;
      for (;;) {
        const te = tokens[k].end;
        const atStart = pos === tokens[k].start;
        let walk: WordWalk;
        if (formIds && atStart && node === 0 && !prevSpace) {
          const id = formIds[k];
          // Filled densely, so the array never turns into a dictionary.
          while (rootWalks.length <= id) rootWalks.push(undefined);
          walk = rootWalks[id] ??= deadAsShared(walkOf(trie, text, pos, te, 0, false, words![k]));
          if (id >= rootFates.length || rootFates[id] === 0) {
            if (id >= rootFates.length) {
              const grown = new Uint8Array(Math.max(id + 1, rootFates.length * 2));
              grown.set(rootFates);
              rootFates = grown;
            }
            rootFates[id] = fateOf(trie, walk);
          }
        } else walk = walkOf(trie, text, pos, te, node, prevSpace, atStart ? words?.[k] : undefined);
        for (let q = 0; q < walk.ends.length; q++) {
          if (count === ends.length) [ends, nodes] = grow(ends, nodes);
          ends[count] = pos + walk.ends[q];
          nodes[count++] = walk.nodes[q];
        }
        if (walk.lastNode >= 0 && (te >= n || !WORD[text.charCodeAt(te)] || !WORD[text.charCodeAt(te - 1)])) {
          if (count === ends.length) [ends, nodes] = grow(ends, nodes);
          ends[count] = te;
          nodes[count++] = walk.lastNode;
        }
        node = walk.node;
        prevSpace = walk.prevSpace;
        j = te;
        if (node < 0) break;
        const next = k + 1 < tokens.length ? tokens[k + 1].start : -1;
        let gap = next >= te;
        for (let g = te; gap && g < next; g++) if (FOLD[text.charCodeAt(g)] !== 32) gap = false;
        // Anything but white space before the next token (or no next token): on character by character.
        if (!gap) break;
        if (next > te && !prevSpace) {
          // The same for every occurrence of the walk: kept on it.
          if (walk.spaceNode === -2) walk.spaceNode = trie.next(node, 32);
          node = walk.spaceNode;
          prevSpace = true;
          if (node < 0) break;
        }
        k++;
        pos = next;
      }
      if (node < 0) j = n;
    }
    for (; j < n; j++) {
      const c = FOLD[text.charCodeAt(j)];
      if (c === 32) {
        if (prevSpace) continue;
        prevSpace = true;
      } else prevSpace = false;
      node = trie.next(node, c);
      if (node < 0) break;
      if (trie.values(node) !== undefined && (j + 1 >= n || !WORD[text.charCodeAt(j + 1)] || !WORD[text.charCodeAt(j)])) {
        if (count === ends.length) [ends, nodes] = grow(ends, nodes);
        ends[count] = j + 1;
        nodes[count++] = node;
      }
    }
    if (count === 0) continue;

    // Longest first: the first end with at least one sense passing the case test wins.
    for (let k = count - 1; k >= 0; k--) {
      const e = ends[k];
      const readings = memoReadings(gaz, trie, nodes[k], text, s, e, lang, minConf);
      if (!readings) continue;
      const start = s - readings.back;
      const glued = readings.gluable && insideProperName(text, s, e);
      out.push({ start, end: e, text: text.slice(start, e), senses: readings.senses.map((x) => ({ id: x.id, entry: x.entry, form: x.form, confidence: glued ? gluedConfidence(x) : x.confidence })) });
      nextFree = e;
      break;
    }
  }
  return out;
}

/** What the data says a span reads as, before its neighbours are looked at (see `readingsAt`). */
interface Readings {
  /** The readings, the preferred one first. */
  senses: readonly GazetteerSense[];
  /** How far before the candidate start the span starts ("the " of "the Kremlin"), in characters. */
  back: number;
  /** Whether a capitalised word glued to the span lowers its confidence (see `gluedConfidence`). */
  gluable: boolean;
}

/**
 * A one-word place name glued to another capitalised word ("Victoria Nuland", "Leiden University", "Lucas
 * Delmas") is more likely part of a longer unknown name: kept, with a low confidence. The same for a one-word
 * country name ("Jordan Bardella", "Chad Smith"), less strongly (title-case headlines glue country names too).
 */
function gluedConfidence(sense: GazetteerSense): number {
  const kind = sense.entry.kind;
  return kind === 'city' ? Math.min(sense.confidence, 0.25) : kind === 'country' ? Math.min(sense.confidence, 0.5) : sense.confidence;
}

/** The readings of the records `recs` for the span text[s, e), or null when none passes its tests. */
function readingsAt(gaz: Gazetteer, recs: readonly FormRecord[], text: string, s: number, e: number, lang: string | null, minConf: number): Readings | null {
  let theStart = -2; // lazily computed
  const senses: (GazetteerSense & { rank: number; start: number })[] = [];
  for (const rec of recs) {
    if (rec.lang && lang && rec.lang !== lang) continue;
    if (rec.confidence < minConf) continue;
    let start = s;
    if (rec.needsThe) {
      if (theStart === -2) theStart = precedingThe(text, s);
      if (theStart < 0) continue;
      start = theStart;
    }
    if (!caseOk(rec, text, s, e)) continue;
    const entry = gaz.entry(rec.entry);
    const prev = senses.find((x) => x.id === entry.id);
    if (prev) {
      if (rec.rank < prev.rank || (rec.rank === prev.rank && start < prev.start)) {
        prev.form = rec.form;
        prev.rank = rec.rank;
        prev.confidence = Math.max(prev.confidence, rec.confidence);
        prev.start = Math.min(prev.start, start);
      }
      continue;
    }
    // The form is "name" only for the canonical spelling (apostrophes and spacing aside); any other spelling
    // reached through the name's key ("Al Qaeda" for "al-Qaeda", "Segou" for "Ségou") is an alias.
    const form = rec.form === 'name' && !sameSpelling(text.slice(start, e), entry.name) ? 'alias' : rec.form;
    senses.push({ id: entry.id, entry, form, confidence: rec.confidence, rank: rec.rank, start });
  }
  if (senses.length === 0) return null;
  senses.sort((a, b) => a.rank - b.rank || b.confidence - a.confidence);
  const k0 = senses[0].entry.kind;
  return {
    senses: senses.map(({ id, entry, form, confidence }) => ({ id, entry, form, confidence })),
    // "the" belongs to the span when the preferred reading spells it ("the Kremlin").
    back: s - senses[0].start,
    gluable: k0 === 'city' || (k0 === 'country' && senses[0].form !== 'demonym'),
  };
}

/** Per trie node: what `readingsAt` reads outside the span (bits below), + 1 once known (0: not yet). */
const READS_THE = 1; // a record needs a preceding "the"
const READS_CAPS_RUN = 2; // a short record (when exact, refused inside a run of all-caps words)
let nodeReads = new Uint8Array(0);

function readsOf(recs: readonly FormRecord[]): number {
  let bits = 0;
  for (const rec of recs) {
    if (rec.needsThe) bits |= READS_THE;
    if (rec.short) bits |= READS_CAPS_RUN;
  }
  return bits;
}

/**
 * `readingsAt` memoised: a form's readings depend on the span's own text and, for a few forms, on a "the" before
 * it or all-caps words around it, which are part of the key then. The same names come back in document after
 * document, each time through the same records (dozens for a common city name).
 */
const readingsMemo = new Map<string, Readings | null>();
const READINGS_MAX = 100_000;

function memoReadings(gaz: Gazetteer, trie: CharTrie<FormRecord>, node: number, text: string, s: number, e: number, lang: string | null, minConf: number): Readings | null {
  const recs = trie.values(node)!;
  if (node >= nodeReads.length) {
    const grown = new Uint8Array(Math.max(node + 1, trie.size));
    grown.set(nodeReads);
    nodeReads = grown;
  }
  let reads = nodeReads[node];
  if (reads === 0) nodeReads[node] = reads = readsOf(recs) + 1;
  reads--;
  let context = '';
  if (reads & READS_THE) {
    const theStart = precedingThe(text, s);
    context = theStart < 0 ? '-' : text.slice(theStart, s);
  }
  if (reads & READS_CAPS_RUN) context += inCapsRun(text, s, e) ? '\u0002C' : '\u0002-';
  const key = `${node}\u0001${lang ?? ''}\u0001${minConf}\u0001${context}\u0001${text.slice(s, e)}`;
  let readings = readingsMemo.get(key);
  if (readings === undefined) {
    readings = readingsAt(gaz, recs, text, s, e, lang, minConf);
    if (readingsMemo.size >= READINGS_MAX) readingsMemo.clear();
    readingsMemo.set(key, readings);
  }
  return readings;
}

/** Forgets the memoised readings (tests compare matching with and without them). */
export function clearGazetteerMemo(): void {
  readingsMemo.clear();
}

function sameSpelling(a: string, b: string): boolean {
  if (a === b) return true;
  const norm = (x: string): string => x.replace(/[’‘ʼ]/g, "'").replace(/\s+/g, ' ');
  const na = norm(a);
  const nb = norm(b);
  // An all-capitals rendering of the name (a headline "MALI") is still the name.
  return na === nb || (na === na.toUpperCase() && na === nb.toUpperCase());
}

/** Word tokens (runs of letters/digits) and single punctuation marks, for callers that have not segmented the text. */
export function simpleTokens(text: string): Span[] {
  const tokens: Span[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (WORD[c]) {
      const s = i;
      while (i < n && WORD[text.charCodeAt(i)]) i++;
      tokens.push({ start: s, end: i });
    } else {
      if (FOLD[c] !== 32) tokens.push({ start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** All gazetteer mentions in `text` (over `tokens` when given, e.g. from `segment()`). */
export function findGazetteerMentions(text: string, tokens?: Span[] | null, options?: GazetteerMatchOptions): GazetteerMatch[] {
  return loadGazetteer().match(text, tokens ?? null, options);
}

/** Gazetteer mentions as entity candidates (preferred reading as `key`, the others as `alternatives`). */
export function gazetteerCandidates(text: string, tokens?: Span[] | null, options?: GazetteerMatchOptions): GazetteerCandidate[] {
  return findGazetteerMentions(text, tokens, options).map((m) => {
    const [best, ...rest] = m.senses;
    return {
      start: m.start,
      end: m.end,
      text: m.text,
      type: best.entry.type,
      kind: best.entry.kind,
      origin: 'gazetteer',
      key: best.id,
      confidence: best.confidence,
      form: best.form,
      alternatives: rest.map((r) => ({ key: r.id, type: r.entry.type, kind: r.entry.kind, form: r.form, confidence: r.confidence })),
    };
  });
}

/** The entry with this id (`country:ML`, `city:2460596`, `org:ecowas`…), or undefined. */
export function gazetteerEntry(id: string): GazetteerEntry | undefined {
  return loadGazetteer().get(id);
}


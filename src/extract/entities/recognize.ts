import { loadGazetteer, type GazetteerSense } from './gazetteer.js';
import { entityLexicon, type EntityLexicon } from './lexicon.js';
import { dataFile } from '../../data/loader.js';
import { patternMatches, type PatternMatch } from './patterns.js';
import { loadNerModel, type DocumentStats } from './tagger/index.js';
import { CASE_ANY_UPPER, documentStatsOf, isUpperRange } from './tagger/features.js';
import { tokenView, isSentenceInitial, type TokenView } from './tokens.js';
import type { EntityType, MentionForm } from '../../model/analysis.js';
import type { Span } from '../../model/span.js';
import type { GazetteerEntry } from './gazetteer.js';

/** A recognised mention, before mentions are grouped into entities. Offsets are characters of the text. */
export interface MentionCandidate {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  kind: string | null;
  form: MentionForm;
  /** The gazetteer entry it names, when known. */
  entry: GazetteerEntry | null;
  origin: 'gazetteer' | 'pattern' | 'tagger';
  confidence: number;
  /** Token range. */
  tokenStart: number;
  tokenEnd: number;
  /** For an acronym defined in the text: index (in the result) of its expansion, and vice versa. */
  partner: number | null;
  /** Titled forms of a person's name as written ("Foreign Minister Le Drian", "Minister Le Drian"). */
  titledForms?: string[];
}

/** What a candidate says about its mention, made only for the candidates kept. */
interface Made {
  type: EntityType;
  kind: string | null;
  form: MentionForm;
  entry: GazetteerEntry | null;
  origin: MentionCandidate['origin'];
  confidence: number;
  partnerRange?: { start: number; end: number };
  titledForms?: string[];
}

interface Scored {
  tokenStart: number;
  tokenEnd: number;
  priority: number;
  origin: MentionCandidate['origin'];
  /** Sure enough that the tagger need not look at its tokens (unless a longer tagger span could outrank it). */
  covers?: boolean;
  /** A gazetteer reading that is only a town (not a capital, country or organisation). */
  townOnly?: boolean;
  taggerType?: EntityType;
  make: () => Made;
}

const TAGGER_TYPES: Record<string, EntityType | null> = { PER: 'PERSON', ORG: 'ORG', LOC: 'GPE', MISC: null };

/** Tokens of context the tagger decodes on each side of an uncovered capitalised word. */
const WINDOW_CONTEXT = 2;

/** Lower-case words that join the parts of a name ("Bank of Finland", "Ministry for Defence"). */
const CONNECTORS = new Set(['of', 'for', 'and', 'the', 'de', 'du', 'des', 'la', 'le', 'el', 'al', 'von', 'van', 'da', 'di', "'s", '’s', '&', '-', 'on', 'in', 'at']);

/** Whether token i has an upper-case letter anywhere ("Goita", "al-Qaeda", "eBay"). */
const hasUpper = (view: TokenView, i: number): boolean => (view.casing[i]! & CASE_ANY_UPPER) !== 0;

/** Punctuation found inside names ("AT&T", "Guber/Peters", "Hizbollah (Party of God"). */
const NAME_PUNCTUATION = new Set(['&', "'", '’', '-', '/', '.', '(', ')']);

/** A lower-case word or a mark that can sit inside a name (between its capitalised words). */
const inName = (view: TokenView, i: number): boolean => CONNECTORS.has(view.lower[i]!) || NAME_PUNCTUATION.has(view.words[i]!);

/** The highest priority a tagger span of `length` tokens can have (score 1). */
const taggerPriority = (length: number): number => 70 + 6 * (length - 1);

/**
 * Tokens the tagger cannot claim: those of a confident gazetteer reading or a pattern match that no tagger span
 * could outrank. A tagger span outranks one only by being longer (see the priorities in `recognizeMentions`),
 * so a candidate is safe unless a word with a capital lies close enough before or after it to make such a span
 * ("Union Bank" + "of Finland", "The" + "Justice Department").
 */
function coveredTokens(view: TokenView, scored: readonly Scored[]): Uint8Array {
  const n = view.words.length;
  const covered = new Uint8Array(n);
  for (const c of selectInOrder(scored, n)) {
    if (!c.covers) continue;
    const ts = c.tokenStart;
    const te = c.tokenEnd;
    const priority = c.priority;
    let length = 1;
    while (taggerPriority(length) <= priority) length++;
    // Tokens a tagger span overlapping this one must reach outside it.
    const reach = length - 1;
    if (reach < 1) continue;
    const s = view.sentenceOf[ts]!;
    // Outwards from the candidate, over the words a name can hold, up to `reach` tokens: a capital there can
    // start or end a longer name; any other word ends the search.
    let safe = true;
    for (let j = ts - 1; j >= Math.max(0, ts - reach) && safe && view.sentenceOf[j] === s; j--) {
      if (hasUpper(view, j)) safe = false;
      else if (!inName(view, j)) break;
    }
    for (let j = te; j < Math.min(n, te + reach) && safe && view.sentenceOf[j] === s; j++) {
      if (hasUpper(view, j)) safe = false;
      else if (!inName(view, j)) break;
    }
    if (safe) covered.fill(1, ts, te);
  }
  return covered;
}

/** What `select` reads of a candidate: its token range and priority. */
export interface Ranked {
  tokenStart: number;
  tokenEnd: number;
  priority: number;
}

/** Highest priority first; a candidate overlapping one already taken is dropped. Sorts `scored`. */
export function select<C extends Ranked>(scored: C[], n: number, taken = new Uint8Array(n)): C[] {
  scored.sort(byPriority);
  const accepted: C[] = [];
  for (const c of scored) {
    let free = true;
    for (let i = c.tokenStart; i < c.tokenEnd; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = c.tokenStart; i < c.tokenEnd; i++) taken[i] = 1;
    accepted.push(c);
  }
  return accepted;
}

const byPriority = (a: Ranked, b: Ranked): number => b.priority - a.priority || a.tokenStart - b.tokenStart;

/**
 * What `select` accepts, in token order (`scored` itself is left as it is). Whether a candidate is taken depends
 * only on the candidates it overlaps, directly or through others: each such group is settled by `select` on its
 * own, and a candidate overlapping nothing (most of them) is taken without sorting it among all the others.
 */
export function selectInOrder<C extends Ranked>(scored: readonly C[], n: number, taken = new Uint8Array(n)): C[] {
  // By start token, ties in the order given (a stable bucket sort), so that each group keeps that order too.
  const firstAt = new Int32Array(n + 1).fill(-1);
  const nextOf = new Int32Array(scored.length);
  const lastAt = new Int32Array(n + 1);
  for (let k = 0; k < scored.length; k++) {
    const s = Math.min(n, Math.max(0, scored[k]!.tokenStart));
    nextOf[k] = -1;
    if (firstAt[s] < 0) firstAt[s] = k;
    else nextOf[lastAt[s]!] = k;
    lastAt[s] = k;
  }
  const accepted: C[] = [];
  let group: C[] = [];
  let groupEnd = -1;
  const settle = (): void => {
    if (group.length === 1) {
      const c = group[0]!;
      taken.fill(1, c.tokenStart, c.tokenEnd);
      accepted.push(c);
    } else if (group.length > 1) {
      const kept = select(group, n, taken);
      kept.sort((a, b) => a.tokenStart - b.tokenStart);
      for (const c of kept) accepted.push(c);
    }
    group = [];
  };
  for (let s = 0; s <= n; s++) {
    for (let k = firstAt[s]!; k >= 0; k = nextOf[k]!) {
      const c = scored[k]!;
      if (c.tokenStart >= groupEnd) settle();
      group.push(c);
      if (c.tokenEnd > groupEnd) groupEnd = c.tokenEnd;
    }
  }
  settle();
  return accepted;
}

interface TagWindows {
  /** Token range of the sentence. */
  from: number;
  to: number;
  /** [start, end) pairs, relative to `from`. */
  windows: number[];
}

/**
 * Where the tagger can change the outcome: windows of ±WINDOW_CONTEXT tokens around every word with a capital
 * that is not `covered` (merged when they touch, and widened so that they never end inside a run of capitalised
 * or covered words), in sentences that are not set in headline case (whose tagger spans are ignored anyway).
 * Features still read the whole sentence; only the decoding is limited to the windows.
 *
 * Words whose tagger spans would be dropped anyway are no triggers: titles, and a lone stop name or people's
 * name. Nor is a sentence-initial word the document also writes in lower case ("The", "But", "Officials") with
 * no uncovered capitalised word after it: the tagger could only read it as a lone sentence-initial name, which
 * needs a confidence the lower-case evidence rules out.
 */
function taggerWindows(view: TokenView, covered: Uint8Array, stats: DocumentStats, lex: EntityLexicon): TagWindows[] {
  const out: TagWindows[] = [];
  const n = view.words.length;
  for (let from = 0; from < n; ) {
    const s = view.sentenceOf[from]!;
    let to = from + 1;
    while (to < n && view.sentenceOf[to] === s) to++;
    let windows: number[] | null = null;
    if (!isHeadingCase(view, from, to)) {
      for (let i = from; i < to; i++) {
        if (covered[i] || !hasUpper(view, i)) continue;
        if (isSentenceInitial(view, i) && stats.lower.has(view.lower[i]!) && !(i + 1 < to && hasUpper(view, i + 1) && !covered[i + 1])) continue;
        // A tagger span holding a title is dropped; one of a lone stop name or people's name too.
        if (lex.titles.has(view.lower[i]!) && view.lower[i] !== 'head') continue;
        if ((lex.stopNames.has(view.words[i]!) || isPeopleOrRank(view, i, i + 1)) && !(i > from && hasUpper(view, i - 1)) && !(i + 1 < to && hasUpper(view, i + 1))) continue;
        let a = Math.max(from, i - WINDOW_CONTEXT);
        let b = Math.min(to, i + WINDOW_CONTEXT + 1);
        // Never cut a name: the decoder assumes an O tag just outside the window.
        for (;;) {
          if (a > from && (covered[a - 1] || hasUpper(view, a - 1))) a--;
          else if (a - 1 > from && CONNECTORS.has(view.lower[a - 1]!) && hasUpper(view, a - 2)) a -= 2;
          else break;
        }
        for (;;) {
          if (b < to && (covered[b] || hasUpper(view, b))) b++;
          else if (b + 1 < to && CONNECTORS.has(view.lower[b]!) && hasUpper(view, b + 1)) b += 2;
          else break;
        }
        a -= from;
        b -= from;
        windows ??= [];
        if (windows.length && windows[windows.length - 1]! >= a) windows[windows.length - 1] = Math.max(b, windows[windows.length - 1]!);
        else windows.push(a, b);
      }
    }
    if (windows) out.push({ from, to, windows });
    from = to;
  }
  return out;
}

/** Token index range covering a character span (tokens fully inside it). */
function tokenRange(tokens: readonly Span[], start: number, end: number, from: number): [number, number, number] {
  let i = from;
  while (i < tokens.length && tokens[i]!.end <= start) i++;
  let j = i;
  while (j < tokens.length && tokens[j]!.start < end) j++;
  return [i, j, i];
}

/**
 * Chooses, for a gazetteer span with several readings, the one the context supports: a capital after "in", "at",
 * "to"… is the city; used as an actor ("Bamako rejected…", "the Kremlin said") it stands for the country.
 */
function chooseSense(view: TokenView, tokenStart: number, senses: readonly GazetteerSense[], locative: Set<string>, placeNouns: Set<string>): GazetteerSense {
  const best = senses[0]!;
  const metonym = senses.find((s) => s.form === 'metonym');
  const place = senses.find((s) => s.form !== 'metonym' && (s.entry.kind === 'city' || s.entry.type === 'GPE'));
  if (!metonym || !place) return best;
  let k = tokenStart - 1;
  while (k >= 0 && /^[,’'"“]$/.test(view.words[k]!)) k--;
  const before = view.lower[k] ?? '';
  const placeContext = locative.has(before) || placeNouns.has(before);
  return placeContext ? place : metonym;
}

/**
 * Entity mentions of a document: gazetteer names (with their readings), names shaped by titles, head words and
 * acronym definitions, and the statistical tagger's spans for names no list holds. Overlaps are settled by
 * priority (how trustworthy the source is, and how much of the name it covers); demonyms and metonyms keep their
 * form so they become mentions of the country, never entities of their own.
 */
export function recognizeMentions(text: string, tokens: readonly Span[], sentences: readonly Span[], language: string): MentionCandidate[] {
  const lex = entityLexicon(language);
  const view = tokenView(text, tokens, sentences);
  const scored: Scored[] = [];

  const gazetteer = loadGazetteer();
  let cursor = 0;
  for (const m of gazetteer.match(text, tokens as Span[], { language, words: view.words, formIds: view.formIds, formsEpoch: view.formsEpoch })) {
    const [ts, te, next] = tokenRange(tokens, m.start, m.end, cursor);
    cursor = next;
    if (te <= ts) continue;
    const sense = chooseSense(view, ts, m.senses, lex.locative, lex.placeNouns);
    const multi = te - ts > 1;
    const priority = 50 + 40 * sense.confidence + 6 * (te - ts - 1) + (multi ? 2 : 0);
    const townOnly = m.senses.every((x) => x.entry.kind === 'city' && !x.entry.isCapital && (x.entry.population ?? 0) < 50_000);
    scored.push({
      tokenStart: ts,
      tokenEnd: te,
      origin: 'gazetteer',
      covers: !townOnly,
      townOnly,
      priority,
      make: () => ({
        type: sense.entry.type,
        kind: sense.entry.kind ?? null,
        form: sense.form,
        entry: sense.entry,
        origin: 'gazetteer',
        confidence: sense.confidence,
      }),
    });
  }

  for (const p of patternMatches(view, language)) {
    const base = p.rule === 'title' || p.rule.startsWith('acronym') ? 85 : 74;
    const priority = base + 6 * (p.end - p.start - 1);
    const titledForms = p.titleStarts?.map((t) => text.slice(tokens[t]!.start, tokens[p.end - 1]!.end));
    scored.push({
      tokenStart: p.start,
      tokenEnd: p.end,
      origin: 'pattern',
      covers: true,
      priority,
      make: () => {
        const made: Made = { type: p.type, kind: p.kind, form: p.rule === 'acronym-short' ? 'acronym' : 'name', entry: null, origin: 'pattern', confidence: 0.8 };
        if (p.partner) made.partnerRange = p.partner;
        if (titledForms) made.titledForms = titledForms;
        return made;
      },
    });
  }

  // The tagger only where it can matter: around capitalised words no confident list or pattern already names.
  // Casing statistics over the whole document, as the tagger was trained with.
  const docStats = documentStatsOf(view.lower, view.casing, view.sentenceOf, view.lowerIds);
  for (const { from, to, windows } of taggerWindows(view, coveredTokens(view, scored), docStats, lex)) {
    const spans = loadNerModel().tagWindows(view.words.slice(from, to), windows, {
      doc: docStats,
      upperSentence: isUpperRange(view.casing, from, to),
      forms: { ids: view.formIds.subarray(from, to), epoch: view.formsEpoch },
      // Scores only for spans that can become mentions (the checks below that do not need the score).
      scoreIf: (t) => TAGGER_TYPES[t.type] !== null && keepTaggerSpan(view, from + t.start, from + t.end, lex),
    });
    for (const t of spans) {
      const type = TAGGER_TYPES[t.type];
      if (!type) continue;
      const ts = from + t.start;
      const te = from + t.end;
      // A lone capitalised word opening a sentence is the tagger's weakest call.
      if (te - ts === 1 && isSentenceInitial(view, ts) && t.score < 0.9) continue;
      if (!keepTaggerSpan(view, ts, te, lex)) continue;
      scored.push({
        tokenStart: ts,
        tokenEnd: te,
        origin: 'tagger',
        taggerType: type,
        priority: 60 + 10 * t.score + 6 * (te - ts - 1),
        make: () => ({ type: refineType(view, ts, te, type, lex.heads), kind: null, form: 'name', entry: null, origin: 'tagger', confidence: t.score }),
      });
    }
  }

  // A small town's name that the tagger reads as a person or an organisation is that ("Putin", "Bara").
  // (Tagger spans never overlap one another: a one-token reading lies inside one exactly when its token does.)
  let taggerPeople: Uint8Array | null = null;
  for (const c of scored) if (c.origin === 'tagger' && c.taggerType !== 'GPE') (taggerPeople ??= new Uint8Array(view.words.length)).fill(1, c.tokenStart, c.tokenEnd);
  const kept = taggerPeople ? scored.filter((c) => !(c.townOnly && c.tokenEnd - c.tokenStart === 1 && taggerPeople![c.tokenStart])) : scored;

  const taken = new Uint8Array(view.words.length);
  const accepted = selectInOrder(kept, view.words.length, taken);

  const out: MentionCandidate[] = [];
  const partners: Array<{ start: number; end: number } | undefined> = [];
  for (const c of accepted) {
    const made = c.make();
    let start = tokens[c.tokenStart]!.start;
    let end = tokens[c.tokenEnd - 1]!.end;
    // A possessive ending is never part of a name ("Russia's").
    if (end - start > 2 && text.charCodeAt(end - 1) === 115 && (text[end - 2] === "'" || text[end - 2] === '’')) end -= 2;
    if (text[start] === '(') start++;
    const m: MentionCandidate = {
      start, end, text: text.slice(start, end), type: made.type, kind: made.kind, form: made.form, entry: made.entry, origin: made.origin,
      confidence: made.confidence, tokenStart: c.tokenStart, tokenEnd: c.tokenEnd, partner: null,
    };
    if (made.titledForms) m.titledForms = made.titledForms;
    out.push(m);
    partners.push(made.partnerRange);
  }
  addSurnameMentions(view, out, taken);
  out.sort((a, b) => a.start - b.start);
  // Link acronym definitions to their expansions when both halves survived.
  const byTokenStart = new Map(out.map((m, i) => [m.tokenStart, i]));
  for (let k = 0; k < accepted.length; k++) {
    const c = accepted[k]!;
    const range = partners[k];
    if (!range) continue;
    const i = byTokenStart.get(c.tokenStart);
    const j = byTokenStart.get(range.start);
    if (i !== undefined && j !== undefined && out[j]!.tokenEnd === range.end) out[i]!.partner = j;
  }
  return out;
}

/** The checks of a tagger span that do not need its score: a stop name alone, titles and offices ("Commissioner for
 * Political Affairs", "Ambassador") and peoples are not names. */
function keepTaggerSpan(view: TokenView, ts: number, te: number, lex: EntityLexicon): boolean {
  if (te - ts === 1 && lex.stopNames.has(view.words[ts]!)) return false;
  return !hasTitleWord(view, ts, te, lex.titles) && !isPeopleOrRank(view, ts, te);
}

let peoples: Set<string> | null = null;

/** Peoples, religions and ranks ("Tuareg", "Fulani", "Sunni") name groups, not entities (see the data file). */
function isPeopleOrRank(view: TokenView, ts: number, te: number): boolean {
  peoples ??= new Set(dataFile<{ names: string[] }>('data/gazetteer/sources/city-stopnames.json').names.map((n) => n.toLowerCase()));
  for (let i = ts; i < te; i++) {
    const w = view.lower[i]!;
    if (!peoples.has(w) && !(w.endsWith('s') && peoples.has(w.slice(0, -1)))) return false;
  }
  return true;
}

function hasTitleWord(view: TokenView, ts: number, te: number, titles: Map<string, string | null>): boolean {
  for (let i = ts; i < te; i++) if (titles.has(view.lower[i]!) && view.lower[i] !== 'head') return true;
  return false;
}

/** Most words capitalised and no closing punctuation: a heading, where capitals do not mark names. */
function isHeadingCase(view: TokenView, from: number, to: number): boolean {
  let words = 0;
  let caps = 0;
  for (let i = from; i < to; i++) {
    const c = view.words[i]!.charCodeAt(0);
    if (c < 128 ? !((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) : !/^\p{L}/u.test(view.words[i]!)) continue;
    words++;
    if (view.cap[i]) caps++;
  }
  const last = view.words[to - 1] ?? '';
  return words >= 2 && caps / words >= 0.6 && !/^[.!?…"”]$/.test(last);
}

/**
 * A person named in full is often named again by surname alone where the tagger missed it ("Goita is the strong
 * man now"): every free capitalised token equal to the surname of a recognised person becomes a mention.
 */
function addSurnameMentions(view: TokenView, out: MentionCandidate[], taken: Uint8Array): void {
  const surnames = new Map<string, MentionCandidate>();
  for (const m of out) {
    if (m.type !== 'PERSON') continue;
    const last = view.words[m.tokenEnd - 1]!;
    if (last.length >= 3 && /^\p{Lu}/u.test(last)) surnames.set(last, m);
  }
  if (surnames.size === 0) return;
  for (let i = 0; i < view.words.length; i++) {
    // Surnames start with a capital: no other token needs the lookup.
    if (taken[i] || !view.cap[i]) continue;
    const person = surnames.get(view.words[i]!);
    if (!person) continue;
    const span = view.spans[i]!;
    taken[i] = 1;
    out.push({
      start: span.start, end: span.end, text: view.words[i]!, type: 'PERSON', kind: person.kind, form: 'alias', entry: null,
      origin: 'tagger', confidence: 0.5, tokenStart: i, tokenEnd: i + 1, partner: null,
    });
  }
}

/** The tagger's LOC is a place of some kind: a head word says which (a river is LOC, an airport FAC). */
function refineType(view: TokenView, ts: number, te: number, type: EntityType, heads: Map<string, [EntityType, string | null]>): EntityType {
  if (type !== 'GPE' && type !== 'ORG') return type;
  for (let h = Math.min(3, te - ts); h >= 1; h--) {
    const head = heads.get(view.lower.slice(te - h, te).join(' '));
    if (head && (type === 'GPE' ? head[0] !== 'ORG' : head[0] === 'FAC')) return head[0];
  }
  return type;
}

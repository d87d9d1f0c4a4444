import { loadGazetteer, type GazetteerSense } from './gazetteer.js';
import { entityLexicon } from './lexicon.js';
import { dataFile } from '../../data/loader.js';
import { patternMatches, type PatternMatch } from './patterns.js';
import { tagDocument, type NerSpan } from './tagger/index.js';
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

interface Scored {
  tokenStart: number;
  tokenEnd: number;
  priority: number;
  origin: MentionCandidate['origin'];
  /** A gazetteer reading that is only a town (not a capital, country or organisation). */
  townOnly?: boolean;
  taggerType?: EntityType;
  make: () => Omit<MentionCandidate, 'partner' | 'tokenStart' | 'tokenEnd' | 'start' | 'end' | 'text'> & { partnerRange?: { start: number; end: number } };
}

const TAGGER_TYPES: Record<string, EntityType | null> = { PER: 'PERSON', ORG: 'ORG', LOC: 'GPE', MISC: null };

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
  for (const m of gazetteer.match(text, tokens as Span[], { language })) {
    const [ts, te, next] = tokenRange(tokens, m.start, m.end, cursor);
    cursor = next;
    if (te <= ts) continue;
    const sense = chooseSense(view, ts, m.senses, lex.locative, lex.placeNouns);
    const multi = te - ts > 1;
    scored.push({
      tokenStart: ts,
      tokenEnd: te,
      origin: 'gazetteer',
      townOnly: m.senses.every((x) => x.entry.kind === 'city' && !x.entry.isCapital && (x.entry.population ?? 0) < 50_000),
      priority: 50 + 40 * sense.confidence + 6 * (te - ts - 1) + (multi ? 2 : 0),
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
    const titledForms = p.titleStarts?.map((t) => text.slice(tokens[t]!.start, tokens[p.end - 1]!.end));
    scored.push({
      tokenStart: p.start,
      tokenEnd: p.end,
      origin: 'pattern',
      priority: base + 6 * (p.end - p.start - 1),
      make: () => ({
        type: p.type,
        kind: p.kind,
        form: p.rule === 'acronym-short' ? 'acronym' : 'name',
        entry: null,
        origin: 'pattern',
        confidence: 0.8,
        ...(p.partner ? { partnerRange: p.partner } : {}),
        ...(titledForms ? { titledForms } : {}),
      }),
    });
  }

  const bySentence: string[][] = [];
  const sentenceFirst: number[] = [];
  for (let i = 0; i < view.words.length; i++) {
    const s = view.sentenceOf[i]!;
    if (!bySentence[s]) {
      bySentence[s] = [];
      sentenceFirst[s] = i;
    }
    bySentence[s]!.push(view.words[i]!);
  }
  const dense = bySentence.map((w) => w ?? []);
  const tagged: NerSpan[][] = dense.length ? tagDocument(dense) : [];
  tagged.forEach((spans, s) => {
    // In a headline-case line ("A Crumbling Democracy") capitals say nothing: only known names count there.
    if (isHeadingCase(view, sentenceFirst[s]!, sentenceFirst[s]! + dense[s]!.length)) return;
    for (const t of spans) {
      const type = TAGGER_TYPES[t.type];
      if (!type) continue;
      const ts = sentenceFirst[s]! + t.start;
      const te = sentenceFirst[s]! + t.end;
      // A lone capitalised word opening a sentence is the tagger's weakest call.
      if (te - ts === 1 && isSentenceInitial(view, ts) && t.score < 0.9) continue;
      if (te - ts === 1 && lex.stopNames.has(view.words[ts]!)) continue;
      // Titles and offices are not names ("Commissioner for Political Affairs", "Ambassador"), nor are peoples.
      if (hasTitleWord(view, ts, te, lex.titles)) continue;
      if (isPeopleOrRank(view, ts, te)) continue;
      scored.push({
        tokenStart: ts,
        tokenEnd: te,
        origin: 'tagger',
        taggerType: type,
        priority: 60 + 10 * t.score + 6 * (te - ts - 1),
        make: () => ({ type: refineType(view, ts, te, type, lex.heads), kind: null, form: 'name', entry: null, origin: 'tagger', confidence: t.score }),
      });
    }
  });

  // A small town's name that the tagger reads as a person or an organisation is that ("Putin", "Bara").
  const taggerPeople = scored.filter((c) => c.origin === 'tagger' && c.taggerType !== 'GPE');
  const kept = scored.filter((c) => !(c.townOnly && c.tokenEnd - c.tokenStart === 1 && taggerPeople.some((t) => t.tokenStart <= c.tokenStart && t.tokenEnd >= c.tokenEnd)));
  scored.length = 0;
  scored.push(...kept);

  // Highest priority first; a candidate overlapping one already taken is dropped.
  scored.sort((a, b) => b.priority - a.priority || a.tokenStart - b.tokenStart);
  const taken = new Uint8Array(view.words.length);
  const accepted: Array<Scored & { made: ReturnType<Scored['make']> }> = [];
  for (const c of scored) {
    let free = true;
    for (let i = c.tokenStart; i < c.tokenEnd; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = c.tokenStart; i < c.tokenEnd; i++) taken[i] = 1;
    accepted.push({ ...c, made: c.make() });
  }
  accepted.sort((a, b) => a.tokenStart - b.tokenStart);

  const out: MentionCandidate[] = accepted.map((c) => {
    let start = tokens[c.tokenStart]!.start;
    let end = tokens[c.tokenEnd - 1]!.end;
    // A possessive ending is never part of a name ("Russia's").
    const possessive = /['’]s$/.exec(text.slice(start, end));
    if (possessive && end - start > 2) end -= 2;
    if (text[start] === '(') start++;
    const { partnerRange, ...made } = c.made;
    void partnerRange;
    return { ...made, start, end, text: text.slice(start, end), tokenStart: c.tokenStart, tokenEnd: c.tokenEnd, partner: null };
  });
  addSurnameMentions(view, out, taken);
  out.sort((a, b) => a.start - b.start);
  // Link acronym definitions to their expansions when both halves survived.
  const byTokenStart = new Map(out.map((m, i) => [m.tokenStart, i]));
  for (const c of accepted) {
    const range = c.made.partnerRange;
    if (!range) continue;
    const i = byTokenStart.get(c.tokenStart);
    const j = byTokenStart.get(range.start);
    if (i !== undefined && j !== undefined && out[j]!.tokenEnd === range.end) out[i]!.partner = j;
  }
  return out;
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
    if (!/^\p{L}/u.test(view.words[i]!)) continue;
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
    if (taken[i]) continue;
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

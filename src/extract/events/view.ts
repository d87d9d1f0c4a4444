import { gazetteerEntry } from '../entities/gazetteer.js';
import { contentId } from '../../model/ids.js';
import type { Entity, EntityType, MentionForm } from '../../model/analysis.js';
import type { Doc } from '../../model/doc.js';
import { formIndex } from './forms.js';
import { W_ACCORDING, W_BOUNDARY, W_COMMA, W_COORD, W_GENERIC, W_GENERIC_MARKER, W_GOVERNMENT_CUE, W_HARD, W_POSSESSIVE, W_PREP, W_PRONOUN, W_PUNCT, W_QUOTE_OPEN, W_RELATIVE, W_REPORTING, W_SUBORDINATOR, W_TRIGGER, W_VERB_GROUP, type EventLexicon, type WordInfo } from './lexicon.js';

/** A stretch of tokens standing for one or more entities (a name, a demonym, "the junta", "they"). */
export interface ActorRef {
  /** Entity ids it stands for, the most specific first ("Malian soldiers" → Malian Armed Forces, Mali). */
  ids: string[];
  form: MentionForm | 'generic';
  first: number;
  last: number;
  type: EntityType;
  /** The entity a location slot should use (the city itself, not the country it stands for). */
  placeId: string | null;
}

/** The fields of an entity the rules read, copied into one object shape (see plainEntities). */
export interface ViewEntity {
  id: string;
  type: EntityType;
  kind: string | undefined;
  country: string | undefined;
  mentions: Array<{ start: number; end: number; form: MentionForm }>;
}

/**
 * Entities and mentions come from several code paths with different object shapes; reading them through one
 * uniform copy keeps the hot loops monomorphic (and free of the deoptimisations that polymorphic reads cause).
 */
function plainEntities(entities: readonly Entity[]): ViewEntity[] {
  const out: ViewEntity[] = new Array<ViewEntity>(entities.length);
  for (let k = 0; k < entities.length; k++) {
    const e = entities[k]!;
    const ms = e.mentions;
    const mentions = new Array<{ start: number; end: number; form: MentionForm }>(ms.length);
    for (let j = 0; j < ms.length; j++) mentions[j] = { start: ms[j]!.start, end: ms[j]!.end, form: ms[j]!.form };
    out[k] = { id: e.id, type: e.type, kind: e.kind ?? undefined, country: e.country ?? undefined, mentions };
  }
  return out;
}

/** Tokens, sentences, paragraphs and actor references of one document, computed once for every rule. */
export interface DocView {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /**
   * What the lexicon says of each token's form: the surface form, its elided prefix ("l'", "n’") or null, its lemma
   * candidates, its reporting verb lemma or null (one shared object per form, so one array instead of one per field).
   */
  info: WordInfo[];
  /** Lower-cased word, without an elided prefix ("l'accord" → "accord"). */
  lower: string[];
  /** Class flags of each token (W_* in lexicon.ts). */
  flags: Uint32Array;
  // The few tokens a pass looks for, ascending, so that pass skips the others.
  /** Tokens outside names whose lemma candidates may head a trigger. */
  triggerTokens: number[];
  /** Tokens with a reporting verb lemma. */
  reportingTokens: number[];
  /** First words of an "according to" phrase. */
  accordingTokens: number[];
  /** Tokens that open a quotation. */
  quoteOpenTokens: number[];
  sentOf: Int32Array;
  sentFirst: number[];
  sentEnd: number[];
  paraOf: number[];
  /** The actor reference covering each token, or null. */
  actorAt: Array<ActorRef | null>;
  /** Pronoun tokens (resolved lazily, once events give the discourse subject). */
  pronounAt: Array<string | null>;
  entities: Map<string, ViewEntity>;
  lex: EventLexicon;
}

const PUNCT = /^[\p{P}\p{S}]+$/u;

/** The lemma of token i among a set of known lemmas, or null. */
export function tokenLemma(view: DocView, i: number, known: { has(x: string): boolean }): string | null {
  for (const c of view.info[i]!.cands) if (known.has(c)) return c;
  return null;
}

export function isPunct(word: string): boolean {
  // Most tokens start with an ASCII letter or digit, which is neither punctuation nor a symbol.
  const c = word.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return false;
  return PUNCT.test(word);
}

/** Whether token i is punctuation (precomputed flag). */
export const punctAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_PUNCT) !== 0;
/** Whether token i is a clause boundary: hard punctuation, a subordinator or a relative pronoun. */
export const boundaryAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_BOUNDARY) !== 0;
// The word classes of the lexicon's sets, read from the token flags (wordInfo tests the same lower-cased form); a
// position outside the document has no flags and is in no class, as the empty string is in no set.
export const commaAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_COMMA) !== 0;
export const prepAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_PREP) !== 0;
export const coordAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_COORD) !== 0;
export const hardAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_HARD) !== 0;
export const possessiveAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_POSSESSIVE) !== 0;
export const relativeAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_RELATIVE) !== 0;
export const subordinatorAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_SUBORDINATOR) !== 0;
export const verbGroupWordAt = (view: DocView, i: number): boolean => (view.flags[i]! & W_VERB_GROUP) !== 0;

/** country code → the entity of the country's armed forces named in this document. */
function forcesByCountry(entities: readonly ViewEntity[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entities) if (e.kind === 'military' && e.country && !out.has(e.country)) out.set(e.country, e.id);
  return out;
}

/**
 * Capital city entity → its country's entity, when both are in the document: news write "Paris decided" for
 * France's government, and an actor slot wants the country.
 */
function capitalsToCountries(entities: readonly ViewEntity[]): Map<string, string> {
  const out = new Map<string, string>();
  const ids = new Set<string>();
  for (const e of entities) ids.add(e.id);
  for (const e of entities) {
    if (e.kind !== 'country' || !e.country) continue;
    const cityId = capitalId(e.country);
    if (cityId && ids.has(cityId)) out.set(cityId, e.id);
  }
  return out;
}

/** country code → the entity id of its capital (gazetteer lookup and hash, once per code). */
const capitalIds = new Map<string, string | null>();
function capitalId(code: string): string | null {
  let id = capitalIds.get(code);
  if (id === undefined) {
    const capital = gazetteerEntry(`country:${code}`)?.capital;
    id = capital ? contentId('ent', capital) : null;
    capitalIds.set(code, id);
  }
  return id;
}

/** How many mentions of an entity start before a character offset (mention starts sorted once per document). */
function mentionsBefore(cache: Map<string, Float64Array>, e: ViewEntity, here: number): number {
  let starts = cache.get(e.id);
  if (!starts) {
    starts = new Float64Array(e.mentions.length);
    for (let j = 0; j < e.mentions.length; j++) starts[j] = e.mentions[j]!.start;
    starts.sort();
    cache.set(e.id, starts);
  }
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < here) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An entity of the document whose kind a generic noun in [from, to) names and whose country is `country`. */
function ownedByCountry(entities: readonly ViewEntity[], lex: EventLexicon, lower: readonly string[], from: number, to: number, country: string): { id: string; at: number } | null {
  for (let j = from; j < to; j++) {
    const rule = lex.generic.get(lower[j]!);
    if (!rule) {
      if (isPunct(lower[j]!) && !/^[“”"]$/.test(lower[j]!)) return null;
      continue;
    }
    if (rule.kinds.includes('country')) return null;
    const e = entities.find((x) => x.country === country && !!x.kind && x.kind !== 'country' && x.kind !== 'military' && rule.kinds.includes(x.kind));
    if (e) return { id: e.id, at: j };
  }
  return null;
}

/** `text.slice(from, to).includes('\n')` for offsets `0 ≤ from`, `0 ≤ to` (sentence offsets), without the slice. */
export function hasLineBreak(text: string, from: number, to: number): boolean {
  const end = Math.min(to, text.length);
  for (let i = Math.max(0, from); i < end; i++) if (text.charCodeAt(i) === 0x0a) return true;
  return false;
}

/** The flags of the tokens some pass lists (most tokens have none of them). */
const LISTED = W_GENERIC | W_PRONOUN | W_TRIGGER | W_REPORTING | W_ACCORDING | W_QUOTE_OPEN;

export function buildView(doc: Doc, lex: EventLexicon): DocView {
  const text = doc.document.text;
  const n = doc.tokens.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const infos: WordInfo[] = new Array<WordInfo>(n);
  const lower: string[] = new Array<string>(n);
  const flags = new Uint32Array(n);
  const forms = formIndex(lex);
  // The few tokens some later pass looks for (see LISTED), listed here so those passes skip the other tokens.
  const genericTokens: number[] = [];
  const pronounTokens: number[] = [];
  const triggerTokens: number[] = [];
  const reportingTokens: number[] = [];
  const accordingTokens: number[] = [];
  const quoteOpenTokens: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = doc.tokens[i]!;
    starts[i] = t.start;
    ends[i] = t.end;
    const k = forms.lookup(text, t.start, t.end);
    const info = forms.info(k);
    infos[i] = info;
    lower[i] = info.lower;
    flags[i] = info.flags;
    if ((info.flags & LISTED) === 0) continue;
    if ((info.flags & W_GENERIC) !== 0) genericTokens.push(i);
    if ((info.flags & W_PRONOUN) !== 0) pronounTokens.push(i);
    if ((info.flags & W_TRIGGER) !== 0) triggerTokens.push(i);
    if ((info.flags & W_REPORTING) !== 0) reportingTokens.push(i);
    if ((info.flags & W_ACCORDING) !== 0) accordingTokens.push(i);
    if ((info.flags & W_QUOTE_OPEN) !== 0) quoteOpenTokens.push(i);
  }
  const sentOf = new Int32Array(n);
  const sentFirst: number[] = [];
  const sentEnd: number[] = [];
  // Sentence ends read once into a typed array: the loop below compares every token with one.
  const sentenceEnds = new Int32Array(doc.sentences.length);
  for (let k = 0; k < doc.sentences.length; k++) sentenceEnds[k] = doc.sentences[k]!.end;
  let s = 0;
  for (let i = 0; i < n; i++) {
    while (s < sentenceEnds.length - 1 && starts[i]! >= sentenceEnds[s]!) s++;
    sentOf[i] = s;
    if (sentFirst[s] === undefined) sentFirst[s] = i;
    sentEnd[s] = i + 1;
  }
  for (let k = 0; k < doc.sentences.length; k++) {
    if (sentFirst[k] === undefined) {
      sentFirst[k] = k > 0 ? sentEnd[k - 1]! : 0;
      sentEnd[k] = sentFirst[k]!;
    }
  }
  // A paragraph break is a line break between two sentences.
  const paraOf: number[] = [];
  let para = 0;
  for (let k = 0; k < doc.sentences.length; k++) {
    if (k > 0 && hasLineBreak(text, doc.sentences[k - 1]!.end, doc.sentences[k]!.start)) para++;
    paraOf.push(para);
  }

  const plain = plainEntities(doc.entities);
  const entities = new Map(plain.map((e) => [e.id, e]));
  const forces = forcesByCountry(plain);
  const capitals = capitalsToCountries(plain);
  const actorAt: Array<ActorRef | null> = new Array<ActorRef | null>(n).fill(null);
  // Every reference the mentions make, placed or not: the government-evidence pass reads them instead of every token.
  const mentionRefs: ActorRef[] = [];
  const pronounAt: Array<string | null> = new Array<string | null>(n).fill(null);

  // Mentions → token ranges (binary search on token starts).
  const tokenAt = (offset: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const e of plain) {
    for (const m of e.mentions) {
      if (m.form === 'pronoun' || n === 0) continue;
      const first = tokenAt(m.start);
      let last = first;
      while (last + 1 < n && starts[last + 1]! < m.end) last++;
      if (ends[first]! <= m.start && first + 1 < n) continue;
      let ids = [e.id];
      let placeId: string | null = e.id;
      const country = capitals.get(e.id);
      if (country && m.form !== 'demonym') ids = [country, e.id];
      let end = last;
      if (m.form === 'demonym') {
        placeId = null;
        // "Malian soldiers", "Malian military commanders", "les soldats maliens": the country's forces when the
        // document names them (the noun comes after the demonym in English, before it in French).
        let j = last + 1;
        let forcesNoun = false;
        while (j < n && j <= last + 3 && lex.forcesNouns.has(lower[j]!)) {
          forcesNoun = true;
          end = j;
          j++;
        }
        if (first > 0 && lex.forcesNouns.has(lower[first - 1]!) && !actorAt[first - 1]) forcesNoun = true;
        const f = e.country ? forces.get(e.country) : undefined;
        if (forcesNoun && f) ids = [f, e.id];
        // "Russian mercenaries", "a private Russian military company": the document's entity of that kind and country.
        const own = e.country ? ownedByCountry(plain, lex, lower, last + 1, Math.min(n, last + 4), e.country) : null;
        if (own) {
          ids = [own.id, e.id];
          end = Math.max(end, own.at);
        }
      } else if (e.kind === 'country' && e.country && last + 2 < n && lex.possessive.has(lower[last + 1]!)) {
        // "Mali's military", "Mali's armed forces": the country's forces when the document names them.
        const f = forces.get(e.country);
        let j = last + 2;
        while (f && j < n && j <= last + 4 && lex.forcesNouns.has(lower[j]!)) {
          end = j;
          j++;
        }
        if (f && end > last) ids = [f, e.id];
      }
      const ref: ActorRef = { ids, form: m.form, first, last: end, type: e.type, placeId };
      mentionRefs.push(ref);
      for (let k = first; k <= end; k++) if (!actorAt[k]) actorAt[k] = ref;
    }
  }

  const view: DocView = { text, starts, ends, info: infos, lower, flags, triggerTokens, reportingTokens, accordingTokens, quoteOpenTokens, sentOf, sentFirst, sentEnd, paraOf, actorAt, pronounAt, entities, lex };
  resolveGenerics(view, genericTokens, mentionRefs);
  for (const i of pronounTokens) if (!actorAt[i] && infos[i]!.form !== 'US') pronounAt[i] = lower[i]!;
  return view;
}

/** A generic noun's rule: the entity types and gazetteer kinds it can stand for. */
type GenericRule = { types: EntityType[]; kinds: string[] };

/** Whether an entity fits a generic noun's rule (its gazetteer kind when known, else its type). */
function fits(e: ViewEntity, rule: GenericRule): boolean {
  if (e.kind) return rule.kinds.includes(e.kind) || (rule.kinds.length === 0 && rule.types.includes(e.type));
  return rule.types.includes(e.type);
}

/** Whether a mention at j sits in an aside (dashes or brackets) that closes before token i of the same sentence. */
function inClosedAside(view: DocView, j: number, i: number): boolean {
  const a = view.sentFirst[view.sentOf[j]!]!;
  let open = false;
  for (let k = a; k < j; k++) if (view.lex.asideMarks.has(view.lower[k]!)) open = !open;
  if (!open) return false;
  for (let k = j + 1; k < i; k++) if (view.lex.asideMarks.has(view.lower[k]!)) return true;
  return false;
}

/**
 * For each country, how often the text speaks of its government next to its name: "the Malian junta", "Mali's
 * military government", "the coup in Mali", "the regime in Bamako". "The junta" is that country's, not a foreign one.
 */
function governmentEvidence(view: DocView, mentionRefs: readonly ActorRef[]): Map<string, number> {
  const out = new Map<string, number>();
  const { lex, lower, actorAt } = view;
  const n = lower.length;
  // Each reference that holds its first token: the same ones a walk over every token finds there (the generic
  // references made since are skipped by their form, the copies of named ones by not holding their first token).
  for (const ref of mentionRefs) {
    const i = ref.first;
    if (actorAt[i] !== ref || ref.form === 'generic') continue;
    let cue = false;
    for (let k = ref.last + 1; k < n && k <= ref.last + 4; k++) {
      if ((view.flags[k]! & W_GOVERNMENT_CUE) !== 0) cue = true;
      if (cue || punctAt(view, k) && !possessiveAt(view, k)) break;
    }
    if (!cue && i >= 2 && (prepAt(view, i - 1) || lower[i - 1] === 'the')) {
      for (let k = i - 2; k >= 0 && k >= i - 4; k--) {
        if ((view.flags[k]! & W_GOVERNMENT_CUE) !== 0) cue = true;
        if (cue || punctAt(view, k)) break;
      }
    }
    if (!cue) continue;
    for (const id of ref.ids) {
      const e = view.entities.get(id);
      if (e && e.kind === 'country') out.set(id, (out.get(id) ?? 0) + 1);
    }
  }
  return out;
}

/**
 * "the junta", "the group", "the mercenaries": the most recent compatible entity in the last few sentences, else
 * the compatible entity the document mentions most (the article's topic). "the Malian junta" is already a demonym.
 * Countries: "the country"/"the nation" is the country in focus (one named in the last sentences outside an aside,
 * the most mentioned of them); "the junta"/"the regime" is the country whose government the text discusses, never
 * one named beside it in the same sentence (that one is another party: "the junta expelled France's ambassador").
 */
function resolveGenerics(view: DocView, genericTokens: readonly number[], mentionRefs: readonly ActorRef[]): void {
  const { lex, lower, actorAt } = view;
  let govEvidence: Map<string, number> | null = null;
  const starts = new Map<string, Float64Array>();
  // The document's entities that fit each rule, in the entity map's order (the scoring loops keep the first best).
  const fitting = new Map<GenericRule, ViewEntity[]>();
  const entitiesFitting = (rule: GenericRule): ViewEntity[] => {
    let list = fitting.get(rule);
    if (!list) {
      list = [];
      for (const e of view.entities.values()) if (fits(e, rule)) list.push(e);
      fitting.set(rule, list);
    }
    return list;
  };
  for (const i of genericTokens) {
    if (actorAt[i]) continue;
    const rule = lex.generic.get(lower[i]!);
    if (!rule) continue;
    // Only definite descriptions: "the junta", not "a junta" or "junta leader" lists. Quotes inside do not count
    // ("the “guns-for-hire” group").
    let k = i - 1;
    let span = 0;
    while (k >= 0 && span < 3 && (view.flags[k]! & W_GENERIC_MARKER) === 0 && !prepAt(view, k)) {
      const w = lower[k]!;
      if (isQuote(w)) {
        k--;
        continue;
      }
      if (punctAt(view, k)) break;
      k--;
      span++;
    }
    if (k < 0 || (view.flags[k]! & W_GENERIC_MARKER) === 0) continue;
    // A demonym or name inside the phrase already says who ("the Malian junta").
    let named = false;
    for (let j = k + 1; j < i; j++) if (actorAt[j]) named = true;
    if (named) {
      let done = false;
      for (let j = i - 1; j > k && !done; j--) {
        const ref = actorAt[j];
        if (ref && ref.ids.some((id) => { const e = view.entities.get(id); return !!e && fits(e, rule); })) {
          actorAt[i] = { ...ref, last: i };
          done = true;
        }
      }
      if (done) continue;
    }
    const sent = view.sentOf[i]!;
    const here = view.starts[i]!;
    let found: ViewEntity | null = null;
    const countryLike = rule.kinds.includes('country');
    const governmentLike = countryLike && rule.kinds.includes('government');
    if (countryLike) {
      if (governmentLike && !govEvidence) govEvidence = governmentEvidence(view, mentionRefs);
      // Countries named in the same clause (before or after): another party for a government noun.
      const inClause = new Set<string>();
      if (governmentLike) {
        const a = view.sentFirst[sent]!;
        const b = view.sentEnd[sent]!;
        let lo = k;
        while (lo > a && !isClauseEdge(view, lo - 1)) lo--;
        let hi = i + 1;
        while (hi < b && !isClauseEdge(view, hi)) hi++;
        for (let j = lo; j < hi; j++) {
          const ref = actorAt[j];
          if (ref && ref.form !== 'generic' && (j < k + 1 || j > i)) for (const id of ref.ids) inClause.add(id);
        }
        // "the government in Bamako", "the junta of Mali": the country is given.
        const next = actorAt[i + 2];
        if (next && next.first === i + 2 && (lower[i + 1] === 'in' || lower[i + 1] === 'of' || prepAt(view, i + 1) && lower[i + 1]!.length <= 3)) {
          const c = next.ids.map((id) => view.entities.get(id)).find((x): x is ViewEntity => !!x && x.kind === 'country');
          if (c) {
            actorAt[i] = { ids: [c.id], form: 'generic', first: k + 1, last: i, type: c.type, placeId: null };
            continue;
          }
        }
      }
      // Recent countries: named in this sentence before the phrase or in the previous ones, outside asides.
      const recent = new Set<string>();
      if (!governmentLike) {
        for (let j = i - 1; j >= 0 && view.sentOf[j]! >= sent - lex.genericWindow + 1; j--) {
          const ref = actorAt[j];
          if (!ref || ref.form === 'generic') continue;
          if (!(view.sentOf[j] === sent && inClosedAside(view, ref.first, i))) for (const id of ref.ids) recent.add(id);
          j = ref.first;
        }
      }
      let best = -1;
      for (const e of entitiesFitting(rule)) {
        if (e.kind !== 'country') continue;
        const c = mentionsBefore(starts, e, here);
        if (c === 0) continue;
        let score = c;
        if (governmentLike) {
          score += 1000 * (govEvidence!.get(e.id) ?? 0);
          if (inClause.has(e.id)) score -= 700;
        } else if (recent.has(e.id)) score += 100_000;
        if (score > best) {
          best = score;
          found = e;
        }
      }
    } else {
      for (let j = i - 1; j >= 0 && view.sentOf[j]! >= sent - lex.genericWindow; j--) {
        const ref = actorAt[j];
        if (!ref || ref.form === 'generic') continue;
        const e: ViewEntity | null = view.entities.get(ref.ids[ref.ids.length - 1]!) ?? null;
        let cand: ViewEntity | null = null;
        for (const id of ref.ids) {
          const x = view.entities.get(id);
          if (x && fits(x, rule)) {
            cand = x;
            break;
          }
        }
        if (cand) {
          found = cand;
          break;
        }
        if (e && fits(e, rule)) {
          found = e;
          break;
        }
        j = ref.first;
      }
      if (!found) {
        // Salience so far: mentions before this point (an entity named only later is not the antecedent).
        let best = 0;
        for (const e of entitiesFitting(rule)) {
          const c = mentionsBefore(starts, e, here);
          if (c > best) {
            best = c;
            found = e;
          }
        }
      }
    }
    if (found) actorAt[i] = { ids: [found.id], form: 'generic', first: k + 1, last: i, type: found.type, placeId: null };
  }
}

/** A token that ends a clause for the generic-noun window: hard punctuation, subordinators, relatives, commas. */
function isClauseEdge(view: DocView, j: number): boolean {
  return (view.flags[j]! & (W_HARD | W_SUBORDINATOR | W_RELATIVE | W_COMMA)) !== 0;
}

const isQuote = (w: string): boolean => w === '“' || w === '”' || w === '"' || w === '«' || w === '»' || w === '‘' || w === '’';

import { gazetteerEntry } from '../entities/gazetteer.js';
import { contentId } from '../../model/ids.js';
import type { Entity, EntityType, MentionForm } from '../../model/analysis.js';
import type { Doc } from '../../model/doc.js';
import { lemmaCandidates, type EventLexicon } from './lexicon.js';

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

/** Tokens, sentences, paragraphs and actor references of one document, computed once for every rule. */
export interface DocView {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  words: string[];
  /** Lower-cased word, without an elided prefix ("l'accord" → "accord"). */
  lower: string[];
  /** The elided prefix of a token ("l'", "n’", "d’"), or null. */
  elided: Array<string | null>;
  /** Lemma candidates of each token, computed once (see lemmaCandidates). */
  cands: string[][];
  sentOf: Int32Array;
  sentFirst: number[];
  sentEnd: number[];
  paraOf: number[];
  /** The actor reference covering each token, or null. */
  actorAt: Array<ActorRef | null>;
  /** Pronoun tokens (resolved lazily, once events give the discourse subject). */
  pronounAt: Array<string | null>;
  entities: Map<string, Entity>;
  lex: EventLexicon;
}

const PUNCT = /^[\p{P}\p{S}]+$/u;

/** The lemma of token i among a set of known lemmas, or null. */
export function tokenLemma(view: DocView, i: number, known: { has(x: string): boolean }): string | null {
  for (const c of view.cands[i]!) if (known.has(c)) return c;
  return null;
}

export function isPunct(word: string): boolean {
  return PUNCT.test(word);
}

/** country code → the entity of the country's armed forces named in this document. */
function forcesByCountry(entities: readonly Entity[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entities) if (e.kind === 'military' && e.country && !out.has(e.country)) out.set(e.country, e.id);
  return out;
}

/**
 * Capital city entity → its country's entity, when both are in the document: news write "Paris decided" for
 * France's government, and an actor slot wants the country.
 */
function capitalsToCountries(entities: readonly Entity[]): Map<string, string> {
  const out = new Map<string, string>();
  const ids = new Set(entities.map((e) => e.id));
  for (const e of entities) {
    if (e.kind !== 'country' || !e.country) continue;
    const capital = gazetteerEntry(`country:${e.country}`)?.capital;
    if (!capital) continue;
    const cityId = contentId('ent', capital);
    if (ids.has(cityId)) out.set(cityId, e.id);
  }
  return out;
}

export function buildView(doc: Doc, lex: EventLexicon): DocView {
  const text = doc.document.text;
  const n = doc.tokens.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const words: string[] = new Array<string>(n);
  const lower: string[] = new Array<string>(n);
  const elided: Array<string | null> = new Array<string | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const t = doc.tokens[i]!;
    starts[i] = t.start;
    ends[i] = t.end;
    words[i] = text.slice(t.start, t.end);
    lower[i] = words[i]!.toLowerCase();
    for (const e of lex.elisions) {
      if (lower[i]!.length > e.length && lower[i]!.startsWith(e)) {
        elided[i] = e;
        lower[i] = lower[i]!.slice(e.length);
        break;
      }
    }
  }
  const cands: string[][] = lower.map((w) => lemmaCandidates(lex, w));
  const sentOf = new Int32Array(n);
  const sentFirst: number[] = [];
  const sentEnd: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    while (s < doc.sentences.length - 1 && starts[i]! >= doc.sentences[s]!.end) s++;
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
    if (k > 0 && text.slice(doc.sentences[k - 1]!.end, doc.sentences[k]!.start).includes('\n')) para++;
    paraOf.push(para);
  }

  const entities = new Map(doc.entities.map((e) => [e.id, e]));
  const forces = forcesByCountry(doc.entities);
  const capitals = capitalsToCountries(doc.entities);
  const actorAt: Array<ActorRef | null> = new Array<ActorRef | null>(n).fill(null);
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
  for (const e of doc.entities) {
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
      }
      const ref: ActorRef = { ids, form: m.form, first, last: end, type: e.type, placeId };
      for (let k = first; k <= end; k++) if (!actorAt[k]) actorAt[k] = ref;
    }
  }

  const view: DocView = { text, starts, ends, words, lower, elided, cands, sentOf, sentFirst, sentEnd, paraOf, actorAt, pronounAt, entities, lex };
  resolveGenerics(view);
  for (let i = 0; i < n; i++) if (!actorAt[i] && lex.pronouns.has(lower[i]!) && words[i] !== 'US') pronounAt[i] = lower[i]!;
  return view;
}

/** Whether an entity fits a generic noun's rule (its gazetteer kind when known, else its type). */
function fits(e: Entity, rule: { types: EntityType[]; kinds: string[] }): boolean {
  if (e.kind) return rule.kinds.includes(e.kind) || (rule.kinds.length === 0 && rule.types.includes(e.type));
  return rule.types.includes(e.type);
}

/**
 * "the junta", "the group", "the mercenaries": the most recent compatible entity in the last few sentences, else
 * the compatible entity the document mentions most (the article's topic). "the Malian junta" is already a demonym.
 */
function resolveGenerics(view: DocView): void {
  const { lex, lower, actorAt } = view;
  for (let i = 0; i < lower.length; i++) {
    if (actorAt[i]) continue;
    const rule = lex.generic.get(lower[i]!);
    if (!rule) continue;
    // Only definite descriptions: "the junta", not "a junta" or "junta leader" lists.
    let k = i - 1;
    while (k >= 0 && i - k <= 3 && !lex.genericMarkers.has(lower[k]!) && !isPunct(lower[k]!) && !lex.prepositions.has(lower[k]!)) k--;
    if (k < 0 || !lex.genericMarkers.has(lower[k]!)) continue;
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
    let found: Entity | null = null;
    // Governments and countries: the article's main one unless the same sentence names another; other kinds
    // (groups, missions): the most recent one.
    const countryLike = rule.kinds.includes('country');
    for (let j = i - 1; j >= 0 && view.sentOf[j]! >= sent - (countryLike ? 0 : lex.genericWindow); j--) {
      const ref = actorAt[j];
      if (!ref || ref.form === 'generic') continue;
      const e = view.entities.get(ref.ids[ref.ids.length - 1]!) ?? null;
      const cand = ref.ids.map((id) => view.entities.get(id)).find((x): x is Entity => !!x && fits(x, rule));
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
      // Salience so far: mentions before this point (a country named only later is not the antecedent).
      let best = 0;
      const here = view.starts[i]!;
      for (const e of view.entities.values()) {
        if (!fits(e, rule)) continue;
        let c = 0;
        for (const m of e.mentions) if (m.start < here) c++;
        if (c > best) {
          best = c;
          found = e;
        }
      }
    }
    if (found) actorAt[i] = { ids: [found.id], form: 'generic', first: k + 1, last: i, type: found.type, placeId: null };
  }
}

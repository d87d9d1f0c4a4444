import { boundaryAt, commaAt, coordAt, hardAt, possessiveAt, prepAt, punctAt, relativeAt, subordinatorAt, verbGroupWordAt, type ActorRef, type DocView } from './view.js';

/**
 * A light clause analysis without a POS tagger: verb groups are walked over modality "chain" words (auxiliaries,
 * modals, catenatives, negation), noun phrases are the entity mentions, and clauses end at hard punctuation,
 * relative pronouns and subordinators. Commas end a clause unless they continue a list of actors.
 */

/** Tokens that stop a backward or forward scan: another verb trigger or a reporting verb (set by the caller). */
export type StopSet = { has(i: number): boolean };

/** Words that open a noun phrase: a premodifier walk stops there. */
const ARTICLES = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'any', 'some', 'every', 'each', 'le', 'la', 'les', 'un', 'une', 'des', 'son', 'sa', 'ses', 'leur', 'leurs']);

export function isHardBoundary(view: DocView, i: number): boolean {
  return boundaryAt(view, i);
}

const isComma = (view: DocView, i: number): boolean => commaAt(view, i);

/** Whether a comma or coordinator at i continues a list of actors ("Niger, Mali, and Burkina Faso"). */
function continuesList(view: DocView, i: number, end: number): boolean {
  let j = i + 1;
  if (j < end && (coordAt(view, j) || isComma(view, j))) j++;
  if (j < end && coordAt(view, j)) j++;
  if (j < end && view.lower[j] === 'the') j++;
  return j < end && !!view.actorAt[j];
}

/** The first token of the verb group ending at `t`: walks back over chain words (quotes and -ly adverbs too). */
export function verbGroupStart(view: DocView, t: number, sentFirst: number): number {
  let i = t;
  while (i - 1 >= sentFirst) {
    const j = i - 1;
    if (view.actorAt[j] || view.pronounAt[j]) break;
    if (verbGroupWordAt(view, j)) {
      i = j;
      continue;
    }
    break;
  }
  return i;
}

/** Whether the actor starting at `first` sits in a prepositional phrase other than "of" (not a subject/object). */
export function governingPrep(view: DocView, first: number, floor: number): string | null {
  let j = first - 1;
  let steps = 0;
  while (j >= floor && steps < 4) {
    const w = view.lower[j]!;
    if (prepAt(view, j)) return w;
    if (punctAt(view, j) || view.actorAt[j] || coordAt(view, j)) return null;
    if (possessiveAt(view, j)) return null;
    j--;
    steps++;
  }
  return null;
}

/**
 * Whether "X's" before a head noun that names others than X ("Mali's neighbouring countries", "France's allies")
 * up to the verb group: X is then not the subject.
 */
function possessorOfOthers(view: DocView, ref: ActorRef, vg: number): boolean {
  if (!possessiveAt(view, ref.last + 1)) return false;
  for (let k = ref.last + 2; k < vg && k <= ref.last + 4; k++) {
    if (view.actorAt[k]) return false;
    if (view.lex.relationalNouns.has(view.lower[k]!)) return true;
  }
  return false;
}

/**
 * The preposition governing the noun phrase whose head is at t ("with two military coups" → with), with its token,
 * or null when the phrase has none (it is then a subject or an object).
 */
export function nounPhrasePrep(view: DocView, t: number, sentFirst: number): number | null {
  let j = t - 1;
  let steps = 0;
  while (j >= sentFirst && steps < 4) {
    const w = view.lower[j]!;
    const ref = view.actorAt[j];
    if (ref && ref.last < t) {
      j = ref.first - 1;
      // "X's withdrawal": the possessor opens the phrase.
      if (possessiveAt(view, ref.last + 1)) return prepAt(view, j) ? j : null;
      steps++;
      continue;
    }
    if (prepAt(view, j)) return j;
    if (possessiveAt(view, j)) {
      j--;
      continue;
    }
    if (punctAt(view, j)) return null;
    if (ARTICLES.has(w)) return prepAt(view, j - 1) ? j - 1 : null;
    j--;
    steps++;
  }
  return null;
}

export interface SubjectResult {
  refs: ActorRef[];
  /** A pronoun token standing as the subject, to resolve against the discourse. */
  pronoun: number | null;
  /** Unnamed-source noun in subject position ("witnesses", "a European diplomat"). */
  unnamed: number | null;
}

/**
 * The subject of a verb group starting at `vg`: the actors of the noun phrase before it in the same clause,
 * skipping appositions, relative clauses and fronted prepositional phrases; through a relative pronoun, its
 * antecedent; a list of coordinated actors is kept whole.
 */
export function subjectOf(view: DocView, vg: number, sentFirst: number, stops: StopSet): SubjectResult {
  const refs: ActorRef[] = [];
  let pronoun: number | null = null;
  let unnamed: number | null = null;
  let i = vg - 1;
  let guard = 0;
  while (i >= sentFirst && guard++ < 40) {
    const w = view.lower[i]!;
    const ref = view.actorAt[i];
    if (ref) {
      const prep = governingPrep(view, ref.first, sentFirst);
      if ((!prep || prep === 'of') && !possessorOfOthers(view, ref, vg)) refs.push(ref);
      i = ref.first - 1;
      continue;
    }
    if (view.pronounAt[i] && refs.length === 0 && vg - i <= 3) {
      pronoun = i;
      break;
    }
    if (unnamed === null && refs.length === 0 && view.lex.attribution.unnamedSources.has(w)) unnamed = i;
    if (relativeAt(view, i)) {
      if (refs.length === 0) {
        // "Russia, which offered to send…": the antecedent just before the relative pronoun.
        for (let j = i - 1; j >= sentFirst && i - j <= 4; j--) {
          const a = view.actorAt[j];
          if (a) {
            refs.push(a);
            break;
          }
          if (hardAt(view, j)) break;
        }
      }
      break;
    }
    if (w === ')' || w === ']') {
      // A parenthesis is an aside ("the Economic Community of West African States (ECOWAS)"): jump over it.
      let k = i - 1;
      while (k >= sentFirst && view.lower[k] !== '(' && view.lower[k] !== '[') k--;
      i = k - 1;
      continue;
    }
    if (isComma(view, i)) {
      if (refs.length > 0) {
        // A list needs a coordinator ("Niger, Mali, and Burkina Faso"); "Chad, Antony Blinken said" is not one.
        let coordinated = false;
        for (let k = i + 1; k < vg; k++) if (coordAt(view, k)) coordinated = true;
        if (coordinated && i + 1 < vg && view.actorAt[i - 1] && continuesList(view, i, vg)) {
          i--;
          continue;
        }
        break;
      }
      // Nothing yet: skip an apposition, relative clause or fronted phrase enclosed by commas.
      let k = i - 1;
      while (k >= sentFirst && !isComma(view, k) && !hardAt(view, k)) k--;
      const head = view.lower[k + 1] ?? '';
      // An apposition follows a name: "Awa Ndiaye, a former commissioner of …, warned".
      const afterName = k >= sentFirst && isComma(view, k) && !!view.actorAt[k - 1];
      const skippable = afterName || relativeAt(view, k + 1) || head === 'a' || head === 'an' || prepAt(view, k + 1);
      if (skippable && k >= sentFirst && isComma(view, k)) {
        i = k;
        continue;
      }
      i--;
      continue;
    }
    // An opening quote inside the clause ("involved in “serious abuses") does not end it.
    if ((w === '“' || w === '«') && refs.length === 0 && vg - i <= 8) {
      i--;
      continue;
    }
    if (isHardBoundary(view, i)) break;
    if (stops.has(i) && refs.length > 0) break;
    i--;
  }
  if (refs.length === 0 && unnamed === null) {
    for (let j = vg - 1; j >= sentFirst && vg - j <= 4; j--) {
      if (view.lex.attribution.unnamedSources.has(view.lower[j]!)) unnamed = j;
      if (punctAt(view, j)) break;
    }
  }
  return { refs: refs.reverse(), pronoun, unnamed };
}

export interface Slot {
  /** 'obj' or the preposition that introduces the actor. */
  slot: string;
  ref: ActorRef;
  /** Token of the preposition (or of the actor for objects). */
  at: number;
}

/** Actors after the trigger in its clause, each with the slot it fills (direct object or preposition). */
export function slotsAfter(view: DocView, from: number, sentEnd: number, stops: StopSet, limit = 25): Slot[] {
  const out: Slot[] = [];
  let prep: string | null = null;
  let prepToken = from;
  for (let i = from; i < sentEnd && i - from < limit; i++) {
    const w = view.lower[i]!;
    const ref = view.actorAt[i];
    const el = view.info[i]!.elided;
    if (el && view.lex.prepositions.has(el)) {
      prep = el;
      prepToken = i;
    }
    if (ref) {
      out.push({ slot: prep ?? 'obj', ref, at: prep ? prepToken : i });
      i = ref.last;
      continue;
    }
    if (prepAt(view, i)) {
      prep = w;
      prepToken = i;
      continue;
    }
    if (isComma(view, i) || coordAt(view, i)) {
      if (continuesList(view, i, sentEnd)) continue;
      if (coordAt(view, i)) continue;
      break;
    }
    if (w === '“' || w === '”' || w === '"') continue;
    if (isHardBoundary(view, i) && !(w === 'as' || w === 'that')) break;
    if (w === 'that' && out.length > 0) break;
    if (stops.has(i)) break;
  }
  return out;
}

/**
 * Actors before a noun trigger inside its noun phrase: "X's withdrawal" (poss), "French withdrawal" or
 * "ECOWAS sanctions" (adj), walking back over modifiers.
 */
export function slotsBeforeNoun(view: DocView, t: number, sentFirst: number): Slot[] {
  const out: Slot[] = [];
  let j = t - 1;
  let steps = 0;
  while (j >= sentFirst && steps < 5) {
    const w = view.lower[j]!;
    const ref = view.actorAt[j];
    if (ref) {
      const possessed = possessiveAt(view, ref.last + 1);
      out.push({ slot: possessed ? 'poss' : 'adj', ref, at: j });
      j = ref.first - 1;
      // "Mali's Defence Minister's visit" or "Russia's Wagner Group": keep going only through a possessive.
      if (!possessiveAt(view, j) && !coordAt(view, j)) break;
      steps++;
      continue;
    }
    if (possessiveAt(view, j) || coordAt(view, j)) {
      j--;
      continue;
    }
    if (punctAt(view, j) || prepAt(view, j) || subordinatorAt(view, j) || relativeAt(view, j)) break;
    if (ARTICLES.has(w)) break;
    j--;
    steps++;
  }
  return out;
}

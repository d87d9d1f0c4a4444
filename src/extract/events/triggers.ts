import { type EventLexicon, type TriggerEntry } from './lexicon.js';
import { possessiveAt, prepAt, punctAt, type DocView } from './view.js';

/** A trigger found in the text: tokens first..last, the lexicon entry, and whether it reads as a noun. */
export interface TriggerHit {
  first: number;
  last: number;
  entry: TriggerEntry;
  asNoun: boolean;
  lemma: string;
}

/** Whether the rest of an entry's words follow the head token at i; returns the last matched token or -1. */
function matchRest(view: DocView, lex: EventLexicon, entry: TriggerEntry, i: number, end: number): number {
  let j = i;
  for (let k = 1; k < entry.words.length; k++) {
    const w = entry.words[k]!;
    if (w === '*') continue;
    const gapAllowed = entry.words[k - 1] === '*' ? entry.gap : 0;
    let found = -1;
    for (let g = 0; g <= gapAllowed && j + 1 + g < end; g++) {
      const cand = j + 1 + g;
      const word = view.lower[cand]!;
      if (word === w || view.info[cand]!.cands.includes(w)) {
        found = cand;
        break;
      }
      if (punctAt(view, cand)) break;
    }
    if (found < 0) return -1;
    j = found;
  }
  return j;
}

/** Whether one of the entry's `near` words is within its window in the sentence. */
function nearOk(view: DocView, lex: EventLexicon, entry: TriggerEntry, first: number, last: number, a: number, b: number): boolean {
  if (!entry.near) return true;
  for (let k = Math.max(a, first - entry.window); k < Math.min(b, last + 1 + entry.window); k++) {
    if (k >= first && k <= last) continue;
    const w = view.lower[k]!;
    if (entry.near.has(w)) return true;
    for (const c of view.info[k]!.cands) if (entry.near.has(c)) return true;
  }
  return false;
}

/**
 * Noun reading of a word: after a determiner, a possessive, a demonym or a name used as a premodifier
 * ("the attack", "France's withdrawal", "ECOWAS sanctions"); before "of" for -ing forms ("the killing of").
 */
function nounContext(view: DocView, i: number): boolean {
  const prev = view.lower[i - 1] ?? '';
  const el = view.info[i]!.elided;
  if (el && view.lex.determiners.has(el)) return true;
  if (view.lex.determiners.has(prev) || possessiveAt(view, i - 1)) return true;
  const ref = view.actorAt[i - 1];
  if (ref && (ref.form === 'demonym' || !possessiveAt(view, i))) {
    // A name right before a base-form word: "ECOWAS sanctions" (noun) vs "Russia attacks" (verb): read as a verb
    // only when the word carries a verb inflection.
    const word = view.lower[i]!;
    return ref.form === 'demonym' || !(word.endsWith('ed') || word.endsWith('ing'));
  }
  const first = prev.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return true;
  // An adjective between a determiner and the word: "a serious warning", "the latest offensive".
  if (view.lex.determiners.has(view.lower[i - 2] ?? '') && !view.actorAt[i - 1] && view.lex.adjectiveSuffixes.some((x) => prev.length > x.length + 2 && prev.endsWith(x))) return true;
  return false;
}

/** Every trigger of the document, longest match first, one per token. */
export function findTriggers(view: DocView): TriggerHit[] {
  const lex = view.lex;
  const out: TriggerHit[] = [];
  // A hit's own tokens are not searched for another trigger.
  let matchedUntil = -1;
  for (const i of view.triggerTokens) {
    if (i <= matchedUntil) continue;
    const ref = view.actorAt[i];
    // Words inside a name are part of the name ("Crocus City Hall" is not an event; "Operation Serval" neither).
    if (ref && ref.form !== 'demonym' && ref.form !== 'generic') continue;
    const word = view.lower[i]!;
    if (word.length < 3 || punctAt(view, i)) continue;
    const s = view.sentOf[i]!;
    const a = view.sentFirst[s]!;
    const b = view.sentEnd[s]!;
    const nounCtx = nounContext(view, i);
    let hit: TriggerHit | null = null;
    for (const lemma of view.info[i]!.cands) {
      const entries = lex.triggers.get(lemma);
      if (!entries) continue;
      const inflected = lemma !== word;
      const suffix = inflected ? word.slice(lemma.length) : '';
      for (const entry of entries) {
        // Nouns inflect for number only: "according" is not a form of "accord".
        if (entry.pos === 'n' && inflected && suffix !== 's' && suffix !== 'es' && !lex.irregular.has(word)) continue;
        // A gerund after a preposition is not an occurring event ("prevented them from seizing", "by seizing").
        if (entry.pos !== 'n' && word.endsWith('ing') && prepAt(view, i - 1) && view.lower[i - 1] !== 'on') continue;
        // "-ing" as a premodifier ("its training mission", "military training") is not a verb.
        if (entry.pos === 'v' && word.endsWith('ing') && nounCtx) continue;
        // "killing" is both a noun entry (itself) and the -ing of "kill": the context picks.
        if (entry.pos === 'n' && !inflected && word.endsWith('ing') && !nounCtx && view.lower[i + 1] !== 'of') continue;
        // A bare verb form after a determiner is a noun ("an approach", "the end"): verb-only entries refuse it.
        if (entry.pos === 'v' && nounCtx && !(word.endsWith('ed') || word.endsWith('en') || word.endsWith('ing')) && lemma === word) continue;
        if (entry.pos === 'v' && nounCtx && word.endsWith('s') && !word.endsWith('ss') && view.lex.determiners.has(view.lower[i - 1] ?? '')) continue;
        const last = matchRest(view, lex, entry, i, b);
        if (last < 0) continue;
        if (!nearOk(view, lex, entry, i, last, a, b)) continue;
        const asNoun = entry.pos === 'n' || (entry.pos === 'vn' && (nounCtx || (word.endsWith('s') && !(word.endsWith('es') || word.endsWith('ss')) && view.lower[i + 1] !== undefined && prepAt(view, i + 1) && !view.actorAt[i - 1])));
        hit = { first: i, last, entry, asNoun, lemma };
        break;
      }
      if (hit) break;
    }
    if (hit) {
      out.push(hit);
      matchedUntil = hit.last;
    }
  }
  return out;
}

import { entityLexicon, type EntityLexicon } from './lexicon.js';
import { joined, wordForms, type TokenView } from './tokens.js';
import type { EntityType } from '../../model/analysis.js';

/** A name read from the shape of the text around it (a title, a head word, an acronym definition). */
export interface PatternMatch {
  /** Token range, `end` exclusive. */
  start: number;
  end: number;
  type: EntityType;
  kind: string | null;
  rule: 'title' | 'head' | 'prefix' | 'acronym-long' | 'acronym-short';
  /** For acronym definitions: the other half's token range. */
  partner?: { start: number; end: number };
  /** For titled names: where each title of the chain starts ("Defense Minister Col. X": at "Defense" and "Col."). */
  titleStarts?: number[];
}

const FUNCTION_WORDS = new Set(['of', 'for', 'and', 'the', 'in', 'on', 'de', 'du', 'des', 'la', 'le', 'pour', 'et', "d'", 'd’', 'al']);

/** Longest phrase from `table` starting at token i (words joined by single spaces, case-insensitive). */
function phraseAt<T>(view: TokenView, i: number, table: Map<string, T>, maxWords: number, starts: Set<string>): [T, number] | null {
  let phrase = '';
  let best: [T, number] | null = null;
  for (let n = 0; n < maxWords && i + n < view.words.length; n++) {
    if (n > 0 && !joined(view, i + n - 1, i + n)) break;
    const w = view.lower[i + n]!;
    // "Lt. Col.": a period token glued to the word belongs to the abbreviation.
    phrase = n === 0 ? w : `${phrase} ${w}`;
    // No phrase of any table goes on from here (`starts` holds every leading part of every phrase).
    if (!starts.has(phrase)) break;
    const hit = table.get(phrase);
    if (hit !== undefined) best = [hit, n + 1];
  }
  return best;
}

/** Per lexicon: per word form number, 2 when the form's lower case opens a phrase (`phraseStarts`), 1 when not, 0 not yet known. */
const openers = new WeakMap<EntityLexicon, { epoch: number; marks: Uint8Array }>();

/**
 * Whether token i can open a phrase of the lexicon, read once per word form: `phraseAt` finds nothing where it
 * cannot, and most tokens cannot.
 */
function phraseOpenerTest(view: TokenView, lex: EntityLexicon): (i: number) => boolean {
  let memo = openers.get(lex);
  if (!memo || memo.epoch !== view.formsEpoch) openers.set(lex, (memo = { epoch: view.formsEpoch, marks: new Uint8Array(1024) }));
  if (memo.marks.length < wordForms.forms.length) {
    const grown = new Uint8Array(Math.max(wordForms.forms.length, memo.marks.length * 2));
    grown.set(memo.marks);
    memo.marks = grown;
  }
  const marks = memo.marks;
  const { formIds, lower } = view;
  const starts = lex.phraseStarts;
  return (i) => {
    const id = formIds[i]!;
    let mark = marks[id]!;
    if (mark === 0) marks[id] = mark = starts.has(lower[i]!) ? 2 : 1;
    return mark === 2;
  };
}

function isNameWord(view: TokenView, i: number, lex: EntityLexicon): boolean {
  const w = view.words[i];
  if (!w || !view.cap[i]) return false;
  if (lex.stopNames.has(w) || lex.titles.has(view.lower[i]!)) return false;
  return /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(w);
}

/** "President Emmanuel Macron", "Col. Sadio Camara", "Foreign Minister Le Drian": a person with a role. */
function titledNames(view: TokenView, lex: EntityLexicon, out: PatternMatch[], opensPhrase: (i: number) => boolean): void {
  for (let i = 0; i < view.words.length; i++) {
    if (!opensPhrase(i)) continue;
    const title = phraseAt(view, i, lex.titles, lex.maxTitleWords, lex.phraseStarts);
    if (!title) continue;
    let kind = title[0];
    let j = i + title[1];
    // Chained titles: "Defense Minister Col. Sadio Camara".
    for (let more = phraseAt(view, j, lex.titles, lex.maxTitleWords, lex.phraseStarts); more && j < view.words.length; more = phraseAt(view, j, lex.titles, lex.maxTitleWords, lex.phraseStarts)) {
      kind = kind ?? more[0];
      j += more[1];
    }
    if (j >= view.words.length || !joined(view, j - 1, j)) continue;
    let k = j;
    while (k < view.words.length && k - j < 5) {
      if (isNameWord(view, k, lex)) k++;
      else if (lex.particles.has(view.lower[k]!) && isNameWord(view, k + 1, lex) && k > j - 1) k++;
      else break;
      if (k < view.words.length && !joined(view, k - 1, k)) break;
    }
    // Trailing particles are not part of the name.
    while (k > j && lex.particles.has(view.lower[k - 1]!)) k--;
    if (k > j) {
      // Every word that opens a title can open a short titled form: "Foreign Minister X" and "Minister X".
      const starts: number[] = [];
      for (let w = i; w < j; w++) if (phraseAt(view, w, lex.titles, lex.maxTitleWords, lex.phraseStarts)) starts.push(w);
      out.push({ start: j, end: k, type: 'PERSON', kind, rule: 'title', titleStarts: starts });
      i = k - 1;
    }
  }
}

/**
 * Capitalised names ending in a head word ("Leiden University", "Malian Armed Forces", "Crocus City Hall") or
 * opened by a prefix ("Ministry of Foreign Affairs", "Operation Serval").
 */
function headedNames(view: TokenView, lex: EntityLexicon, out: PatternMatch[], opensPhrase: (i: number) => boolean): void {
  const n = view.words.length;
  for (let i = 0; i < n; i++) {
    if (!view.cap[i]) continue;
    const prefix = opensPhrase(i) && phraseAt(view, i, lex.orgPrefixes, lex.maxPrefixWords, lex.phraseStarts);
    if (prefix) {
      let k = i + prefix[1];
      const startName = k;
      while (k < n && joined(view, k - 1, k) && (isNameWord(view, k, lex) || (FUNCTION_WORDS.has(view.lower[k]!) && isNameWord(view, k + 1, lex)))) k++;
      if (k > startName) {
        out.push({ start: i, end: k, type: 'ORG', kind: prefix[0], rule: 'prefix' });
        i = k - 1;
        continue;
      }
    }
    // A run of capitalised words (function words allowed inside); the longest head phrase at its end decides.
    let k = i;
    while (k < n && (view.cap[k] || (k > i && FUNCTION_WORDS.has(view.lower[k]!) && view.lower[k] !== 'and' && view.cap[k + 1]))) {
      if (k > i && !joined(view, k - 1, k)) break;
      k++;
    }
    if (k - i < 2) continue;
    for (let end = k; end > i + 1; end--) {
      let found: [[EntityType, string | null], number] | null = null;
      if (!lex.headEnds.has(view.lower[end - 1]!)) continue;
      for (let h = 1; h <= lex.maxHeadWords && end - h > i; h++) {
        const phrase = view.lower.slice(end - h, end).join(' ');
        const head = lex.heads.get(phrase);
        if (head) found = [head, h];
      }
      if (!found) continue;
      let start = i;
      while (start < end && (lex.stopNames.has(view.words[start]!) || FUNCTION_WORDS.has(view.lower[start]!))) start++;
      // An office is not an organisation: "US Undersecretary of State".
      if (view.lower.slice(start, end).some((w) => lex.titles.has(w))) break;
      // A sentence-initial common word is not part of the name ("Ministry officials…" has no name before the head).
      if (end - found[1] - start < 1) break;
      out.push({ start, end, type: found[0][0], kind: found[0][1], rule: 'head' });
      i = end - 1;
      break;
    }
  }
}

/** Initials of a name's capitalised words contain the acronym's letters in order. */
function initialsMatch(acronym: string, words: readonly string[]): boolean {
  const letters = acronym.replace(/[^\p{Lu}\p{N}]/gu, '').toLowerCase();
  const initials = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).map((w) => w[0]!.toLowerCase());
  let at = 0;
  for (const c of initials) if (c === letters[at]) at++;
  return at >= Math.min(letters.length, 2) && at >= letters.length - 1;
}

/** "Economic Community of West African States (ECOWAS)" and "ECOWAS (Economic Community …)". */
function acronymDefinitions(view: TokenView, lex: EntityLexicon, out: PatternMatch[]): void {
  const n = view.words.length;
  const isAcronym = (w: string): boolean => /^\p{Lu}[\p{Lu}\p{N}&]*[\p{Ll}]?[\p{Lu}\p{N}]*$/u.test(w) && w.replace(/[^\p{Lu}]/gu, '').length >= 2 && w.length <= 10;
  for (let i = 1; i + 2 < n; i++) {
    if (view.words[i] !== '(' || view.words[i + 2] !== ')') continue;
    const inner = view.words[i + 1]!;
    if (isAcronym(inner)) {
      // Long name before the bracket.
      let s = i;
      while (s > 0 && view.sentenceOf[s - 1] === view.sentenceOf[i] && (view.cap[s - 1] || (FUNCTION_WORDS.has(view.lower[s - 1]!) && view.cap[s - 2]))) s--;
      while (s < i && (FUNCTION_WORDS.has(view.lower[s]!) || lex.stopNames.has(view.words[s]!))) s++;
      if (i - s >= 2 || (i - s >= 1 && initialsMatch(inner, view.words.slice(s, i)))) {
        const words = view.words.slice(s, i);
        // Without matching initials (a French acronym for an English name), trust only a longer name.
        if (initialsMatch(inner, words) || i - s >= 3) {
          out.push({ start: s, end: i, type: 'ORG', kind: null, rule: 'acronym-long', partner: { start: i + 1, end: i + 2 } });
          out.push({ start: i + 1, end: i + 2, type: 'ORG', kind: null, rule: 'acronym-short', partner: { start: s, end: i } });
        }
      }
    }
  }
  // "ACRONYM (Long Name)".
  for (let i = 0; i + 3 < n; i++) {
    if (view.words[i + 1] !== '(' || !isAcronym(view.words[i]!)) continue;
    let e = i + 2;
    while (e < n && view.words[e] !== ')' && (view.cap[e] || FUNCTION_WORDS.has(view.lower[e]!))) e++;
    if (view.words[e] !== ')' || e - (i + 2) < 2 || !initialsMatch(view.words[i]!, view.words.slice(i + 2, e))) continue;
    out.push({ start: i + 2, end: e, type: 'ORG', kind: null, rule: 'acronym-long', partner: { start: i, end: i + 1 } });
    out.push({ start: i, end: i + 1, type: 'ORG', kind: null, rule: 'acronym-short', partner: { start: i + 2, end: e } });
  }
}

/** Every pattern match in the document, in token order. */
export function patternMatches(view: TokenView, language: string): PatternMatch[] {
  const lex = entityLexicon(language);
  const out: PatternMatch[] = [];
  const opensPhrase = phraseOpenerTest(view, lex);
  titledNames(view, lex, out, opensPhrase);
  headedNames(view, lex, out, opensPhrase);
  acronymDefinitions(view, lex, out);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

import type { Attribution } from '../../model/analysis.js';
import { subjectOf, type StopSet } from './clause.js';
import { commaAt, coordAt, hardAt, punctAt, type ActorRef, type DocView } from './view.js';

/** Who says so, for the tokens of a scope. */
export interface Claim extends Attribution {
  /** Every entity the speaker phrase names (to tell a self-report from a claim about others). */
  speakerIds: string[];
  /** The reporting verb's lemma, or null ("according to", quotations). */
  verb: string | null;
}

/** The entity a speaker phrase stands for: a person when it names one, else its head (the last name). */
function speakerEntity(view: DocView, refs: readonly ActorRef[]): string | null {
  const person = refs.find((r) => r.type === 'PERSON' && r.form !== 'demonym');
  if (person) return person.ids[0]!;
  const named = refs.filter((r) => r.form !== 'demonym');
  const pick = named[named.length - 1] ?? refs[refs.length - 1];
  return pick ? pick.ids[0]! : null;
}

const spanText = (view: DocView, a: number, b: number): string => view.text.slice(view.starts[a]!, view.ends[b]!);

/** The last token of a phrase that starts at i: up to a comma, a period or a quote. */
function phraseEnd(view: DocView, i: number, end: number, max = 12): number {
  let j = i;
  while (j + 1 < end && j - i < max) {
    if (commaAt(view, j + 1) || hardAt(view, j + 1)) break;
    j++;
  }
  return j;
}

/** Actor refs between i and j inclusive. */
function refsIn(view: DocView, i: number, j: number): ActorRef[] {
  const out: ActorRef[] = [];
  for (let k = i; k <= j; k++) {
    const r = view.actorAt[k];
    if (r && out[out.length - 1] !== r) out.push(r);
  }
  return out;
}

function unnamedIn(view: DocView, i: number, j: number): boolean {
  for (let k = i; k <= j; k++) if (view.lex.attribution.unnamedSources.has(view.lower[k]!)) return true;
  return false;
}

/**
 * The claim each token is read under, or null when the article asserts it: "according to X" (the whole sentence),
 * reporting verbs ("X said (that) …" → after the verb; "…, X said" / "…, says X" → before the reporting clause, and
 * the rest of the paragraph in that summarising style), and quotations with a speaker next to them (a quote with
 * none continues the previous speaker of its paragraph). Unnamed sources keep their text with a null entity.
 */
export function claimScopes(view: DocView, stops: StopSet): Array<Claim | null> {
  const n = view.lower.length;
  const at: Array<Claim | null> = new Array<Claim | null>(n).fill(null);
  const lex = view.lex;
  const speakerOfVerb = new Map<number, Claim>();
  const inverted: Array<{ sent: number; claim: Claim }> = [];
  const sentences = view.sentFirst.length;

  // The sentences partition the tokens in order: each walks on through the lists of its candidate tokens.
  const according = view.accordingTokens;
  const reporting = view.reportingTokens;
  let nextAccording = 0;
  let nextReporting = 0;
  for (let s = 0; s < sentences; s++) {
    const a = view.sentFirst[s]!;
    const b = view.sentEnd[s]!;
    while (nextAccording < according.length && according[nextAccording]! < a) nextAccording++;
    while (nextReporting < reporting.length && reporting[nextReporting]! < a) nextReporting++;
    // "according to X"
    for (; nextAccording < according.length && according[nextAccording]! < b; nextAccording++) {
      const i = according[nextAccording]!;
      for (const seq of lex.attribution.accordingTo) {
        if (view.lower[i] !== seq[0] || !seq.every((w, k) => view.lower[i + k] === w)) continue;
        const np = i + seq.length;
        if (np >= b) continue;
        const end = phraseEnd(view, np, b);
        const refs = refsIn(view, np, end);
        const source = speakerEntity(view, refs);
        if (!source && !unnamedIn(view, np, end)) continue;
        const claim: Claim = { source, text: spanText(view, i, end), speakerIds: refs.flatMap((r) => r.ids), verb: null };
        for (let k = a; k < b; k++) if (k < i || k > end) at[k] = claim;
      }
    }
    // reporting verbs
    for (; nextReporting < reporting.length && reporting[nextReporting]! < b; nextReporting++) {
      const i = reporting[nextReporting]!;
      if (view.actorAt[i]) continue;
      const lemma = view.info[i]!.reporting;
      if (!lemma) continue;
      const prev = view.lower[i - 1] ?? '';
      let claim: Claim | null = null;
      let before = false;
      let clauseFirst = i;
      let clauseLast = i;
      if (i > a && (commaAt(view, i - 1) || prev === '”' || prev === '"' || prev === '»')) {
        // Inverted: "…, says Oumarou", "…,” lamented Ndiaye".
        const end = phraseEnd(view, i, b, 14);
        const refs = refsIn(view, i + 1, end);
        if (refs.length > 0 || unnamedIn(view, i + 1, end)) {
          claim = { source: speakerEntity(view, refs), text: spanText(view, i, end), speakerIds: refs.flatMap((r) => r.ids), verb: lemma };
          before = true;
          clauseLast = end;
          inverted.push({ sent: s, claim });
        }
      }
      if (!claim) {
        const subj = subjectOf(view, i, a, stops);
        let refs = subj.refs;
        if (refs.length === 0 && subj.pronoun !== null) refs = pronounRefs(view, subj.pronoun);
        if (refs.length === 0 && subj.unnamed === null) continue;
        const first = Math.min(...refs.map((r) => r.first), subj.unnamed ?? i, subj.pronoun ?? i);
        // Determiners and modifiers of an unnamed source: "a European diplomat", "several sources".
        let f = first;
        while (f - 1 >= a && !punctAt(view, f - 1) && !view.actorAt[f - 1] && first - f < 3 && subj.unnamed !== null && refs.length === 0) f--;
        clauseFirst = f;
        const p = view.lower[clauseFirst - 1] ?? '';
        // "…, the Kremlin reported." reports what comes before only when nothing but a short tail follows.
        let tail = 0;
        for (let k = i + 1; k < b; k++) if (!punctAt(view, k)) tail++;
        const clauseAfter = stops.has(i + 1) || view.lower[i + 1] === 'that' || tail > 8;
        before = clauseFirst > a && !clauseAfter && (commaAt(view, clauseFirst - 1) || p === '”' || p === '"' || p === '»');
        claim = { source: speakerEntity(view, refs), text: spanText(view, clauseFirst, i), speakerIds: refs.flatMap((r) => r.ids), verb: lemma };
        if (before) inverted.push({ sent: s, claim });
      }
      speakerOfVerb.set(i, claim);
      if (before) for (let k = a; k < clauseFirst; k++) at[k] = claim;
      else for (let k = i + 1; k < b; k++) at[k] = claim;
      void clauseLast;
    }
  }

  // The summarising style ("…, said X in Le Monde. More of X's account.") carries on to the paragraph's next sentences.
  for (const { sent, claim } of inverted) {
    for (let s = sent + 1; s < sentences && view.paraOf[s] === view.paraOf[sent]; s++) {
      const a = view.sentFirst[s]!;
      const b = view.sentEnd[s]!;
      let own = false;
      for (let k = a; k < b; k++) if (at[k]) own = true;
      if (own) break;
      for (let k = a; k < b; k++) at[k] = claim;
    }
  }

  // Quotations: the speaker next to the quote, else the previous speaker of the paragraph.
  let lastSpeaker: { para: number; claim: Claim } | null = null;
  // A quotation's tokens are not searched for another opening quote.
  let quotedUntil = -1;
  for (const i of view.quoteOpenTokens) {
    if (i <= quotedUntil) continue;
    const close = lex.attribution.quoteOpen.get(view.info[i]!.form);
    if (close === undefined) continue;
    let j = i + 1;
    while (j < n && view.info[j]!.form !== close && j - i < 400) j++;
    if (j >= n || view.info[j]!.form !== close) continue;
    let claim: Claim | null = null;
    for (let k = j + 1; k < n && k - j <= 4 && !claim; k++) claim = speakerOfVerb.get(k) ?? null;
    for (let k = i - 1; k >= 0 && i - k <= 4 && !claim; k--) claim = speakerOfVerb.get(k) ?? null;
    const para = view.paraOf[view.sentOf[i]!]!;
    if (!claim && lastSpeaker && lastSpeaker.para === para) claim = lastSpeaker.claim;
    if (claim) {
      lastSpeaker = { para, claim };
      for (let k = i + 1; k < j; k++) at[k] = claim;
    }
    quotedUntil = j;
  }
  return at;
}

/** Refs a pronoun stands for: the actors of the nearest earlier clause subject list or mention. */
export function pronounRefs(view: DocView, p: number): ActorRef[] {
  const rule = view.lex.pronouns.get(view.lower[p]!);
  if (!rule) return [];
  const sent = view.sentOf[p]!;
  const out: ActorRef[] = [];
  for (let j = p - 1; j >= 0 && view.sentOf[j]! >= sent - 2; j--) {
    const r = view.actorAt[j];
    if (!r) {
      if (out.length > 0 && !coordAt(view, j) && !commaAt(view, j)) break;
      continue;
    }
    if (!rule.types.includes(r.type) || r.form === 'demonym') {
      if (out.length > 0) break;
      j = r.first;
      continue;
    }
    out.push(r);
    j = r.first;
    if (!rule.plural) break;
  }
  return out;
}

import type { Attribution, Entity, EventQuantity, EventRecord, PloverType, Quantity, TimeMention } from '../../model/analysis.js';
import type { Doc } from '../../model/doc.js';
import type { TimeValue } from '../../model/time.js';
import { claimScopes, pronounRefs, type Claim } from './attribution.js';
import type { StopSet } from './clause.js';
import { governingPrep, isHardBoundary, nounPhrasePrep, slotsAfter, slotsBeforeNoun, subjectOf, verbGroupStart, type Slot } from './clause.js';
import { eventId } from './ids.js';
import { eventLexicon, looksParticiple } from './lexicon.js';
import { modalityOf } from './modality.js';
import { findTriggers, type TriggerHit } from './triggers.js';
import { buildView, commaAt, coordAt, hardAt, prepAt, punctAt, type ActorRef, type DocView } from './view.js';

/** The strings in first-occurrence order without repeats (the lists are a few ids: a scan beats a Set). */
function uniq(xs: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}

/** Token index of a character offset (the token that starts at or before it). */
function tokenAt(view: DocView, offset: number): number {
  let lo = 0;
  let hi = view.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (view.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function toTimeValue(t: TimeMention, inferred: boolean): TimeValue {
  const v: TimeValue = { value: t.value, precision: t.precision, kind: t.kind };
  if (t.until) v.end = t.until;
  if (t.approx || inferred) v.approx = true;
  if (t.inferred || inferred) v.inferred = true;
  if (t.anchored) v.anchored = true;
  return v;
}

const DATED = new Set(['date', 'range']);

/**
 * Indices (ascending) of the items whose token lies in each sentence: the per-event loops read only their own
 * sentence's times and quantities instead of every one of the document (same items, same order).
 */
function bySentence(view: DocView, tokens: ArrayLike<number>, keep: (k: number) => boolean): number[][] {
  // Sentences without any item stay holes: every reader falls back to NONE.
  const out: number[][] = new Array<number[]>(view.sentFirst.length);
  for (let k = 0; k < tokens.length; k++) {
    if (!keep(k)) continue;
    const sent = view.sentOf[tokens[k]!];
    // A token index past the view (no tokens) has no sentence; the loops it replaces skipped it too.
    if (sent === undefined) continue;
    (out[sent] ??= []).push(k);
  }
  return out;
}

const NONE: readonly number[] = [];

/**
 * The time of an event: the date or range expression of its sentence nearest to the trigger (a duration or a set is
 * not a time of occurrence); else the last one of the one or two sentences before in the same paragraph, marked
 * inferred and approximate; else none (never silently the publication date).
 */
function timeOf(view: DocView, times: readonly TimeMention[], timeTok: Int32Array, dated: readonly number[][], t: number, sent: number): TimeValue | null {
  let best: TimeMention | null = null;
  let bestD = Infinity;
  for (const k of dated[sent] ?? NONE) {
    const tm = times[k]!;
    // Hard boundaries between them weigh as distance: the governing expression is in the trigger's clause.
    const a = Math.min(timeTok[k]!, t);
    const b = Math.max(timeTok[k]!, t);
    let d = b - a;
    for (let i = a; i < b; i++) if (isHardBoundary(view, i)) d += 8;
    if (d < bestD) {
      bestD = d;
      best = tm;
    }
  }
  if (best) return toTimeValue(best, false);
  const para = view.paraOf[sent];
  for (let s = sent - 1; s >= 0 && s >= sent - 2 && view.paraOf[s] === para; s--) {
    const own = dated[s] ?? NONE;
    if (own.length > 0) return toTimeValue(times[own[own.length - 1]!]!, true);
  }
  return null;
}

/** The kind a counted quantity takes in an event's clause, or null when it does not belong to it. */
function quantityKind(view: DocView, hit: TriggerHit, type: PloverType, q: Quantity): EventQuantity['kind'] | null {
  const unit = (q.unit ?? '').toLowerCase();
  if (q.currency || unit === 'currency') return 'amount';
  if (!unit) return null;
  if ((type === 'ASSAULT' || type === 'FIGHT') && hit.entry.casualty && view.lex.peopleUnits.has(unit)) return hit.entry.casualty;
  if ((type === 'MOBILIZE' || type === 'RETREAT' || type === 'COOPERATE' || type === 'AID' || type === 'DEMAND') && view.lex.forceUnits.has(unit)) return 'size';
  return null;
}

interface Draft {
  hit: TriggerHit;
  type: PloverType;
  source: string[];
  target: string[];
  location: string | null;
  sent: number;
  reciprocal: boolean;
}

/** Types whose target is a place one goes to or leaves: when the text leaves it implicit, context supplies it. */
const IMPLICIT_TARGET = new Set<PloverType>(['RETREAT', 'MOBILIZE']);
/** Types whose target is a victim: never guessed from the article's topic. */
const VICTIM_TARGET = new Set<PloverType>(['ASSAULT', 'FIGHT', 'CRIME']);

/** The countries the article is about, the most mentioned first. */
function topicCountries(entities: readonly Entity[]): string[] {
  return entities
    .filter((e) => e.kind === 'country')
    .sort((x, y) => y.mentions.length - x.mentions.length)
    .map((e) => e.id);
}

/** Types where coordinated subjects act on each other ("Russia and Mali agreed to work together"). */
const RECIPROCAL = new Set<PloverType>(['CONSULT', 'COOPERATE', 'AGREE']);

/**
 * For an "-ing" verb opening a participial clause after a comma ("…, pushing back on allegations"): the subject of
 * the main clause, i.e. the first actor of the sentence outside a prepositional phrase, before the comma.
 */
function participialSubject(view: DocView, t: number, a: number, anyWord = false): string[] | null {
  if (!anyWord && !view.lower[t]!.endsWith('ing')) return null;
  if (anyWord) {
    // The first actor outside prepositional phrases and asides, anywhere in the sentence.
    for (let k = a; k < view.sentEnd[view.sentOf[t]!]!; k++) {
      const r = view.actorAt[k];
      if (!r) continue;
      if (!governingPrep(view, r.first, a)) return r.ids.slice(0, 1);
      k = r.last;
    }
    return null;
  }
  let c = t - 1;
  while (c > a && view.lower[c]!.length > 4 && view.lower[c]!.endsWith('ly')) c--;
  if (c <= a || !commaAt(view, c)) return null;
  for (let k = a; k < c; k++) {
    const r = view.actorAt[k];
    if (!r) {
      if (isHardBoundary(view, k) && k > a) return null;
      continue;
    }
    const prep = governingPrep(view, r.first, a);
    if (!prep || prep === 'of') return r.ids.slice(0, 1);
    k = r.last;
  }
  return null;
}

/**
 * A verb phrase coordinated with an earlier one shares its subject: "They did not refer to X, and denied Y" (the
 * sentence's subject, a pronoun resolved), "with the junta clinging to power and rejecting appeals" (the actor right
 * before the first "-ing" verb).
 */
function coordinatedSubject(view: DocView, vg: number, a: number, stops: StopSet): string[] {
  let c = vg - 1;
  if (c < a || !coordAt(view, c)) return [];
  if (c - 1 >= a && commaAt(view, c - 1)) c--;
  if (view.lower[vg]!.endsWith('ing')) {
    for (let k = c - 1; k > a && c - k <= 6; k--) {
      if (isHardBoundary(view, k) || commaAt(view, k)) break;
      const r = view.actorAt[k - 1];
      if (view.lower[k]!.endsWith('ing') && r) return r.ids.slice(0, 1);
    }
  }
  // The subject at the head of the sentence (after a fronted phrase closed by a comma).
  let k = a;
  for (let j = a; j < c; j++) if (commaAt(view, j) && j < c - 1 && !view.actorAt[j - 1]) { k = j + 1; break; }
  const r = view.actorAt[k] ?? (view.lower[k] === 'the' ? view.actorAt[k + 1] : null);
  if (r && !governingPrep(view, r.first, a)) return r.ids.slice();
  if (view.pronounAt[k]) return refIds(pronounRefs(view, k));
  void stops;
  return [];
}

/**
 * A target the frame did not find: the first actors after the trigger in its clause (a direct object or a
 * complement: "denies any influence on the Wagner Group"); not a place, a beneficiary or the agent of a passive.
 */
function clauseTarget(view: DocView, after: readonly Slot[], hitLast: number, source: readonly string[]): string[] {
  const first = after.find((s) => (s.slot === 'obj' || view.lex.complementPreps.has(s.slot)) && !s.ref.ids.some((id) => source.includes(id)) && s.at - hitLast <= 6);
  if (!first) return [];
  return uniq(after.filter((s) => s.slot === first.slot && s.at === first.at || s.ref === first.ref).flatMap((s) => s.ref.ids)).filter((id) => !source.includes(id));
}

/** For a trigger in a sentence-initial phrase closed by a comma: the actors opening the main clause. */
function frontedSubject(view: DocView, t: number, a: number, b: number): string[] {
  for (let k = a; k < t; k++) if (view.actorAt[k] || isHardBoundary(view, k)) return [];
  let c = t + 1;
  while (c < b && !commaAt(view, c)) {
    if (isHardBoundary(view, c)) return [];
    c++;
  }
  for (let k = c + 1; k < b && k <= c + 3; k++) {
    const r = view.actorAt[k];
    if (r) return r.ids.slice();
  }
  return [];
}

const between0 = (slots: readonly Slot[]): boolean => slots.some((x) => x.slot === 'between');

/** Whether a noun trigger has an argument of its own: an actor in its phrase, a place, or a date in its clause. */
function ownArguments(view: DocView, hit: TriggerHit, a: number, b: number, timeTok: Int32Array, dated: readonly number[][]): boolean {
  if (slotsBeforeNoun(view, hit.first, a).length > 0) return true;
  if (prepAt(view, hit.last + 1) && slotsAfter(view, hit.last + 1, b, { has: () => false }, 8).length > 0) return true;
  for (const k of dated[view.sentOf[hit.first]!] ?? NONE) {
    const lo = Math.min(timeTok[k]!, hit.first);
    const hi = Math.max(timeTok[k]!, hit.last);
    let blocked = false;
    for (let i = lo + 1; i < hi; i++) if (hardAt(view, i)) blocked = true;
    if (!blocked) return true;
  }
  return false;
}

/** The ids of the slots named (the owner of a direct object counts as the object: "expelled the ambassador of Chad"). */
function pick(slots: readonly Slot[], names: readonly string[]): string[] {
  let objOwner = false;
  if (names.includes('obj')) {
    objOwner = true;
    for (const s of slots) if (s.slot === 'obj') objOwner = false;
  }
  const out: string[] = [];
  for (const s of slots) {
    if (!names.includes(s.slot) && !(objOwner && s.slot === 'of')) continue;
    for (const id of s.ref.ids) if (!out.includes(id)) out.push(id);
  }
  return out;
}

function refIds(refs: readonly ActorRef[]): string[] {
  const out: string[] = [];
  for (const r of refs) for (const id of r.ids) if (!out.includes(id)) out.push(id);
  return out;
}

/** Extracts the events of a document and marks the claims among its quantities. */
export function extractEvents(doc: Doc): { events: EventRecord[]; quantities: Quantity[] } {
  const lex = eventLexicon(doc.document.language);
  if (!lex || doc.tokens.length === 0) return { events: [], quantities: doc.quantities };
  const view = buildView(doc, lex);
  const hits = findTriggers(view);

  // Verb triggers and reporting verbs end a neighbour's subject or object scan.
  // A mark per token rather than a Set: the clause walks ask about every token they pass.
  const stopMarks = new Uint8Array(view.lower.length);
  for (const h of hits) if (!h.asNoun) stopMarks[h.first] = 1;
  for (const i of view.reportingTokens) if (!view.actorAt[i]) stopMarks[i] = 1;
  const stopTokens: StopSet = { has: (i) => stopMarks[i] === 1 };
  const claims = claimScopes(view, stopTokens);

  const timeTok = new Int32Array(doc.times.length);
  doc.times.forEach((t, k) => (timeTok[k] = tokenAt(view, t.start)));
  const qTok = doc.quantities.map((q) => tokenAt(view, q.start));
  const datedTimes = bySentence(view, timeTok, (k) => DATED.has(doc.times[k]!.kind));
  const quantitiesOf = bySentence(view, qTok, () => true);

  const events: EventRecord[] = [];
  const drafts: Draft[] = [];
  // Asked for only by a draft left without a target.
  let topics: string[] | null = null;
  let lastSources: string[] = [];
  let lastSourceSent = -10;

  for (const hit of hits) {
    const t = hit.first;
    const sent = view.sentOf[t]!;
    const a = view.sentFirst[sent]!;
    const b = view.sentEnd[sent]!;
    const after = slotsAfter(view, hit.last + 1, b, stopTokens);
    const vg = verbGroupStart(view, t, a);
    let source: string[] = [];
    let target: string[] = [];
    let subjectSlots: ActorRef[] = [];
    const subjectIds = (): string[] => {
      const subj = subjectOf(view, vg, a, stopTokens);
      subjectSlots = subj.refs;
      if (subj.refs.length > 0) return refIds(subj.refs);
      if (subj.pronoun !== null) {
        const rule = lex.pronouns.get(view.lower[subj.pronoun]!);
        const refs = pronounRefs(view, subj.pronoun);
        // A plural pronoun continues the previous event's actors when the sentence names no antecedent.
        // A subject pronoun continues the previous event's actor (the discourse centre) when the sentence names no
        // antecedent of its own and that actor fits the pronoun.
        const fitsRule = lastSources.some((id) => { const e = view.entities.get(id); return !!e && !!rule && rule.types.includes(e.type); });
        if (fitsRule && sent - lastSourceSent <= 2 && (refs.length === 0 || view.sentOf[refs[0]!.first]! < sent)) return lastSources;
        return refIds(refs);
      }
      return [];
    };
    let passiveVoice = false;

    if (hit.asNoun) {
      const before = slotsBeforeNoun(view, t, a);
      source = uniq([...pick(before, hit.entry.nounSource), ...pick(after, hit.entry.nounSource)]);
      target = pick(after, hit.entry.nounTarget);
      // "talks between Paris and Niamey": both sides act.
      const between = pick(after, ['between']);
      if (between.length > 0) {
        source = uniq([...source, ...between]);
        target = uniq([...target, ...between.slice(1)]);
      }
      // A nominalisation without its own actor takes the subject of the verb it depends on ("France announced the
      // withdrawal…", "ECOWAS imposed severe restrictions"), unless it sits in an adjunct ("hurt itself with two
      // coups", "after the coup") or is the agent of a passive ("X was hit by the rebellion": X is its target).
      const pp = nounPhrasePrep(view, t, a);
      const ppWord = pp === null ? '' : view.lower[pp]!;
      const adjunct = pp !== null && (lex.adjunctPreps.has(ppWord) || (ppWord === 'with' && lex.reflexives.has(view.lower[pp - 1] ?? '')));
      const agentOf = source.length === 0 && pp !== null && lex.agentPreps.has(ppWord) && pp > a && (looksParticiple(lex, view.lower[pp - 1]!) || lex.passiveAux.has(view.lower[pp - 2] ?? ''));
      if (agentOf) {
        if (target.length === 0) {
          const pvg = verbGroupStart(view, pp - 1, a);
          target = refIds(subjectOf(view, pvg, a, stopTokens).refs);
        }
      } else if (source.length === 0 && !adjunct) source = subjectIds();
      void 0;
      // In a fronted phrase ("During talks held in March, the EU was unable…"), the main clause's subject.
      if (source.length === 0 && !agentOf) source = frontedSubject(view, t, a, b);
      // "Upon Mali's request, France intervened", "at the invitation of X, Y…": the main clause's subject is the one
      // the act is addressed to.
      if (target.length === 0 && source.length > 0 && pp !== null && lex.mannerPreps.has(ppWord)) {
        target = (participialSubject(view, t, a, true) ?? []).filter((id) => !source.includes(id));
      }
    } else {
      const passiveAux = (() => {
        for (let i = vg; i < t; i++) if (lex.passiveAux.has(view.lower[i]!)) return true;
        return false;
      })();
      const agent = after.filter((s) => lex.agentPreps.has(s.slot));
      const participle = looksParticiple(lex, view.lower[t]!);
      const passive = participle && (passiveAux || (agent.length > 0 && agent[0]!.at === hit.last + 1));
      passiveVoice = passive;
      const prevTok = view.lower[t - 1] ?? '';
      const inverted = prevTok === '”' || prevTok === '"' || (commaAt(view, t - 1) && /^[”"]$/.test(view.lower[t - 2] ?? ''));
      const invertedRefs = inverted ? after.filter((s) => s.slot === 'obj' && s.at <= hit.last + 3).map((s) => s.ref) : [];
      if (invertedRefs.length > 0) {
        // "“…,” lamented Ndiaye": the speaker follows the verb.
        source = refIds(invertedRefs);
      } else if (passive) {
        source = refIds(agent.map((s) => s.ref));
        const others = pick(after.filter((s) => !lex.agentPreps.has(s.slot)), hit.entry.verbTarget.filter((x) => x !== 'obj'));
        if (hit.entry.themeIsSource) {
          source = uniq([...source, ...subjectIds()]);
          target = others;
        } else target = uniq([...subjectIds(), ...others]);
      } else if (hit.entry.patientSubject) {
        target = subjectIds();
      } else {
        source = participialSubject(view, t, a) ?? subjectIds();
        if (source.length === 0) source = coordinatedSubject(view, vg, a, stopTokens);
        target = pick(after, hit.entry.verbTarget);
      }
    }
    if (hit.entry.needsObject && !hit.asNoun && !after.some((x) => x.slot === 'obj' && x.at <= hit.last + 3)) continue;
    // Coordinated verbs share their subject ("looted houses, held villagers captive and executed…").
    const prevDraft = drafts[drafts.length - 1];
    if (source.length === 0 && !hit.asNoun && !passiveVoice && prevDraft && prevDraft.sent === sent && !prevDraft.hit.asNoun) source = prevDraft.source.slice();
    // A bare nominal with no actor, place or date of its own is a generic mention ("the coup", "support").
    if (hit.asNoun && !ownArguments(view, hit, a, b, timeTok, datedTimes)) continue;
    target = target.filter((id) => !source.includes(id) || between0(after));
    // Coordinated actors of a reciprocal act act on each other: each side is a source and a target.
    const reciprocal = RECIPROCAL.has(hit.entry.type) && target.length === 0 && source.length >= 2;
    if (reciprocal) target = source.slice();
    if (source.length > 0) {
      lastSources = source;
      lastSourceSent = sent;
    }

    // Killing fighters is combat; killing civilians is an assault.
    let type = hit.entry.type;
    if (hit.entry.combatantType) {
      for (let k = hit.last + 1; k < Math.min(b, hit.last + 5); k++) if (lex.combatants.has(view.lower[k]!)) type = hit.entry.combatantType;
      if (passiveVoice) for (let k = Math.max(a, vg - 4); k < vg; k++) if (lex.combatants.has(view.lower[k]!)) type = hit.entry.combatantType;
    }

    // Location: in/at/near PLACE in the clause, after the trigger first.
    let location: string | null = null;
    const placeSlot = after.find((s) => lex.locationPreps.has(s.slot) && s.ref.placeId && s.ref.type !== 'PERSON' && s.ref.type !== 'ORG');
    if (placeSlot) location = placeSlot.ref.placeId;
    if (!location) {
      for (let k = t - 1; k >= a; k--) {
        const r = view.actorAt[k];
        if (r && r.placeId && r.type !== 'PERSON' && r.type !== 'ORG' && lex.locationPreps.has(view.lower[r.first - 1] ?? '')) {
          location = r.placeId;
          break;
        }
      }
    }
    void subjectSlots;
    if (target.length === 0 && location && !source.includes(location)) target = [location];
    if (target.length === 0) target = clauseTarget(view, after, hit.last, source);
    drafts.push({ hit, type, source, target, location, sent, reciprocal });
  }

  // A target left implicit continues the previous event's of the paragraph ("…deployed to Mali. Both withdrew.").
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const p = drafts[k - 1] ?? drafts[k]!;
    if (d.target.length > 0) continue;
    if (IMPLICIT_TARGET.has(d.type) && IMPLICIT_TARGET.has(p.type) && view.paraOf[p.sent] === view.paraOf[d.sent] && d.sent - p.sent <= 2) d.target = p.target.filter((id) => !d.source.includes(id));
    if (VICTIM_TARGET.has(d.type)) continue;
    // The article's country, or the next one when it is the source ("Paris decided to make its exit").
    topics ??= topicCountries(doc.entities);
    const topic = topics.slice(0, 2).find((id) => !d.source.includes(id));
    if (d.target.length === 0 && topic) d.target = [topic];
  }

  // One event per type and sentence: a verb and its own nominalisation ("imposed … sanctions"), or a list of
  // measures ("closing borders, shutting down transactions and freezing assets"), are one reported event.
  const kept: Draft[] = [];
  for (const d of drafts) {
    // Drafts come in sentence order, so a draft of the same sentence is among the last kept ones (and at most one
    // kept draft has this type and sentence).
    let dup: Draft | undefined;
    for (let k = kept.length - 1; k >= 0 && kept[k]!.sent === d.sent; k--) {
      if (kept[k]!.type === d.type) {
        dup = kept[k];
        break;
      }
    }
    if (dup) {
      dup.source = uniq([...dup.source, ...d.source]);
      dup.target = uniq([...dup.target, ...d.target]).filter((id) => !dup.source.includes(id) || dup.reciprocal || d.reciprocal);
      continue;
    }
    kept.push(d);
  }

  for (const d of kept) {
    const { hit, sent } = d;
    const t = hit.first;
    const a = view.sentFirst[sent]!;
    const b = view.sentEnd[sent]!;
    const vg = verbGroupStart(view, t, a);
    const modality = modalityOf(view, t, vg, a, b, hit.entry.subtype === 'deny');
    const claim: Claim | null = claims[t] ?? null;
    let attribution: Attribution | null = null;
    if (claim) {
      const self = claim.speakerIds.some((id) => d.source.includes(id));
      if (!self || (claim.verb !== null && lex.attribution.selfClaim.has(claim.verb))) attribution = { source: claim.source, text: claim.text };
    }
    const quantities: EventQuantity[] = [];
    for (const k of quantitiesOf[sent] ?? NONE) {
      const q = doc.quantities[k]!;
      const qt = qTok[k]!;
      // The quantity must be in the trigger's clause: no hard boundary between them.
      const lo = Math.min(qt, t);
      const hi = Math.max(qt, hit.last);
      let blocked = false;
      for (let i = lo + 1; i < hi; i++) if (isHardBoundary(view, i) && view.lower[i] !== 'that') blocked = true;
      if (blocked || hi - lo > 15) continue;
      const kind = quantityKind(view, hit, d.type, q);
      if (kind) quantities.push({ kind, value: q.value, low: q.low, high: q.high, approx: q.approx });
    }
    const sentence = { start: view.starts[a]!, end: view.ends[b - 1]! };
    const trigger = { start: view.starts[t]!, end: view.ends[hit.last]!, text: view.text.slice(view.starts[t]!, view.ends[hit.last]!) };
    const base = {
      type: d.type,
      subtype: hit.entry.subtype,
      trigger,
      source: d.source,
      target: d.target,
      location: d.location,
      quantities,
      modality,
      attribution,
      evidence: { start: sentence.start, end: sentence.end, sentence: view.text.slice(sentence.start, sentence.end) },
    };
    // A plural nominalisation with several dates is one event per date ("the coups of August 2020 and May 2021").
    const dates = hit.asNoun && view.lower[hit.first]!.endsWith('s') ? datesAfter(view, doc.times, timeTok, hit.last + 1, b) : [];
    if (dates.length >= 2) {
      for (const tm of dates) events.push(eventRecord(eventId(doc.document.id, trigger.start, trigger.end, d.type, tm.value), base, toTimeValue(tm, false)));
      continue;
    }
    events.push(eventRecord(eventId(doc.document.id, trigger.start, trigger.end, d.type), base, timeOf(view, doc.times, timeTok, datedTimes, t, sent)));
  }

  // Every quantity read under a claim carries it.
  const quantities = doc.quantities.map((q, k) => {
    const c = claims[qTok[k]!];
    if (!c || q.attribution) return q;
    return { ...q, attribution: { source: c.source, text: c.text } };
  });
  return { events, quantities };
}

/**
 * `{ id, ...base, time }`, written out: the same keys in the same order (the JSON output follows it), without the
 * engine's generic copy of a spread object.
 */
function eventRecord(id: string, base: Omit<EventRecord, 'id' | 'time'>, time: TimeValue | null): EventRecord {
  return {
    id,
    type: base.type,
    subtype: base.subtype,
    trigger: base.trigger,
    source: base.source,
    target: base.target,
    location: base.location,
    quantities: base.quantities,
    modality: base.modality,
    attribution: base.attribution,
    evidence: base.evidence,
    time,
  };
}

/** Date expressions right after a trigger in its clause (up to a hard boundary). */
function datesAfter(view: DocView, times: readonly TimeMention[], timeTok: Int32Array, from: number, end: number): TimeMention[] {
  const out: TimeMention[] = [];
  let stop = end;
  for (let i = from; i < end; i++) {
    if (isHardBoundary(view, i) || (commaAt(view, i) && !punctAt(view, i + 1))) {
      stop = i;
      break;
    }
  }
  for (let k = 0; k < times.length; k++) if (timeTok[k]! >= from && timeTok[k]! < stop && DATED.has(times[k]!.kind)) out.push(times[k]!);
  return out;
}

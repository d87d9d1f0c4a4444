import type { Attribution, Entity, EventQuantity, EventRecord, PloverType, Quantity, TimeMention } from '../../model/analysis.js';
import type { Doc } from '../../model/doc.js';
import type { TimeValue } from '../../model/time.js';
import { claimScopes, pronounRefs, type Claim } from './attribution.js';
import { isHardBoundary, slotsAfter, slotsBeforeNoun, subjectOf, verbGroupStart, type Slot } from './clause.js';
import { eventId } from './ids.js';
import { eventLexicon, looksParticiple } from './lexicon.js';
import { modalityOf } from './modality.js';
import { findTriggers, type TriggerHit } from './triggers.js';
import { buildView, isPunct, tokenLemma, type ActorRef, type DocView } from './view.js';

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)];

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
 * The time of an event: the date or range expression of its sentence nearest to the trigger (a duration or a set is
 * not a time of occurrence); else the last one of the one or two sentences before in the same paragraph, marked
 * inferred and approximate; else none (never silently the publication date).
 */
function timeOf(view: DocView, times: readonly TimeMention[], timeTok: Int32Array, t: number, sent: number): TimeValue | null {
  let best: TimeMention | null = null;
  let bestD = Infinity;
  for (let k = 0; k < times.length; k++) {
    const tm = times[k]!;
    if (!DATED.has(tm.kind) || view.sentOf[timeTok[k]!] !== sent) continue;
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
    let last: TimeMention | null = null;
    for (let k = 0; k < times.length; k++) if (DATED.has(times[k]!.kind) && view.sentOf[timeTok[k]!] === s) last = times[k]!;
    if (last) return toTimeValue(last, true);
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
}

/** Types whose target is a place one goes to or leaves: when the text leaves it implicit, context supplies it. */
const IMPLICIT_TARGET = new Set<PloverType>(['RETREAT', 'MOBILIZE']);
/** Types whose target is a victim: never guessed from the article's topic. */
const VICTIM_TARGET = new Set<PloverType>(['ASSAULT', 'FIGHT', 'CRIME']);

/** The country the article is about: the most mentioned one. */
function topicCountry(entities: readonly Entity[]): string | null {
  let best: Entity | null = null;
  for (const e of entities) if (e.kind === 'country' && (!best || e.mentions.length > best.mentions.length)) best = e;
  return best ? best.id : null;
}

/** For a trigger in a sentence-initial phrase closed by a comma: the actors opening the main clause. */
function frontedSubject(view: DocView, t: number, a: number, b: number): string[] {
  for (let k = a; k < t; k++) if (view.actorAt[k] || isHardBoundary(view, k)) return [];
  let c = t + 1;
  while (c < b && !view.lex.commas.has(view.lower[c]!)) {
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
function ownArguments(view: DocView, hit: TriggerHit, a: number, b: number, timeTok: Int32Array, times: readonly TimeMention[]): boolean {
  if (slotsBeforeNoun(view, hit.first, a).length > 0) return true;
  const next = view.lower[hit.last + 1] ?? '';
  if (view.lex.prepositions.has(next) && slotsAfter(view, hit.last + 1, b, { has: () => false }, 8).length > 0) return true;
  for (let k = 0; k < times.length; k++) {
    if (!DATED.has(times[k]!.kind) || view.sentOf[timeTok[k]!] !== view.sentOf[hit.first]) continue;
    const lo = Math.min(timeTok[k]!, hit.first);
    const hi = Math.max(timeTok[k]!, hit.last);
    let blocked = false;
    for (let i = lo + 1; i < hi; i++) if (view.lex.hardPunct.has(view.lower[i]!)) blocked = true;
    if (!blocked) return true;
  }
  return false;
}

const refIds = (refs: readonly ActorRef[]): string[] => uniq(refs.flatMap((r) => r.ids));

/** Extracts the events of a document and marks the claims among its quantities. */
export function extractEvents(doc: Doc): { events: EventRecord[]; quantities: Quantity[] } {
  const lex = eventLexicon(doc.document.language);
  if (!lex || doc.tokens.length === 0) return { events: [], quantities: doc.quantities };
  const view = buildView(doc, lex);
  const hits = findTriggers(view);

  // Verb triggers and reporting verbs end a neighbour's subject or object scan.
  const stopTokens = new Set<number>();
  for (const h of hits) if (!h.asNoun) stopTokens.add(h.first);
  for (let i = 0; i < view.lower.length; i++) if (tokenLemma(view, i, lex.attribution.reportingVerbs) && !view.actorAt[i]) stopTokens.add(i);
  const claims = claimScopes(view, stopTokens);

  const timeTok = new Int32Array(doc.times.length);
  doc.times.forEach((t, k) => (timeTok[k] = tokenAt(view, t.start)));
  const qTok = doc.quantities.map((q) => tokenAt(view, q.start));

  const events: EventRecord[] = [];
  const drafts: Draft[] = [];
  const topic = topicCountry(doc.entities);
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
    // The owner of a direct object counts as the object: "expelled the ambassador of Chad".
    const pick = (slots: readonly Slot[], names: readonly string[]): string[] => {
      const objOwner = names.includes('obj') && !slots.some((s) => s.slot === 'obj');
      return refIds(slots.filter((s) => names.includes(s.slot) || (objOwner && s.slot === 'of')).map((s) => s.ref));
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
      // withdrawal…", "ECOWAS imposed severe restrictions").
      if (source.length === 0) source = subjectIds();
      // In a fronted phrase ("During talks held in March, the EU was unable…"), the main clause's subject.
      if (source.length === 0) source = frontedSubject(view, t, a, b);
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
      const inverted = prevTok === '”' || prevTok === '"' || (lex.commas.has(prevTok) && /^[”"]$/.test(view.lower[t - 2] ?? ''));
      const invertedRefs = inverted ? after.filter((s) => s.slot === 'obj' && s.at <= hit.last + 3).map((s) => s.ref) : [];
      if (invertedRefs.length > 0) {
        // "“…,” lamented Béhanzin": the speaker follows the verb.
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
        source = subjectIds();
        target = pick(after, hit.entry.verbTarget);
      }
    }
    if (hit.entry.needsObject && !hit.asNoun && !after.some((x) => x.slot === 'obj' && x.at <= hit.last + 3)) continue;
    // Coordinated verbs share their subject ("looted houses, held villagers captive and executed…").
    const prevDraft = drafts[drafts.length - 1];
    if (source.length === 0 && !hit.asNoun && prevDraft && prevDraft.sent === sent && !prevDraft.hit.asNoun) source = prevDraft.source.slice();
    // A bare nominal with no actor, place or date of its own is a generic mention ("the coup", "support").
    if (hit.asNoun && !ownArguments(view, hit, a, b, timeTok, doc.times)) continue;
    target = target.filter((id) => !source.includes(id) || between0(after));
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
    drafts.push({ hit, type, source, target, location, sent });
  }

  // A target left implicit continues the previous event's of the paragraph ("…deployed to Mali. Both withdrew.").
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const p = drafts[k - 1] ?? drafts[k]!;
    if (d.target.length > 0) continue;
    if (IMPLICIT_TARGET.has(d.type) && view.paraOf[p.sent] === view.paraOf[d.sent] && d.sent - p.sent <= 2) d.target = p.target.filter((id) => !d.source.includes(id));
    if (VICTIM_TARGET.has(d.type)) continue;
    if (d.target.length === 0 && topic && !d.source.includes(topic)) d.target = [topic];
  }

  // One event per type and sentence: a verb and its own nominalisation ("imposed … sanctions"), or a list of
  // measures ("closing borders, shutting down transactions and freezing assets"), are one reported event.
  const kept: Draft[] = [];
  for (const d of drafts) {
    const dup = kept.find((k) => k.type === d.type && k.sent === d.sent);
    if (dup) {
      dup.source = uniq([...dup.source, ...d.source]);
      dup.target = uniq([...dup.target, ...d.target]).filter((id) => !dup.source.includes(id));
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
    for (let k = 0; k < doc.quantities.length; k++) {
      const q = doc.quantities[k]!;
      const qt = qTok[k]!;
      if (view.sentOf[qt] !== sent) continue;
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
    const dates = hit.asNoun && /s$/.test(view.lower[hit.first]!) ? datesAfter(view, doc.times, timeTok, hit.last + 1, b) : [];
    if (dates.length >= 2) {
      for (const tm of dates) events.push({ id: eventId(doc.document.id, trigger.start, trigger.end, d.type, tm.value), ...base, time: toTimeValue(tm, false) });
      continue;
    }
    events.push({ id: eventId(doc.document.id, trigger.start, trigger.end, d.type), ...base, time: timeOf(view, doc.times, timeTok, t, sent) });
  }

  // Every quantity read under a claim carries it.
  const quantities = doc.quantities.map((q, k) => {
    const c = claims[qTok[k]!];
    if (!c || q.attribution) return q;
    return { ...q, attribution: { source: c.source, text: c.text } };
  });
  return { events, quantities };
}

/** Date expressions right after a trigger in its clause (up to a hard boundary). */
function datesAfter(view: DocView, times: readonly TimeMention[], timeTok: Int32Array, from: number, end: number): TimeMention[] {
  const out: TimeMention[] = [];
  let stop = end;
  for (let i = from; i < end; i++) {
    if (isHardBoundary(view, i) || (view.lex.commas.has(view.lower[i]!) && !isPunct(view.lower[i + 1] ?? ''))) {
      stop = i;
      break;
    }
  }
  for (let k = 0; k < times.length; k++) if (timeTok[k]! >= from && timeTok[k]! < stop && DATED.has(times[k]!.kind)) out.push(times[k]!);
  return out;
}

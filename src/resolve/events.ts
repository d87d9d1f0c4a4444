import { dataFile } from '../data/loader.js';
import { contentId } from '../model/ids.js';
import { daysApart, intervalDays, timeInterval, timesCompatible } from './time-intervals.js';
import type { Attribution, EventQuantity, Modality, PloverType } from '../model/analysis.js';
import type { TimeValue } from '../model/time.js';

interface PloverData {
  types: Record<PloverType, { quad: string; family: string }>;
}

export function ploverInfo(type: PloverType): { quad: string; family: string } {
  return dataFile<PloverData>('data/ontology/plover.json').types[type] ?? { quad: 'unknown', family: type.toLowerCase() };
}

/** One event as one document reports it, with canonical (cross-document) entity ids. */
export interface EventMention {
  id: string;
  documentId: string;
  publisher: string | null;
  published: TimeValue | null;
  type: PloverType;
  subtype: string | null;
  trigger: string;
  sources: string[];
  targets: string[];
  location: string | null;
  time: TimeValue | null;
  quantities: EventQuantity[];
  modality: Modality;
  attribution: Attribution | null;
  sentence: string;
  evidenceStart: number;
}

/** The happening several mentions describe. */
export interface MergedEvent {
  id: string;
  family: string;
  members: EventMention[];
}

/** What the store knows of a place, to tell whether two locations can be the same. */
export type PlaceCountry = (entityId: string) => string | null;

const ASSERTING: ReadonlySet<Modality> = new Set(['asserted', 'alleged']);
const DENYING: ReadonlySet<Modality> = new Set(['denied', 'negated']);

const actorsOf = (m: Pick<EventMention, 'sources' | 'targets'>): Set<string> => new Set([...m.sources, ...m.targets]);

function locationsCompatible(a: string | null, b: string | null, countryOf: PlaceCountry): boolean {
  if (!a || !b || a === b) return true;
  const ca = countryOf(a);
  const cb = countryOf(b);
  return ca !== null && ca === cb;
}

/**
 * How well a mention fits a merged event (null: it cannot be the same happening). Type family, time and place
 * must be compatible with every member and actors must overlap where both sides name them. Then one of these
 * must hold: both sides are dated (compatibly) and share an actor; they share an actor and a place; they are
 * the same kind of act (subtype) between the same actors (a standing situation such as a deployment, reported
 * undated); or the mention follows another report of the happening within a few sentences of one document
 * (the next sentence's toll or denial). Two reports of one violent act may name different perpetrators: that
 * disagreement is for the contradiction finder, so sources need not overlap for violence.
 */
export function fitScore(m: EventMention, event: MergedEvent, countryOf: PlaceCountry): number | null {
  if (ploverInfo(m.type).family !== event.family) return null;
  const violence = event.family === 'violence';
  let best = -1;
  for (const o of event.members) {
    if (o.id === m.id) return null;
    if (!timesCompatible(m.time, o.time)) return null;
    if (!locationsCompatible(m.location, o.location, countryOf)) return null;
    if (m.sources.length && o.sources.length && !m.sources.some((s) => o.sources.includes(s)) && !violence) return null;
    if (m.targets.length && o.targets.length && !m.targets.some((t) => o.targets.includes(t))) return null;
    const theirs = actorsOf(o);
    let shared = 0;
    for (const a of actorsOf(m)) if (theirs.has(a)) shared++;
    const dated = !!m.time && !!o.time;
    const samePlace = !!m.location && m.location === o.location;
    const sameAct = !!m.subtype && m.subtype === o.subtype && m.sources.length > 0 && o.sources.length > 0 && m.targets.length > 0 && o.targets.length > 0 && m.sources.some((x) => o.sources.includes(x));
    const near = o.documentId === m.documentId && Math.abs(o.evidenceStart - m.evidenceStart) < 600;
    if (!((dated && shared > 0) || (samePlace && (shared > 0 || dated)) || sameAct || near)) continue;
    best = Math.max(best, 2 * shared + (samePlace ? 2 : 0) + (dated ? 1 : 0) + (sameAct ? 1 : 0) + (near ? 1 : 0));
  }
  return best >= 0 ? best : null;
}

/** Chooses the merged event a mention belongs to among candidates, or null for a new one. */
export function chooseMerge(m: EventMention, candidates: readonly MergedEvent[], countryOf: PlaceCountry): MergedEvent | null {
  let best: MergedEvent | null = null;
  let bestScore = -1;
  for (const c of [...candidates].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const s = fitScore(m, c, countryOf);
    if (s !== null && s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

export const newMergedEventId = (first: EventMention): string => contentId('evt', first.id);

/** A merged event's summary fields, from its members: the most reported type, all actors, the most precise time. */
export function summarize(event: MergedEvent): {
  type: PloverType;
  subtype: string | null;
  sources: string[];
  targets: string[];
  location: string | null;
  time: TimeValue | null;
} {
  const count = <T>(values: T[]): T[] => {
    const n = new Map<T, number>();
    for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
    return [...n.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([v]) => v);
  };
  const m = event.members;
  const timed = m
    .filter((x) => x.time && timeInterval(x.time))
    .sort((a, b) => intervalDays(timeInterval(a.time)!) - intervalDays(timeInterval(b.time)!) || a.time!.value.localeCompare(b.time!.value));
  return {
    type: count(m.map((x) => x.type))[0]!,
    subtype: count(m.map((x) => x.subtype).filter((s): s is string => !!s))[0] ?? null,
    sources: count(m.flatMap((x) => x.sources)),
    targets: count(m.flatMap((x) => x.targets)),
    location: count(m.map((x) => x.location).filter((s): s is string => !!s))[0] ?? null,
    time: timed[0]?.time ?? null,
  };
}

/** One side of a disagreement: who says what, where. */
export interface ClaimSide {
  mentionId: string;
  documentId: string;
  claimant: string | null;
  claimantText: string | null;
  statement: string;
  sentence: string;
}

export interface Contradiction {
  id: string;
  kind: 'number' | 'denial' | 'perpetrator' | 'force_size';
  /** What the two sides disagree about, in words. */
  about: string;
  eventId: string | null;
  subjectId: string | null;
  a: ClaimSide;
  b: ClaimSide;
}

/** A quantity as a closed interval, widened for hedged values ("about 300" is 255–345). */
export function quantityRange(q: Pick<EventQuantity, 'value' | 'low' | 'high' | 'approx'>): [number, number] | null {
  if (q.value !== null) {
    const slack = q.approx ? 0.15 * q.value : 0;
    return [q.value - slack, q.value + slack];
  }
  if (q.low === null && q.high === null) return null;
  return [q.low ?? 0, q.high ?? Number.POSITIVE_INFINITY];
}

export function rangesDisagree(a: [number, number], b: [number, number]): boolean {
  return a[1] < b[0] || b[1] < a[0];
}

export function describeQuantity(q: Pick<EventQuantity, 'value' | 'low' | 'high' | 'approx'>): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  if (q.value !== null) return `${q.approx ? 'about ' : ''}${n(q.value)}`;
  if (q.low !== null && q.high !== null) return `${n(q.low)}–${n(q.high)}`;
  if (q.low !== null) return `at least ${n(q.low)}`;
  return `up to ${n(q.high!)}`;
}

const sideOf = (m: EventMention, statement: string): ClaimSide => ({
  mentionId: m.id,
  documentId: m.documentId,
  claimant: m.attribution?.source ?? null,
  claimantText: m.attribution?.text ?? m.publisher,
  statement,
  sentence: m.sentence,
});

/** Two mentions say the same thing when they come from one claimant in one document. */
const sameVoice = (a: EventMention, b: EventMention): boolean =>
  a.documentId === b.documentId && (a.attribution?.source ?? a.attribution?.text ?? null) === (b.attribution?.source ?? b.attribution?.text ?? null);

/**
 * Disagreements inside one happening: incompatible numbers for the same slot (the death toll), an assertion
 * against a denial or negation, and different perpetrators of one violent act.
 */
export function contradictionsOf(event: MergedEvent, name: (entityId: string) => string): Contradiction[] {
  const out: Contradiction[] = [];
  const m = [...event.members].sort((a, b) => (a.id < b.id ? -1 : 1));
  const label = `${summarize(event).type.toLowerCase()} ${summarize(event).subtype ?? ''}`.trim();
  for (let i = 0; i < m.length; i++) {
    for (let j = i + 1; j < m.length; j++) {
      const a = m[i]!;
      const b = m[j]!;
      if (sameVoice(a, b)) continue;
      for (const kind of ['dead', 'injured', 'size'] as const) {
        const qa = a.quantities.find((q) => q.kind === kind);
        const qb = b.quantities.find((q) => q.kind === kind);
        const ra = qa && quantityRange(qa);
        const rb = qb && quantityRange(qb);
        if (qa && qb && ra && rb && rangesDisagree(ra, rb)) {
          out.push({
            id: contentId('con', 'number', event.id, kind, a.id, b.id),
            kind: 'number',
            about: `${kind === 'size' ? 'size' : `number ${kind}`} of ${label}`,
            eventId: event.id,
            subjectId: null,
            a: sideOf(a, describeQuantity(qa)),
            b: sideOf(b, describeQuantity(qb)),
          });
        }
      }
      const asserts = (x: EventMention): boolean => ASSERTING.has(x.modality);
      const denies = (x: EventMention): boolean => DENYING.has(x.modality);
      if ((asserts(a) && denies(b)) || (denies(a) && asserts(b))) {
        out.push({
          id: contentId('con', 'denial', event.id, a.id, b.id),
          kind: 'denial',
          about: `whether ${label} happened (${[...summarize(event).sources].map(name).join(', ') || 'unknown actor'})`,
          eventId: event.id,
          subjectId: null,
          a: sideOf(a, a.modality),
          b: sideOf(b, b.modality),
        });
      }
      // Different perpetrators count only between documents: one article naming several actors in turn is telling
      // its own story, not disagreeing with itself.
      if (event.family === 'violence' && a.documentId !== b.documentId && a.sources.length && b.sources.length && !a.sources.some((s) => b.sources.includes(s))) {
        out.push({
          id: contentId('con', 'perpetrator', event.id, a.id, b.id),
          kind: 'perpetrator',
          about: `who carried out ${label}`,
          eventId: event.id,
          subjectId: null,
          a: sideOf(a, a.sources.map(name).join(', ')),
          b: sideOf(b, b.sources.map(name).join(', ')),
        });
      }
    }
  }
  return out;
}

/** A force figure: how many troops/fighters an actor has, said in one sentence at one time. */
export interface ForceClaim {
  id: string;
  documentId: string;
  subject: string;
  value: number | null;
  low: number | null;
  high: number | null;
  approx: boolean;
  unit: string;
  time: TimeValue | null;
  claimant: string | null;
  claimantText: string | null;
  sentence: string;
}

/**
 * Force figures for one actor that cannot both be true: reported within `windowDays` of each other by different
 * documents, with ranges that do not overlap (300 mercenaries in January against 1,000 in February).
 */
export function forceContradictions(claims: readonly ForceClaim[], name: (entityId: string) => string, windowDays = 45): Contradiction[] {
  const out: Contradiction[] = [];
  const sorted = [...claims].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (a.subject !== b.subject || a.documentId === b.documentId) continue;
      const ta = timeInterval(a.time);
      const tb = timeInterval(b.time);
      if (!ta || !tb || daysApart(ta, tb) > windowDays) continue;
      const ra = quantityRange(a);
      const rb = quantityRange(b);
      if (!ra || !rb || !rangesDisagree(ra, rb)) continue;
      const side = (c: ForceClaim): ClaimSide => ({
        mentionId: c.id,
        documentId: c.documentId,
        claimant: c.claimant,
        claimantText: c.claimantText,
        statement: `${describeQuantity(c)} ${c.unit}s (${c.time?.value ?? 'undated'})`,
        sentence: c.sentence,
      });
      out.push({ id: contentId('con', 'force', a.id, b.id), kind: 'force_size', about: `size of ${name(a.subject)}'s force`, eventId: null, subjectId: a.subject, a: side(a), b: side(b) });
    }
  }
  return out;
}

/**
 * Presence denied against presence reported: a denial whose target is an actor ("denied the presence of Wagner
 * fighters", "Moscow denies any involvement of X") disagrees with reports that this actor deployed or operates
 * there. Pairs are formed per actor, other documents first, at most two per denial.
 */
export function presenceContradictions(
  actor: string,
  mentions: readonly EventMention[],
  name: (entityId: string) => string,
  namedIn: (sentence: string, entityId: string) => boolean,
): Contradiction[] {
  // The denial must name the actor itself: a denial of something else that happens to have the actor as its
  // resolved target ("which officials deny" after a sentence about another country) is not about its presence.
  const denials = mentions.filter(
    (m) => m.type === 'REJECT' && m.subtype === 'deny' && m.targets.includes(actor) && !m.sources.includes(actor) && m.modality === 'asserted' && namedIn(m.sentence, actor),
  );
  const presence = mentions.filter((m) => m.type === 'MOBILIZE' && m.sources.includes(actor) && ASSERTING.has(m.modality));
  const out: Contradiction[] = [];
  for (const d of [...denials].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const others = [...presence]
      .filter((p) => !sameVoice(p, d))
      .sort((a, b) => Number(a.documentId === d.documentId) - Number(b.documentId === d.documentId) || (a.id < b.id ? -1 : 1))
      .slice(0, 2);
    for (const p of others) {
      out.push({
        id: contentId('con', 'presence', actor, d.id, p.id),
        kind: 'denial',
        about: `presence of ${name(actor)}${p.targets.length ? ` in ${p.targets.map(name).join(', ')}` : ''}`,
        eventId: null,
        subjectId: actor,
        a: sideOf(p, `${p.trigger} (${p.modality})`),
        b: sideOf(d, d.trigger),
      });
    }
  }
  return out;
}

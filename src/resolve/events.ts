import { dataFile } from '../data/loader.js';
import { contentId } from '../model/ids.js';
import { daysApart, intervalDays, intervalMiddle, timeInterval, timesCompatible } from './time-intervals.js';
import { bucketsCompatible, quarterOf } from './time-buckets.js';
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
 * How well a mention fits a merged event (null: it cannot be the same happening). Type family, time bucket
 * (`bucketsCompatible`), time and place must be compatible with every member and actors must overlap where both
 * sides name them. Then one of these must hold: both sides are dated to a month or less (`pinned`, compatibly)
 * and share an actor; they share an actor and a place; they are the same kind of act (subtype) between the same
 * actors (a standing situation such as a deployment, reported undated); or the mention follows another report of
 * the happening within a few sentences of one document (the next sentence's toll or denial). Two reports of one
 * violent act may name different perpetrators: that disagreement is for the contradiction finder, so sources need
 * not overlap for violence.
 */
export function fitScore(m: EventMention, event: MergedEvent, countryOf: PlaceCountry): number | null {
  if (ploverInfo(m.type).family !== event.family) return null;
  const violence = event.family === 'violence';
  let best = -1;
  // A happening reported hundreds of times is judged on its first reports and those of the same document: every
  // report in it already fitted the others, and comparing with all of them would make merging quadratic.
  const members = event.members.length > 40 ? [...event.members.slice(0, 30), ...event.members.slice(30).filter((o) => o.documentId === m.documentId)] : event.members;
  for (const o of members) {
    if (o.id === m.id) return null;
    // Part of what a link is, not a limit on a search: it keeps components bounded whatever came first.
    if (!bucketsCompatible(m, o)) return null;
    if (!timesCompatible(m.time, o.time) && !datesDisagree(m, o)) return null;
    if (!locationsCompatible(m.location, o.location, countryOf)) return null;
    if (m.sources.length && o.sources.length && !m.sources.some((s) => o.sources.includes(s)) && !violence) return null;
    if (m.targets.length && o.targets.length && !m.targets.some((t) => o.targets.includes(t))) return null;
    const theirs = actorsOf(o);
    let shared = 0;
    for (const a of actorsOf(m)) if (theirs.has(a)) shared++;
    const dated = pinned(m) && pinned(o);
    const samePlace = !!m.location && m.location === o.location;
    const sameAct = !!m.subtype && m.subtype === o.subtype && m.sources.length > 0 && o.sources.length > 0 && m.targets.length > 0 && o.targets.length > 0 && m.sources.some((x) => o.sources.includes(x));
    const near = o.documentId === m.documentId && Math.abs(o.evidenceStart - m.evidenceStart) < 600;
    // `linkKeys` (event-clusters.ts) is a key for each of these ways across documents: change them together.
    if (!((dated && shared > 0) || (samePlace && (shared > 0 || dated)) || sameAct || near)) continue;
    best = Math.max(best, 2 * shared + (samePlace ? 2 : 0) + (dated ? 1 : 0) + (sameAct ? 1 : 0) + (near ? 1 : 0));
  }
  return best >= 0 ? best : null;
}

/** The widest time that still dates a report for linking ("in March 2022"; not "in 2022" or "this spring"). */
export const PINNED_DAYS = 31;

/**
 * Whether a report is dated closely enough that two such reports at compatible times, sharing an actor (or a
 * place), are one happening. Two attacks by the army "in 2023" are not one attack; two on 17 February may be.
 */
export function pinned(m: Pick<EventMention, 'time'>): boolean {
  let p = pinnedReports.get(m);
  if (p === undefined) {
    const t = timeInterval(m.time);
    pinnedReports.set(m, (p = !!t && intervalDays(t) <= PINNED_DAYS));
  }
  return p;
}

/** `pinned` of each report seen, as `fitScore` asks it of every pair compared. */
const pinnedReports = new WeakMap<Pick<EventMention, 'time'>, boolean>();

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** How far apart two dates of one act may be and still be disputed dates of it (within its quarter). */
const DISPUTED_DATE_DAYS = 20;

/**
 * Two documents reporting the same one-off act between the same actors a few days apart ("announced on February
 * 17" against "on February 18") describe one happening with disputed dates, not two happenings. Violence is
 * left out: attacks by one group on one target days apart are usually separate attacks.
 */
export function datesDisagree(a: EventMention, b: EventMention): boolean {
  if (a.documentId === b.documentId || ploverInfo(a.type).family === 'violence') return false;
  if (a.time?.precision !== 'day' || b.time?.precision !== 'day' || !a.subtype || a.subtype !== b.subtype) return false;
  if (!a.sources.length || !a.targets.length || !sameSet(a.sources, b.sources) || !sameSet(a.targets, b.targets)) return false;
  const x = timeInterval(a.time);
  const y = timeInterval(b.time);
  // Within a quarter only: a withdrawal reported day after day links each day to the next, and across quarter
  // ends that chain grew one link component over years, which every new report of it clustered again.
  return !!x && !!y && quarterOf(x[0]) === quarterOf(y[0]) && daysApart(x, y) <= DISPUTED_DATE_DAYS;
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

/**
 * Adds a report to a happening keeping its reports in id order, the order a store reads them back in: every
 * rule that looks at "the first reports" then sees the same ones on every backend and in every run.
 */
export function addMember(event: MergedEvent, mention: EventMention): void {
  const m = event.members;
  let i = m.length;
  while (i > 0 && m[i - 1]!.id > mention.id) i--;
  m.splice(i, 0, mention);
}

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
  kind: 'number' | 'denial' | 'perpetrator' | 'force_size' | 'date';
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
 * Reports grouped by what they say: many articles repeating one figure (or one denial) are one position, so
 * contradictions grow with the number of distinct positions, not with the number of reports. Each group keeps
 * its reports in id order; its first report speaks for it.
 */
function groupBy<K>(members: readonly EventMention[], key: (m: EventMention) => K | null): Map<K, EventMention[]> {
  const groups = new Map<K, EventMention[]>();
  for (const m of members) {
    const k = key(m);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(m);
    else groups.set(k, [m]);
  }
  return groups;
}

/** The first pair of reports, one from each group, that are not one voice (null when only one voice holds both). */
function voicesApart(a: readonly EventMention[], b: readonly EventMention[]): [EventMention, EventMention] | null {
  for (const x of a) for (const y of b) if (!sameVoice(x, y)) return [x, y];
  return null;
}

/**
 * Disagreements inside one happening: incompatible numbers for the same slot (the death toll), an assertion
 * against a denial or negation, and different perpetrators of one violent act (between documents).
 */
export function contradictionsOf(event: MergedEvent, name: (entityId: string) => string): Contradiction[] {
  const out: Contradiction[] = [];
  const m = [...event.members].sort((a, b) => (a.id < b.id ? -1 : 1));
  const summary = summarize(event);
  const label = `${summary.type.toLowerCase()} ${summary.subtype ?? ''}`.trim();

  for (const kind of ['dead', 'injured', 'size'] as const) {
    const figure = (x: EventMention): EventQuantity | undefined => x.quantities.find((q) => q.kind === kind);
    const groups = [...groupBy(m, (x) => {
      const q = figure(x);
      return q && quantityRange(q) ? describeQuantity(q) : null;
    }).entries()];
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const [sa, ga] = groups[i]!;
        const [sb, gb] = groups[j]!;
        if (!rangesDisagree(quantityRange(figure(ga[0]!)!)!, quantityRange(figure(gb[0]!)!)!)) continue;
        const pair = voicesApart(ga, gb);
        if (!pair) continue;
        const [x, y] = sa < sb ? [sa, sb] : [sb, sa];
        out.push({
          id: contentId('con', 'number', event.id, kind, x, y),
          kind: 'number',
          about: `${kind === 'size' ? 'size' : `number ${kind}`} of ${label}`,
          eventId: event.id,
          subjectId: null,
          a: sideOf(pair[0], sa),
          b: sideOf(pair[1], sb),
        });
      }
    }
  }

  const asserting = m.filter((x) => ASSERTING.has(x.modality));
  const denying = m.filter((x) => DENYING.has(x.modality));
  const denial = voicesApart(asserting, denying);
  if (denial) {
    out.push({
      id: contentId('con', 'denial', event.id),
      kind: 'denial',
      about: `whether ${label} happened (${summary.sources.map(name).join(', ') || 'unknown actor'})`,
      eventId: event.id,
      subjectId: null,
      a: sideOf(denial[0], denial[0].modality),
      b: sideOf(denial[1], denial[1].modality),
    });
  }

  // Disputed dates: reports of the happening dated to different days by different documents.
  const dated = [...groupBy(m, (x) => (x.time?.precision === 'day' ? x.time.value : null)).entries()];
  for (let i = 0; i < dated.length; i++) {
    for (let j = i + 1; j < dated.length; j++) {
      const [da, ga] = dated[i]!;
      const [db, gb] = dated[j]!;
      let pair: [EventMention, EventMention] | null = null;
      for (const x of ga) for (const y of gb) if (!pair && x.documentId !== y.documentId) pair = [x, y];
      if (!pair || timesCompatible(pair[0].time, pair[1].time)) continue;
      out.push({
        id: contentId('con', 'date', event.id, ...[da, db].sort()),
        kind: 'date',
        about: `when ${label} happened`,
        eventId: event.id,
        subjectId: null,
        a: sideOf(pair[0], pair[0].time!.value),
        b: sideOf(pair[1], pair[1].time!.value),
      });
    }
  }

  if (event.family === 'violence') {
    // Different perpetrators count only between documents: one article naming several actors in turn is telling
    // its own story, not disagreeing with itself.
    const groups = [...groupBy(m, (x) => (x.sources.length ? [...x.sources].sort().join('|') : null)).entries()];
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const [ka, ga] = groups[i]!;
        const [kb, gb] = groups[j]!;
        if (ga[0]!.sources.some((s) => gb[0]!.sources.includes(s))) continue;
        let pair: [EventMention, EventMention] | null = null;
        for (const x of ga) for (const y of gb) if (!pair && x.documentId !== y.documentId) pair = [x, y];
        if (!pair) continue;
        out.push({
          id: contentId('con', 'perpetrator', event.id, ...[ka, kb].sort()),
          kind: 'perpetrator',
          about: `who carried out ${label}`,
          eventId: event.id,
          subjectId: null,
          a: sideOf(pair[0], pair[0].sources.map(name).join(', ')),
          b: sideOf(pair[1], pair[1].sources.map(name).join(', ')),
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
 * documents, with ranges that do not overlap (300 mercenaries in January against 1,000 in February). Claims are
 * grouped by figure and month first, so repeated reports of one figure make one position.
 */
/** Force figures further apart than this (between the middles of their times) never disagree. */
export const FORCE_WINDOW_DAYS = 45;

/**
 * Where a force figure sits among the others of its subject: its group (the same figure stated for the same month;
 * a group's time is that of its first figure by id) and the middle of its own time (ms since the epoch). Null
 * for a figure with no interpretable time or no range, which never disagrees with anything.
 */
export function forceGroupOf(c: Pick<ForceClaim, 'time' | 'value' | 'low' | 'high' | 'approx'>): { key: string; middle: number } | null {
  const t = timeInterval(c.time);
  if (!t || !quantityRange(c)) return null;
  return { key: `${describeQuantity(c)}@${t[0].slice(0, 7)}`, middle: intervalMiddle(t) };
}

/** The id of the contradiction between two groups of a subject's force figures (`forceGroupOf` keys). */
export const forceContradictionId = (subject: string, keyA: string, keyB: string): string =>
  keyA < keyB ? contentId('con', 'force', subject, keyA, keyB) : contentId('con', 'force', subject, keyB, keyA);

/**
 * The contradictions among a subject's force figures: two groups within the window whose ranges disagree. With
 * `involving`, only those between one of these groups and another (what a write that touched them refreshes): a
 * busy subject's neighbouring groups are many, and the pairs among them alone cannot have changed.
 */
export function forceContradictions(
  claims: readonly ForceClaim[],
  name: (entityId: string) => string,
  windowDays = FORCE_WINDOW_DAYS,
  involving: ReadonlySet<string> | null = null,
): Contradiction[] {
  const out: Contradiction[] = [];
  const groups = new Map<string, ForceClaim[]>();
  for (const c of [...claims].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const key = forceGroupOf(c)?.key;
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const keys = [...groups.keys()].sort();
  // Groups more than the window apart never disagree: visit groups in order of their middle day and compare each
  // with the following ones only while they are within the window (the same test as `daysApart`, on numbers
  // computed once per group), then emit the pairs in key order, as a comparison of every pair would.
  const middles = keys.map((k) => intervalMiddle(timeInterval(groups.get(k)![0]!.time)!));
  const byMiddle = keys.map((_, i) => i).sort((a, b) => middles[a]! - middles[b]! || a - b);
  const pairs: Array<[number, number]> = [];
  for (let p = 0; p < byMiddle.length; p++) {
    for (let q = p + 1; q < byMiddle.length; q++) {
      const a = byMiddle[p]!;
      const b = byMiddle[q]!;
      if (Math.abs(middles[a]! - middles[b]!) / 864e5 > windowDays) break;
      if (involving && !involving.has(keys[a]!) && !involving.has(keys[b]!)) continue;
      pairs.push(a < b ? [a, b] : [b, a]);
    }
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (const [i, j] of pairs) {
    const ga = groups.get(keys[i]!)!;
    const gb = groups.get(keys[j]!)!;
    const a0 = ga[0]!;
    const b0 = gb[0]!;
    if (!rangesDisagree(quantityRange(a0)!, quantityRange(b0)!)) continue;
    let pair: [ForceClaim, ForceClaim] | null = null;
    for (const x of ga) for (const y of gb) if (!pair && x.documentId !== y.documentId) pair = [x, y];
    if (!pair) continue;
    const side = (c: ForceClaim): ClaimSide => ({
      mentionId: c.id,
      documentId: c.documentId,
      claimant: c.claimant,
      claimantText: c.claimantText,
      statement: `${describeQuantity(c)} ${c.unit}s (${c.time?.value ?? 'undated'})`,
      sentence: c.sentence,
    });
    out.push({
      id: forceContradictionId(a0.subject, keys[i]!, keys[j]!),
      kind: 'force_size',
      about: `size of ${name(a0.subject)}'s force`,
      eventId: null,
      subjectId: a0.subject,
      a: side(pair[0]),
      b: side(pair[1]),
    });
  }
  return out;
}

/** A report denying an actor's presence (before the check that its sentence names the actor). */
export const deniesPresence = (m: EventMention, actor: string): boolean =>
  m.type === 'REJECT' && m.subtype === 'deny' && m.targets.includes(actor) && !m.sources.includes(actor) && m.modality === 'asserted';

/** Who denies, in which words: a denial repeated word for word by several reports is one denial. */
export const presenceVoice = (d: EventMention): string => `${d.attribution?.source ?? d.attribution?.text ?? ''}|${d.sentence}`;

export const presenceContradictionId = (actor: string, voice: string): string => contentId('con', 'presence', actor, voice);

/** A report of an actor's presence (deployed, operating). */
export const reportsPresence = (m: EventMention, actor: string): boolean => m.type === 'MOBILIZE' && m.sources.includes(actor) && ASSERTING.has(m.modality);

/**
 * Presence denied against presence reported: a denial whose target is an actor ("denied the presence of Wagner
 * fighters", "Moscow denies any involvement of X") disagrees with reports that this actor deployed or operates
 * there. One contradiction per distinct denial, paired with the first report from another document. Only the
 * denials, the first two presence reports of distinct documents and the presence reports of the denials'
 * documents matter (`presenceRowsNeeded`), so a store need not read an actor's whole history.
 */
export function presenceContradictions(
  actor: string,
  mentions: readonly EventMention[],
  name: (entityId: string) => string,
  namedIn: (sentence: string, entityId: string) => boolean,
): Contradiction[] {
  // The denial must name the actor itself: a denial of something else that happens to have the actor as its
  // resolved target ("which officials deny" after a sentence about another country) is not about its presence.
  const denials = mentions.filter((m) => deniesPresence(m, actor) && namedIn(m.sentence, actor));
  const presence = mentions.filter((m) => reportsPresence(m, actor));
  const out: Contradiction[] = [];
  const seen = new Set<string>();
  for (const d of [...denials].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    // A denial repeated word for word by several reports is one denial.
    const voice = presenceVoice(d);
    if (seen.has(voice)) continue;
    seen.add(voice);
    const p = [...presence]
      .filter((x) => !sameVoice(x, d))
      .sort((a, b) => Number(a.documentId === d.documentId) - Number(b.documentId === d.documentId) || (a.id < b.id ? -1 : 1))[0];
    if (!p) continue;
    out.push({
      id: presenceContradictionId(actor, voice),
      kind: 'denial',
      about: `presence of ${name(actor)}${p.targets.length ? ` in ${p.targets.map(name).join(', ')}` : ''}`,
      eventId: null,
      subjectId: actor,
      a: sideOf(p, `${p.trigger} (${p.modality})`),
      b: sideOf(d, d.trigger),
    });
  }
  return out;
}

import { chooseMerge, fitScore, addMember, newMergedEventId, pinned, ploverInfo, type EventMention, type MergedEvent, type PlaceCountry } from './events.js';
import { timeInterval } from './time-intervals.js';
import { UNDATED_BUCKET, timeBucket } from './time-buckets.js';

/**
 * Happenings as a function of the set of reports, whatever order documents arrive in.
 *
 * Two reports are *linked* when one could join a happening made of the other alone (`fitScore`). A report only
 * ever joins a happening holding a report it is linked to, so a happening never spans two connected components
 * of the link graph. Inside a component, reports are merged greedily in mention-id order (each joins the best
 * fitting happening so far, ties to the smaller id; a happening's id comes from its smallest report). The
 * greedy pass over a component gives exactly what one greedy pass over every report of the store, in id order,
 * would give for those reports, so a store can re-cluster only the components a new document touches.
 */
export interface EventComponent {
  /** The smallest report id of the component: stable while the component keeps that report. */
  id: string;
  events: MergedEvent[];
}

export function linked(a: EventMention, b: EventMention, countryOf: PlaceCountry): boolean {
  const family = ploverInfo(b.type).family;
  return fitScore(a, { id: '', family, members: [b] }, countryOf) !== null;
}

/**
 * What a store already holds of reports about to be clustered again with new ones: each one's happening and
 * component as written, and per stored component the first new report that shares a link key with one of its
 * reports (`from`). A greedy pass in id order never revisits a report, and a report is only ever judged against
 * the happenings of reports it is linked to: a stored report before the first new report that reaches its
 * component keeps its happening (a new report that joins one of those happenings would be linked to one of its
 * members, and so reach the component). A component no new report reaches keeps every happening. The reports of
 * one component stay connected when reports are added.
 */
export interface PriorClustering {
  from: ReadonlyMap<string, string>;
  placement: ReadonlyMap<string, { merged: string; component: string }>;
}

/** Sorts after every report id. */
const LAST_ID = '\uffff';

/**
 * Connected components of the link graph, each clustered greedily in id order, in one pass: each report is
 * compared with the earlier reports it shares a link key (`linkKeys`) or a document with. Each happening among
 * theirs is judged once (`fitScore`): one that fits holds a report the new one is linked to, so these give the
 * same choice as comparing it with every happening so far. For the components, a report is tested for a link
 * (`linked`) only with earlier reports of other components than its own so far: once linked to one report of a
 * component it is in that component (a busy actor's month is one component of hundreds of reports, and testing
 * each of them was a third of the clustering of such a component). With `prior` (reports were only added), the
 * stored reports before the first new one that reaches their component keep their happenings and are not judged
 * again.
 */
export function clusterCanonically(mentions: readonly EventMention[], countryOf: PlaceCountry, prior: PriorClustering | null = null): EventComponent[] {
  const byId = new Map<string, EventMention>();
  for (const m of mentions) byId.set(m.id, m);
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  /** Earlier reports by family and key (their `linkKeys`, and their document). */
  const blocks = new Map<string, number[]>();
  const eventOf: MergedEvent[] = [];
  const created: Array<{ event: MergedEvent; first: number }> = [];
  /** The reports of one prior component are connected already, and the prior's happenings by their stored id. */
  const firstOfComponent = new Map<string, number>();
  const priorEvents = new Map<string, MergedEvent>();
  const remember = (j: number, keys: readonly string[]): void => {
    for (const key of keys) {
      const list = blocks.get(key);
      if (list) list.push(j);
      else blocks.set(key, [j]);
    }
  };
  sorted.forEach((m, j) => {
    const family = ploverInfo(m.type).family;
    const doc = `${family}\u0000doc:${m.documentId}`;
    const keys = [...linkKeys(m).map((k) => `${family}\u0000${k}`), doc];
    const was = prior?.placement.get(m.id);
    if (was) {
      const first = firstOfComponent.get(was.component);
      if (first === undefined) firstOfComponent.set(was.component, j);
      else parent[find(j)] = find(first);
    }
    if (was && m.id < (prior!.from.get(was.component) ?? LAST_ID)) {
      // Before the first new report, the greedy pass chose as it did when this report was written.
      let event = priorEvents.get(was.merged);
      if (event) addMember(event, m);
      else {
        priorEvents.set(was.merged, (event = { id: newMergedEventId(m), family, members: [m] }));
        created.push({ event, first: j });
      }
      eventOf[j] = event;
      remember(j, keys);
      return;
    }
    const lookups = [...linkLookups(m).map((k) => `${family}\u0000${k}`), doc];
    const judged = new Set<MergedEvent>();
    const checked = new Set<number>();
    for (const key of lookups) {
      for (const i of blocks.get(key) ?? []) {
        if (checked.has(i)) continue;
        checked.add(i);
        judged.add(eventOf[i]!);
        if (find(i) !== find(j) && linked(m, sorted[i]!, countryOf)) parent[find(j)] = find(i);
      }
    }
    let chosen = chooseMerge(m, [...judged], countryOf);
    if (chosen) addMember(chosen, m);
    else {
      chosen = { id: newMergedEventId(m), family, members: [m] };
      created.push({ event: chosen, first: j });
    }
    eventOf[j] = chosen;
    remember(j, keys);
  });
  const groups = new Map<number, { first: number; events: MergedEvent[] }>();
  for (const { event, first } of created) {
    const root = find(first);
    const group = groups.get(root);
    if (group) {
      group.events.push(event);
      group.first = Math.min(group.first, first);
    } else groups.set(root, { first, events: [event] });
  }
  return [...groups.values()].map((g) => ({ id: sorted[g.first]!.id, events: g.events })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Every (entity, time bucket) pair a happening's reports name as actor or place, with the bucket of the report
 * naming it: the keys a later report of another document can be linked through (only within its bucket,
 * `bucketsCompatible`). PostgreSQL's store keeps these; SQLite's the narrower
 * `eventLinkKeys`.
 */
export function eventKeys(event: MergedEvent): Array<{ entity: string; bucket: string }> {
  return bucketedKeys(event, mentionKeys).map(({ key, bucket }) => ({ entity: key, bucket }));
}

/**
 * Every (link key, time bucket) pair of a happening's reports (`linkKeys`, with the bucket of the report that
 * has it): what a later report of another document is looked up by.
 */
export function eventLinkKeys(event: MergedEvent): Array<{ key: string; bucket: string }> {
  return bucketedKeys(event, linkKeys);
}

/** A happening's reports' keys, each with the bucket of the report that has it, sorted. */
function bucketedKeys(event: MergedEvent, keysOf: (m: EventMention) => string[]): Array<{ key: string; bucket: string }> {
  const keys = new Map<string, { key: string; bucket: string }>();
  for (const m of event.members) {
    const { bucket } = timeBucket(m);
    if (bucket === UNDATED_BUCKET) continue; // linked only within its own document
    for (const key of keysOf(m)) keys.set(`${key}\u0000${bucket}`, { key, bucket });
  }
  return [...keys.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, k]) => k);
}

/**
 * The keys a report can be linked through to a report of another document, as it is stored (`linkKeys`) and as
 * it looks others up (`linkLookups`). Each is a necessary condition of one of the ways `fitScore` lets two such
 * reports be one happening: the same place and an actor in common (`place`); the same act by a source on a target
 * in common (`act`); or both pinned to a month or less at overlapping times, with an actor or the place in common
 * (`dated`, by each month the report's time covers: one or two). A report close by in the same document is found by
 * its document. Every two reports of different documents that link have a lookup of one among the keys of the
 * other, while a busy actor's reports do not all meet: an undated report of an actor in a place meets only that
 * actor's reports in that place, or of the same act on the same target. (Two reports days apart may be the same
 * act with disputed dates within a quarter, `datesDisagree`: the `act` key finds them.)
 */
export function linkKeys(m: EventMention): string[] {
  const keys = new Set<string>();
  const actors = [...new Set([...m.sources, ...m.targets])];
  if (m.location) for (const a of actors) keys.add(`place\u0001${m.location}\u0001${a}`);
  // The same act names a source and a target on both sides, and two reports naming targets share one.
  if (m.subtype) for (const a of m.sources) for (const t of m.targets) keys.add(`act\u0001${m.subtype}\u0001${a}\u0001${t}`);
  if (pinned(m)) {
    const named = m.location ? [...actors, m.location] : actors;
    const t = timeInterval(m.time)!;
    for (const e of named) for (const month of monthsBetween(t[0], t[1])) keys.add(`dated\u0001${e}\u0001${month}`);
  }
  return [...keys].sort();
}

/** What a report looks others up by: its own keys, since every way of linking is symmetric now. */
export const linkLookups = linkKeys;

/** Every month ("2022-02") from one ISO day to another, both included (a pinned time covers one or two). */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let mo = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${y}-${String(mo).padStart(2, '0')}`;
    out.push(label);
    if (label >= last) break;
    if (++mo > 12) {
      mo = 1;
      y++;
    }
  }
  return out;
}

/** The days a happening's dated reports cover, and whether any report is undated (which any report may join). */
export function eventSpan(event: MergedEvent): { start: string | null; end: string | null; undated: boolean } {
  let start: string | null = null;
  let end: string | null = null;
  let undated = false;
  for (const m of event.members) {
    const t = timeInterval(m.time);
    if (!t) {
      undated = true;
      continue;
    }
    if (start === null || t[0] < start) start = t[0];
    if (end === null || t[1] > end) end = t[1];
  }
  return { start, end, undated };
}

/**
 * The buckets a report's linked reports of other documents can be in: its own (none for an undated report, which
 * links only within its document). A list, as a store migrated from before buckets also answers "every bucket".
 */
export function candidateBuckets(m: EventMention): string[] {
  const own = timeBucket(m);
  return own.bucket === UNDATED_BUCKET ? [] : [own.bucket];
}

/** The entities a report can be linked through: its actors and its place. */
export function mentionKeys(m: EventMention): string[] {
  return [...new Set([...m.sources, ...m.targets, ...(m.location ? [m.location] : [])])].sort();
}

/** Member ids of a happening, as a comparable string: a happening whose members did not change need not be rewritten. */
export const membershipOf = (event: MergedEvent): string => event.members.map((m) => m.id).join(',');

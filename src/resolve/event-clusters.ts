import { chooseMerge, fitScore, addMember, newMergedEventId, ploverInfo, type EventMention, type MergedEvent, type PlaceCountry } from './events.js';
import { timeInterval } from './time-intervals.js';

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
 * Connected components of the link graph, each clustered greedily in id order, in one pass: each report is
 * compared with the earlier reports it shares an actor, a place or a document with, skipping those whose
 * happening is already a candidate. A report can only join a happening holding a report it is linked to, so
 * these candidates give the same choice as comparing it with every happening so far; and a report linked to one
 * member of a happening is in the same component as all of them, so the skipped comparisons change nothing.
 */
export function clusterCanonically(mentions: readonly EventMention[], countryOf: PlaceCountry): EventComponent[] {
  const byId = new Map<string, EventMention>();
  for (const m of mentions) byId.set(m.id, m);
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  /** Earlier reports by family and key (an actor, a place or the document). */
  const blocks = new Map<string, number[]>();
  const eventOf: MergedEvent[] = [];
  const created: Array<{ event: MergedEvent; first: number }> = [];
  sorted.forEach((m, j) => {
    const family = ploverInfo(m.type).family;
    const keys = [...mentionKeys(m), `doc:${m.documentId}`].map((k) => `${family}\u0000${k}`);
    const candidates = new Set<MergedEvent>();
    const checked = new Set<number>();
    for (const key of keys) {
      for (const i of blocks.get(key) ?? []) {
        if (checked.has(i)) continue;
        checked.add(i);
        if (candidates.has(eventOf[i]!)) continue;
        if (!linked(m, sorted[i]!, countryOf)) continue;
        candidates.add(eventOf[i]!);
        parent[find(j)] = find(i);
      }
    }
    let chosen = chooseMerge(m, [...candidates], countryOf);
    if (chosen) addMember(chosen, m);
    else {
      chosen = { id: newMergedEventId(m), family, members: [m] };
      created.push({ event: chosen, first: j });
    }
    eventOf[j] = chosen;
    for (const key of keys) {
      const list = blocks.get(key);
      if (list) list.push(j);
      else blocks.set(key, [j]);
    }
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

/** Every entity a happening's reports name as actor or place: the keys a later report can be linked through. */
export function eventKeys(event: MergedEvent): string[] {
  const keys = new Set<string>();
  for (const m of event.members) {
    for (const a of m.sources) keys.add(a);
    for (const a of m.targets) keys.add(a);
    if (m.location) keys.add(m.location);
  }
  return [...keys].sort();
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

/** Reports a few days apart may still be one act with disputed dates (`datesDisagree`): candidates look that far. */
const DISPUTED_DATE_SLACK_DAYS = 21;

const shiftDay = (isoDay: string, days: number): string => new Date(Date.parse(isoDay) + days * 864e5).toISOString().slice(0, 10);

/** The window of days a dated report's linked reports must touch; null when the report is undated. */
export function candidateWindow(m: EventMention): { from: string; to: string } | null {
  const t = timeInterval(m.time);
  return t ? { from: shiftDay(t[0], -DISPUTED_DATE_SLACK_DAYS), to: shiftDay(t[1], DISPUTED_DATE_SLACK_DAYS) } : null;
}

/** The entities a report can be linked through: its actors and its place. */
export function mentionKeys(m: EventMention): string[] {
  return [...new Set([...m.sources, ...m.targets, ...(m.location ? [m.location] : [])])].sort();
}

/** Member ids of a happening, as a comparable string: a happening whose members did not change need not be rewritten. */
export const membershipOf = (event: MergedEvent): string => event.members.map((m) => m.id).join(',');

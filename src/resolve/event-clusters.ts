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

/** Connected components of the link graph, each clustered greedily in id order. */
export function clusterCanonically(mentions: readonly EventMention[], countryOf: PlaceCountry): EventComponent[] {
  const byId = new Map<string, EventMention>();
  for (const m of mentions) byId.set(m.id, m);
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byFamily = new Map<string, number[]>();
  sorted.forEach((m, i) => {
    const f = ploverInfo(m.type).family;
    const list = byFamily.get(f);
    if (list) list.push(i);
    else byFamily.set(f, [i]);
  });
  for (const list of byFamily.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        if (find(i) === find(j)) continue;
        if (linked(sorted[j]!, sorted[i]!, countryOf)) parent[find(j)] = find(i);
      }
    }
  }
  const groups = new Map<number, EventMention[]>();
  sorted.forEach((m, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(m);
    else groups.set(root, [m]);
  });
  const out: EventComponent[] = [];
  for (const members of groups.values()) {
    const events: MergedEvent[] = [];
    for (const m of members) {
      const chosen = chooseMerge(m, events, countryOf);
      if (chosen) addMember(chosen, m);
      else events.push({ id: newMergedEventId(m), family: ploverInfo(m.type).family, members: [m] });
    }
    out.push({ id: members[0]!.id, events });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
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

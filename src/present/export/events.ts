import type { PlaceSummary, Store, TimelineEvent } from '../../store/store.js';

/** Every event in time order, read a page at a time so a large store never sits in memory whole. */
export async function* allEvents(store: Store, pageSize = 500): AsyncIterable<TimelineEvent> {
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.eventPage({ limit: pageSize, offset });
    yield* page.items;
    if (page.items.length < pageSize) return;
  }
}

/** Places with coordinates by entity id (every event location and target that has them). */
export async function placeIndex(store: Store): Promise<Map<string, PlaceSummary>> {
  return new Map((await store.places()).map((p) => [p.entity.id, p]));
}

/**
 * The conservative death toll of an event, as ACLED records one: the smallest figure its reports give, from
 * reports that do not deny or negate it; null when none gives one.
 */
export function fatalities(event: TimelineEvent): number | null {
  let best: number | null = null;
  for (const r of event.reports) {
    if (r.modality === 'denied' || r.modality === 'negated') continue;
    for (const q of r.quantities) {
      if (q.kind !== 'dead') continue;
      const n = q.value ?? q.low;
      if (n !== null && Number.isFinite(n) && (best === null || n < best)) best = n;
    }
  }
  return best;
}

export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/** A coordinate pair that GeoJSON and a map can use. */
export const validGeo = (geo: { lat: number; lon: number } | null | undefined): geo is { lat: number; lon: number } =>
  !!geo && Number.isFinite(geo.lat) && Number.isFinite(geo.lon) && Math.abs(geo.lat) <= 90 && Math.abs(geo.lon) <= 180;

import { timeInterval } from '../../resolve/time-intervals.js';
import type { Store, TimelineEvent, PlaceSummary } from '../../store/store.js';
import { allEvents, fatalities, placeIndex, unique, validGeo } from './events.js';

/** GeoJSON properties: plain JSON values. */
export type GeoJsonProperties = Record<string, string | number | boolean | null | string[]>;

export interface PointFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: GeoJsonProperties;
}

const point = (geo: { lat: number; lon: number }): PointFeature['geometry'] => ({ type: 'Point', coordinates: [geo.lon, geo.lat] });

export function eventFeature(e: TimelineEvent, place: PlaceSummary): PointFeature {
  return {
    type: 'Feature',
    id: `event:${e.id}`,
    geometry: point(place.geo),
    properties: {
      feature: 'event',
      id: e.id,
      date: timeInterval(e.time)?.[0] ?? null,
      time: e.time?.value ?? null,
      timePrecision: e.time?.precision ?? null,
      type: e.type,
      subtype: e.subtype,
      quad: e.quad,
      actor1: e.sources.map((a) => a.name),
      actor2: e.targets.map((a) => a.name),
      location: place.entity.name,
      locationId: place.entity.id,
      fatalities: fatalities(e),
      reports: e.reports.length,
      documents: unique(e.reports.map((r) => r.documentId)),
    },
  };
}

export function placeFeature(p: PlaceSummary): PointFeature {
  return {
    type: 'Feature',
    id: `place:${p.entity.id}`,
    geometry: point(p.geo),
    properties: { feature: 'place', id: p.entity.id, name: p.entity.name, type: p.type, kind: p.kind, events: p.events },
  };
}

/**
 * A FeatureCollection (RFC 7946) of events, as points at their location, and places (event locations and targets
 * with coordinates, with their event counts). `properties.feature` tells them apart. One feature per line.
 */
export async function* eventsGeoJson(store: Store): AsyncIterable<string> {
  const places = await placeIndex(store);
  yield '{"type":"FeatureCollection","features":[\n';
  // Each line is whole (ends with a newline): a feature is written once the next one shows it needs a comma.
  let held: string | null = null;
  const line = (f: PointFeature): string | null => {
    const previous = held;
    held = JSON.stringify(f);
    return previous === null ? null : `${previous},\n`;
  };
  for await (const e of allEvents(store)) {
    const place = e.location ? places.get(e.location.id) : undefined;
    if (!place || !validGeo(place.geo)) continue;
    const out = line(eventFeature(e, place));
    if (out) yield out;
  }
  for (const p of places.values()) {
    if (!validGeo(p.geo)) continue;
    const out = line(placeFeature(p));
    if (out) yield out;
  }
  if (held !== null) yield `${held}\n`;
  yield ']}\n';
}

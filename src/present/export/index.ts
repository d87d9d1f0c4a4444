import type { Store } from '../../store/store.js';
import { eventsCsv } from './csv.js';
import { eventsGeoJson } from './geojson.js';
import { actorGraphMl } from './graphml.js';
import { analysesJsonl } from './jsonl.js';

export type ExportFormat = 'csv' | 'jsonl' | 'geojson' | 'graphml';

export interface ExportSpec {
  format: ExportFormat;
  /** The file name a download gets (and the API path under /api/export/). */
  filename: string;
  contentType: string;
  description: string;
  produce: (store: Store) => AsyncIterable<string>;
}

/** The exports, one table for the CLI (`sitrep export`) and the API (`/api/export/…`). */
export const EXPORTS: Readonly<Record<ExportFormat, ExportSpec>> = {
  csv: {
    format: 'csv',
    filename: 'events.csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    description: 'events as ACLED-like CSV (RFC 4180), one row per merged event',
    produce: eventsCsv,
  },
  jsonl: {
    format: 'jsonl',
    filename: 'analyses.jsonl',
    contentType: 'application/jsonl; charset=utf-8',
    description: "every document's sitrep.analysis/1 object, one per line",
    produce: analysesJsonl,
  },
  geojson: {
    format: 'geojson',
    filename: 'events.geojson',
    contentType: 'application/geo+json; charset=utf-8',
    description: 'events (points at their location) and places as a GeoJSON FeatureCollection',
    produce: eventsGeoJson,
  },
  graphml: {
    format: 'graphml',
    filename: 'graph.graphml',
    contentType: 'application/graphml+xml; charset=utf-8',
    description: 'the actor graph (event sources to targets) as GraphML, for Gephi',
    produce: (store) => actorGraphMl(store),
  },
};

export const EXPORT_FORMATS = Object.keys(EXPORTS) as ExportFormat[];

export { eventsCsv, eventsGeoJson, actorGraphMl, analysesJsonl };

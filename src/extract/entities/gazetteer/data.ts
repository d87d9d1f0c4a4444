import type { EntityType, GeoPoint } from '../../../model/analysis.js';
import { dataFile } from '../../../data/loader.js';

/** One known entity: a country, city, region, organisation… */
export interface GazetteerEntry {
  /** Stable id: `country:ML`, `city:2460596` (GeoNames id), `loc:sahel`, `gpe:gaza-strip`, `org:ecowas`. */
  id: string;
  /** Canonical name (the fullest standard short form: "Mali", "European Union", "Wagner Group"). */
  name: string;
  type: EntityType;
  /** country, city, region, territory, continent, sea, river, desert, political_region, intergovernmental,
   * mission, operation, armed_group, pmc, military, government, legislature, court, ngo, think_tank, media… */
  kind: string;
  /** ISO 3166-1 alpha-2 when the entity belongs to one country (for a country: its own code). */
  country: string | null;
  geo: GeoPoint | null;
  aliases: string[];
  acronyms: string[];
  /** English demonyms and their plurals ("Malian", "Malians"). */
  demonyms: string[];
  /** French demonyms in all genders and numbers, lower case ("malien", "maliennes"). */
  demonymsFr: string[];
  /** Names of other things standing for this entity ("Bamako", "the Kremlin" for a country's government). */
  metonyms: string[];
  /** Countries: alpha-3 code and official name; cities: population and capital flag. */
  iso3?: string | null;
  official?: string | null;
  capital?: string | null;
  population?: number;
  isCapital?: boolean;
  /** Organisations: the parent body (`org:un` for `org:minusma`). */
  parent?: string | null;
  /** Internal: the name is an ordinary word (city "Reading") or otherwise unreliable; lowers confidence. */
  weak?: boolean;
}

interface CountryRow {
  id: string; name: string; type: EntityType; kind: string; country: string; iso3: string | null; official: string | null;
  aliases: string[]; acronyms: string[]; demonyms: string[]; demonymsFr: string[]; metonyms: string[];
  capital: string | null; geo: [number, number] | null;
}
interface CuratedRow {
  id: string; name: string; type?: EntityType; kind: string; a?: string[]; ac?: string[]; d?: string[]; fd?: string[];
  m?: string[]; c?: string; p?: string; geo?: [number, number] | null; weak?: number;
}

const NONE: string[] = Object.freeze([]) as unknown as string[];
const toGeo = (g: [number, number] | null | undefined): GeoPoint | null => (g ? { lat: g[0], lon: g[1] } : null);

/** A row of cities.json: [geonameid, name, country, lat, lon, population, flags, aliases]. */
export type CityRow = [number, string, string, number, number, number, string, string[]];

export function cityEntry(row: CityRow): GazetteerEntry {
  const [gid, name, cc, lat, lon, pop, flags, aliases] = row;
  return {
    id: `city:${gid}`, name, type: 'GPE', kind: 'city', country: cc, geo: { lat, lon },
    aliases: aliases.length ? aliases : NONE, acronyms: NONE, demonyms: NONE, demonymsFr: NONE, metonyms: NONE,
    population: pop, isCapital: flags.includes('C') || undefined, weak: flags.includes('w') || undefined,
  };
}

/** Reads the gazetteer data files: countries, then curated regions and organisations as entries; cities as rows
 * (turned into entries only when matched, which keeps loading fast). */
export function readEntries(): { entries: GazetteerEntry[]; cities: CityRow[] } {
  const out: GazetteerEntry[] = [];
  for (const c of dataFile<{ entries: CountryRow[] }>('data/gazetteer/countries.json').entries) {
    out.push({
      id: c.id, name: c.name, type: 'GPE', kind: 'country', country: c.country, geo: toGeo(c.geo),
      aliases: c.aliases, acronyms: c.acronyms, demonyms: c.demonyms, demonymsFr: c.demonymsFr, metonyms: c.metonyms,
      iso3: c.iso3, official: c.official, capital: c.capital,
    });
  }
  for (const file of ['data/gazetteer/regions.json', 'data/gazetteer/orgs.json']) {
    const defaultType: EntityType = file.includes('orgs') ? 'ORG' : 'LOC';
    for (const r of dataFile<{ entries: CuratedRow[] }>(file).entries) {
      out.push({
        id: r.id, name: r.name, type: r.type ?? defaultType, kind: r.kind, country: r.c ?? null, geo: toGeo(r.geo),
        aliases: r.a ?? NONE, acronyms: r.ac ?? NONE, demonyms: r.d ?? NONE, demonymsFr: r.fd ?? NONE, metonyms: r.m ?? NONE,
        parent: r.p ?? null, weak: r.weak ? true : undefined,
      });
    }
  }
  return { entries: out, cities: dataFile<{ rows: CityRow[] }>('data/gazetteer/cities.json').rows };
}

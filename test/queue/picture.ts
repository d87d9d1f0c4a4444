/**
 * The situation picture a store shows (entities, timeline, contradictions as `sitrep … --json` prints them),
 * with lists compared as sets and a contradiction's two sides as a pair (which side is `a` is not part of the picture).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Sorts every array (as a set) and drops the keys named, at any depth. */
function canonical(value: Json, drop: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v) => canonical(v, drop)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) if (!drop.has(key)) out[key] = canonical(value[key]!, drop);
    return out;
  }
  return value;
}

/** Nothing is dropped: every id (entities, merged events, contradictions) is a function of the set of documents. */
const DROPPED_KEYS: ReadonlySet<string> = new Set();

export function normalisePicture(entities: string, timeline: string, contradictions: string): { entities: Json; events: Json; contradictions: Json } {
  const events = (JSON.parse(timeline) as { events: Json[] }).events;
  const disputes = (JSON.parse(contradictions) as { contradictions: { [key: string]: Json }[] }).contradictions.map(({ a, b, ...rest }) => ({ ...rest, sides: [a!, b!] }) as Json);
  return {
    entities: canonical(JSON.parse(entities) as Json, DROPPED_KEYS),
    events: canonical(events, DROPPED_KEYS),
    contradictions: canonical(disputes, DROPPED_KEYS),
  };
}

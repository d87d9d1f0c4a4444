/**
 * The situation picture a store shows (entities, timeline, contradictions as `sitrep … --json` prints them),
 * reduced to what must not depend on the order documents were stored in: merged events are compared by their
 * reports, contradictions by the two statements they oppose, and lists as sets.
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

/** Merged events and contradictions get ids from the report that created them first: not part of the picture. */
const ORDER_DEPENDENT_IDS = new Set(['eventId']);

export function normalisePicture(entities: string, timeline: string, contradictions: string): { entities: Json; events: Json; contradictions: Json } {
  const events = (JSON.parse(timeline) as { events: { [key: string]: Json }[] }).events.map(({ id: _id, ...rest }) => rest as Json);
  const disputes = (JSON.parse(contradictions) as { contradictions: { [key: string]: Json }[] }).contradictions.map(({ id: _id, a, b, ...rest }) => ({ ...rest, sides: [a!, b!] }) as Json);
  return {
    entities: canonical(JSON.parse(entities) as Json, ORDER_DEPENDENT_IDS),
    events: canonical(events, ORDER_DEPENDENT_IDS),
    contradictions: canonical(disputes, ORDER_DEPENDENT_IDS),
  };
}

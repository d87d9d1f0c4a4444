/**
 * The SQL-free half of the cross-document entity layer, shared by the SQLite and PostgreSQL stores: how the
 * analyst's merge and split decisions are replayed on a document written later, and what the entity rows hold.
 * The linking policy itself is `src/resolve/cross-document.ts`.
 */
import { foldName, nameTokens } from '../../resolve/names.js';
import { indexNames } from '../../resolve/cross-document.js';
import type { Entity } from '../../model/analysis.js';

export interface Decision {
  action: 'merge' | 'split';
  entity_id: string;
  other_id: string;
  alias: string | null;
  name: string | null;
}

/** Follows merge decisions: the entity an id now lives in. */
export function redirect(decisions: readonly Decision[], id: string): string {
  let current = id;
  for (let hops = 0; hops < 32; hops++) {
    const merge = decisions.find((d) => d.action === 'merge' && d.other_id === current);
    if (!merge) return current;
    current = merge.entity_id;
  }
  return current;
}

/** A split decision for mentions written `text` of entity `id`: the entity they go to instead. */
export function splitTarget(decisions: readonly Decision[], id: string, text: string): string | null {
  const folded = foldName(text);
  const split = decisions.find((d) => d.action === 'split' && d.entity_id === id && d.alias === folded);
  return split ? split.other_id : null;
}

/** The named parameters of an `entities` row for a document's entity under a canonical id. */
export function entityParams(id: string, e: Entity): { id: string; name: string; type: string; kind: string | null; country: string | null; lat: number | null; lon: number | null } {
  return { id, name: e.name, type: e.type, kind: e.kind, country: e.country, lat: e.geo?.lat ?? null, lon: e.geo?.lon ?? null };
}

/** Folded names `chooseLink` may look up for an entity: by name (its names and aliases) and by surname. */
export function linkLookupNames(local: Entity): { byName: string[]; bySurname: string[] } {
  const byName = indexNames(local).filter((n) => n.role !== 'surname').map((n) => n.folded);
  const tokens = nameTokens(local.name);
  const bySurname = local.type === 'PERSON' && tokens.length === 1 ? [tokens[0]!] : [];
  return { byName, bySurname };
}

/** A full person name's surname, whose surname-only entities fold into it; null when the name is one word. */
export function absorbingSurname(local: Entity): string | null {
  if (local.type !== 'PERSON') return null;
  const tokens = nameTokens(local.name);
  return tokens.length >= 2 ? tokens[tokens.length - 1]! : null;
}

/** Whether a known entity is a person named by one word, the kind a full name absorbs. */
export const isSurnameOnlyPerson = (k: { type: string; name: string }): boolean => k.type === 'PERSON' && nameTokens(k.name).length === 1;

/** The attribute votes one document's entity casts for its canonical entity (null values cast none). */
export function attributeVotes(e: Entity): Array<[field: 'name' | 'kind' | 'country' | 'geo', value: string]> {
  const votes: Array<['name' | 'kind' | 'country' | 'geo', string]> = [['name', e.name]];
  if (e.kind) votes.push(['kind', e.kind]);
  if (e.country) votes.push(['country', e.country]);
  if (e.geo) votes.push(['geo', `${e.geo.lat},${e.geo.lon}`]);
  return votes;
}

export interface VotedAttributes {
  name: string;
  kind: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
}

/**
 * An entity's attributes from the votes of the documents that mention it: per field the value most documents
 * give, ties to the longer value (the fuller name), then the smaller. The same set of documents gives the same attributes in any order.
 * Null when nothing voted (an entity an analyst split off keeps what it was given).
 */
export function attributesFromVotes(top: (field: string) => string | null): VotedAttributes | null {
  const name = top('name');
  if (name === null) return null;
  const geo = top('geo');
  const [lat, lon] = geo ? geo.split(',').map(Number) : [null, null];
  return { name, kind: top('kind'), country: top('country'), lat: lat ?? null, lon: lon ?? null };
}

export const sameAttributes = (a: VotedAttributes, b: VotedAttributes): boolean =>
  a.name === b.name && a.kind === b.kind && a.country === b.country && a.lat === b.lat && a.lon === b.lon;

/**
 * Whether what events and claims were written with changed: a report's claim names its actors, a figure's force
 * flag and places follow its subject's kind and country, and places of different countries never link. A new
 * position alone reaches none of them.
 */
export const attributesReachEvents = (a: VotedAttributes, b: VotedAttributes): boolean => a.name !== b.name || a.kind !== b.kind || a.country !== b.country;

/**
 * The needle that finds an entity id inside a stored report's JSON: the quoted id, as `JSON.stringify` writes it
 * among a report's actors and place. A document whose reports and figures never name the entity keeps its claims
 * when the entity's attributes change.
 */
export const reportNeedle = (entityId: string): string => JSON.stringify(entityId);

/**
 * Entities linked by name take the smallest id among the document entities that link to them, so the id does
 * not depend on which document came first. True when a document's entity `localId`, linked by name to the known
 * entity `linkedId`, should give it its id. Entities the analyst merged or split keep theirs.
 */
export function takesOverId(localId: string, linkedId: string | null, linkedByName: boolean, decisions: readonly Decision[]): boolean {
  if (!linkedId || !linkedByName || localId >= linkedId) return false;
  return !decisions.some((d) => [d.entity_id, d.other_id].includes(linkedId) || [d.entity_id, d.other_id].includes(localId));
}

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

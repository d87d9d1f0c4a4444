import { foldName, nameTokens } from './names.js';
import type { Entity, EntityType } from '../model/analysis.js';

/** An entity the store already knows, as the linking policy sees it. */
export interface KnownEntity {
  id: string;
  name: string;
  type: EntityType;
}

/** How the store answers "which entities go by this folded name?", by the role the name plays for them. */
export interface NameLookup {
  byName(folded: string): KnownEntity[];
  bySurname(folded: string): KnownEntity[];
}

/** The folded names an entity is indexed under, with their roles: its name, its aliases, a person's surname. */
export function indexNames(entity: Pick<Entity, 'name' | 'aliases' | 'type'>): Array<{ folded: string; name: string; role: 'name' | 'alias' | 'surname' }> {
  const out = new Map<string, { folded: string; name: string; role: 'name' | 'alias' | 'surname' }>();
  const add = (name: string, role: 'name' | 'alias' | 'surname'): void => {
    const folded = foldName(name).replace(/^the /, '');
    if (folded && !out.has(folded)) out.set(folded, { folded, name, role });
  };
  add(entity.name, 'name');
  for (const a of entity.aliases) add(a, 'alias');
  if (entity.type === 'PERSON') {
    const tokens = nameTokens(entity.name);
    if (tokens.length >= 2) add(tokens[tokens.length - 1]!, 'surname');
  }
  return [...out.values()];
}

/**
 * Which known entity a document's entity is, across documents: the same id; else the one entity of the same type
 * that goes by its name or one of its aliases; else, for a person named by one word, the one person with that
 * surname. Ambiguity links nothing: a wrong merge is worse than a missed one, and an analyst can merge by hand.
 */
export function chooseLink(local: Pick<Entity, 'id' | 'name' | 'aliases' | 'type'>, exists: (id: string) => boolean, lookup: NameLookup): string | null {
  if (exists(local.id)) return local.id;
  const candidates = new Map<string, KnownEntity>();
  for (const { folded, role } of indexNames(local)) {
    if (role === 'surname') continue;
    for (const k of lookup.byName(folded)) if (k.type === local.type) candidates.set(k.id, k);
  }
  if (candidates.size === 1) return [...candidates.keys()][0]!;
  if (candidates.size > 1) return null;
  const tokens = nameTokens(local.name);
  if (local.type === 'PERSON' && tokens.length === 1) {
    const people = lookup.bySurname(tokens[0]!).filter((k) => k.type === 'PERSON');
    if (people.length === 1) return people[0]!.id;
  }
  return null;
}

/** Whether `linked` is an entity of the local one's type that goes by one of its names or aliases (not its surname). */
export function linkedByName(local: Pick<Entity, 'name' | 'aliases' | 'type'>, linked: string | null, byName: (folded: string) => KnownEntity[]): boolean {
  if (!linked) return false;
  return indexNames(local).some(({ folded, role }) => role !== 'surname' && byName(folded).some((k) => k.id === linked && k.type === local.type));
}

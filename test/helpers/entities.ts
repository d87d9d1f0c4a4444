import type { Entity } from '../../src/model/analysis.js';

/** An entity as [local id, name, type, mention texts]. */
export type EntitySpec = [localId: string, name: string, type: Entity['type'], mentions: string[]];

/**
 * Entities laid out in a text of their own, one "<mention> acted." sentence per mention, with their aliases (the
 * mention texts other than the name): what store tests need of a document's entities.
 */
export function layOutEntities(specs: readonly EntitySpec[]): { text: string; entities: Entity[] } {
  let text = '';
  const entities: Entity[] = specs.map(([id, name, type, mentions]) => ({
    id, name, type, kind: null, aliases: [...new Set(mentions.filter((m) => m !== name))], country: null, geo: null,
    mentions: mentions.map((m) => {
      const start = text.length;
      text += `${m} acted. `;
      return { start, end: start + m.length, text: m, form: 'name' as const };
    }),
  }));
  return { text, entities };
}

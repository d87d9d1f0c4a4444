import { langData } from '../../data/loader.js';
import type { EntityType } from '../../model/analysis.js';

/** The shape of `lang/<code>/entities.json`. */
interface EntityLexiconData {
  titles: Record<string, string | null>;
  nameParticles: string[];
  orgHeads: Record<string, string>;
  orgPrefixes: Record<string, string>;
  facHeads: string[];
  locHeads: string[];
  locativePrepositions: string[];
  placeNouns: string[];
  actorVerbs: string[];
  pronouns: Record<string, EntityType>;
  stopNames: string[];
}

export interface EntityLexicon {
  /** Title phrase (lower case, words joined by one space) → the role it gives a person (null: none). */
  titles: Map<string, string | null>;
  maxTitleWords: number;
  /** Every leading part of a title, prefix or head phrase ("foreign", "foreign minister"): where a phrase lookup may go on. */
  phraseStarts: Set<string>;
  /** Last words of the head phrases. */
  headEnds: Set<string>;
  particles: Set<string>;
  /** Head phrase (lower case) → [entity type, kind]. */
  heads: Map<string, [EntityType, string | null]>;
  maxHeadWords: number;
  orgPrefixes: Map<string, string>;
  maxPrefixWords: number;
  locative: Set<string>;
  placeNouns: Set<string>;
  actorVerbs: Set<string>;
  pronouns: Map<string, EntityType>;
  stopNames: Set<string>;
}

const cache = new Map<string, EntityLexicon>();
const words = (s: string): number => s.split(' ').length;

export function entityLexicon(language: string): EntityLexicon {
  const hit = cache.get(language);
  if (hit) return hit;
  const data = langData<EntityLexiconData>(language, 'entities') ?? langData<EntityLexiconData>('en', 'entities')!;
  const heads = new Map<string, [EntityType, string | null]>();
  for (const h of data.locHeads) heads.set(h, ['LOC', 'region']);
  for (const h of data.facHeads) heads.set(h, ['FAC', null]);
  for (const [h, kind] of Object.entries(data.orgHeads)) heads.set(h, ['ORG', kind]);
  const phraseStarts = new Set<string>();
  for (const key of [...Object.keys(data.titles), ...Object.keys(data.orgPrefixes), ...heads.keys()]) {
    const ws = key.split(' ');
    for (let k = 1; k <= ws.length; k++) phraseStarts.add(ws.slice(0, k).join(' '));
  }
  const headEnds = new Set([...heads.keys()].map((h) => h.split(' ').pop()!));
  const lex: EntityLexicon = {
    phraseStarts,
    headEnds,
    titles: new Map(Object.entries(data.titles)),
    maxTitleWords: Math.max(...Object.keys(data.titles).map(words)),
    particles: new Set(data.nameParticles),
    heads,
    maxHeadWords: Math.max(...[...heads.keys()].map(words)),
    orgPrefixes: new Map(Object.entries(data.orgPrefixes)),
    maxPrefixWords: Math.max(...Object.keys(data.orgPrefixes).map(words)),
    locative: new Set(data.locativePrepositions),
    placeNouns: new Set(data.placeNouns),
    actorVerbs: new Set(data.actorVerbs),
    pronouns: new Map(Object.entries(data.pronouns)),
    stopNames: new Set(data.stopNames),
  };
  cache.set(language, lex);
  return lex;
}

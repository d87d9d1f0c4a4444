import { contentId } from '../model/ids.js';
import { foldName, nameTokens, sameNameVariant, squash } from './names.js';
import type { Entity, EntityMention, EntityType } from '../model/analysis.js';
import type { MentionCandidate } from '../extract/entities/recognize.js';
import type { GazetteerEntry } from '../extract/entities/gazetteer.js';

/** Ids already hashed (the same entries and names come back in document after document). */
const ids = new Map<string, string>();

/** Stable entity id: from the gazetteer entry when known, else from the type and the folded canonical name. */
export function entityId(key: string | null, type: EntityType, name: string): string {
  const memo = key ? `k\u0000${key}` : `n\u0000${type}\u0000${foldName(name)}`;
  let id = ids.get(memo);
  if (id === undefined) {
    id = key ? contentId('ent', key) : contentId('ent', type, foldName(name));
    if (ids.size >= 50_000) ids.clear();
    ids.set(memo, id);
  }
  return id;
}

interface Cluster {
  mentions: MentionCandidate[];
  key: string | null;
}

const PARTICLES = new Set(['de', 'da', 'di', 'del', 'der', 'den', 'van', 'von', 'le', 'la', 'du', 'al', 'el', 'bin', 'ben', 'ibn', 'ould', 'ag']);

/** The surname of a full person name: the last word, with a preceding particle ("Le Drian", "van Dijk"). */
function surname(tokens: string[]): string {
  const n = tokens.length;
  if (n >= 2 && PARTICLES.has(tokens[n - 2]!)) return `${tokens[n - 2]} ${tokens[n - 1]}`;
  return tokens[n - 1] ?? '';
}

function majorityType(mentions: readonly MentionCandidate[]): EntityType {
  const votes = new Map<EntityType, number>();
  for (const m of mentions) {
    const w = m.origin === 'gazetteer' ? 3 : m.origin === 'pattern' ? 2 : 1;
    votes.set(m.type, (votes.get(m.type) ?? 0) + w * m.confidence);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function canonicalName(cluster: Cluster, type: EntityType): string {
  const entry = cluster.mentions.find((m) => m.entry)?.entry;
  if (entry && cluster.key) return entry.name;
  const names = cluster.mentions.filter((m) => m.form === 'name' || m.form === 'alias');
  const pool = names.length ? names : cluster.mentions;
  // The fullest form: most words, then mixed case over capitals, then first seen.
  const score = (m: MentionCandidate): number => {
    const words = m.text.split(/\s+/).length;
    const mixed = /\p{Ll}/u.test(m.text) ? 1 : 0;
    return words * 10 + mixed * 5 + (type === 'PERSON' ? 0 : m.text.length / 100);
  };
  return [...pool].sort((a, b) => score(b) - score(a))[0]!.text.replace(/^the\s+/i, '');
}

const bareName = (s: string): string => foldName(s).replace(/^the /, '');

/**
 * "the Times" after "The New York Times", "the Journal" after "The Wall Street Journal": an organisation named by
 * the tail of a longer organisation's name in the same document is that organisation.
 */
function mergeShortOrgForms(clusters: Cluster[]): void {
  const orgs = clusters.filter((c) => c.mentions.length && c.mentions.every((m) => m.type === 'ORG'));
  for (const short of orgs) {
    const forms = new Set(short.mentions.map((m) => bareName(m.text)));
    if (forms.size !== 1) continue;
    const form = [...forms][0]!;
    if (form.includes(' ') || form.length < 4) continue;
    const long = orgs.find((c) => c !== short && c.mentions.some((m) => bareName(m.text).endsWith(` ${form}`)));
    if (!long) continue;
    long.mentions.push(...short.mentions);
    short.mentions = [];
  }
}

/**
 * The cluster of the first folded name (in insertion order) that is a spelling variant of `fold`. Variants of a
 * name of 5+ letters start with the same letter, so other names are passed over without comparing them.
 */
function similarFold(byFold: ReadonlyMap<string, Cluster>, fold: string): Cluster | undefined {
  const first = squash(fold)[0];
  for (const [f, c] of byFold) {
    if (f.length < 5) continue;
    const other = squash(f);
    if (other[0] !== first) continue;
    if (sameNameVariant(f, fold)) return c;
  }
  return undefined;
}

/**
 * A gazetteer entry's acronyms and aliases that fold otherwise than the entity's name, remembered per entry: a
 * country has dozens, and folding them all again for each document that names it was a third of resolution.
 */
const entryAliasMemo = new WeakMap<GazetteerEntry, { folded: string; aliases: readonly string[] }>();
function entryAliases(entry: GazetteerEntry, foldedName: string): readonly string[] {
  const memo = entryAliasMemo.get(entry);
  if (memo && memo.folded === foldedName) return memo.aliases;
  const aliases = [...entry.acronyms, ...entry.aliases].filter((a) => foldName(a) !== foldedName);
  entryAliasMemo.set(entry, { folded: foldedName, aliases });
  return aliases;
}

/**
 * Groups one document's mentions into entities: one entity per real-world referent. Gazetteer mentions group by
 * entry (names, acronyms, demonyms and metonyms alike); acronyms defined in the text join their expansion; a
 * surname or a titled short form joins the full name it shortens ("Lavrov" → "Sergei Lavrov"); spelling variants
 * and transliterations merge (Sergei/Sergey, Goïta/Goita); other names group by their folded form.
 */
export function resolveEntities(mentions: readonly MentionCandidate[]): Entity[] {
  const clusters: Cluster[] = [];
  const byKey = new Map<string, Cluster>();
  const byFold = new Map<string, Cluster>();
  const clusterOf = new Map<number, Cluster>();

  const add = (i: number, c: Cluster): void => {
    c.mentions.push(mentions[i]!);
    clusterOf.set(i, c);
  };
  const fresh = (key: string | null): Cluster => {
    const c: Cluster = { mentions: [], key };
    clusters.push(c);
    return c;
  };

  // 1. Known entries.
  mentions.forEach((m, i) => {
    if (!m.entry) return;
    const c = byKey.get(m.entry.id) ?? fresh(m.entry.id);
    byKey.set(m.entry.id, c);
    add(i, c);
  });
  // 2. Acronym definitions: the acronym joins its expansion's cluster (or they start one together).
  mentions.forEach((m, i) => {
    if (m.partner === null || clusterOf.has(i)) return;
    const partner = clusterOf.get(m.partner);
    const c = partner ?? fresh(null);
    add(i, c);
    if (!partner && !clusterOf.has(m.partner)) add(m.partner, c);
  });
  // Later mentions written like a clustered one join it ("The CNR said…" after "… (CNR)").
  for (const [i, c] of clusterOf) {
    const fold = foldName(mentions[i]!.text);
    if (!byFold.has(fold) && mentions[i]!.form !== 'demonym') byFold.set(fold, c);
  }
  // 3. Full person names first, so short forms can find them.
  const persons: Array<{ cluster: Cluster; tokens: string[] }> = [];
  // Tokens once per mention (not inside the comparator).
  const tokensOf = mentions.map((m) => nameTokens(m.text));
  const order = mentions.map((_, i) => i).sort((a, b) => tokensOf[b]!.length - tokensOf[a]!.length || a - b);
  for (const i of order) {
    if (clusterOf.has(i)) continue;
    const m = mentions[i]!;
    const fold = foldName(m.text);
    const tokens = tokensOf[i]!;
    if (m.type === 'PERSON' && tokens.length >= 2) {
      const same = persons.find((p) => sameNameVariant(surname(p.tokens), surname(tokens)) && (p.tokens[0] === tokens[0] || sameNameVariant(p.tokens[0]!, tokens[0]!) || p.tokens.length !== tokens.length));
      const c = same?.cluster ?? fresh(null);
      if (!same) persons.push({ cluster: c, tokens });
      add(i, c);
      byFold.set(fold, c);
      continue;
    }
    // A single word that is the surname of a person named in full ("Lavrov", "Goita" for "Assimi Goïta").
    if (tokens.length >= 1 && m.type !== 'GPE' && m.type !== 'LOC') {
      const person = persons.find((p) => sameNameVariant(surname(p.tokens), tokens.join(' ')) || (tokens.length === 1 && p.tokens.length > 1 && sameNameVariant(p.tokens[p.tokens.length - 1]!, tokens[0]!)));
      if (person) {
        add(i, person.cluster);
        continue;
      }
    }
    const existing = byFold.get(fold) ?? similarFold(byFold, fold);
    const c = existing ?? fresh(null);
    byFold.set(fold, c);
    add(i, c);
  }

  mergeShortOrgForms(clusters);

  const entities: Entity[] = [];
  for (const c of clusters) {
    if (c.mentions.length === 0) continue;
    c.mentions.sort((a, b) => a.start - b.start);
    const entry = c.key ? c.mentions.find((m) => m.entry)!.entry : null;
    const type = entry?.type ?? majorityType(c.mentions);
    const name = canonicalName(c, type);
    const foldedName = foldName(name);
    const mentionsOut: EntityMention[] = c.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      text: m.text,
      form: m.form === 'name' && foldName(m.text) !== foldedName ? (/^[\p{Lu}\p{N}&]+$/u.test(m.text) ? 'acronym' : 'alias') : m.form,
    }));
    const aliases = new Set<string>();
    for (const m of mentionsOut) if (m.form !== 'demonym' && m.form !== 'pronoun' && m.form !== 'metonym' && foldName(m.text) !== foldedName) aliases.add(m.text);
    for (const m of c.mentions) for (const t of m.titledForms ?? []) aliases.add(t);
    if (entry) for (const a of entryAliases(entry, foldedName)) aliases.add(a);
    const kind = entry?.kind ?? c.mentions.find((m) => m.kind)?.kind ?? null;
    entities.push({
      id: entityId(c.key, type, name),
      name,
      type,
      kind,
      aliases: [...aliases],
      country: entry?.country ?? null,
      geo: entry?.geo ?? null,
      mentions: mentionsOut,
    });
  }
  // Two clusters can land on one id (the same unknown name typed differently): merge them.
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const seen = byId.get(e.id);
    if (!seen) byId.set(e.id, e);
    else {
      seen.mentions.push(...e.mentions);
      seen.mentions.sort((a, b) => a.start - b.start);
      for (const a of e.aliases) if (!seen.aliases.includes(a)) seen.aliases.push(a);
    }
  }
  return [...byId.values()].sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}

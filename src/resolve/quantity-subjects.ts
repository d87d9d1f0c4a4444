import { langData } from '../data/loader.js';
import type { Entity, Quantity } from '../model/analysis.js';
import type { Span } from '../model/span.js';
import type { DocStage } from '../pipeline/stage.js';

interface SubjectCuesData {
  /** Verbs that say an actor has or fields a force ("has", "keeps", "deploys"), for sentence-opening subjects. */
  havingVerbs: string[];
  /** Words that may open a sentence before its subject ("the", "still"). */
  subjectOpeners: string[];
  /** "his", "her": the number belongs to a person (or the country a leader leads). */
  personPossessives: string[];
  /** "its", "their": the number belongs to an organisation or a country. */
  groupPossessives: string[];
  /** Roles whose holder's troops are the country's. */
  leaderKinds: string[];
  /** Pronouns that can stand for an armed actor named just before ("it's about 300 people"). */
  pronouns: string[];
  /** Kinds of entity such a pronoun can stand for, most likely first. */
  armedKinds: string[];
  holdingVerbs: string[];
  originPrepositions: string[];
  possessives: string[];
  clauseBreaks: string[];
}

interface SubjectCues {
  pronouns: Set<string>;
  armedKinds: readonly string[];
  personPossessives: Set<string>;
  groupPossessives: Set<string>;
  leaderKinds: Set<string>;
  having: Set<string>;
  openers: Set<string>;
  holding: Set<string>;
  origin: Set<string>;
  possessives: string[];
  breaks: Set<string>;
}

const cache = new Map<string, SubjectCues>();

function cues(language: string): SubjectCues {
  const hit = cache.get(language);
  if (hit) return hit;
  const data = langData<SubjectCuesData>(language, 'subjects') ?? langData<SubjectCuesData>('en', 'subjects')!;
  const c = {
    pronouns: new Set(data.pronouns),
    armedKinds: data.armedKinds,
    personPossessives: new Set(data.personPossessives),
    groupPossessives: new Set(data.groupPossessives),
    leaderKinds: new Set(data.leaderKinds),
    having: new Set(data.havingVerbs), openers: new Set(data.subjectOpeners), holding: new Set(data.holdingVerbs), origin: new Set(data.originPrepositions), possessives: data.possessives, breaks: new Set(data.clauseBreaks) };
  cache.set(language, c);
  return c;
}

interface PlacedMention {
  start: number;
  end: number;
  entity: Entity;
}

const WORD = /[\p{L}\p{N}'’]+|[^\s\p{L}\p{N}]/gu;
const words = (s: string): string[] => (s.match(WORD) ?? []).map((w) => w.toLowerCase());

/**
 * The entity a number is about, when the sentence makes it clear: "1,000 mercenaries from Russia's Wagner
 * Group" (origin after the counted noun), "Macron's 2,400 troops" (possessive), "EUTM Mali currently only has 160
 * soldiers" (the clause's subject with only verbs of having, sending or losing in between), "14,000 UN
 * peacekeepers" (an actor named inside the counted phrase). Otherwise no subject: a wrong owner is worse than none.
 */
export function quantitySubject(
  text: string,
  q: Quantity,
  sentence: Span,
  mentions: readonly PlacedMention[],
  language: string,
  contextStart = sentence.start,
): Entity | null {
  const c = cues(language);
  const inSentence = mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
  // An actor named inside the counted phrase ("14,000 blue helmet-wearing UN peacekeepers").
  const inside = inSentence.find((m) => m.start > q.start && m.end <= q.end && m.entity.type !== 'PERSON');
  if (inside) return inside.entity;
  // "N troops from X", "N of X's soldiers": the last name of the chain right after the preposition.
  const after = text.slice(q.end, Math.min(sentence.end, q.end + 80));
  const lead = /^\s+(\S+)\s+/u.exec(after);
  if (lead && c.origin.has(lead[1]!.toLowerCase())) {
    const from = q.end + lead[0].length;
    let chosen: PlacedMention | null = null;
    let at = from;
    for (const m of inSentence) {
      if (m.start < at) continue;
      const gap = text.slice(at, m.start).trim().toLowerCase();
      if (gap !== '' && gap !== 'the' && !c.possessives.includes(gap) && !/^(the|les?|la|l['’])$/.test(gap)) break;
      chosen = m;
      at = m.end;
    }
    if (chosen) return chosen.entity;
  }
  // "his 2,400 troops": a leader's troops are his country's when the sentence names one; "their/its N": the
  // nearest organisation or country.
  const wordBefore = words(text.slice(Math.max(sentence.start, q.start - 12), q.start)).pop();
  if (wordBefore && c.personPossessives.has(wordBefore)) {
    const person = inSentence.filter((m) => m.end <= q.start && m.entity.type === 'PERSON').pop();
    if (person) {
      const country = inSentence.find((m) => m.end <= q.start && m.entity.kind === 'country');
      return country && person.entity.kind && c.leaderKinds.has(person.entity.kind) ? country.entity : person.entity;
    }
  }
  if (wordBefore && c.groupPossessives.has(wordBefore)) {
    const group = inSentence.filter((m) => m.end <= q.start && m.entity.type !== 'PERSON' && m.entity.type !== 'LOC').pop();
    if (group) return group.entity;
  }
  // "X's 2,400 troops".
  const before = inSentence.filter((m) => m.end <= q.start).pop();
  // "…units of the Wagner group are in the country. [According to X,] it's about 300 people": the number's clause
  // opens with a pronoun standing for the armed actor named in the sentences just before.
  const clause = words(text.slice(before ? before.end : sentence.start, q.start));
  if (!before || clause.some((w) => c.breaks.has(w))) {
    const afterBreak = before ? clause.slice(clause.findLastIndex((w) => c.breaks.has(w)) + 1) : clause;
    if (afterBreak.some((w) => c.pronouns.has(w))) {
      const earlier = mentions.filter((m) => m.start >= contextStart && m.end <= sentence.start && m.entity.kind !== null && c.armedKinds.includes(m.entity.kind));
      // A bare headcount is most often of a non-state group (mercenaries, militants), less often of an army named
      // in passing: the kinds are tried in the order of the data file, the nearest mention of the first found wins.
      for (const kind of c.armedKinds) {
        const hit = earlier.filter((m) => m.entity.kind === kind).pop();
        if (hit) return hit.entity;
      }
      return null;
    }
  }
  if (!before) return null;
  const between = text.slice(before.end, q.start);
  if (c.possessives.some((p) => between.trim() === p)) return before.entity;
  // The clause's subject: only verbs of having/sending/losing and adverbs between it and the number.
  const gapWords = words(between);
  if (gapWords.length > 0 && gapWords.length <= 6 && !gapWords.some((w) => c.breaks.has(w)) && gapWords.every((w) => c.holding.has(w))) return before.entity;
  // "The French still have by far the largest force in Mali, about 5000 men": the sentence opens with an actor
  // and a verb of having, and the number stands in apposition to what it has.
  const opener = inSentence.find((m) => m.end <= q.start && m.entity.type !== 'PERSON');
  if (opener && words(text.slice(sentence.start, opener.start)).every((w) => c.openers.has(w))) {
    const next = words(text.slice(opener.end, Math.min(q.start, opener.end + 60))).slice(0, 3);
    const verb = next.findIndex((w) => c.having.has(w));
    // "has notched up", "had been": an auxiliary before a participle is not having.
    const after = verb >= 0 ? next[verb + 1] : undefined;
    if (verb >= 0 && verb <= 1 && !(after && /(ed|en)$/.test(after))) return opener.entity;
  }
  return null;
}

/** Sets `subject` (an entity id) on each quantity whose sentence makes its owner clear. */
export const quantitySubjectsStage: DocStage = {
  name: 'quantity-subjects',
  run(doc) {
    if (doc.quantities.length === 0) return doc;
    const placed: PlacedMention[] = [];
    for (const e of doc.entities) for (const m of e.mentions) if (m.form !== 'pronoun') placed.push({ start: m.start, end: m.end, entity: e });
    placed.sort((a, b) => a.start - b.start);
    const sentences = doc.sentences.length ? doc.sentences : [{ start: 0, end: doc.document.text.length }];
    let s = 0;
    const quantities = doc.quantities.map((q) => {
      while (s < sentences.length - 1 && sentences[s]!.end <= q.start) s++;
      const subject = quantitySubject(doc.document.text, q, sentences[s]!, placed, doc.document.language, sentences[Math.max(0, s - 2)]!.start);
      return subject ? { ...q, subject: subject.id } : q;
    });
    return { ...doc, quantities };
  },
};

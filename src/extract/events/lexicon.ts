import { langData } from '../../data/loader.js';
import type { EntityType, PloverType } from '../../model/analysis.js';

/** One trigger of `lang/<lang>/events.json`, as written in the data file. */
interface TriggerRow {
  words: string[];
  pos: 'v' | 'n' | 'vn';
  type: PloverType;
  subtype?: string | null;
  source?: string[];
  target?: string[];
  near?: string[];
  window?: number;
  gap?: number;
  casualty?: 'dead' | 'injured';
  combatantType?: PloverType;
  patientSubject?: boolean;
  needsObject?: boolean;
  themeIsSource?: boolean;
}

export interface TriggerEntry {
  /** The head word's lemma, then the following words ('*' for a gap). */
  words: string[];
  pos: 'v' | 'n' | 'vn';
  type: PloverType;
  subtype: string | null;
  /** Argument slots for the source when read as a verb and as a noun. */
  verbSource: string[];
  nounSource: string[];
  verbTarget: string[];
  nounTarget: string[];
  near: Set<string> | null;
  window: number;
  gap: number;
  casualty: 'dead' | 'injured' | null;
  combatantType: PloverType | null;
  patientSubject: boolean;
  /** Only with an actor as direct object ("back" is mostly an adverb; "backed the junta" is support). */
  needsObject: boolean;
  /** In the passive, the subject is what moves and counts as the source ("troops were deployed to X"). */
  themeIsSource: boolean;
}

interface ActorRule {
  types: EntityType[];
  kinds: string[];
}

interface PronounRule {
  types: EntityType[];
  plural: boolean;
  speaker?: boolean;
}

interface EventsFile {
  lemmas: { suffixes: Array<[string, string]>; undouble?: boolean; participleSuffixes?: string[]; irregular: Record<string, string> };
  defaults: { verb: { source: string[]; target: string[] }; noun: { source: string[]; target: string[] } };
  combatants: string[];
  triggers: TriggerRow[];
  actors: {
    generic: Record<string, ActorRule>;
    genericWindow: number;
    genericMarkers: string[];
    pronouns: Record<string, PronounRule>;
    forcesNouns: string[];
    determiners: string[];
    prepositions: string[];
    locationPreps: string[];
    possessiveMarkers: string[];
    passiveAux: string[];
    agentPreps: string[];
    elisions?: string[];
    governmentCues?: string[];
    relationalNouns?: string[];
    adjunctPreps?: string[];
    adjectiveSuffixes?: string[];
    mannerPreps?: string[];
    complementPreps?: string[];
    reflexives?: string[];
    asideMarks?: string[];
  };
  quantityKinds: { people: string[]; force: string[] };
  clauses: { hardPunct: string[]; relatives: string[]; subordinators: string[]; coordinators: string[]; commas: string[] };
}

interface ModalityFile {
  chain: string[];
  negation: string[];
  denial: string[];
  planned: string[];
  possible: string[];
  alleged: string[];
  clauseCues: { possible: string[]; alleged: string[] };
  denialVerbs: string[];
}

interface AttributionFile {
  reportingVerbs: string[];
  selfClaim: string[];
  accordingTo: string[];
  unnamedSources: string[];
  quotes: Array<[string, string]>;
  firstPerson: string[];
}

/** Cue phrases as word sequences, indexed by their last word (cues are matched walking backwards). */
export type CueIndex = Map<string, string[][]>;

export interface EventLexicon {
  language: string;
  /** Triggers by the head word's lemma, longest first. */
  triggers: Map<string, TriggerEntry[]>;
  irregular: Map<string, string>;
  suffixes: Array<[string, string]>;
  undouble: boolean;
  participleSuffixes: string[];
  combatants: Set<string>;
  generic: Map<string, ActorRule>;
  genericWindow: number;
  genericMarkers: Set<string>;
  pronouns: Map<string, PronounRule>;
  forcesNouns: Set<string>;
  determiners: Set<string>;
  prepositions: Set<string>;
  locationPreps: Set<string>;
  possessive: Set<string>;
  passiveAux: Set<string>;
  agentPreps: Set<string>;
  /** Elided words written onto the next one ("l'accord", "n’a", "d’Alger"), longest first. */
  elisions: string[];
  /** Words that, next to a country's name, say its government is discussed ("Malian junta", "coup in X"). */
  governmentCues: Set<string>;
  /** Head nouns after "X's" naming others than X ("Mali's neighbours", "France's allies"). */
  relationalNouns: Set<string>;
  /** Prepositions of adjuncts: a nominalisation inside one is not the act of the clause's subject. */
  adjunctPreps: Set<string>;
  /** Endings of adjectives, so "a serious warning" reads as a noun. */
  adjectiveSuffixes: string[];
  /** "upon/at X's request": the act is addressed to the main clause's subject. */
  mannerPreps: Set<string>;
  /** Prepositions whose actor can stand as the target when the trigger's frame names none ("influence on X"). */
  complementPreps: Set<string>;
  reflexives: Set<string>;
  /** Tokens that open or close an aside (dashes, brackets). */
  asideMarks: Set<string>;
  peopleUnits: Set<string>;
  forceUnits: Set<string>;
  hardPunct: Set<string>;
  relatives: Set<string>;
  subordinators: Set<string>;
  coordinators: Set<string>;
  commas: Set<string>;
  modality: {
    chain: Set<string>;
    negation: Set<string>;
    denial: Set<string>;
    planned: CueIndex;
    possible: CueIndex;
    alleged: CueIndex;
    clausePossible: Set<string>;
    clauseAlleged: Set<string>;
    denialVerbs: Set<string>;
  };
  /** Memo of lemmaCandidates (word → candidates). */
  lemmaMemo: Map<string, string[]>;
  /** Memo of wordInfo (surface token → its lower form, elision, candidates and class flags). */
  wordMemo: Map<string, WordInfo>;
  attribution: {
    reportingVerbs: Set<string>;
    selfClaim: Set<string>;
    accordingTo: string[][];
    unnamedSources: Set<string>;
    quoteOpen: Map<string, string>;
    firstPerson: Set<string>;
  };
}

const lower = (xs: readonly string[]): string[] => xs.map((x) => x.toLowerCase());

function cueIndex(cues: readonly string[]): CueIndex {
  const out: CueIndex = new Map();
  for (const cue of cues) {
    const words = cue.toLowerCase().split(/\s+/);
    const last = words[words.length - 1]!;
    const list = out.get(last) ?? [];
    list.push(words);
    out.set(last, list);
  }
  return out;
}

const cache = new Map<string, EventLexicon | null>();

/** The event data of a language (`lang/<language>/{events,modality,attribution}.json`), or null when it has none. */
export function eventLexicon(language: string): EventLexicon | null {
  if (cache.has(language)) return cache.get(language)!;
  const ev = langData<EventsFile>(language, 'events');
  const mo = langData<ModalityFile>(language, 'modality');
  const at = langData<AttributionFile>(language, 'attribution');
  if (!ev || !mo || !at) {
    cache.set(language, null);
    return null;
  }
  const triggers = new Map<string, TriggerEntry[]>();
  for (const row of ev.triggers) {
    const words = lower(row.words);
    const entry: TriggerEntry = {
      words,
      pos: row.pos,
      type: row.type,
      subtype: row.subtype ?? null,
      verbSource: row.source ?? ev.defaults.verb.source,
      nounSource: row.source ?? ev.defaults.noun.source,
      verbTarget: row.target ?? ev.defaults.verb.target,
      nounTarget: row.target ?? ev.defaults.noun.target,
      near: row.near ? new Set(lower(row.near)) : null,
      window: row.window ?? 4,
      gap: row.gap ?? 0,
      casualty: row.casualty ?? null,
      combatantType: row.combatantType ?? null,
      patientSubject: row.patientSubject ?? false,
      needsObject: row.needsObject ?? false,
      themeIsSource: row.themeIsSource ?? false,
    };
    const list = triggers.get(words[0]!) ?? [];
    list.push(entry);
    triggers.set(words[0]!, list);
  }
  // Longest phrase first, so "seize power" wins over "seize".
  for (const list of triggers.values()) list.sort((a, b) => b.words.length - a.words.length);
  const quoteOpen = new Map<string, string>();
  for (const [open, close] of at.quotes) quoteOpen.set(open, close);
  const lex: EventLexicon = {
    language,
    triggers,
    irregular: new Map(Object.entries(ev.lemmas.irregular).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()])),
    suffixes: ev.lemmas.suffixes,
    undouble: ev.lemmas.undouble ?? false,
    participleSuffixes: ev.lemmas.participleSuffixes ?? [],
    combatants: new Set(lower(ev.combatants)),
    generic: new Map(Object.entries(ev.actors.generic).map(([k, v]) => [k.toLowerCase(), v])),
    genericWindow: ev.actors.genericWindow,
    genericMarkers: new Set(lower(ev.actors.genericMarkers)),
    pronouns: new Map(Object.entries(ev.actors.pronouns).map(([k, v]) => [k.toLowerCase(), v])),
    forcesNouns: new Set(lower(ev.actors.forcesNouns)),
    determiners: new Set(lower(ev.actors.determiners)),
    prepositions: new Set(lower(ev.actors.prepositions)),
    locationPreps: new Set(lower(ev.actors.locationPreps)),
    possessive: new Set(ev.actors.possessiveMarkers),
    passiveAux: new Set(lower(ev.actors.passiveAux)),
    agentPreps: new Set(lower(ev.actors.agentPreps)),
    elisions: lower(ev.actors.elisions ?? []).sort((x, y) => y.length - x.length),
    governmentCues: new Set(lower(ev.actors.governmentCues ?? [])),
    relationalNouns: new Set(lower(ev.actors.relationalNouns ?? [])),
    adjunctPreps: new Set(lower(ev.actors.adjunctPreps ?? [])),
    adjectiveSuffixes: lower(ev.actors.adjectiveSuffixes ?? []),
    mannerPreps: new Set(lower(ev.actors.mannerPreps ?? [])),
    complementPreps: new Set(lower(ev.actors.complementPreps ?? [])),
    reflexives: new Set(lower(ev.actors.reflexives ?? [])),
    asideMarks: new Set(ev.actors.asideMarks ?? ['—', '–', '(', ')', '[', ']']),
    peopleUnits: new Set(lower(ev.quantityKinds.people)),
    forceUnits: new Set(lower(ev.quantityKinds.force)),
    hardPunct: new Set(ev.clauses.hardPunct),
    relatives: new Set(lower(ev.clauses.relatives)),
    subordinators: new Set(lower(ev.clauses.subordinators)),
    coordinators: new Set(lower(ev.clauses.coordinators)),
    commas: new Set(ev.clauses.commas),
    modality: {
      chain: new Set(lower(mo.chain)),
      negation: new Set(lower(mo.negation)),
      denial: new Set(lower(mo.denial)),
      planned: cueIndex(mo.planned),
      possible: cueIndex(mo.possible),
      alleged: cueIndex(mo.alleged),
      clausePossible: new Set(lower(mo.clauseCues.possible)),
      clauseAlleged: new Set(lower(mo.clauseCues.alleged)),
      denialVerbs: new Set(lower(mo.denialVerbs)),
    },
    lemmaMemo: new Map(),
    wordMemo: new Map(),
    attribution: {
      reportingVerbs: new Set(lower(at.reportingVerbs)),
      selfClaim: new Set(lower(at.selfClaim)),
      accordingTo: at.accordingTo.map((p) => p.toLowerCase().split(/\s+/)),
      unnamedSources: new Set(lower(at.unnamedSources)),
      quoteOpen,
      firstPerson: new Set(lower(at.firstPerson)),
    },
  };
  cache.set(language, lex);
  return lex;
}

/**
 * Candidate lemmas of a word, most literal first: the irregular form, the word itself, then each suffix rule of the
 * data file (and its undoubled variant: "stopped" → "stopp" → "stop"). Callers keep the first candidate their
 * lexicon knows, so no dictionary of every inflection is needed.
 */
export function lemmaCandidates(lex: EventLexicon, word: string): string[] {
  const w = word.toLowerCase();
  const hit = lex.lemmaMemo.get(w);
  if (hit) return hit;
  const out = computeCandidates(lex, w);
  // Words repeat a lot across news text: memoise, bounded so a long run cannot grow it without limit.
  if (lex.lemmaMemo.size > 100_000) lex.lemmaMemo.clear();
  lex.lemmaMemo.set(w, out);
  return out;
}

function computeCandidates(lex: EventLexicon, w: string): string[] {
  const out: string[] = [];
  const irr = lex.irregular.get(w);
  if (irr) out.push(irr);
  out.push(w);
  for (const [suffix, repl] of lex.suffixes) {
    if (w.length - suffix.length >= 2 && w.endsWith(suffix)) {
      const stem = w.slice(0, w.length - suffix.length);
      out.push(stem + repl);
      if (lex.undouble && repl === '' && stem.length > 3 && stem[stem.length - 1] === stem[stem.length - 2]) out.push(stem.slice(0, -1));
    }
  }
  return out;
}

/** Class flags of a token, computed once per distinct word (see wordInfo). */
export const W_PUNCT = 1;
export const W_HARD = 2;
export const W_COMMA = 4;
export const W_BOUNDARY = 8; // hard punctuation, subordinator or relative pronoun
export const W_TRIGGER = 16; // one of its lemma candidates heads a trigger
export const W_PREP = 32;
export const W_COORD = 64;
export const W_GENERIC = 128; // a generic actor noun ("junta", "group")
export const W_PRONOUN = 256;
export const W_ACCORDING = 512; // the first word of an "according to" phrase
export const W_QUOTE_OPEN = 1024; // the surface token opens a quotation
export const W_CLAUSE_POSSIBLE = 2048; // a possibility cue anywhere in the sentence ("if", "could")
export const W_POSSESSIVE = 4096;
export const W_RELATIVE = 8192;
export const W_SUBORDINATOR = 16384;
export const W_VERB_GROUP = 32768; // a verb group walks back over it: a chain word, a quote mark, an "-ly" adverb
export const W_NEGATION = 1 << 16;
export const W_CUE_END = 1 << 17; // the last word of an alleged, possible or planned cue
export const W_CLAUSE_ALLEGED = 1 << 18;
export const W_DENIAL_VERB = 1 << 19; // one of its lemma candidates is a denial verb
export const W_REPORTING = 1 << 20; // it has a reporting verb lemma
export const W_GOVERNMENT_CUE = 1 << 21;
export const W_GENERIC_MARKER = 1 << 22; // opens a definite description ("the junta")

export interface WordInfo {
  /** The surface form itself. */
  form: string;
  lower: string;
  elided: string | null;
  cands: string[];
  flags: number;
  /** The reporting verb's lemma, or null. */
  reporting: string | null;
}

const PUNCT_RE = /^[\p{P}\p{S}]+$/u;

/**
 * Everything the rules ask of a surface token, computed once per distinct word and memoised on the lexicon: news
 * text repeats its words, so a document costs one map lookup per token instead of string building and set tests.
 */
export function wordInfo(lex: EventLexicon, raw: string): WordInfo {
  const hit = lex.wordMemo.get(raw);
  if (hit) return hit;
  let lower = raw.toLowerCase();
  let elided: string | null = null;
  for (const e of lex.elisions) {
    if (lower.length > e.length && lower.startsWith(e)) {
      elided = e;
      lower = lower.slice(e.length);
      break;
    }
  }
  const cands = lemmaCandidates(lex, lower);
  let flags = 0;
  if (PUNCT_RE.test(lower)) flags |= W_PUNCT;
  if (lex.hardPunct.has(lower)) flags |= W_HARD | W_BOUNDARY;
  if (lex.subordinators.has(lower) || lex.relatives.has(lower)) flags |= W_BOUNDARY;
  if (lex.commas.has(lower)) flags |= W_COMMA;
  if (lex.prepositions.has(lower)) flags |= W_PREP;
  if (lex.coordinators.has(lower)) flags |= W_COORD;
  if (cands.some((c) => lex.triggers.has(c))) flags |= W_TRIGGER;
  if (lex.generic.has(lower)) flags |= W_GENERIC;
  if (lex.pronouns.has(lower)) flags |= W_PRONOUN;
  if (lex.attribution.accordingTo.some((seq) => seq[0] === lower)) flags |= W_ACCORDING;
  if (lex.attribution.quoteOpen.has(raw)) flags |= W_QUOTE_OPEN;
  if (lex.modality.clausePossible.has(lower)) flags |= W_CLAUSE_POSSIBLE;
  if (lex.possessive.has(lower)) flags |= W_POSSESSIVE;
  if (lex.modality.negation.has(lower)) flags |= W_NEGATION;
  if (lex.governmentCues.has(lower)) flags |= W_GOVERNMENT_CUE;
  if (lex.genericMarkers.has(lower)) flags |= W_GENERIC_MARKER;
  if (lex.modality.alleged.has(lower) || lex.modality.possible.has(lower) || lex.modality.planned.has(lower)) flags |= W_CUE_END;
  if (lex.modality.clauseAlleged.has(lower)) flags |= W_CLAUSE_ALLEGED;
  if (cands.some((c) => lex.modality.denialVerbs.has(c))) flags |= W_DENIAL_VERB;
  if (lex.relatives.has(lower)) flags |= W_RELATIVE;
  if (lex.subordinators.has(lower)) flags |= W_SUBORDINATOR;
  if (lex.modality.chain.has(lower) || /^[“”"«»]$/.test(lower) || (lower.length > 4 && lower.endsWith('ly'))) flags |= W_VERB_GROUP;
  let reporting: string | null = null;
  for (const c of cands) if (lex.attribution.reportingVerbs.has(c)) { reporting = c; break; }
  if (reporting !== null) flags |= W_REPORTING;
  const info: WordInfo = { form: raw, lower, elided, cands, flags, reporting };
  if (lex.wordMemo.size > 200_000) lex.wordMemo.clear();
  lex.wordMemo.set(raw, info);
  return info;
}

/** The lemma of a word among a set of known lemmas, or null. */
export function knownLemma(lex: EventLexicon, word: string, known: { has(x: string): boolean }): string | null {
  for (const c of lemmaCandidates(lex, word)) if (known.has(c)) return c;
  return null;
}

/** Whether the surface form looks like a past participle (for the passive). */
export function looksParticiple(lex: EventLexicon, word: string): boolean {
  const w = word.toLowerCase();
  if (lex.irregular.has(w) && lex.irregular.get(w) !== w) return true;
  return lex.participleSuffixes.some((s) => w.endsWith(s));
}

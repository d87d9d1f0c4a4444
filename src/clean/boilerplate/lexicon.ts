import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, dataFile, langData } from '../../data/loader.js';
import type { RemovedKind } from '../../model/document.js';
import { mayMatch, type Prefilter, prefilterOf, startAnchored } from './literals.js';

/**
 * The phrasing half of boilerplate separation, as data (`lang/<language>/boilerplate.json`,
 * `lang/common/boilerplate.json`). The code owns the shapes (position, length, sentence-ness); these files only
 * name the words publishers use, so a new language is a new folder, not new code.
 */

/** A pattern as written in a data file: a regular-expression source, or one with a length cap / case rule. */
export type PatternEntry = string | { pattern: string; maxWords?: number; caseSensitive?: boolean };

export interface MarkerEntry {
  pattern: string;
  kind: RemovedKind;
  /** Whether short list-like lines after the marker belong to it ("Related" + headlines). */
  absorbs?: boolean;
  maxWords?: number;
}

/** The shape of a `boilerplate.json` file; every key is optional and files are merged by concatenation. */
export interface BoilerplateData {
  promo?: PatternEntry[];
  pitch?: PatternEntry[];
  reportedSpeech?: PatternEntry[];
  cookie?: PatternEntry[];
  share?: PatternEntry[];
  navigation?: PatternEntry[];
  standalone?: PatternEntry[];
  markers?: MarkerEntry[];
  footer?: PatternEntry[];
  creditLabels?: string[];
  captionLabels?: string[];
  bioPronouns?: string[];
  agencies?: string[];
  captionVerbs?: PatternEntry[];
  fileImage?: PatternEntry[];
  captionPositions?: string[];
  months?: string[];
  bioVerbs?: string[];
  bioRoles?: string[];
  bioLeads?: PatternEntry[];
  bylines?: PatternEntry[];
  datelines?: PatternEntry[];
}

export interface Rule {
  re: RegExp;
  /** Blocks with more words than this never match (long blocks are body text that merely mentions the words). */
  maxWords: number;
  /** The literals one of which `re` needs (see `literals.ts`): most blocks are ruled out without running it. */
  pf: Prefilter;
}

export interface Marker extends Rule {
  kind: RemovedKind;
  absorbs: boolean;
}

/** Compiled cues for one language (plus the common and English fallbacks). */
export interface Lexicon {
  promo: Rule[];
  pitch: Rule[];
  reportedSpeech: Rule[];
  cookie: Rule[];
  share: Rule[];
  navigation: Rule[];
  standalone: Rule[];
  markers: Marker[];
  footer: Rule[];
  captionVerbs: Rule[];
  fileImage: Rule[];
  bioLeads: Rule[];
  /** `By Jane Doe in Dakar`, `Par Jean Dupont`: the writer's name, metadata rather than body text. */
  bylines: Rule[];
  datelines: Rule[];
  /** `^(photo|image|crédit photo…)` followed by `:`, `by`, `par` or `-`. */
  creditLabel: RegExp;
  /** `Image caption, …`, `Légende : …`: a line that says it is a caption. */
  captionLabel: RegExp;
  /** A credit label standing alone, where a page had an image ("Photo", "Image"). */
  creditLabelAlone: RegExp;
  /** A whole string that is one agency name, or agency names joined by `/`, `via`, `-`. */
  agencyOnly: RegExp;
  /** An agency name in parentheses or after a slash at the end of a string: `(AFP)`, `/ Reuters`. */
  agencyTail: RegExp;
  /** `(L)`, `(2nd R)`, `(centre)`, `(à gauche)`. */
  captionPosition: RegExp;
  /** A calendar date with a month name, in any of the language's orders. */
  date: RegExp;
  /** The same date closing the text (captions end on the day the picture was taken). */
  dateAtEnd: RegExp;
  /** `<Name> is a|an|the …` at the start of a block. */
  bioOpening: RegExp;
  bioRole: RegExp;
  /** `He …`, `Her research …`, `Elle …`: the second sentence of a bio on a line of its own. */
  bioContinuation: RegExp;
}

const DEFAULT_MAX_WORDS = 45;
/** Promos are a line or two; a longer block that mentions a newsletter is an article about one. */
const PROMO_MAX_WORDS = 35;

/**
 * JavaScript's `\b` only knows ASCII word characters, so `\bà` or `é\b` never match; the data is written with
 * `\b` for readability and turned into a Unicode-aware boundary here. A `\b` before a word character of the
 * pattern can only be a word start ("not after a letter"); any other is a word end ("not before a letter") —
 * one-sided checks, cheaper than the two-sided boundary.
 */
const W = '[\\p{L}\\p{N}_]';
/** `(?<!W)`, with the ASCII part of W tested first: the same positions fail, most of them much faster. */
const NOT_AFTER_W = `(?<![a-zA-Z0-9_])(?<!${W})`;
function unicodeBoundaries(source: string): string {
  return source.replace(/(?<!\\)\\b(\\p\{L|\\w|\\d|\(|\[|[\p{L}\p{N}_])?/gu, (_m, next: string | undefined) =>
    next ? `${NOT_AFTER_W}${next}` : `(?!${W})`,
  );
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(entry: PatternEntry, fallbackMax = DEFAULT_MAX_WORDS): Rule {
  const e = typeof entry === 'string' ? { pattern: entry } : entry;
  const flags = e.caseSensitive ? 'u' : 'iu';
  const re = new RegExp(unicodeBoundaries(e.pattern), flags);
  return { re, maxWords: e.maxWords ?? fallbackMax, pf: prefilterOf(re) };
}

/**
 * One regular expression per (length cap, case rule) instead of one per entry: a block is scanned once per
 * family of cues rather than once per phrase.
 */
function compileFamily(entries: readonly PatternEntry[], fallbackMax = DEFAULT_MAX_WORDS): Rule[] {
  // Patterns anchored at the start of the block are kept apart from the others: the engine tries them at one
  // position, while the others are first looked for by their literals (see `literals.ts`). A block matches the
  // family when it matches either part, as it matched the single alternation.
  const groups = new Map<string, { maxWords: number; caseSensitive: boolean; sources: string[] }>();
  for (const entry of entries) {
    const e = typeof entry === 'string' ? { pattern: entry } : entry;
    const maxWords = e.maxWords ?? fallbackMax;
    const caseSensitive = e.caseSensitive ?? false;
    const source = unicodeBoundaries(e.pattern);
    const key = `${maxWords}/${caseSensitive}/${startAnchored(source)}`;
    const g = groups.get(key) ?? { maxWords, caseSensitive, sources: [] };
    g.sources.push(`(?:${source})`);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.maxWords - b.maxWords)
    .map((g) => {
      const re = new RegExp(g.sources.join('|'), g.caseSensitive ? 'u' : 'iu');
      return { re, maxWords: g.maxWords, pf: prefilterOf(re) };
    });
}

function alternation(words: readonly string[]): string {
  // Longest first so that "crédit photo" wins over "crédit".
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
}

function merge(files: readonly BoilerplateData[]): Required<BoilerplateData> {
  const out: Required<BoilerplateData> = {
    promo: [], pitch: [], reportedSpeech: [], cookie: [], share: [], navigation: [], standalone: [], markers: [],
    footer: [], creditLabels: [], captionLabels: [], bioPronouns: [], agencies: [], captionVerbs: [], fileImage: [], captionPositions: [], months: [],
    bioVerbs: [], bioRoles: [], bioLeads: [], bylines: [], datelines: [],
  };
  for (const f of files) {
    for (const key of Object.keys(out) as Array<keyof BoilerplateData>) {
      const add = f[key];
      if (Array.isArray(add)) (out[key] as unknown[]).push(...add);
    }
  }
  return out;
}

function build(files: readonly BoilerplateData[]): Lexicon {
  const d = merge(files);
  const rules = (entries: PatternEntry[], max = DEFAULT_MAX_WORDS): Rule[] => compileFamily(entries, max);
  const labels = alternation(d.creditLabels);
  const agencies = alternation(d.agencies);
  const months = alternation(d.months);
  const positions = alternation(d.captionPositions);
  const day = '\\d{1,2}(?:st|nd|rd|th|er)?';
  // A full name: two to four capitalised words, allowing particles (de, van, al-…) and initials. Bios name
  // the writer in full; body text that ends on a person mostly uses the surname alone.
  const name = "\\p{Lu}[\\p{L}'.-]*(?:\\s+(?:(?:de|da|di|du|del|della|der|den|van|von|le|la|al|el|bin|ibn|ben|dos|das)\\s+)?\\p{Lu}[\\p{L}'.-]*){1,3}";
  const verbs = alternation(d.bioVerbs);
  const dateSource = `\\b(?:${day}\\s+(?:${months})\\.?,?\\s+\\d{4}|(?:${months})\\.?\\s+${day},?\\s+\\d{4}|(?:${months})\\s+\\d{4})\\b`;
  return {
    promo: rules(d.promo, PROMO_MAX_WORDS),
    pitch: rules(d.pitch),
    reportedSpeech: rules(d.reportedSpeech),
    cookie: rules(d.cookie, 80),
    share: rules(d.share, 8),
    navigation: rules(d.navigation, 8),
    standalone: rules(d.standalone, 10),
    markers: d.markers.map((m) => ({
      ...compile({ pattern: m.pattern, maxWords: m.maxWords ?? 8 }),
      kind: m.kind,
      absorbs: m.absorbs ?? false,
    })),
    footer: rules(d.footer, 60),
    captionVerbs: rules(d.captionVerbs),
    fileImage: rules(d.fileImage),
    bioLeads: rules(d.bioLeads, 120),
    bylines: rules(d.bylines, 15),
    datelines: rules(d.datelines, 30),
    captionLabel: new RegExp(`^(?:${alternation(d.captionLabels)})\\s*[:,]`, 'iu'),
    creditLabelAlone: new RegExp(`^(?:${labels})s?$`, 'iu'),
    creditLabel: new RegExp(`^(?:${labels})s?\\s*(?::|,|\\s-\\s|by\\s|par\\s)`, 'iu'),
    agencyOnly: new RegExp(`^\\(?(?:${agencies})(?:\\s*(?:/|-|via|,|&)\\s*(?:${agencies}))*\\)?$`, 'u'),
    agencyTail: new RegExp(`(?:\\((?:[^()]*[/,;]\\s*)?(?:${agencies})\\)|/\\s*(?:${agencies}))$`, 'u'),
    captionPosition: new RegExp(`\\((?:\\d+(?:st|nd|rd|th|e|ème)?\\s*)?(?:${positions})\\)`, 'iu'),
    date: new RegExp(unicodeBoundaries(dateSource), 'iu'),
    dateAtEnd: new RegExp(`${unicodeBoundaries(dateSource)}[\\s.,;:)"'-]*$`, 'iu'),
    bioOpening: new RegExp(
      `^(?:[*_\\-]+\\s*)?(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms)\\.?\\s+)?${name}(?:\\s+(?:and|&|et)\\s+${name})?(?:\\s*,[^,]{1,60},)?\\s+(?:${verbs})\\s`,
      'u',
    ),
    bioContinuation: new RegExp(`^(?:${alternation(d.bioPronouns)})\\s`, 'iu'),
    bioRole: new RegExp(unicodeBoundaries(`\\b(?:${alternation(d.bioRoles)})\\b`), 'iu'),
  };
}

const cache = new Map<string, Lexicon>();

/**
 * The cues for a language: its own file, the common file, and English — web chrome ("Newsletter",
 * "Share") is often English on pages in other languages, and a misdetected language must not disable cleaning.
 */
export function lexiconFor(language: string): Lexicon {
  const lang = (language || 'en').toLowerCase().slice(0, 2);
  const hit = cache.get(lang);
  if (hit) return hit;
  const files = [langData<BoilerplateData>('common', 'boilerplate'), langData<BoilerplateData>('en', 'boilerplate')];
  if (lang !== 'en') files.push(langData<BoilerplateData>(lang, 'boilerplate'));
  const lex = build(files.filter((f): f is BoilerplateData => f !== null));
  cache.set(lang, lex);
  return lex;
}

/** The cues of every language that has a `boilerplate.json`, for callers that do not know the language. */
export function lexiconForAll(): Lexicon {
  const hit = cache.get('*');
  if (hit) return hit;
  let langs: string[] = [];
  try {
    langs = readdirSync(join(PACKAGE_ROOT, 'lang'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    langs = ['common', 'en'];
  }
  const files = langs
    .map((l) => langData<BoilerplateData>(l, 'boilerplate'))
    .filter((f): f is BoilerplateData => f !== null);
  if (files.length === 0) files.push(dataFile<BoilerplateData>('lang/en/boilerplate.json'));
  const lex = build(files);
  cache.set('*', lex);
  return lex;
}

/** Whether any rule matches the probe of a block of `words` words. */
export function matchesAny(rules: readonly Rule[], probe: string, words: number): boolean {
  for (const r of rules) if (words <= r.maxWords && mayMatch(r.pf, probe) && r.re.test(probe)) return true;
  return false;
}

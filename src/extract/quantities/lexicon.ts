import { langData } from '../../data/loader.js';

/** The shape of `lang/<code>/quantities.json`. */
export interface QuantityLexiconData {
  decimalSeparator: string;
  groupSeparators: string[];
  numberWords: Record<string, number>;
  weakNumberWords: string[];
  scales: Record<string, number>;
  vague: Record<string, { low?: number; high?: number }>;
  hedges: Record<string, 'approx' | 'low' | 'high'>;
  rangeWords: Record<string, string>;
  rangeJoiners: string[];
  percentWords: string[];
  currencySymbols: Record<string, string>;
  currencyWords: Record<string, string>;
  rates: Record<string, string>;
  timeUnits: string[];
  ofLinkers: string[];
  possessiveOf: string[];
  determiners: string[];
  stopBeforeUnit: string[];
  deathWords: string[];
  irregularPlurals: Record<string, string>;
  unitElision?: string[];
  /** Words before a four-digit number that make it a year ("in 2013", "since 2015"). */
  yearContext: string[];
}

/** A lexicon compiled for lookup: phrases keyed by their lower-cased word sequence. */
export interface QuantityLexicon {
  data: QuantityLexiconData;
  /** Longest phrase length (in words) among all phrase tables, to bound look-ahead. */
  maxPhrase: number;
  numberWords: Map<string, number>;
  weak: Set<string>;
  scales: Map<string, number>;
  vague: Map<string, { low?: number; high?: number }>;
  hedges: Map<string, 'approx' | 'low' | 'high'>;
  percent: Set<string>;
  currencyWords: Map<string, string>;
  rates: Map<string, string>;
  timeUnits: Set<string>;
  ofLinkers: Set<string>;
  possessiveOf: Set<string>;
  stop: Set<string>;
  determiners: Set<string>;
  death: Set<string>;
  irregular: Map<string, string>;
  elisions: string[];
  yearContext: Set<string>;
}

const cache = new Map<string, QuantityLexicon>();

function phraseMap<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The quantity lexicon of a language, falling back to English when the language has none. */
export function quantityLexicon(language: string): QuantityLexicon {
  const hit = cache.get(language);
  if (hit) return hit;
  const data = langData<QuantityLexiconData>(language, 'quantities') ?? langData<QuantityLexiconData>('en', 'quantities')!;
  const phrases = [
    ...Object.keys(data.numberWords), ...Object.keys(data.vague), ...Object.keys(data.hedges), ...Object.keys(data.currencyWords),
    ...Object.keys(data.rates), ...data.percentWords, ...data.ofLinkers, ...data.possessiveOf,
  ];
  const lex: QuantityLexicon = {
    data,
    maxPhrase: Math.max(...phrases.map((p) => p.split(/\s+/).length)),
    numberWords: phraseMap(data.numberWords),
    weak: new Set(data.weakNumberWords.map((w) => w.toLowerCase())),
    scales: phraseMap(data.scales),
    vague: phraseMap(data.vague),
    hedges: phraseMap(data.hedges),
    percent: new Set(data.percentWords.map((w) => w.toLowerCase())),
    currencyWords: phraseMap(data.currencyWords),
    rates: phraseMap(data.rates),
    timeUnits: new Set(data.timeUnits.map((w) => w.toLowerCase())),
    ofLinkers: new Set(data.ofLinkers.map((w) => w.toLowerCase())),
    possessiveOf: new Set(data.possessiveOf.map((w) => w.toLowerCase())),
    stop: new Set(data.stopBeforeUnit.map((w) => w.toLowerCase())),
    determiners: new Set(data.determiners.map((w) => w.toLowerCase())),
    death: new Set(data.deathWords.map((w) => w.toLowerCase())),
    irregular: phraseMap(data.irregularPlurals),
    elisions: data.unitElision ?? [],
    yearContext: new Set(data.yearContext.map((w) => w.toLowerCase())),
  };
  cache.set(language, lex);
  return lex;
}
